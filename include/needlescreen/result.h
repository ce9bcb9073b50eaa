// What screening one record decided, and why (SPEC §1.3, §4 JSON output).
//
// Plain data filled by Screener::Screen. Indexes (rule, field, let,
// alternative) refer to the Pack that screened the record; a Result is only
// meaningful next to that pack. Nothing here throws but std::bad_alloc, and
// nothing prints. A Result is not synchronised: one per thread.
#ifndef NEEDLESCREEN_RESULT_H_
#define NEEDLESCREEN_RESULT_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/status.h"
#include "needlescreen/time.h"
#include "needlescreen/truth.h"

namespace needlescreen {

// The outcome for one record: swap > wait > incomplete > proceed (SPEC §2);
// kError when the record could not be read or its screen cannot be written.
// The values index BatchCounts::by_decision: their order is fixed.
enum class Decision : uint8_t { kProceed, kWait, kSwap, kIncomplete, kError };

// "proceed", "wait", "swap", "incomplete" or "error" (a view of a string
// literal, valid for the whole program; "error" for a value outside the
// enum). Never throws.
std::string_view DecisionName(Decision decision);

// Parses a decision name, exactly as DecisionName writes it (lower case, no
// blanks); nullopt when it is none of the five. Never throws.
std::optional<Decision> ParseDecision(std::string_view name);

// A true rule, with its message filled in from the record. `message` views
// either the pack (a message without placeholders: the compiled form, shared
// by copies of the Pack) or Result::rendered: it is valid as long as the
// Result and the pack are, until the Result is reused. A filled-in message
// holds the record's values (patient data) unescaped.
struct Finding {
  int rule = -1;  // index into Pack::rules
  std::string_view message;
};

// A missing field that an unknown rule needs, with those rules.
struct Missing {
  int field = -1;          // index into Pack::fields
  std::vector<int> rules;  // indexes into Pack::rules, in pack order
  bool blocking = false;   // some swap/wait rule needs it
};

// One value a rule read, for --explain. Holds the patient's value.
struct Reading {
  int field = -1;  // index into Pack::fields, or -1 for `now`
  bool known = false;
  std::string value;  // rendered; empty when unknown
};

// A part of a rule's condition that decided its verdict, for --explain.
// Through `and`, `or` and `not` the parts are the operands whose value gave
// the result: for a false `and` its false operands, for a true `or` its true
// ones, for an unknown result its unknown ones; a condition that is not
// compound is its own part.
struct DecidingPart {
  std::string expr;  // the part as written in the rule's `when`, blanks folded
  Truth value = Truth::kUnknown;
};

// The value of a `let` a rule's condition read (directly or through another
// let), for --explain.
struct LetReading {
  int let = -1;  // index into Pack::lets
  bool known = false;
  std::string value;  // rendered (true/false for conditions); empty when unknown
};

// One rule's verdict, for --explain.
struct RuleTrace {
  Truth verdict = Truth::kUnknown;
  std::vector<Reading> readings;         // fields in index order, then `now` if read
  std::vector<DecidingPart> decided_by;  // empty for a rule without `when`
  std::vector<LetReading> lets;          // in pack order
};

// One record's screen. Move-only, because the Findings view its own
// `rendered`: a copy would view the original's storage (a moved-to Result
// keeps valid views, as a std::deque's elements do not move). Reuse one
// Result per thread across records: Screener::Screen overwrites it.
struct Result {
  Result() = default;
  ~Result() = default;
  // Findings view `rendered`; a copy would view the original's storage.
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  Result(Result&&) = default;
  Result& operator=(Result&&) = default;

  Decision decision = Decision::kIncomplete;
  // For kError: why the screen cannot be written, naming the fields (never
  // their values) in its position, without the record's line (the screener
  // does not know it; the writers add it), e.g. field injury.onset and "too
  // late to compute resume_after for rule r (it would fall after
  // 9999-12-31)". OK otherwise.
  Status error;
  std::vector<Finding> reasons;   // true swap/wait rules, swap first, then pack order
  std::vector<Finding> cautions;  // true caution rules, in pack order
  std::vector<Finding> notes;     // true info rules, in pack order
  std::vector<Missing> missing;   // in pack field order; fields of every unknown rule
  // Wait only: the latest known resume time of the true wait rules (nullopt
  // when none has one), and their distinct `resume_when` texts in pack order.
  std::optional<TimePoint> resume_after;
  std::vector<std::string> resume_when;
  std::vector<int> alternatives;  // indexes into Pack::alternatives (swap only)
  TimePoint screened_at{};        // the time the record was screened at
  std::vector<Truth> verdicts;    // one per rule, in pack order
  std::vector<RuleTrace> trace;   // filled only when explaining
  // Storage for messages with placeholders, reused across records (it may
  // hold more strings than the findings of this record view).
  std::deque<std::string> rendered;
};

}  // namespace needlescreen

#endif  // NEEDLESCREEN_RESULT_H_
