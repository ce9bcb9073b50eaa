// What would change a decision (`check --counterfactual`, SPEC §7, issue 19):
// for a record not decided proceed, the smallest sets of answers (and/or a
// later screening time) with which it would be, and for an incomplete record
// what each missing answer would decide.
//
// Exact over the pack's own values, bounded, and fail closed:
//  - The values tried for a field are its boundary values at the record's
//    screening time (screen/boundary.h, the ones `rules cases` uses): both
//    values of a bool, every value of an enum, for a number or datetime the
//    threshold of each comparison with a constant and the value just beyond
//    it (whole seconds; numbers one decimal place finer than the threshold),
//    strings the texts compared with and one other; a list keeps its items
//    no condition names and tries every combination of those the conditions
//    name (all 2^n when n <= CounterfactualLimits::max_list_values, else the
//    empty list, each alone and all together). Never "unknown", and never a
//    value implausible at the record's screening time (Field::min / max).
//  - Only fields read by refer, swap and wait rules (through lets) are
//    changed; never `id`. `screened_at` is "the time": a set may move the
//    screen to a later time, at most `horizon` after the record's own; the
//    earliest such time is found from the thresholds of every comparison
//    that reads `now` and of every bound on the plausible range (decisions
//    are constant between them: every time term of the language is linear),
//    never by stepping.
//  - A set is minimal over what it changes: no reported set's answers (and
//    time) include another's. Sets are searched smallest first; a set that
//    leaves some refer/swap/wait rule that is not false with nothing it reads
//    changed cannot give proceed and is not screened, nor are answers under
//    which such a rule's condition alone is still not false.
//  - Every set reported was screened with the real Screener and decided
//    proceed. The search counts its screenings; past the limit it stops and
//    says so (Counterfactual::exhausted) instead of passing a partial answer
//    for a complete one.
#ifndef NEEDLESCREEN_COUNTERFACTUAL_H_
#define NEEDLESCREEN_COUNTERFACTUAL_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "needlescreen/record.h"
#include "needlescreen/result.h"
#include "needlescreen/screen.h"
#include "needlescreen/time.h"

namespace needlescreen {

// The bounds of one record's search. The defaults are what `check
// --counterfactual` uses (README "What would change the decision").
struct CounterfactualLimits {
  int max_answers = 3;  // answers changed at once (a later time aside)
  std::chrono::seconds horizon{
      std::chrono::hours(24 * 366)};  // latest time tried, after the screen
  uint64_t max_screenings = 20000;    // screens of changed records per record
  uint64_t max_considered = 500000;   // sets of answers weighed, screened or not
  size_t max_sets = 10;               // sets reported; Counterfactual::more says there are others
  size_t max_values_per_field = 16;   // boundary values per field (BoundaryValues)
  int max_list_values = 6;            // list values combined every way (2^6 = 64 lists)
};

namespace internal {
struct CounterfactualPlan;
}

// Finds counterfactuals for records screened by one Screener. Works out what
// it can from the pack once; Find() is const and may run on many threads at
// once, each with its own Result. The screener (and its pack) must outlive
// the finder. Not copyable.
class CounterfactualFinder {
 public:
  // O(pack size). May throw std::bad_alloc.
  explicit CounterfactualFinder(const Screener& screener, CounterfactualLimits limits = {});
  ~CounterfactualFinder();
  CounterfactualFinder(const CounterfactualFinder&) = delete;
  CounterfactualFinder& operator=(const CounterfactualFinder&) = delete;

  // Fills `result.counterfactual` for `record`, which `result` must be the
  // screener's Screen() of at `default_now` (the same record, time and
  // screener; options do not matter). Proceed and error results get
  // `searched` false and nothing else. Reads `record` only; touches nothing
  // of `result` but `counterfactual`. Allocates (a changed copy of the
  // record, a Result per call); never throws but std::bad_alloc.
  void Find(const Record& record, TimePoint default_now, Result& result) const;

  const CounterfactualLimits& limits() const { return limits_; }

 private:
  const Screener& screener_;
  CounterfactualLimits limits_;
  std::unique_ptr<const internal::CounterfactualPlan> plan_;
};

}  // namespace needlescreen

#endif  // NEEDLESCREEN_COUNTERFACTUAL_H_
