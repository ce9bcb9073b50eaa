// Rule coverage (SPEC §4 `rules test`): for every rule, the verdicts it
// reached over a set of cases, against the verdicts it can reach at all.
#ifndef NEEDLESCREEN_AUTHORING_COVERAGE_H_
#define NEEDLESCREEN_AUTHORING_COVERAGE_H_

#include <array>
#include <string>
#include <vector>

#include "authoring/analysis.h"
#include "needlescreen/pack.h"
#include "needlescreen/record.h"
#include "needlescreen/result.h"
#include "needlescreen/truth.h"

namespace needlescreen::authoring {

struct RuleCoverage {
  int rule = -1;                    // index into Pack::rules
  TruthSet reachable = kAllTruths;  // verdicts the rule's structure allows
  std::array<int, 3> cases{};       // cases per verdict, indexed by Truth
  // Covered: reached by some case, or unreachable (then it is no gap).
  bool Covered(Truth t) const { return !Has(reachable, t) || cases[static_cast<int>(t)] > 0; }
};

// A condition other than a rule's `when` whose truth changes what a screen
// says (issue 15), counted only in the cases where it matters:
//  - kResumeWhile: a wait rule's `resume_when` `while`, in the cases where the
//    rule fired (true: the text is shown, "open"; false: "closed");
//  - kAlternativeWhen: an alternative's `when`, in the cases decided swap
//    where a true swap rule names the alternative (true: offered);
//  - kBounds: a field's `min`/`max`, in the cases that answered the field
//    (true: the answer is within the bounds; false: outside, implausible;
//    never unknown).
struct ConditionCoverage {
  enum class Kind : uint8_t { kResumeWhile, kAlternativeWhen, kBounds };
  Kind kind = Kind::kResumeWhile;
  int index = -1;  // into Pack::rules, Pack::alternatives or Pack::fields, by kind
  int node = -1;   // root of the compiled condition; -1 for kBounds
  TruthSet reachable = kAllTruths;
  std::array<int, 3> cases{};  // cases per truth, indexed by Truth
  bool Covered(Truth t) const { return !Has(reachable, t) || cases[static_cast<int>(t)] > 0; }
};

struct Coverage {
  std::vector<RuleCoverage> rules;            // in pack order
  std::vector<ConditionCoverage> conditions;  // resume whiles, alternative whens, bounds
  int covered = 0;                            // reachable verdicts some case reached
  int reachable = 0;                          // reachable verdicts over rules and conditions

  // covered / reachable in percent; 100 when nothing is reachable.
  double Percent() const;
  // Exact: covered * 100 >= min_percent * reachable.
  bool Meets(double min_percent) const;
};

// Coverage of `pack` with no cases counted yet.
Coverage StartCoverage(const Pack& pack);

// Counts one case: `verdicts` holds every rule's verdict, in pack order.
void CountVerdicts(const std::vector<Truth>& verdicts, Coverage& coverage);

// Counts one screened case: every rule's verdict, and the conditions above.
// `record` is the case's record as given to Screener::Screen, `result` what
// it decided; implausible answers are left out as the screen left them out.
void CountCase(const Pack& pack, const Record& record, const Result& result, Coverage& coverage);

// Sums covered and reachable after the last case.
void FinishCoverage(Coverage& coverage);

// Why the rule cannot reach some verdict, for the report: "always true (no
// 'when')", "never unknown", ...; "" when it can reach all three.
std::string UnreachableNote(const Pack& pack, const RuleCoverage& rule);

// How the report names a condition, e.g. "acute-injury-window resume_when
// while", "alternative ice when", "field injury.onset min/max".
std::string ConditionName(const Pack& pack, const ConditionCoverage& condition);

// How the report names a condition's truth `t`: "open"/"closed" for a resume
// `while`, "offered"/"not offered" for an alternative's `when`,
// "within"/"outside" for bounds, "unknown".
std::string_view ConditionState(const ConditionCoverage& condition, Truth t);

}  // namespace needlescreen::authoring

#endif  // NEEDLESCREEN_AUTHORING_COVERAGE_H_
