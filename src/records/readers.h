// The per-format readers behind ReadRecords (reader.cc dispatches) and the
// chunk parser the batch screener runs on several threads.
#ifndef NEEDLESCREEN_RECORDS_READERS_H_
#define NEEDLESCREEN_RECORDS_READERS_H_

#include <istream>
#include <memory>
#include <string>
#include <string_view>

#include "needlescreen/reader.h"
#include "records/builder.h"
#include "records/chunk.h"

namespace needlescreen::records {

// Input limit (SPEC §6) on one YAML or JSON document; JSON Lines and CSV
// records are limited by ReadOptions::max_record_bytes.
inline constexpr size_t kMaxDocumentBytes = 64 << 20;

Status ReadYaml(std::istream& in, std::string_view file, RecordBuilder& builder,
                uint64_t* next_record, const RecordSink& sink);
Status ReadJson(std::istream& in, std::string_view file, RecordBuilder& builder,
                uint64_t* next_record, const RecordSink& sink);
// InputFormat::kFhir (reader.h says what is read).
Status ReadFhir(std::istream& in, std::string_view file, RecordBuilder& builder,
                uint64_t* next_record, const RecordSink& sink);

// Reads at most `limit` + 1 bytes into `text`; the rest of a longer input is
// drained without being held (SPEC §6). False when the input was longer.
bool ReadBounded(std::istream& in, size_t limit, std::string& text);
// "record longer than N bytes (the limit; see --max-record-bytes)".
std::string TooLong(size_t limit);

// Decodes one JSON Lines record into the builder (after builder.Begin()).
class JsonLineParser {
 public:
  explicit JsonLineParser(RecordBuilder& builder);
  ~JsonLineParser();
  JsonLineParser(const JsonLineParser&) = delete;
  JsonLineParser& operator=(const JsonLineParser&) = delete;
  // `text` must be followed by at least 64 readable bytes (simdjson padding);
  // Chunk text is, see ChunkParser.
  void Parse(std::string_view text);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Decodes one CSV row into the builder, by the header's columns.
class CsvRowParser {
 public:
  explicit CsvRowParser(RecordBuilder& builder);
  ~CsvRowParser();
  CsvRowParser(const CsvRowParser&) = delete;
  CsvRowParser& operator=(const CsvRowParser&) = delete;
  // Maps the header's columns to fields. Unknown columns are reported through
  // RecordBuilder::Unknown on every row (warned once by the caller).
  void SetHeader(std::string_view header);
  void Parse(std::string_view row);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses whole chunks of JSON Lines or CSV records. One per thread.
class ChunkParser {
 public:
  ChunkParser(const Pack& pack, const ReadOptions& options, InputFormat format);
  void SetHeader(std::string_view header) { csv_.SetHeader(header); }
  // Emits one event per span from spans[from] on, numbered from
  // chunk.first_record. `chunk.text` gets padding appended (once). Returns
  // the index of the first span not emitted: spans.size(), or the one after
  // the event for which the sink returned false (to resume from there).
  size_t Parse(Chunk& chunk, std::string_view file, const RecordSink& sink, size_t from = 0);

 private:
  RecordBuilder builder_;
  size_t max_record_bytes_;
  InputFormat format_;
  JsonLineParser json_;
  CsvRowParser csv_;
};

// Reads JSON Lines or CSV sequentially through ChunkReader + ChunkParser.
Status ReadLines(std::istream& in, std::string_view file, InputFormat format, const Pack& pack,
                 const ReadOptions& options, uint64_t* next_record, const RecordSink& sink);

}  // namespace needlescreen::records

#endif  // NEEDLESCREEN_RECORDS_READERS_H_
