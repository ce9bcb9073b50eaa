// Rule coverage. Reachability comes from the structure of the compiled
// condition, so a rule without `when` is not reported as never silent and a
// condition built from known() is not reported as never unknown (SPEC §4).
#include "authoring/coverage.h"

#include <fmt/format.h>

#include <algorithm>

#include "expr/expr.h"
#include "needlescreen/screen.h"
#include "pack/compiled.h"

namespace needlescreen::authoring {

double Coverage::Percent() const { return reachable == 0 ? 100.0 : 100.0 * covered / reachable; }

bool Coverage::Meets(double min_percent) const {
  return static_cast<double>(covered) * 100.0 >= min_percent * reachable;
}

Coverage StartCoverage(const Pack& pack) {
  ConditionAnalysis analysis(pack);
  Coverage coverage;
  for (size_t i = 0; i < pack.rules.size(); ++i) {
    RuleCoverage rule;
    rule.rule = static_cast<int>(i);
    rule.reachable = analysis.RuleVerdicts(static_cast<int>(i));
    coverage.rules.push_back(rule);
  }
  const internal::CompiledPack& compiled = *pack.compiled;
  using Kind = ConditionCoverage::Kind;
  for (size_t i = 0; i < compiled.rules.size(); ++i) {
    int node = compiled.rules[i].resume_while;
    if (node >= 0 && pack.rules[i].outcome == Outcome::kWait) {
      coverage.conditions.push_back(
          {Kind::kResumeWhile, static_cast<int>(i), node, analysis.Verdicts(node), {}});
    }
  }
  for (size_t a = 0; a < compiled.alternative_whens.size(); ++a) {
    int node = compiled.alternative_whens[a];
    if (node >= 0) {
      coverage.conditions.push_back(
          {Kind::kAlternativeWhen, static_cast<int>(a), node, analysis.Verdicts(node), {}});
    }
  }
  for (const internal::FieldBound& b : compiled.bounds) {
    // An answer is within its bounds or not; a missing answer is not counted.
    coverage.conditions.push_back(
        {Kind::kBounds,
         b.field,
         -1,
         static_cast<TruthSet>(TruthBit(Truth::kTrue) | TruthBit(Truth::kFalse)),
         {}});
  }
  return coverage;
}

void CountVerdicts(const std::vector<Truth>& verdicts, Coverage& coverage) {
  for (size_t i = 0; i < verdicts.size() && i < coverage.rules.size(); ++i) {
    ++coverage.rules[i].cases[static_cast<int>(verdicts[i])];
  }
}

namespace {

// Whether a true swap rule of `result` names alternative `a` (no list names
// all of them): only then does the alternative's `when` decide anything.
bool Candidate(const Pack& pack, const Result& result, int a) {
  const std::string& id = pack.alternatives[a].id;
  return std::ranges::any_of(result.reasons, [&](const Finding& f) {
    const Rule& r = pack.rules[f.rule];
    return r.outcome == Outcome::kSwap &&
           (r.alternatives.empty() ||
            std::ranges::find(r.alternatives, id) != r.alternatives.end());
  });
}

bool IsImplausible(const Result& result, int field) {
  return std::any_of(result.missing.begin(), result.missing.end(), [&](const Missing& m) {
    return m.field == field && m.problem != Implausible::kNo;
  });
}

}  // namespace

void CountCase(const Pack& pack, const Record& record, const Result& result, Coverage& coverage) {
  CountVerdicts(result.verdicts, coverage);
  if (coverage.conditions.empty()) return;
  // Conditions are judged on the record as screened: implausible answers out.
  Record masked;
  const Record* screened = &record;
  for (const Missing& m : result.missing) {
    if (m.problem == Implausible::kNo) continue;
    if (screened == &record) masked = record, screened = &masked;
    masked.slots[m.field].known = false;
  }
  const internal::CompiledPack& compiled = *pack.compiled;
  expr::Context ctx{&compiled.nodes, &compiled.let_roots, screened,
                    result.screened_at.time_since_epoch().count()};
  using Kind = ConditionCoverage::Kind;
  for (ConditionCoverage& c : coverage.conditions) {
    switch (c.kind) {
      case Kind::kResumeWhile:
        if (result.verdicts[c.index] != Truth::kTrue) continue;
        ++c.cases[static_cast<int>(expr::EvalTruth(ctx, c.node))];
        break;
      case Kind::kAlternativeWhen:
        if (result.decision != Decision::kSwap || !Candidate(pack, result, c.index)) continue;
        ++c.cases[static_cast<int>(expr::EvalTruth(ctx, c.node))];
        break;
      case Kind::kBounds:
        if (IsImplausible(result, c.index)) {
          ++c.cases[static_cast<int>(Truth::kFalse)];
        } else if (record.slots[c.index].known) {
          ++c.cases[static_cast<int>(Truth::kTrue)];
        }
        break;
    }
  }
}

void FinishCoverage(Coverage& coverage) {
  coverage.covered = coverage.reachable = 0;
  auto count = [&](TruthSet reachable, const std::array<int, 3>& cases) {
    for (Truth t : {Truth::kTrue, Truth::kFalse, Truth::kUnknown}) {
      if (!Has(reachable, t)) continue;
      ++coverage.reachable;
      if (cases[static_cast<int>(t)] > 0) ++coverage.covered;
    }
  };
  for (const RuleCoverage& rule : coverage.rules) count(rule.reachable, rule.cases);
  for (const ConditionCoverage& c : coverage.conditions) count(c.reachable, c.cases);
}

std::string ConditionName(const Pack& pack, const ConditionCoverage& condition) {
  switch (condition.kind) {
    case ConditionCoverage::Kind::kResumeWhile:
      return pack.rules[condition.index].id + " resume_when while";
    case ConditionCoverage::Kind::kAlternativeWhen:
      return "alternative " + pack.alternatives[condition.index].id + " when";
    case ConditionCoverage::Kind::kBounds:
      break;
  }
  return "field " + pack.fields[condition.index].path + " min/max";
}

std::string_view ConditionState(const ConditionCoverage& condition, Truth t) {
  if (t == Truth::kUnknown) return "unknown";
  const bool yes = t == Truth::kTrue;
  switch (condition.kind) {
    case ConditionCoverage::Kind::kResumeWhile:
      return yes ? "open" : "closed";
    case ConditionCoverage::Kind::kAlternativeWhen:
      return yes ? "offered" : "not offered";
    case ConditionCoverage::Kind::kBounds:
      break;
  }
  return yes ? "within" : "outside";
}

std::string UnreachableNote(const Pack& pack, const RuleCoverage& rule) {
  if (rule.reachable == kAllTruths) return "";
  if (rule.reachable == TruthBit(Truth::kTrue)) {
    return pack.rules[rule.rule].when.empty() ? "always true (no 'when')" : "always true";
  }
  std::string note;
  for (Truth t : {Truth::kTrue, Truth::kFalse, Truth::kUnknown}) {
    if (Has(rule.reachable, t)) continue;
    if (!note.empty()) note += ", ";
    note += fmt::format("never {}", TruthName(t));
  }
  return note;
}

}  // namespace needlescreen::authoring
