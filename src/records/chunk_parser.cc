#include <fmt/format.h>
#include <simdjson.h>

#include "records/readers.h"

namespace needlescreen::records {

ChunkParser::ChunkParser(const Pack& pack, const ReadOptions& options, InputFormat format)
    : builder_(pack, options),
      max_record_bytes_(options.max_record_bytes),
      format_(format),
      json_(builder_),
      csv_(builder_) {}

bool ChunkParser::Parse(Chunk& chunk, std::string_view file, const RecordSink& sink) {
  chunk.text.append(simdjson::SIMDJSON_PADDING, '\0');
  RecordEvent event;
  event.info.file = file;
  for (size_t i = 0; i < chunk.spans.size(); ++i) {
    const Span& span = chunk.spans[i];
    builder_.Begin(span.line);
    if (span.oversized) {
      builder_.Fail(fmt::format("record longer than {} bytes (the limit; see --max-record-bytes)",
                                max_record_bytes_));
    } else if (format_ == InputFormat::kCsv) {
      csv_.Parse(chunk.record(span));
    } else {
      json_.Parse(chunk.record(span));
    }
    event.info.record = chunk.first_record + i;
    builder_.Finish(event);
    if (!sink(event)) return false;
  }
  return true;
}

std::string ReadLines(std::istream& in, std::string_view file, InputFormat format, const Pack& pack,
                      const ReadOptions& options, uint64_t* next_record, const RecordSink& sink) {
  ChunkReader reader(in, format, *next_record, 1 << 20, options.max_record_bytes);
  ChunkParser parser(pack, options, format);
  Chunk chunk;
  bool header_set = false;
  while (reader.Next(chunk)) {
    if (format == InputFormat::kCsv && !header_set) {
      parser.SetHeader(reader.header());
      header_set = true;
    }
    if (!parser.Parse(chunk, file, sink)) break;
  }
  *next_record = reader.next_record();
  return reader.error();
}

}  // namespace needlescreen::records
