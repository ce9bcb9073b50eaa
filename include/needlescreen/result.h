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

#include "needlescreen/pack.h"
#include "needlescreen/record.h"
#include "needlescreen/status.h"
#include "needlescreen/time.h"
#include "needlescreen/truth.h"

namespace needlescreen {

// The outcome for one record: refer > swap > wait > incomplete > proceed
// (SPEC §2, §7); kError when the record could not be read or its screen
// cannot be written. The values index BatchCounts::by_decision: their order
// is fixed, and kDecisionCount counts them.
enum class Decision : uint8_t { kProceed, kWait, kSwap, kIncomplete, kError, kRefer };
inline constexpr int kDecisionCount = 6;

// Every decision, in the order summaries list them: proceed, wait, swap,
// refer, incomplete, error.
inline constexpr Decision kDecisionsInOrder[] = {Decision::kProceed,    Decision::kWait,
                                                 Decision::kSwap,       Decision::kRefer,
                                                 Decision::kIncomplete, Decision::kError};

// "proceed", "wait", "swap", "refer", "incomplete" or "error" (a view of a
// string literal, valid for the whole program; "error" for a value outside
// the enum). Never throws.
std::string_view DecisionName(Decision decision);

// Parses a decision name, exactly as DecisionName writes it (lower case, no
// blanks); nullopt when it is none of the six. Never throws.
std::optional<Decision> ParseDecision(std::string_view name);

// True when an unknown rule with this outcome could, once answered, change a
// record's decision: its outcome ranks above the decision (refer > swap >
// wait > incomplete and proceed). Caution and info rules never do, and
// nothing changes refer or error. Never throws.
bool CanChange(Outcome outcome, Decision decision);

// What a record's cautions and notes (the needling advice) are for, by
// decision (issue 15): on proceed they apply to the session now; on wait, to
// the session after the wait; on incomplete, to a session once the screen
// clears; on swap and refer nothing is needled, so they do not apply. kNone
// for error records, which have none.
enum class AdviceFor : uint8_t { kNow, kAfterWait, kOnceCleared, kNotNeedling, kNone };

// AdviceFor of a decision, as described above. Never throws.
AdviceFor AdviceForDecision(Decision decision);

// "now", "after_wait", "once_cleared", "not_needling" (JSON's
// `needling_advice`), or "" for kNone. Never throws.
std::string_view AdviceName(AdviceFor advice);

// A true rule, with its message filled in from the record. `message` views
// either the pack (a message without placeholders: the compiled form, shared
// by copies of the Pack) or Result::rendered: it is valid as long as the
// Result and the pack are, until the Result is reused. A filled-in message
// holds the record's values (patient data) unescaped.
struct Finding {
  int rule = -1;  // index into Pack::rules
  std::string_view message;
};

// What is wrong with an answer outside its field's plausible range
// (Field::min / Field::max, issue 15): such an answer is never used, and is
// asked again.
enum class Implausible : uint8_t { kNo, kBelowMin, kAboveMax };

// What is wrong, in words for the person answering, naming the bound as the
// pack wrote it (`now` as "the screening time") and never the value given,
// e.g. "the answer given is after the screening time"; "" for kNo. Never
// throws but std::bad_alloc.
std::string ImplausibleText(const Field& field, Implausible problem);

// A missing field that an unknown rule needs, with those rules, or an answer
// that was given but is implausible (then `rules` may be empty).
struct Missing {
  int field = -1;                          // index into Pack::fields
  std::vector<int> rules;                  // indexes into Pack::rules, in pack order
  Implausible problem = Implausible::kNo;  // set when an answer was given but is not used
  // Some unknown rule that needs it could still change the decision: a refer,
  // swap or wait rule on incomplete; one ranking above the decision on wait
  // (refer, swap) and swap (refer); never on refer or proceed.
  bool blocking = false;
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

// --- check --counterfactual (issue 19): what would change the decision ---
// Filled by CounterfactualFinder (needlescreen/counterfactual.h), which says
// how the values are chosen and what the limits are. Every value here was
// tried by screening the changed record with the real screener: none is
// reasoned alone. They hold the patient's values (`from`), unescaped.

// One answer as it would have to be.
struct AnswerChange {
  int field = -1;  // index into Pack::fields; never `id` or `screened_at`
  Slot from;       // as the record gave it (not known: left unanswered)
  Slot to;         // known, a value of the field's type
  // How the pack's boundary reads `to`, for people: "exactly 72 h before
  // the screen" (numbers and datetimes); "" where the value says it all.
  std::string words;
};

// One smallest way the record would be decided proceed: every answer in
// `changes` different, and/or the record screened at `screen_at` instead.
struct ChangeSet {
  std::vector<AnswerChange> changes;   // in pack field order; may be empty (time alone)
  std::optional<TimePoint> screen_at;  // the earliest time after the record's own that works
  // With screen_at: proceed at every time from it up to the search's horizon
  // (false: only from screen_at until some later time).
  bool or_later = false;
};

// What one answer to a missing field would decide, the rest of the record as
// it is (incomplete records only).
struct AnswerOutcome {
  Slot value;         // known
  std::string words;  // as AnswerChange::words
  Decision decision = Decision::kIncomplete;
};

// A missing answer (Missing::blocking) and what each value tried decides.
struct DecidingAnswer {
  int field = -1;  // index into Pack::fields
  Slot from;       // as the record gave it: unknown, or an implausible answer not used
  std::vector<AnswerOutcome> answers;
};

struct Counterfactual {
  // True when the record was searched (a decision other than proceed and
  // error, with --counterfactual); everything else is empty when false.
  bool searched = false;
  std::vector<ChangeSet> sets;          // minimal, smallest first, then in field order
  bool more = false;                    // more minimal sets were found than `sets` holds
  std::vector<DecidingAnswer> decides;  // incomplete: one per blocking missing answer
  // The search stopped at its limit of screenings (or of sets of answers
  // considered) before it was complete: `sets` are minimal and verified, but
  // others may exist, and an empty `sets` proves nothing.
  bool exhausted = false;
  uint64_t screenings = 0;  // screens of changed records the search made
  uint64_t considered = 0;  // sets of things and of answers weighed, screened or not
  // The bounds searched within (CounterfactualLimits), for saying what "no
  // way" means: answers changed at once, and days after the screen tried.
  int max_answers = 0;
  int horizon_days = 0;

  void Clear() {
    searched = more = exhausted = false;
    sets.clear();
    decides.clear();
    screenings = considered = 0;
    max_answers = horizon_days = 0;
  }
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
  std::vector<Finding> reasons;   // true refer/swap/wait rules, most severe first, then pack order
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
  // Filled only by CounterfactualFinder::Find (Screen() clears it).
  Counterfactual counterfactual;
  // Storage for messages with placeholders, reused across records (it may
  // hold more strings than the findings of this record view).
  std::deque<std::string> rendered;
  // The record as screened when it held implausible answers: a copy with
  // them cleared (unused otherwise; reused across records).
  Record masked;
};

}  // namespace needlescreen

#endif  // NEEDLESCREEN_RESULT_H_
