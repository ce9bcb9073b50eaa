// `needlescreen rules lint` (SPEC §4): everything the loader reports about a
// pack, plus warnings about likely authoring mistakes that still load.
#ifndef NEEDLESCREEN_AUTHORING_LINT_H_
#define NEEDLESCREEN_AUTHORING_LINT_H_

#include <vector>

#include "authoring/analysis.h"
#include "needlescreen/diagnostic.h"
#include "needlescreen/pack.h"

namespace needlescreen::authoring {

// Lints one pack made of `sources` (in load order). Returns every diagnostic
// the loader reports and, when the pack has no error, warnings about:
// - a field that no rule, let or message reads (`id` and `screened_at`, which
//   the engine itself uses, excepted), and a let that nothing uses;
// - a rule that can never fire, always fires, or can never be silent, and a
//   part of a condition that can never be true (contradictory comparisons of
//   one field or let, literal conditions);
// - a message placeholder that can be unknown when its rule fires;
// - a swap or wait rule without `source`, a wait rule with neither `resume`
//   nor `resume_when`.
// The analysis of conditions stops after `analysis_budget` steps (see
// ConditionAnalysis) with a warning at the rule it reached; the warnings above
// about later rules are then missing, never wrong.
// Sorted by file (in `sources` order), line and column.
Diagnostics LintPack(const std::vector<PackSource>& sources,
                     size_t analysis_budget = ConditionAnalysis::kDefaultBudget);

}  // namespace needlescreen::authoring

#endif  // NEEDLESCREEN_AUTHORING_LINT_H_
