// A pack's review dates: read strictly, because a wrong end date either
// hides that a pack is due for review or refuses screening that is in order.
#include "pack/review.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/text.h"

namespace needlescreen {

namespace pack {
namespace {

using AtFn = std::function<Site(const YAML::Node&)>;

bool IsDateText(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return ParseDatetime(text).has_value();  // a real day: not 2026-02-30
}

// A scalar's text, or nullopt after an error at it.
std::optional<std::string> ScalarText(const YAML::Node& node, std::string_view what, const AtFn& at,
                                      Diagnostics& diags) {
  if (node.IsScalar()) return node.Scalar();
  diags.push_back(at(node).Error(fmt::format("{} must be a single value", what)));
  return std::nullopt;
}

// Sets `slot` to `value`, or errs when an earlier file set another value.
void Agree(std::string& slot, const std::string& value, std::string_view key, const Site& site,
           Diagnostics& diags) {
  if (!slot.empty() && slot != value) {
    diags.push_back(site.Error(
        fmt::format("'{}' is already set to a different value by an earlier file", key)));
    return;
  }
  slot = value;
}

void ReadDate(const YAML::Node& root, const char* key, std::string& slot, Site& site,
              const AtFn& at, Diagnostics& diags) {
  const YAML::Node node = root[key];
  if (!node.IsDefined()) return;
  auto text = ScalarText(node, key, at, diags);
  if (!text) return;
  if (!IsDateText(*text)) {
    diags.push_back(at(node).Error(
        fmt::format("'{}' must be a date written YYYY-MM-DD, e.g. 2026-11-30", key)));
    return;
  }
  site = at(node);
  Agree(slot, *text, key, site, diags);
}

struct Bound {
  std::string text;  // a date as written, else the instant in UTC
  TimePoint instant{};
};

// A bound of the period: a date (its first or, for the end, its last second)
// or a datetime.
std::optional<Bound> ReadBound(const YAML::Node& node, bool end, const AtFn& at,
                               Diagnostics& diags) {
  const char* what = end ? "effective_period end" : "effective_period start";
  auto text = ScalarText(node, what, at, diags);
  if (!text) return std::nullopt;
  std::string trimmed(Trim(*text));
  if (IsDateText(trimmed)) {
    auto t = ParseDatetime(end ? trimmed + "T23:59:59" : trimmed);
    if (t) return Bound{trimmed, *t};
  } else if (auto t = ParseDatetime(trimmed)) {
    return Bound{FormatDatetime(*t), *t};
  }
  diags.push_back(at(node).Error(fmt::format(
      "{} must be a date (YYYY-MM-DD) or an ISO 8601 datetime, e.g. 2027-11-30", what)));
  return std::nullopt;
}

constexpr std::string_view kPeriodKeys[] = {"start", "end"};

bool PeriodKeysKnown(const YAML::Node& period, const AtFn& at, Diagnostics& diags) {
  bool known = true;
  for (const auto& kv : period) {
    const std::string key = kv.first.Scalar();
    if (std::ranges::find(kPeriodKeys, key) != std::end(kPeriodKeys)) continue;
    diags.push_back(at(kv.first).Error(fmt::format(
        "unknown key '{}' in effective_period; expected one of start, end", Printable(key))));
    known = false;
  }
  return known;
}

void ReadPeriod(const YAML::Node& root, PackReview& review, ReviewSites& sites, const AtFn& at,
                Diagnostics& diags) {
  const YAML::Node period = root["effective_period"];
  if (!period.IsDefined()) return;
  if (!period.IsMap() || period.size() == 0) {
    diags.push_back(at(period).Error(
        "effective_period must be a mapping with start, end or both, e.g. {start: 2026-11-25, "
        "end: 2027-11-30}"));
    return;
  }
  if (!PeriodKeysKnown(period, at, diags)) return;
  std::optional<Bound> start, end;
  if (period["start"].IsDefined() && !(start = ReadBound(period["start"], false, at, diags)))
    return;
  if (period["end"].IsDefined() && !(end = ReadBound(period["end"], true, at, diags))) return;
  if (start && end && end->instant < start->instant) {
    diags.push_back(at(period["end"]).Error("effective_period ends before it starts"));
    return;
  }
  // The period is one value: a later file repeats it whole or not at all.
  Agree(review.effective_start, start ? start->text : "", "effective_period", at(period), diags);
  Agree(review.effective_end, end ? end->text : "", "effective_period", at(period), diags);
  if (start) {
    review.start = start->instant;
    sites.effective_start = at(period["start"]);
  }
  if (end) {
    review.end = end->instant;
    sites.effective_end = at(period["end"]);
  }
}

}  // namespace

void ReadReview(const YAML::Node& root, const AtFn& at, PackReview& review, ReviewSites& sites,
                Diagnostics& diagnostics) {
  ReadDate(root, "approval_date", review.approval_date, sites.approval_date, at, diagnostics);
  ReadDate(root, "last_review_date", review.last_review_date, sites.last_review_date, at,
           diagnostics);
  ReadPeriod(root, review, sites, at, diagnostics);
}

void ReviewPositions(const ReviewSites& sites, Pack::MetaPositions& at) {
  for (auto [site, pos] : {std::pair{&sites.approval_date, &at.approval_date},
                           std::pair{&sites.last_review_date, &at.last_review_date},
                           std::pair{&sites.effective_start, &at.effective_start},
                           std::pair{&sites.effective_end, &at.effective_end}}) {
    if (site->file && pos->line == 0) *pos = {site->file->name(), site->line + 1, site->column + 1};
  }
}

}  // namespace pack

Effect EffectAt(const PackReview& review, TimePoint t) {
  if (review.start && t < *review.start) return Effect::kNotYet;
  if (review.end && t > *review.end) return Effect::kEnded;
  return Effect::kInEffect;
}

namespace {

std::string PeriodWords(const PackReview& review) {
  if (!review.effective_start.empty() && !review.effective_end.empty()) {
    return fmt::format("from {} to {}", review.effective_start, review.effective_end);
  }
  if (!review.effective_start.empty()) return "from " + review.effective_start;
  return "until " + review.effective_end;
}

}  // namespace

std::string EffectProblem(const Pack& pack, TimePoint t) {
  const Effect effect = EffectAt(pack.review, t);
  if (effect == Effect::kInEffect) return "";
  return fmt::format("the rule pack {} {} is in effect {}; the screening time {} is {}",
                     Printable(pack.id), Printable(pack.version), PeriodWords(pack.review),
                     FormatDatetime(t),
                     effect == Effect::kNotYet ? "before its start" : "after its end");
}

std::string ReviewSummary(const PackReview& review) {
  if (review.empty()) return "";
  std::string out;
  auto add = [&out](std::string_view part) {
    if (!out.empty()) out += ", ";
    out += part;
  };
  if (!review.approval_date.empty()) add("approved " + review.approval_date);
  add(review.last_review_date.empty() ? std::string("never reviewed")
                                      : "last reviewed " + review.last_review_date);
  if (!review.effective_start.empty() || !review.effective_end.empty()) {
    add("in effect " + PeriodWords(review));
  }
  return out;
}

}  // namespace needlescreen
