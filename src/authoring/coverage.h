// Rule coverage (SPEC §4 `rules test`): for every rule, the verdicts it
// reached over a set of cases, against the verdicts it can reach at all.
#ifndef NEEDLESCREEN_AUTHORING_COVERAGE_H_
#define NEEDLESCREEN_AUTHORING_COVERAGE_H_

#include <array>
#include <string>
#include <vector>

#include "authoring/analysis.h"
#include "needlescreen/pack.h"
#include "needlescreen/truth.h"

namespace needlescreen::authoring {

struct RuleCoverage {
  int rule = -1;                    // index into Pack::rules
  TruthSet reachable = kAllTruths;  // verdicts the rule's structure allows
  std::array<int, 3> cases{};       // cases per verdict, indexed by Truth
  // Covered: reached by some case, or unreachable (then it is no gap).
  bool Covered(Truth t) const { return !Has(reachable, t) || cases[static_cast<int>(t)] > 0; }
};

struct Coverage {
  std::vector<RuleCoverage> rules;  // in pack order
  int covered = 0;                  // reachable verdicts some case reached
  int reachable = 0;                // reachable verdicts over all rules

  // covered / reachable in percent; 100 when nothing is reachable.
  double Percent() const;
  // Exact: covered * 100 >= min_percent * reachable.
  bool Meets(double min_percent) const;
};

// Coverage of `pack` with no cases counted yet.
Coverage StartCoverage(const Pack& pack);

// Counts one case: `verdicts` holds every rule's verdict, in pack order.
void CountVerdicts(const std::vector<Truth>& verdicts, Coverage& coverage);

// Sums covered and reachable after the last case.
void FinishCoverage(Coverage& coverage);

// Why the rule cannot reach some verdict, for the report: "always true (no
// 'when')", "never unknown", ...; "" when it can reach all three.
std::string UnreachableNote(const Pack& pack, const RuleCoverage& rule);

}  // namespace needlescreen::authoring

#endif  // NEEDLESCREEN_AUTHORING_COVERAGE_H_
