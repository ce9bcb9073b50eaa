// Record readers: YAML, JSON, JSON Lines, CSV -> typed slots, one event per
// record (SPEC §1.5: every input record yields exactly one event, bad ones
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

enum class InputFormat : uint8_t { kYaml, kJson, kJsonLines, kCsv };

// "yaml", "json", "jsonl" (or "ndjson"), "csv"; nullopt for anything else.
std::optional<InputFormat> ParseInputFormat(std::string_view name);

// From a file name's extension (.yaml .yml .json .jsonl .ndjson .csv).
std::optional<InputFormat> InputFormatFromPath(std::string_view path);

// Guesses the format of a stream from its first bytes: `[` JSON, `{` JSON
// Lines when the first line is a whole object else JSON, a first line with
// commas and no colon CSV, anything else YAML.
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
