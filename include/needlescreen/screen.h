// Screening: evaluate every rule on a record and decide (SPEC §2 "Decision").
#ifndef NEEDLESCREEN_SCREEN_H_
#define NEEDLESCREEN_SCREEN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/record.h"
#include "needlescreen/result.h"
#include "needlescreen/time.h"

namespace needlescreen {

struct ScreenOptions {
  bool explain = false;  // fill Result::trace
};

// Screens records against one pack. Holds only a reference to the pack and
// no per-record state: Screen() is const and may run on many threads at once.
// The pack must outlive the Screener.
class Screener {
 public:
  explicit Screener(const Pack& pack);

  // Screens `record` (slots in pack field order). The screening time is the
  // record's `screened_at` field when the pack has one and it is known, else
  // `default_now`. Overwrites `out` (pass the same Result to reuse its memory).
  // A record whose resume time falls outside InDatetimeRange (onset + 28d
  // past 9999-12-31) is decided kError with Result::error set: a wait
  // without its date, or with a date no reader accepts, is not written.
  void Screen(const Record& record, TimePoint default_now, const ScreenOptions& options,
              Result& out) const;

  Result Screen(const Record& record, TimePoint default_now) const {
    Result r;
    Screen(record, default_now, {}, r);
    return r;
  }

  // One-line summary: "wait: <first reason>; resume after <time>".
  std::string Summary(const Result& result) const;
  // The same, appended to `out` (no allocation once `out` has capacity).
  void AppendSummary(const Result& result, std::string& out) const;

  const Pack& pack() const { return pack_; }

 private:
  const Pack& pack_;
  int screened_at_field_ = -1;
  // Worked out once from the pack so that Screen() only evaluates:
  std::vector<int> order_;              // rule indexes, swap, wait, caution, info
  std::vector<bool> is_static_;         // message has no placeholders
  std::vector<uint64_t> alternatives_;  // per swap rule: bit i = Pack::alternatives[i]
};

}  // namespace needlescreen

#endif  // NEEDLESCREEN_SCREEN_H_
