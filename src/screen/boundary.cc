// Boundary values (screen/boundary.h): where each comparison of a pack's
// conditions changes its truth, solved from the compiled expression. Every
// number or datetime term the language can build from one field is linear
// in it (fields, lets, `now`, `+`, `-`, hours_between, days_between), so two
// evaluations give the value where the term meets its bound; the values
// either side are checked by evaluating the comparison itself.
#include "screen/boundary.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <optional>
#include <set>

#include "expr/expr.h"
#include "pack/compiled.h"
#include "screen/explain.h"

namespace needlescreen::screen {
namespace {

using expr::Kind;
using expr::Node;
using expr::Op;

// The datetimes a record can give (README "Limits": years 1000-9999), so
// every value written reads back.
constexpr int64_t kEarliestRead =
    std::chrono::sys_seconds{std::chrono::sys_days{std::chrono::year{1000} / 1 / 1}}
        .time_since_epoch()
        .count();
constexpr int64_t kLatestRead = kLatestDatetime.time_since_epoch().count();

bool IsProbe(const Node& n) {
  if (expr::IsComparison(n.op)) return true;
  switch (n.op) {
    case Op::kIn:
    case Op::kNotIn:
    case Op::kFieldIs:
    case Op::kListHas:
    case Op::kKnown:
      return true;
    case Op::kField:
    case Op::kLet:
      return n.type.kind == Kind::kBool;
    default:
      return false;
  }
}

class ProbeFinder {
 public:
  explicit ProbeFinder(const Pack& pack)
      : nodes_(pack.compiled->nodes), let_roots_(pack.compiled->let_roots) {}

  void Root(int root, std::string_view text) {
    if (root >= 0) Walk(root, text);
  }

  std::vector<Probe> Take() { return std::move(probes_); }

 private:
  // Sorted, without duplicates; `now` left out.
  std::vector<int> FieldsRead(int node) const {
    std::vector<int> out;
    expr::CollectFields(nodes_, let_roots_, node, [&](int f) {
      if (f >= 0) out.push_back(f);
    });
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  void Walk(int node, std::string_view text) {
    const Node& n = nodes_[node];
    if (IsProbe(n) && seen_.insert(node).second) {
      probes_.push_back({node, NodeText(text, n), FieldsRead(node)});
    }
    if (n.op == Op::kLet) return;  // a let is walked from its own root, with its own text
    if (n.a >= 0) Walk(n.a, text);
    if (n.b >= 0) Walk(n.b, text);
    for (int item : n.items) Walk(item, text);
  }

  const std::vector<Node>& nodes_;
  const std::vector<int>& let_roots_;
  std::set<int> seen_;
  std::vector<Probe> probes_;
};

bool SameValue(const Slot& a, const Slot& b) {
  if (a.known != b.known) return false;
  if (!a.known) return true;
  return a.boolean == b.boolean && a.index == b.index && a.bits == b.bits &&
         a.seconds == b.seconds && a.number == b.number && a.text == b.text;
}

// "71 h 59 min 59 s", "72 h (3 d)": hours, as the acute windows of the
// language are written, with whole days said too.
std::string SpanWords(int64_t seconds) {
  std::vector<std::string> parts;
  if (seconds / 3600 != 0) parts.push_back(fmt::format("{} h", seconds / 3600));
  if (seconds % 3600 / 60 != 0) parts.push_back(fmt::format("{} min", seconds % 3600 / 60));
  if (seconds % 60 != 0) parts.push_back(fmt::format("{} s", seconds % 60));
  std::string out = fmt::format("{}", fmt::join(parts, " "));
  if (seconds % 86400 == 0 && seconds >= int64_t{2} * 86400)
    out += fmt::format(" ({} d)", seconds / 86400);
  return out;
}

std::string WhenWords(int64_t t, int64_t at, bool exact) {
  if (t == at) return "at the screening time";
  const int64_t span = t < at ? at - t : t - at;
  return fmt::format("{}{} {} the screen", exact ? "exactly " : "", SpanWords(span),
                     t < at ? "before" : "after");
}

// Decimal places of `x`, up to 6.
int Decimals(double x) {
  for (int d = 0; d < 6; ++d) {
    double scale = std::pow(10.0, d);
    if (std::abs(std::round(x * scale) / scale - x) <= 1e-9 * std::max(1.0, std::abs(x))) return d;
  }
  return 6;
}

double RoundTo(double x, int decimals) {
  double scale = std::pow(10.0, decimals);
  return std::round(x * scale) / scale;
}

// The number or seconds a known value of a numeric kind holds.
double Scalar(const expr::Value& v, Kind kind) {
  return kind == Kind::kNumber ? v.number : static_cast<double>(v.seconds);
}

class ValueFinder {
 public:
  ValueFinder(const Pack& pack, TimePoint at, const std::vector<Probe>& probes)
      : pack_(pack),
        compiled_(*pack.compiled),
        probes_(probes),
        at_(at.time_since_epoch().count()),
        record_(pack.fields.size()),
        values_(pack.fields.size()),
        mentions_(pack.fields.size()),
        texts_(pack.fields.size()) {}

