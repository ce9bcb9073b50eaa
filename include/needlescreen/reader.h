// Record readers: YAML, JSON, JSON Lines, CSV, FHIR -> typed slots, one event
// per record (SPEC §1.5: every input record yields exactly one event, bad ones
// included).
//
// A record that cannot be read is an event with an error Status, never an
// exception and never a skipped record; a stream that cannot be read is the
// Status ReadRecords returns. Only std::bad_alloc escapes (and whatever a
// caller's sink or unknown-field callback throws, passed through unchanged);
// nothing prints. The functions hold no state between calls: calls on
// different streams may run on different threads at once, with a Pack shared
// read-only.
#ifndef NEEDLESCREEN_READER_H_
#define NEEDLESCREEN_READER_H_

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

#include "needlescreen/pack.h"
#include "needlescreen/record.h"
#include "needlescreen/status.h"

namespace needlescreen {

// kFhir: one FHIR R4 JSON resource, a QuestionnaireResponse or a Bundle
// (type searchset or collection) of them, as `template --format fhir`'s
// Questionnaire asks (README "FHIR intake"):
// - one record per QuestionnaireResponse, in entry order; a Bundle entry that
//   is not a QuestionnaireResponse (an OperationOutcome, an included Patient,
//   an entry with no resource) is an error record, never skipped; a Bundle with
//   no entries is no record and no error (like `[]` in JSON);
// - items flat, one per field, `linkId` = the field path; an item's answers
//   (valueBoolean; valueDecimal or valueInteger; valueString; valueCoding's
//   `code`; valueDateTime with a time of day) decode as DecodeText and
//   DecodeListItem do (record.h); several answers only for a list field; an
//   item with no answer is unknown, and one carrying the extension
//   kFhirEmptyListExtension (valueBoolean true) is a known, empty list;
// - that record's error: a duplicated linkId, a nested item (in an item or an
//   answer), an answer of another value[x] than the field's type takes (a
//   valueDate for a datetime field: a day is not a time), a modifierExtension
//   (FHIR: not understood, so not to be processed), status entered-in-error,
//   and an unknown linkId under --strict; otherwise an unknown linkId goes to
//   on_unknown_field, as other readers' unknown fields do;
// - the record's id is the answer to an item with linkId `id`, else the
//   resource's `id`; `questionnaire`, `authored`, `subject` and other members
//   are not read (the screening time is the `screened_at` item, or the caller's).
// A document that is not JSON, not one of these two resources, or a Bundle of
// another type is one error record. Limits: a lone QuestionnaireResponse, and
// each resource of a Bundle, by ReadOptions::max_record_bytes; a Bundle by
// kMaxFhirBundleBytes (or max_record_bytes when larger). JSON nesting is
// bounded by simdjson's depth limit (1024): deeper is a syntax error record.
// Embedding (a CDS Hooks service): ReadRecords(stream, name, InputFormat::kFhir,
// pack, options, &n, sink) with the prefetched resource, a bare
// QuestionnaireResponse or a searchset Bundle, as the stream; each record's
// event comes to the sink as from `check`.
enum class InputFormat : uint8_t { kYaml, kJson, kJsonLines, kCsv, kFhir };

// The largest FHIR Bundle document read (a JSON document is parsed whole).
inline constexpr size_t kMaxFhirBundleBytes = 16 << 20;

// An extension on a QuestionnaireResponse item, valueBoolean true, with no
// answer: the list field is known and empty ("none of these"), which FHIR's
// answers cannot say (a list needs at least one answer). A reader that does
// not know it sees no answer, i.e. unknown: fail closed.
inline constexpr std::string_view kFhirEmptyListExtension = "urn:needlescreen:fhir:empty-list";

// "yaml", "json", "jsonl" (or "ndjson"), "csv", "fhir"; nullopt for anything
// else.
std::optional<InputFormat> ParseInputFormat(std::string_view name);

// From a file name's extension (.yaml .yml .json .jsonl .ndjson .csv, and
// .fhir.json for kFhir).
std::optional<InputFormat> InputFormatFromPath(std::string_view path);

// Guesses the format of a stream from its first bytes: `[` JSON, `{` whose
// first key is "resourceType" FHIR, another `{` JSON Lines when the first line
// is a whole object else JSON, a first line with commas and no colon CSV,
// anything else YAML.
InputFormat SniffInputFormat(std::string_view head);

// Position and identity of one input record.
struct RecordInfo {
  uint64_t record = 0;    // 1-based, continuing across files of one run
  uint64_t line = 0;      // 1-based line where the record starts; 0 = none
  std::string_view file;  // the input's name, "-" for stdin
  std::optional<std::string> id;
};

// One record as read. `status` OK means `record` holds its decoded fields;
// otherwise it says where (record, line, field) and what was expected, never
// the value, and `record` must not be screened.
struct RecordEvent {
  RecordInfo info;
  Record* record = nullptr;  // owned by the reader; valid until the sink returns
  Status status;
};

// Default limit on one JSON Lines or CSV record (SPEC §6); --max-record-bytes.
inline constexpr size_t kDefaultMaxRecordBytes = 1 << 20;

struct ReadOptions {
  bool strict = false;  // an unknown field makes the record an error
  // A longer JSON Lines / CSV record is that record's error (its bytes are
  // dropped without being held in memory); the others are still read. So is
  // a longer element of a JSON array, or a JSON document of one object.
  size_t max_record_bytes = kDefaultMaxRecordBytes;
  // Lines are numbered as if this many lines came before the input (`check
  // --record-offset`: a shard of a larger input), in positions and in the
  // messages that name a line alike.
  uint64_t line_offset = 0;
  // Called for each unknown field path met (the caller warns once per path).
  std::function<void(std::string_view path)> on_unknown_field;
};

// Receives each record event in input order. Return false to stop reading
// (e.g. the output is gone).
using RecordSink = std::function<bool(RecordEvent& event)>;

// Reads all records of `in` in `format`, numbering them from `*next_record`
// (which is advanced). Returns OK at the end of input (or when the sink
// stopped), or a kIoError for a failure of the stream itself, after which
// reading stopped. A record that cannot be read is not a failure of the read:
// it reaches the sink as an event with an error status.
Status ReadRecords(std::istream& in, std::string_view file_name, InputFormat format,
                   const Pack& pack, const ReadOptions& options, uint64_t* next_record,
                   const RecordSink& sink);

// Fills every unknown slot of `record` from the known slots of `defaults`
// (the `--set` values: the record's own value wins).
void ApplyDefaults(const Record& defaults, Record& record);

}  // namespace needlescreen

#endif  // NEEDLESCREEN_READER_H_
