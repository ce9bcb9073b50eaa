// Rule coverage. Reachability comes from the structure of the compiled
// condition, so a rule without `when` is not reported as never silent and a
// condition built from known() is not reported as never unknown (SPEC §4).
#include "authoring/coverage.h"

#include <fmt/format.h>

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
  return coverage;
}

void CountVerdicts(const std::vector<Truth>& verdicts, Coverage& coverage) {
  for (size_t i = 0; i < verdicts.size() && i < coverage.rules.size(); ++i) {
    ++coverage.rules[i].cases[static_cast<int>(verdicts[i])];
  }
}

void FinishCoverage(Coverage& coverage) {
  coverage.covered = coverage.reachable = 0;
  for (const RuleCoverage& rule : coverage.rules) {
    for (Truth t : {Truth::kTrue, Truth::kFalse, Truth::kUnknown}) {
      if (!Has(rule.reachable, t)) continue;
      ++coverage.reachable;
      if (rule.cases[static_cast<int>(t)] > 0) ++coverage.covered;
    }
  }
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