  std::vector<std::vector<BoundaryValue>> Run(size_t max_per_field) {
    max_known_ = max_per_field > 0 ? max_per_field - 1 : 0;
    std::vector<bool> wanted(pack_.fields.size());
    for (const internal::FieldBound& b : compiled_.bounds) {
      wanted[b.field] = true;
      Bounds(b);
    }
    for (size_t i = 0; i < probes_.size(); ++i) {
      for (int f : probes_[i].fields) wanted[f] = true;
      FromProbe(static_cast<int>(i));
    }
    const int screened_at = pack_.FieldIndex(kScreenedAtField);
    for (size_t f = 0; f < wanted.size(); ++f) {
      if (!wanted[f] || static_cast<int>(f) == screened_at) {
        values_[f].clear();
        continue;
      }
      Finish(static_cast<int>(f));
    }
    return std::move(values_);
  }

 private:
  void Add(int field, const Slot& slot, std::string words, int probe) {
    std::vector<BoundaryValue>& values = values_[field];
    auto it = std::find_if(values.begin(), values.end(),
                           [&](const BoundaryValue& v) { return SameValue(v.slot, slot); });
    if (it == values.end()) {
      if (values.size() >= max_known_) return;
      values.push_back({slot, std::move(words), {}});
      it = values.end() - 1;
    }
    if (probe >= 0 && std::find(it->probes.begin(), it->probes.end(), probe) == it->probes.end())
      it->probes.push_back(probe);
  }

  // A value given as a record would give it (so it reads back the same).
  void AddText(int field, std::string_view text, std::string words, int probe) {
    Slot slot;
    if (!DecodeText(pack_.fields[field], text, slot).empty() || !slot.known) return;
    Add(field, slot, std::move(words), probe);
  }

  void AddSeconds(int field, int64_t t, bool exact, std::string_view note, int probe) {
    if (t < kEarliestRead || t > kLatestRead) return;
    Slot slot;
    slot.known = true;
    slot.seconds = t;
    Add(field, slot, WhenWords(t, at_, exact) + std::string(note), probe);
  }

  void AddNumber(int field, double x, bool exact, std::string_view note, int probe) {
    if (!std::isfinite(x)) return;
    Slot slot;
    slot.known = true;
    slot.number = x == 0 ? 0 : x;  // no -0
    const std::string& unit = pack_.fields[field].unit;
    Add(field, slot,
        fmt::format("{}{}{}{}{}", exact ? "exactly " : "", slot.number, unit.empty() ? "" : " ",
                    unit, note),
        probe);
  }

  // A field's min/max: the bound itself (plausible) and the value just outside.
  void Bounds(const internal::FieldBound& b) {
    if (b.min >= 0) Bound(b.field, b.min, true);
    if (b.max >= 0) Bound(b.field, b.max, false);
  }

  void Bound(int field, int root, bool min) {
    expr::Value v = EvalAlone(root);
    if (!v.known) return;
    const char* outside =
        min ? " (below the field's min: implausible)" : " (above the field's max: implausible)";
    if (pack_.fields[field].type == FieldType::kDatetime) {
      AddSeconds(field, v.seconds, false,
                 min ? " (the earliest plausible answer)" : " (the latest plausible answer)", -1);
      AddSeconds(field, min ? v.seconds - 1 : v.seconds + 1, false, outside, -1);
      return;
    }
    const int decimals = Decimals(v.number) + 1;
    const double step = std::pow(10.0, -decimals);
    AddNumber(field, v.number, false,
              min ? " (the smallest plausible answer)" : " (the largest plausible answer)", -1);
    AddNumber(field, RoundTo(min ? v.number - step : v.number + step, decimals), false, outside,
              -1);
  }

  void FromProbe(int probe) {
    const Node& n = compiled_.nodes[probes_[probe].node];
    if (expr::IsComparison(n.op)) return Comparison(probe, n);
    switch (n.op) {
      case Op::kIn:
      case Op::kNotIn:
        Membership(probe, n);
        return;
      case Op::kListHas:
        mentions_[n.ref].emplace_back(n.index, probe);
        return;
      default:
        return;  // yes/no terms, enum tests, known(): every value of the field is tried
    }
  }

