// Screening: evaluate every rule on a record and decide (SPEC §2 "Decision").
//
// Screening cannot fail on a well-formed call: a record's problems are
// unknowns or a kError decision in the Result, never an exception. Only
// std::bad_alloc escapes (from the constructor, from Screen() while a reused
// Result's buffers grow, from Summary()); nothing prints.
#ifndef NEEDLESCREEN_SCREEN_H_
#define NEEDLESCREEN_SCREEN_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/record.h"
#include "needlescreen/result.h"
#include "needlescreen/time.h"

namespace needlescreen {

// Per-call choices for Screener::Screen (the pack's are fixed at load).
struct ScreenOptions {
  // Fill Result::trace: one RuleTrace per rule. It allocates for every
  // record, so it is off for plain screening.
  bool explain = false;
  // Write the datetimes this fills into Result strings (rule messages'
  // placeholders, Result::trace readings and lets) as FormatLocalDatetime
  // does, for people reading text output or the interview. Off, they are UTC
  // as FormatDatetime writes them, which JSON, JSON Lines and CSV need: a
  // Result screened for one is not written in the other. Only the rendering
  // changes, never a decision or a time (Result::resume_after, screened_at).
  bool local_times = false;
};

// Screens records against one pack. Holds only a reference to the pack and
// no per-record state: Screen() is const and may run on many threads at once,
// each with its own Result. The pack must be a loaded one (Pack::compiled
// set) and must outlive the Screener. Copyable (the copy refers to the same
// pack), not assignable.
class Screener {
 public:
  // Works out the rule order and alternatives once; O(rules x alternatives).
  explicit Screener(const Pack& pack);

  // Screens `record`, which must have (at least) one slot per pack field, in
  // pack field order, decoded against this pack's fields: the slots are read
  // by index without a check. The screening time is the record's
  // `screened_at` field when it is known (every loaded pack has the field),
  // else `default_now`. Overwrites every member of `out` but `rendered`,
  // whose strings it reuses (pass the same Result to reuse its memory across
  // records); the Findings it leaves view the pack and `out.rendered`. The
  // record is only read.
  // A record whose resume time falls outside InDatetimeRange (onset + 28d
  // past 9999-12-31) is decided kError with Result::error set: a wait
  // without its date, or with a date no reader accepts, is not written.
  // That is the only kError this function decides.
  void Screen(const Record& record, TimePoint default_now, const ScreenOptions& options,
              Result& out) const;

  // The same into a new Result (allocated each call), without explanation.
  Result Screen(const Record& record, TimePoint default_now) const {
    Result r;
    Screen(record, default_now, {}, r);
    return r;
  }

  // One-line summary: "wait: <first reason> (and N more); resume after
  // <time>; <resume_when>...", "swap: <first reason> (and N more)",
  // "incomplete: N answers needed before screening can clear: <paths>",
  // "proceed: no reason to wait or swap; N cautions to apply", or
  // "error: <Result::error>".
  // `result` must be one this Screener's Screen() filled (a swap or wait
  // Result without reasons is undefined behaviour). The first reason is a
  // rule message filled in from the record, so the line can hold a patient's
  // value, unescaped: writers escape it for their format.
  std::string Summary(const Result& result) const;
  // The same, appended to `out` (no allocation once `out` has capacity).
  void AppendSummary(const Result& result, std::string& out) const;

  // Whether a known value of field `field` (an index into Pack::fields) lies
  // within the field's plausible range (Field::min / max) for a screen at
  // `now`; kNo for a field without bounds or a slot not known. Used by
  // Screen() and by the interview to refuse an answer. Never throws.
  Implausible CheckAnswer(int field, const Slot& slot, TimePoint now) const;

  // The pack given at construction.
  const Pack& pack() const { return pack_; }

 private:
  const Pack& pack_;
  int screened_at_field_ = -1;
  // Worked out once from the pack so that Screen() only evaluates:
  std::vector<int> order_;              // rule indexes, swap, wait, caution, info
  std::vector<bool> is_static_;         // message has no placeholders
  std::vector<uint64_t> alternatives_;  // per swap rule: bit i = Pack::alternatives[i]
  std::vector<int> bound_of_;           // per field: index into the compiled bounds, or -1

  // Screen()'s first step: the record to evaluate, `record` itself or, when
  // some answer is implausible, `out.masked` without it (listed in
  // `implausible`).
  const Record& Plausible(const Record& record, int64_t now, Result& out,
                          std::vector<std::pair<int, Implausible>>& implausible) const;
};

}  // namespace needlescreen

#endif  // NEEDLESCREEN_SCREEN_H_
