// The guided pre-session screen (SPEC §4 `interview`): one question at a
// time, only those whose answer can still change the decision. The questions,
// their types and help come from the pack's fields, so another pack gives
// another interview. The library only decides; it never reads or prints: the
// caller shows each Question, passes back what was typed, and screens the
// final record with a Screener like `check` does.
//
// Failure is returned as text (what was expected), never thrown; only
// std::bad_alloc escapes, from anything that allocates. The free functions
// keep no state and may run on any thread (ParseAnswer reads a datetime
// without an offset in the local zone: no thread may change TZ meanwhile).
#ifndef NEEDLESCREEN_INTERVIEW_H_
#define NEEDLESCREEN_INTERVIEW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/record.h"
#include "needlescreen/result.h"
#include "needlescreen/screen.h"
#include "needlescreen/time.h"

namespace needlescreen {

// What a line typed at a prompt means. Only the exact words below are
// commands (case-insensitive, surrounding blanks ignored); anything else is an
// answer to the question.
enum class ReplyKind : uint8_t {
  kAnswer,  // a value for the field
  kSkip,    // an empty line or `skip`: leave the field unknown
  kHelp,    // `?`: show the field's help
  kBack,    // `back`: return to the previous question
  kDone,    // `done`: stop asking and finish with what is known
};
// What `line` (one typed line, without its line break) means; never fails:
// anything that is not a command is kAnswer, to be given to Answer().
ReplyKind ClassifyReply(std::string_view line);

// Parses an answer typed for `field` into `slot`: bool y/n (and the record
// spellings), enum a 1-based number or a value, list numbers or values
// separated by commas or semicolons (`none` for an empty list unless it is a
// value), number with an optional unit (the field's), datetime ISO 8601 or
// as ParseWhen reads it, relative to `now` (`36h ago`, `36 hours ago`,
// `yesterday 09:00`, `now`). Values match
// case-insensitively; blanks around the text are ignored. The value is then
// decoded by DecodeText, so it means what the same text in a record means.
// Returns "" on success, with `slot` replaced (known). Otherwise returns
// ExpectedAnswer(field), never the text itself (SPEC §6), and `slot` is left
// as it was. Empty text is an error here: a skip is a ReplyKind, not an
// answer.
std::string ParseAnswer(const Field& field, std::string_view text, TimePoint now, Slot& slot);

// The short form of what a prompt accepts, e.g. "y/n", "1-3 or a name".
// Names the field's unit; holds no record value.
std::string AnswerHint(const Field& field);

// What the field expects, in a sentence, for a rejected answer and for help:
// ParseAnswer's error text. Names the field's values and unit; holds no
// record value.
std::string ExpectedAnswer(const Field& field);

// One question to ask now. A value, indexes into the interview's pack.
struct Question {
  int field = -1;          // index into Pack::fields
  bool blocking = false;   // a swap/wait rule needs it; false: only caution/info rules
  std::vector<int> rules;  // the rules with an unknown verdict it can decide, in pack order
  int number = 0;          // 1-based: questions answered or skipped so far, plus this one
  int remaining = 0;  // questions of this kind (blocking or not) that could follow, this included
};

// How a field got the value it has in the interview's record.
enum class FieldSource : uint8_t {
  kNotAsked,  // never asked: it could not change the decision
  kPreset,    // given before the interview (`--set`); never asked
  kAnswered,
  kSkipped,  // asked, and left unknown
};

// One question answered or skipped, in the order they were asked (a field
// answered again moves to the end, holding its latest answer).
struct Step {
  int field = -1;  // index into Pack::fields
  bool skipped = false;
  std::string typed;  // the answer as typed ("36h ago"); empty when skipped
};

// The state of one interview. Not synchronised: the const methods may run on
// several threads at once, but Answer, Skip, Back and Finish need the object
// to themselves. Copy-constructible (a copy is an independent interview of
// the same pack; the record and steps are copied), not assignable. The pack
// must be a loaded one and outlive the Interview and its copies.
class Interview {
 public:
  // `preset` holds values known beforehand (slots in pack field order; fewer
  // slots than fields are padded with unknowns, extra ones dropped); it is
  // taken by value (moved in, it is not copied). A preset field is never
  // asked. The screening time is the preset `screened_at` when the pack has
  // that field and it is known, else `default_now`; it is written into the
  // record's `screened_at` so a saved record replays at the same time.
  Interview(const Pack& pack, Record preset, TimePoint default_now);