  // The one field `node` reads, or -1 (none, or several).
  int OnlyField(int node) const {
    int field = -1;
    bool several = false;
    expr::CollectFields(compiled_.nodes, compiled_.let_roots, node, [&](int f) {
      if (f < 0) return;
      several = several || (field >= 0 && f != field);
      field = f;
    });
    return several ? -1 : field;
  }

  bool ReadsNoField(int node) const {
    bool reads = false;
    expr::CollectFields(compiled_.nodes, compiled_.let_roots, node,
                        [&](int f) { reads = reads || f >= 0; });
    return !reads;
  }

  void Comparison(int probe, const Node& n) {
    int term = n.a, bound = n.b;
    if (OnlyField(term) < 0) std::swap(term, bound);
    const int field = OnlyField(term);
    if (field < 0 || !ReadsNoField(bound)) return;
    expr::Value c = EvalAlone(bound);
    if (!c.known) return;
    const Kind kind = compiled_.nodes[bound].type.kind;
    if (kind == Kind::kString) {
      texts_[field].emplace_back(c.text);
      AddText(field, c.text, fmt::format("\"{}\"", c.text), probe);
    } else if (kind == Kind::kNumber || kind == Kind::kDatetime || kind == Kind::kDuration) {
      Solve(probe, term, field, Scalar(c, kind));
    }
  }

  void Membership(int probe, const Node& n) {
    const Node& left = compiled_.nodes[n.a];
    const Node& right = compiled_.nodes[n.b];
    if (left.op == Op::kEnumLit && right.op == Op::kField && right.type.kind == Kind::kList) {
      mentions_[right.ref].emplace_back(left.index, probe);
      return;
    }
    const int field = OnlyField(n.a);
    if (field < 0 || right.op != Op::kListLit) return;
    for (int item : right.items) {
      if (!ReadsNoField(item)) continue;
      expr::Value c = EvalAlone(item);
      const Kind kind = compiled_.nodes[item].type.kind;
      if (!c.known) continue;
      if (kind == Kind::kString) {
        texts_[field].emplace_back(c.text);
        AddText(field, c.text, fmt::format("\"{}\"", c.text), probe);
      } else if (kind == Kind::kNumber || kind == Kind::kDuration) {
        Solve(probe, n.a, field, Scalar(c, kind));
      }
    }
  }

  // Where the term (linear in `field`) equals `target`, and the values either
  // side whose truth differs from it.
  void Solve(int probe, int term, int field, double target) {
    const Field& f = pack_.fields[field];
    if (f.type != FieldType::kDatetime && f.type != FieldType::kNumber) return;
    const bool datetime = f.type == FieldType::kDatetime;
    const double x0 = datetime ? static_cast<double>(at_) : 0;
    const double x1 = datetime ? x0 + 1e6 : 1;
    auto e0 = TermAt(term, field, x0);
    auto e1 = TermAt(term, field, x1);
    if (!e0 || !e1 || *e0 == *e1) return;
    const double x = x0 + (target - *e0) * (x1 - x0) / (*e1 - *e0);
    if (!std::isfinite(x) || std::abs(x) > 9e15) return;
    if (datetime) {
      const auto t = static_cast<int64_t>(std::llround(x));
      Around(probe, field,
             {static_cast<double>(t - 1), static_cast<double>(t), static_cast<double>(t + 1)});
    } else {
      const int d = Decimals(x);
      const double step = std::pow(10.0, -(d + 1));
      Around(probe, field, {RoundTo(x - step, d + 1), RoundTo(x, d), RoundTo(x + step, d + 1)});
    }
  }

  // `xs`: below, at and above the boundary. The one at it always; a
  // neighbour where the probe's truth differs from it (both if neither does,
  // which only rounding can cause).
  void Around(int probe, int field, const std::array<double, 3>& xs) {
    std::array<Truth, 3> truth{};
    for (size_t k = 0; k < 3; ++k) truth[k] = ProbeTruth(probe, field, xs[k]);
    bool lower = truth[0] != truth[1], upper = truth[2] != truth[1];
    if (!lower && !upper) lower = upper = true;
    for (size_t k = 0; k < 3; ++k) {
      if ((k == 0 && !lower) || (k == 2 && !upper)) continue;
      if (pack_.fields[field].type == FieldType::kDatetime) {
        AddSeconds(field, static_cast<int64_t>(xs[k]), k == 1, "", probe);
      } else {
        AddNumber(field, xs[k], k == 1, "", probe);
      }
    }
  }

  void SetScalar(int field, double x) {
    Slot& s = record_.slots[field];
    s.known = true;
    if (pack_.fields[field].type == FieldType::kDatetime) {
      s.seconds = static_cast<int64_t>(x);
    } else {
      s.number = x;
    }
  }

