// `needlescreen rules lint` (SPEC §4): everything the loader reports about a
// pack, plus warnings about likely authoring mistakes that still load.
#ifndef NEEDLESCREEN_AUTHORING_LINT_H_
#define NEEDLESCREEN_AUTHORING_LINT_H_

#include <optional>
#include <vector>

#include "authoring/analysis.h"
#include "needlescreen/diagnostic.h"
#include "needlescreen/pack.h"
#include "pack/sites.h"

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
// With `review_at` (the lint's time, `rules lint --at`), also about the
// review dates (issue 19; LintReview). Sorted by file (in `sources` order),
// line and column.
Diagnostics LintPack(const std::vector<PackSource>& sources,
                     size_t analysis_budget = ConditionAnalysis::kDefaultBudget,
                     std::optional<TimePoint> review_at = std::nullopt);

// Warnings about a loaded pack's review dates at time `now`: never reviewed
// (no last_review_date), past the end of its effective period (due for
// review: check, interview and serve warn) or not yet in it, reviewed before
// it was approved, and an approval or review date after `now`. Appended to
// `out`, at the value in the rule file (the first file's start for a date
// the pack does not give).
void LintReview(const Pack& pack, const pack::PackSites& sites, TimePoint now, Diagnostics& out);

}  // namespace needlescreen::authoring

#endif  // NEEDLESCREEN_AUTHORING_LINT_H_
