// The parts of `check --counterfactual` (needlescreen/counterfactual.h) that
// the search file and the values file share: what is worked out from the
// pack once, and the values a record's search tries.
#ifndef NEEDLESCREEN_SCREEN_COUNTERFACTUAL_PLAN_H_
#define NEEDLESCREEN_SCREEN_COUNTERFACTUAL_PLAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "needlescreen/counterfactual.h"
#include "needlescreen/pack.h"
#include "needlescreen/record.h"
#include "screen/boundary.h"

namespace needlescreen::internal {

// Worked out from the pack once (CounterfactualFinder's constructor).
struct CounterfactualPlan {
  std::vector<screen::Probe> probes;
  // Fields a refer, swap or wait rule reads (through lets), in pack order;
  // never `id` or `screened_at`.
  std::vector<int> fields;
  // Per rule: whether it decides (refer, swap, wait), the fields its `when`
  // reads (sorted), and whether the screening time can change its verdict
  // (it reads `now`, or a field whose plausible range does).
  std::vector<bool> deciding;
  std::vector<std::vector<int>> rule_fields;
  std::vector<bool> rule_reads_time;
  bool time_matters = false;  // some deciding rule reads the time
  // Comparisons and memberships whose operands read `now`: where a decision
  // can change as time passes.
  std::vector<int> time_nodes;
  int screened_at = -1;  // field index

  explicit CounterfactualPlan(const Pack& pack);
};

// A value to try for a field.
struct Candidate {
  Slot slot;          // known
  std::string words;  // AnswerChange::words
};

// Whether two known slots hold the same value of a field of type `type`
// (only the member the type uses is compared).
bool SameAnswer(FieldType type, const Slot& a, const Slot& b);

// The values a search of `record` (screened at `at`) tries for each of
// plan.fields (indexed like it): its boundary values, plausible at `at`,
// lists expanded into combinations, without the record's own value.
std::vector<std::vector<Candidate>> CandidateValues(const Screener& screener,
                                                    const CounterfactualPlan& plan,
                                                    const CounterfactualLimits& limits,
                                                    const Record& record, TimePoint at);

// The screening times in (at, latest] where the decision for `record` may
// change: each threshold of plan.time_nodes and of the plausible ranges of
// the record's answers, with the second before and after it; sorted, without
// duplicates. Between two of them no comparison changes its truth.
std::vector<int64_t> TimeCandidates(const Pack& pack, const CounterfactualPlan& plan,
                                    const Record& record, int64_t at, int64_t latest);

}  // namespace needlescreen::internal

#endif  // NEEDLESCREEN_SCREEN_COUNTERFACTUAL_PLAN_H_
