#include <fmt/format.h>
#include <simdjson.h>

#include "records/readers.h"

namespace needlescreen::records {
namespace {

// "line 4" or "lines 4 to 9".
std::string LineRange(uint64_t first, uint64_t last) {
  return first == last ? fmt::format("line {}", first) : fmt::format("lines {} to {}", first, last);
}

// The error of a record cut short by a quote that never closes (see
// ChunkReader::TakeUnclosedQuote): where the quote is, and what became of the
// lines after it.
// Lines are named as the output names them (RecordBuilder::OutputLine).
std::string UnclosedQuote(const Span& span, const RecordBuilder& builder) {
  const uint64_t fault = builder.OutputLine(span.fault_line);
  const uint64_t last = builder.OutputLine(span.last_line);
  std::string message =
      fmt::format("the quote at line {}, column {} never closes", fault, span.fault_column);
  bool rest = span.last_line > span.fault_line;
  std::string limit = fmt::format("longer than {} bytes (the limit; see --max-record-bytes)",
                                  builder.max_record_bytes());
  if (span.oversized && rest) {
    return fmt::format("{}; the rows on {} could not be read again: from line {} the input is {}",
                       message, LineRange(fault + 1, last), builder.OutputLine(span.line), limit);
  }
  if (span.oversized) return fmt::format("{}; the record is {}", message, limit);
  if (rest)
    return fmt::format("{}; the rows on {} are read again", message, LineRange(fault + 1, last));
  return message;
}

// A CSV row holding a line end of the other kind than the input's lines.
std::string StrayLineEnd(const Span& span, const RecordBuilder& builder) {
  const bool cr = span.fault == RowFault::kStrayCr;
  return fmt::format(
      "a {} outside quotes at line {}, column {}, but this input's lines end with {} (as its "
      "first line does); a line end inside a cell needs quotes",
      cr ? "carriage return (CR)" : "line feed (LF)", builder.OutputLine(span.fault_line),
      span.fault_column, cr ? "LF" : "CR");
}

}  // namespace

ChunkParser::ChunkParser(const Pack& pack, const ReadOptions& options, InputFormat format)
    : builder_(pack, options),
      max_record_bytes_(options.max_record_bytes),
      format_(format),
      json_(builder_),
      csv_(builder_) {}

size_t ChunkParser::Parse(Chunk& chunk, std::string_view file, const RecordSink& sink,
                          size_t from) {
  if (!chunk.padded) chunk.text.append(simdjson::SIMDJSON_PADDING, '\0');
  chunk.padded = true;
  RecordEvent event;
  event.info.file = file;
  for (size_t i = from; i < chunk.spans.size(); ++i) {
    const Span& span = chunk.spans[i];
    builder_.Begin(span.line);
    if (span.fault == RowFault::kUnclosedQuote) {
      builder_.Fail(StatusCode::kSyntax, UnclosedQuote(span, builder_));
    } else if (span.oversized) {
      builder_.Fail(StatusCode::kTooLarge,
                    fmt::format("record longer than {} bytes (the limit; see --max-record-bytes)",
                                max_record_bytes_));
    } else if (span.fault != RowFault::kNone) {
      builder_.Fail(StatusCode::kSyntax, StrayLineEnd(span, builder_));
    } else if (format_ == InputFormat::kCsv) {
      csv_.Parse(chunk.record(span));
    } else {
      json_.Parse(chunk.record(span));
    }
    event.info.record = chunk.first_record + i;
    builder_.Finish(event);
    if (!sink(event)) return i + 1;
  }
  return chunk.spans.size();
}

Status ReadLines(std::istream& in, std::string_view file, InputFormat format, const Pack& pack,
                 const ReadOptions& options, uint64_t* next_record, const RecordSink& sink) {
  ChunkReader reader(in, format, *next_record, 1 << 20, options.max_record_bytes, &pack);
  ChunkParser parser(pack, options, format);
  Chunk chunk;
  bool header_set = false;
  while (reader.Next(chunk)) {
    if (format == InputFormat::kCsv && !header_set) {
      parser.SetHeader(reader.header());
      header_set = true;
    }
    if (parser.Parse(chunk, file, sink) < chunk.spans.size()) break;
  }
  *next_record = reader.next_record();
  return reader.error();
}

}  // namespace needlescreen::records