  // The next question, or nullopt when nothing left to ask can matter or
  // Finish() was called. Blocking questions come first, the field that the
  // most swap/wait rules with an unknown verdict need, ties in pack field
  // order; none once a swap rule is true (the decision cannot change). Then,
  // only when the decision is proceed or incomplete (on swap or wait nothing
  // is needled today), the questions that only caution/info rules need.
  // A field is counted only when it can change an unknown verdict (the same
  // test as Result::missing), and a field once asked is not asked again.
  // Screens the record on every call (it allocates a Result).
  std::optional<Question> Next() const;

  // Records an answer for `field` (normally Next()'s), parsed by ParseAnswer
  // at the screening time. Returns "" or what was expected, or, for an
  // answer outside the field's plausible range (Field::min / max), what is
  // wrong with it (ImplausibleText; the record is then unchanged). A preset field, or an index
  // outside the pack, cannot be answered: "this field is not asked". Answering a field again
  // replaces its answer. Works after Finish() too.
  std::string Answer(int field, std::string_view text);

  // Leaves `field` unknown and does not ask it again (it replaces an earlier
  // answer). A preset field or an index outside the pack is ignored.
  void Skip(int field);

  // Undoes the last answer or skip, so that Next() asks that question again
  // (the field becomes unknown), and undoes Finish(). Returns its field, or
  // -1 when nothing has been asked yet.
  int Back();

  // Stops asking: Next() returns nullopt (end of input, `done`) until Back().
  void Finish() { finished_ = true; }
  bool finished() const { return finished_; }

  // The screen of the record as it stands, at screened_at().
  Result Screen(const ScreenOptions& options = {}) const;

  // The accessors return references to this Interview's members (or its
  // pack), valid while it lives; what they hold changes with Answer, Skip and
  // Back.
  const Pack& pack() const { return pack_; }
  const Record& record() const { return record_; }
  TimePoint screened_at() const { return screened_at_; }
  const std::vector<Step>& steps() const { return steps_; }
  // How `field` got its value. `field` must index Pack::fields (unchecked).
  FieldSource source(int field) const;

 private:
  const Pack& pack_;
  Screener screener_;
  Record record_;
  std::vector<bool> preset_;
  std::vector<Step> steps_;
  TimePoint screened_at_;
  bool finished_ = false;
};

// A saved interview: a YAML intake record and the 1-based line its mapping
// starts on (the `line` that `check` reports for it).
struct IntakeYaml {
  std::string text;
  uint64_t line = 0;
};

// The interview's record as YAML, nested by field path in pack order, every
// field preceded by its question as a comment, unknown fields as empty
// values, `screened_at` included: `needlescreen check` on it gives the same
// result as the interview. Each field also says how it got its value
// (preset, skipped, not asked). Holds the patient's answers: the caller
// decides where it goes. Writes nothing itself; never fails.
IntakeYaml WriteIntakeYaml(const Interview& interview);

// The interview's record as a FHIR R4 QuestionnaireResponse (JSON, starting
// on line 1) for the pack's Questionnaire (`template --format fhir`):
// `questionnaire` its canonical reference (url|version), `status` completed,
// `authored` the screening time, and one flat item per known field (linkId =
// field path, text = question) with its answers, `screened_at` included;
// an unknown field has no item; a known, empty list is an item with the
// kFhirEmptyListExtension (reader.h). `check --input-format fhir` on it gives
// the same result as the interview. Holds the patient's answers; writes
// nothing itself; never fails.
std::string WriteIntakeFhir(const Interview& interview);

}  // namespace needlescreen

#endif  // NEEDLESCREEN_INTERVIEW_H_