  std::optional<double> TermAt(int term, int field, double x) {
    SetScalar(field, x);
    expr::Value v = expr::Eval(EvalContext(), term);
    record_.slots[field].known = false;
    if (!v.known) return std::nullopt;
    return Scalar(v, compiled_.nodes[term].type.kind);
  }

  Truth ProbeTruth(int probe, int field, double x) {
    SetScalar(field, x);
    Truth t = expr::EvalTruth(EvalContext(), probes_[probe].node);
    record_.slots[field].known = false;
    return t;
  }

  expr::Value EvalAlone(int node) { return expr::Eval(EvalContext(), node); }

  expr::Context EvalContext() const {
    return {&compiled_.nodes, &compiled_.let_roots, &record_, at_, nullptr};
  }

  // Values every field of its type gets, then order and the unknown value.
  void Finish(int field) {
    const Field& f = pack_.fields[field];
    switch (f.type) {
      case FieldType::kBool:
        AddText(field, "false", "false", -1);
        AddText(field, "true", "true", -1);
        break;
      case FieldType::kEnum:
        for (const std::string& v : f.values) AddText(field, v, v, -1);
        break;
      case FieldType::kList:
        Lists(field);
        break;
      case FieldType::kString:
        Other(field);
        break;
      case FieldType::kNumber:
        if (values_[field].empty()) AddNumber(field, 0, false, "", -1);
        break;
      case FieldType::kDatetime:
        if (values_[field].empty()) AddSeconds(field, at_, false, "", -1);
        break;
    }
    Sort(field);
    values_[field].push_back({Slot{}, "left out (unknown)", {}});
  }

  // Empty; each value a condition looks for, alone; those values together.
  void Lists(int field) {
    const Field& f = pack_.fields[field];
    Slot slot;
    slot.known = true;
    Add(field, slot, "empty", -1);
    uint64_t all = 0;
    for (const auto& [index, probe] : mentions_[field]) {
      slot.bits = uint64_t{1} << index;
      all |= slot.bits;
      Add(field, slot, fmt::format("[{}]", f.values[index]), probe);
    }
    if (std::popcount(all) < 2) return;
    std::vector<std::string> names;
    for (size_t i = 0; i < f.values.size() && i < 64; ++i) {
      if ((all >> i) & 1) names.push_back(f.values[i]);
    }
    slot.bits = all;
    Add(field, slot, fmt::format("[{}]", fmt::join(names, ", ")), -1);
  }

  // A text none of the conditions names.
  void Other(int field) {
    std::string other = "other";
    for (int n = 2;
         std::find(texts_[field].begin(), texts_[field].end(), other) != texts_[field].end(); ++n) {
      other = fmt::format("other{}", n);
    }
    AddText(field, other, fmt::format("\"{}\" (a text no condition names)", other), -1);
  }

  void Sort(int field) {
    const FieldType type = pack_.fields[field].type;
    if (type != FieldType::kNumber && type != FieldType::kDatetime) return;
    std::stable_sort(values_[field].begin(), values_[field].end(),
                     [&](const BoundaryValue& a, const BoundaryValue& b) {
                       return type == FieldType::kNumber ? a.slot.number < b.slot.number
                                                         : a.slot.seconds < b.slot.seconds;
                     });
  }

  const Pack& pack_;
  const internal::CompiledPack& compiled_;
  const std::vector<Probe>& probes_;
  int64_t at_;
  size_t max_known_ = 0;
  Record record_;  // every slot unknown but the one being tried
  std::vector<std::vector<BoundaryValue>> values_;
  std::vector<std::vector<std::pair<uint32_t, int>>> mentions_;  // list fields: (value, probe)
  std::vector<std::vector<std::string>> texts_;                  // string fields: texts named
};

}  // namespace

std::vector<Probe> FindProbes(const Pack& pack) {
  const internal::CompiledPack& compiled = *pack.compiled;
  ProbeFinder finder(pack);
  for (size_t r = 0; r < pack.rules.size(); ++r)
    finder.Root(compiled.rules[r].when, pack.rules[r].when);
  for (size_t l = 0; l < pack.lets.size(); ++l)
    finder.Root(compiled.let_roots[l], pack.lets[l].expr);
  for (size_t r = 0; r < pack.rules.size(); ++r) {
    finder.Root(compiled.rules[r].resume_while, pack.rules[r].resume_while);
  }
  for (size_t a = 0; a < pack.alternatives.size(); ++a) {
    finder.Root(compiled.alternative_whens[a], pack.alternatives[a].when);
  }
  return finder.Take();
}

std::vector<std::vector<BoundaryValue>> BoundaryValues(const Pack& pack, TimePoint at,
                                                       const std::vector<Probe>& probes,
                                                       size_t max_per_field) {
  return ValueFinder(pack, at, probes).Run(max_per_field);
}

}  // namespace needlescreen::screen
