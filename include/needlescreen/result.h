// What screening one record decided, and why (SPEC §1.3, §4 JSON output).
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

enum class Decision : uint8_t { kProceed, kWait, kSwap, kIncomplete, kError };

// "proceed", "wait", "swap", "incomplete" or "error".
std::string_view DecisionName(Decision decision);

// Parses a decision name; nullopt when it is none of the five.
std::optional<Decision> ParseDecision(std::string_view name);

// A true rule, with its message filled in from the record. `message` views
// either the pack (a message without placeholders) or Result::rendered: it is
// valid as long as the Result and the pack are, until the Result is reused.
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

// One value a rule read, for --explain.
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
  std::vector<Reading> readings;
  std::vector<DecidingPart> decided_by;  // empty for a rule without `when`
  std::vector<LetReading> lets;          // in pack order
};

struct Result {
  Result() = default;
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
  std::vector<Finding> cautions;  // true caution rules
  std::vector<Finding> notes;     // true info rules
  std::vector<Missing> missing;   // in pack field order
  std::optional<TimePoint> resume_after;
  std::vector<std::string> resume_when;
  std::vector<int> alternatives;  // indexes into Pack::alternatives (swap only)
  TimePoint screened_at{};
  std::vector<Truth> verdicts;   // one per rule, in pack order
  std::vector<RuleTrace> trace;  // filled only when explaining
  // Storage for messages with placeholders, reused across records (it may
  // hold more strings than the findings of this record view).
  std::deque<std::string> rendered;
};

}  // namespace needlescreen

#endif  // NEEDLESCREEN_RESULT_H_
