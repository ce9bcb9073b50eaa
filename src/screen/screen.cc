// Deciding: refer > swap > wait > incomplete > proceed (SPEC §2 "Decision",
// §7), with the reasons, open questions and resume time that make the
// decision auditable.
#include "needlescreen/screen.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/text.h"
#include "pack/compiled.h"
#include "screen/explain.h"

namespace needlescreen {
namespace {

using internal::CompiledRule;

void RenderMessage(const Pack& pack, const CompiledRule& rule, const expr::Context& ctx,
                   bool local_times, std::string& out) {
  const auto& compiled = *pack.compiled;
  for (const internal::Segment& s : rule.message) {
    if (s.field >= 0) {
      const Slot& slot = ctx.record->slots[s.field];
      out += slot.known ? RenderSlot(pack.fields[s.field], slot, local_times) : "unknown";
    } else if (s.let >= 0) {
      int root = compiled.let_roots[s.let];
      out += expr::RenderValue(expr::Eval(ctx, root), compiled.let_types[s.let], pack.fields,
                               local_times);
    } else {
      out += s.text;
    }
  }
}

bool IsStatic(const CompiledRule& rule) {
  return rule.message.size() <= 1 &&
         (rule.message.empty() || (rule.message[0].field < 0 && rule.message[0].let < 0));
}

// `missing[0, *used)` holds this record's entries; the elements beyond are
// kept from earlier records so their `rules` vectors keep their capacity.
void AddMissing(std::vector<Missing>& missing, size_t* used, int field, int rule, bool blocking) {
  auto end = missing.begin() + static_cast<std::ptrdiff_t>(*used);
  auto it = std::find_if(missing.begin(), end, [&](const Missing& m) { return m.field == field; });
  if (it == end) {
    if (*used == missing.size()) missing.emplace_back();
    Missing& m = missing[(*used)++];
    m.field = field;
    m.rules.clear();
    m.rules.push_back(rule);
    m.blocking = blocking;
    return;
  }
  if (std::find(it->rules.begin(), it->rules.end(), rule) == it->rules.end()) {
    it->rules.push_back(rule);
  }
  it->blocking = it->blocking || blocking;
}

void Trace(const Pack& pack, int index, const expr::Context& ctx, Truth verdict, bool local_times,
           RuleTrace& out) {
  const CompiledRule& rule = pack.compiled->rules[index];
  out.verdict = verdict;
  out.readings.clear();
  for (int f : rule.fields_read) {
    const Slot& slot = ctx.record->slots[f];
    out.readings.push_back(
        {f, slot.known, slot.known ? RenderSlot(pack.fields[f], slot, local_times) : ""});
  }
  if (rule.reads_now) {
    const TimePoint now{std::chrono::seconds(ctx.now)};
    out.readings.push_back(
        {-1, true, local_times ? FormatLocalDatetime(now) : FormatDatetime(now)});
  }
  screen::ExplainCondition(pack, index, ctx, local_times, out);
}

// `*resume_rule` is the rule whose resume time is the latest so far. A
// `resume_when` text is left out once its `while` condition is false (issue
// 15: "once bleeding has resolved" when it has); unknown keeps it.
void AddResume(const Pack& pack, size_t rule, const expr::Context& ctx, Result& out,
               int* resume_rule) {
  const Rule& r = pack.rules[rule];
  int root = pack.compiled->rules[rule].resume;
  int open_while = pack.compiled->rules[rule].resume_while;
  if (root >= 0) {
    expr::Value v = expr::Eval(ctx, root);
    TimePoint t{std::chrono::seconds(v.seconds)};
    if (v.known && (!out.resume_after || t > *out.resume_after)) {
      out.resume_after = t;
      *resume_rule = static_cast<int>(rule);
    }
  }
  bool open = open_while < 0 || expr::EvalTruth(ctx, open_while) != Truth::kFalse;
  if (open && !r.resume_when.empty() &&
      std::find(out.resume_when.begin(), out.resume_when.end(), r.resume_when) ==
          out.resume_when.end()) {
    out.resume_when.push_back(r.resume_when);
  }
}

// Issue 13: a resume time past 9999-12-31 (or before year 1) cannot be
// written as a datetime that the output schema, or anyone, reads. Fail
// closed: the record is an error naming the fields the time was computed
// from, not a wait without its date, which would read as "re-screen any
// time" for a record whose data is plainly wrong (an onset typed as
// 9999-12-31), and not a proceed. Only the latest resume time is written,
// so only it is checked.
void FailResume(const Pack& pack, int rule, Result& out) {
  std::vector<std::string_view> fields;
  bool reads_now = false;
  expr::CollectFields(
      pack.compiled->nodes, pack.compiled->let_roots, pack.compiled->rules[rule].resume,
      [&](int f) {
        if (f < 0) {
          reads_now = true;
        } else if (std::find(fields.begin(), fields.end(), pack.fields[f].path) == fields.end()) {
          fields.push_back(pack.fields[f].path);
        }
      });
  ErrorPosition at;
  if (fields.size() == 1 && !reads_now) {
    at.field = fields.front();
  } else {
    // Not one field: the words that name what the time was computed from.
    std::string& what = at.subject;
    if (!fields.empty()) {
      what = fmt::format("field{} {}", fields.size() == 1 ? "" : "s", fmt::join(fields, ", "));
    }
    if (reads_now) what += what.empty() ? "the screening time" : " and the screening time";
    if (what.empty()) what = "the resume time";
  }
  bool late = *out.resume_after > kLatestDatetime;
  out.error =
      Status::Error(StatusCode::kTooLarge,
                    fmt::format("too {} to compute resume_after for rule {} (it would fall {})",
                                late ? "late" : "early", pack.rules[rule].id,
                                late ? "after 9999-12-31" : "before 0001-01-01"),
                    std::move(at));
  out.decision = Decision::kError;
  out.resume_after.reset();
  out.resume_when.clear();
}

// Adds to `missing[0, *used)` the fields that leave `when` (rule `rule`'s
// condition) unknown.
void CollectMissing(const expr::Context& ctx, int when, int rule, bool blocking,
                    std::vector<Missing>& missing, size_t& used) {
  // One pointer captured: the std::function keeps it inline instead of
  // allocating for every unknown rule of every record.
  struct {
    std::vector<Missing>* missing;
    size_t* used;
    int rule;
    bool blocking;
  } sink{&missing, &used, rule, blocking};
  expr::CollectUnknownFields(
      ctx, when, [s = &sink](int f) { AddMissing(*s->missing, s->used, f, s->rule, s->blocking); });
}

// Issue 15: an answer blocks only when it can still change the decision:
// some unknown rule that needs it ranks above the decision (on incomplete,
// every unknown refer, swap or wait rule does; a settled swap is changed
// only by an unknown refer rule; nothing changes a refer).
void MarkBlocking(const Pack& pack, Decision decision, std::vector<Missing>& missing) {
  for (Missing& m : missing) {
    m.blocking = std::any_of(m.rules.begin(), m.rules.end(),
                             [&](int r) { return CanChange(pack.rules[r].outcome, decision); });
  }
}

// Issue 15: an implausible answer is never used: it is listed as an open
// question saying what is wrong, and a record that would otherwise proceed is
// incomplete. A settled refer, swap or wait stands (an unknown can only keep
// or raise it), and there it blocks only as any answer would.
void AddImplausible(Decision* decision, const std::vector<std::pair<int, Implausible>>& found,
                    std::vector<Missing>& missing) {
  if (found.empty()) return;
  if (*decision == Decision::kProceed) *decision = Decision::kIncomplete;
  const bool open = *decision == Decision::kIncomplete;
  for (const auto& [field, problem] : found) {
    auto it = std::find_if(missing.begin(), missing.end(),
                           [f = field](const Missing& m) { return m.field == f; });
    if (it == missing.end()) {
      Missing& m = missing.emplace_back();
      m.field = field;
      m.rules.clear();
      it = missing.end() - 1;
    }
    it->problem = problem;
    it->blocking = it->blocking || open;
  }
  std::sort(missing.begin(), missing.end(),
            [](const Missing& a, const Missing& b) { return a.field < b.field; });
}

// Evaluates every rule into `out.verdicts` (and `out.trace` when explaining),
// lists in `out.missing` the fields that unknown rules need, and decides:
// refer > swap > wait > incomplete > proceed.
Decision EvaluateRules(const Pack& pack, const expr::Context& ctx, const ScreenOptions& options,
                       Result& out) {
  const auto& compiled = *pack.compiled;
  size_t missing_used = 0;
  bool any_refer = false, any_swap = false, any_wait = false, any_open = false;
  for (size_t i = 0; i < pack.rules.size(); ++i) {
    const CompiledRule& c = compiled.rules[i];
    Truth t = c.when < 0 ? Truth::kTrue : expr::EvalTruth(ctx, c.when);
    out.verdicts[i] = t;
    Outcome o = pack.rules[i].outcome;
    if (t == Truth::kTrue) {
      any_refer = any_refer || o == Outcome::kRefer;
      any_swap = any_swap || o == Outcome::kSwap;
      any_wait = any_wait || o == Outcome::kWait;
    } else if (t == Truth::kUnknown) {
      any_open = any_open || Decides(o);
      CollectMissing(ctx, c.when, static_cast<int>(i), Decides(o), out.missing, missing_used);
    }
    if (options.explain) {
      Trace(pack, static_cast<int>(i), ctx, t, options.local_times, out.trace.emplace_back());
    }
  }
  out.missing.resize(missing_used);
  for (Missing& m : out.missing) m.problem = Implausible::kNo;
  std::sort(out.missing.begin(), out.missing.end(),
            [](const Missing& a, const Missing& b) { return a.field < b.field; });
  const Decision decision = any_refer  ? Decision::kRefer
                            : any_swap ? Decision::kSwap
                            : any_wait ? Decision::kWait
                            : any_open ? Decision::kIncomplete
                                       : Decision::kProceed;
  if (decision != Decision::kIncomplete && decision != Decision::kProceed) {
    MarkBlocking(pack, decision, out.missing);
  }
  return decision;
}

// Rule `rule`'s message for this record: viewed in the pack when it has no
// placeholders, else filled into the next string of `out.rendered`.
std::string_view FindingMessage(const Pack& pack, int rule, bool is_static,
                                const expr::Context& ctx, bool local_times, Result& out,
                                size_t* rendered_used) {
  const CompiledRule& c = pack.compiled->rules[rule];
  if (is_static) {
    // Most messages have no placeholders: they are viewed, not copied.
    return c.message.empty() ? std::string_view() : c.message[0].text;
  }
  // Reuse the strings of earlier records: no allocation once warmed up.
  if (*rendered_used == out.rendered.size()) out.rendered.emplace_back();
  std::string& text = out.rendered[(*rendered_used)++];
  text.clear();
  RenderMessage(pack, c, ctx, local_times, text);
  return text;
}

// "<first reason> (and N more)", its final full stop dropped.
void AppendReasons(const Result& r, std::string& out) {
  std::string_view first = r.reasons.front().message;
  if (!first.empty() && first.back() == '.') first.remove_suffix(1);
  out += first;
  if (r.reasons.size() > 1) {
    out += " (and ";
    AppendUint(out, r.reasons.size() - 1);
    out += " more)";
  }
}

// "; resume after <time>; <resume_when>...".
void AppendResume(const Result& r, std::string& out) {
  if (r.resume_after) {
    out += "; resume after ";
    AppendDatetime(*r.resume_after, out);
  }
  for (const std::string& w : r.resume_when) {
    out += "; ";
    out += w;
  }
}

// "N answers needed before screening can clear: <paths of blocking fields>".
void AppendBlocking(const Pack& pack, const Result& r, std::string& out) {
  size_t n = 0;
  for (const Missing& m : r.missing) n += m.blocking ? 1 : 0;
  AppendUint(out, n);
  out += n == 1 ? " answer needed before screening can clear: "
                : " answers needed before screening can clear: ";
  bool first = true;
  for (const Missing& m : r.missing) {
    if (!m.blocking) continue;
    if (!first) out += ", ";
    first = false;
    out += pack.fields[m.field].path;
  }
}

}  // namespace

Screener::Screener(const Pack& pack) : pack_(pack) {
  screened_at_field_ = pack.FieldIndex(kScreenedAtField);  // the engine's own field
  for (Outcome o :
       {Outcome::kRefer, Outcome::kSwap, Outcome::kWait, Outcome::kCaution, Outcome::kInfo}) {
    for (size_t i = 0; i < pack.rules.size(); ++i) {
      if (pack.rules[i].outcome == o) order_.push_back(static_cast<int>(i));
    }
  }
  bound_of_.assign(pack.fields.size(), -1);
  for (size_t b = 0; b < pack.compiled->bounds.size(); ++b) {
    bound_of_[pack.compiled->bounds[b].field] = static_cast<int>(b);
  }
  for (size_t i = 0; i < pack.rules.size(); ++i) {
    is_static_.push_back(IsStatic(pack.compiled->rules[i]));
    const Rule& r = pack.rules[i];
    uint64_t mask = 0;
    for (size_t a = 0; a < pack.alternatives.size() && a < 64; ++a) {
      bool named =
          r.alternatives.empty() || std::find(r.alternatives.begin(), r.alternatives.end(),
                                              pack.alternatives[a].id) != r.alternatives.end();
      if (named) mask |= uint64_t{1} << a;
    }
    alternatives_.push_back(mask);
  }
}

void Screener::Screen(const Record& record, TimePoint default_now, const ScreenOptions& options,
                      Result& out) const {
  out.reasons.clear();
  out.cautions.clear();
  out.notes.clear();
  out.resume_after.reset();
  out.resume_when.clear();
  out.error = Status();
  out.alternatives.clear();
  out.trace.clear();
  out.counterfactual.Clear();
  out.verdicts.assign(pack_.rules.size(), Truth::kUnknown);

  out.screened_at = default_now;
  if (screened_at_field_ >= 0 && record.slots[screened_at_field_].known) {
    out.screened_at = TimePoint(std::chrono::seconds(record.slots[screened_at_field_].seconds));
  }
  const auto& compiled = *pack_.compiled;
  const int64_t now = out.screened_at.time_since_epoch().count();
  std::vector<std::pair<int, Implausible>> implausible;  // allocates only when some are
  const Record& screened = Plausible(record, now, out, implausible);
  expr::Context ctx{&compiled.nodes, &compiled.let_roots, &screened, now};
  out.decision = EvaluateRules(pack_, ctx, options, out);
  AddImplausible(&out.decision, implausible, out.missing);

  // Reasons: every true refer, swap, then wait rule (most severe first).
  uint64_t alternatives = 0;
  int resume_rule = -1;
  size_t rendered_used = 0;
  for (int i : order_) {
    if (out.verdicts[i] != Truth::kTrue) continue;
    Outcome o = pack_.rules[i].outcome;
    auto& list = Decides(o) ? out.reasons : (o == Outcome::kCaution ? out.cautions : out.notes);
    list.push_back({i, FindingMessage(pack_, i, is_static_[i], ctx, options.local_times, out,
                                      &rendered_used)});
    if (o == Outcome::kWait) AddResume(pack_, i, ctx, out, &resume_rule);
    if (o == Outcome::kSwap) alternatives |= alternatives_[i];
  }
  // A refer substitutes no technique: the swap rules' alternatives go with it.
  if (out.decision != Decision::kSwap) alternatives = 0;
  for (int a = 0; alternatives != 0; ++a, alternatives >>= 1) {
    // An alternative with a condition is offered only when it is true.
    int when = compiled.alternative_whens[a];
    if ((alternatives & 1) && (when < 0 || expr::EvalTruth(ctx, when) == Truth::kTrue)) {
      out.alternatives.push_back(a);
    }
  }
  if (out.decision != Decision::kWait) {
    out.resume_after.reset();
    out.resume_when.clear();
  } else if (out.resume_after && !InDatetimeRange(*out.resume_after)) {
    FailResume(pack_, resume_rule, out);
  }
}

Implausible Screener::CheckAnswer(int field, const Slot& slot, TimePoint now) const {
  if (!slot.known || field < 0 || static_cast<size_t>(field) >= bound_of_.size() ||
      bound_of_[field] < 0) {
    return Implausible::kNo;
  }
  const internal::FieldBound& b = pack_.compiled->bounds[bound_of_[field]];
  // A bound reads no field (checked at load): the record is never read.
  static const Record kNoRecord;
  const auto& compiled = *pack_.compiled;
  expr::Context ctx{&compiled.nodes, &compiled.let_roots, &kNoRecord,
                    now.time_since_epoch().count()};
  const bool datetime = pack_.fields[field].type == FieldType::kDatetime;
  auto below = [&](int root) {
    expr::Value v = expr::Eval(ctx, root);
    return v.known && (datetime ? slot.seconds < v.seconds : slot.number < v.number);
  };
  auto above = [&](int root) {
    expr::Value v = expr::Eval(ctx, root);
    return v.known && (datetime ? slot.seconds > v.seconds : slot.number > v.number);
  };
  if (b.min >= 0 && below(b.min)) return Implausible::kBelowMin;
  if (b.max >= 0 && above(b.max)) return Implausible::kAboveMax;
  return Implausible::kNo;
}

const Record& Screener::Plausible(const Record& record, int64_t now, Result& out,
                                  std::vector<std::pair<int, Implausible>>& implausible) const {
  const TimePoint at{std::chrono::seconds(now)};
  for (const internal::FieldBound& b : pack_.compiled->bounds) {
    Implausible problem = CheckAnswer(b.field, record.slots[b.field], at);
    if (problem == Implausible::kNo) continue;
    if (implausible.empty()) out.masked = record;
    out.masked.slots[b.field].known = false;
    implausible.emplace_back(b.field, problem);
  }
  return implausible.empty() ? record : out.masked;
}

std::string Screener::Summary(const Result& r) const {
  std::string out;
  AppendSummary(r, out);
  return out;
}

void Screener::AppendSummary(const Result& r, std::string& out) const {
  out += DecisionName(r.decision);
  out += ": ";
  switch (r.decision) {
    case Decision::kRefer:
    case Decision::kSwap:
      return AppendReasons(r, out);
    case Decision::kWait:
      AppendReasons(r, out);
      return AppendResume(r, out);
    case Decision::kIncomplete:
      return AppendBlocking(pack_, r, out);
    case Decision::kProceed:
      out += "no reason to wait or swap; ";
      AppendUint(out, r.cautions.size());
      out += r.cautions.size() == 1 ? " caution to apply" : " cautions to apply";
      return;
    case Decision::kError:
      out += r.error.ToString();
      return;
  }
}

}  // namespace needlescreen
