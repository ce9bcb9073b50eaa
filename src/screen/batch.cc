// The batch pipeline: a reader cuts the input into chunks of whole records,
// chunks are parsed, screened and formatted (on --jobs threads), and their
// output is written strictly in input order, with a bounded number of chunks
// in flight so memory stays flat however long the input is.
#include "needlescreen/batch.h"

#include <algorithm>
#include <deque>
#include <future>
#include <set>

#include "records/chunk.h"
#include "records/readers.h"

namespace needlescreen {
namespace {

// Output buffered per flush; large writes keep syscalls off the profile.
constexpr size_t kFlushBytes = 1 << 18;

// What one chunk produced: its output text, its counts, the unknown fields met.
struct ChunkOutput {
  std::string text;
  BatchCounts counts;
  std::set<std::string, std::less<>> unknown;
  std::string input;  // the chunk's buffer, handed back for the next chunk
};

// Screens one read record and formats it into `out`.
void ScreenEvent(const Screener& screener, const ResultWriter& writer, const BatchOptions& options,
                 RecordEvent& event, Result& result, bool first, std::string& out,
                 BatchCounts& counts) {
  const Pack& pack = screener.pack();
  Decision decision = Decision::kError;
  if (!event.error.empty()) {
    writer.Error(event.info, event.error, first, out);
  } else {
    if (options.defaults && !options.defaults_empty) {
      ApplyDefaults(*options.defaults, *event.record);
      // An id given by --set identifies the record too (looked up only for
      // records that came without one).
      int id = event.info.id ? -1 : pack.FieldIndex("id");
      if (id >= 0 && event.record->slots[id].known) event.info.id = event.record->slots[id].text;
    }
    screener.Screen(*event.record, options.now, options.screen, result);
    writer.Result(event.info, result, first, out);
    decision = result.decision;
  }
  ++counts.by_decision[static_cast<int>(decision)];
}

ChunkOutput ScreenChunk(const Screener& screener, const ResultWriter& writer,
                        const BatchOptions& options, records::Chunk chunk, std::string_view header,
                        std::string_view file, bool first, std::string buffer) {
  ChunkOutput output;
  output.text = std::move(buffer);
  output.text.clear();
  ReadOptions read;
  read.strict = options.strict;
  read.max_record_bytes = options.max_record_bytes;
  read.on_unknown_field = [&output](std::string_view path) {
    if (output.unknown.find(path) == output.unknown.end()) output.unknown.emplace(path);
  };
  records::ChunkParser parser(screener.pack(), read, options.format);
  if (options.format == InputFormat::kCsv) parser.SetHeader(header);
  Result result;
  // Output is ~5x the input for JSON Lines with full reasons, ~1.5x for CSV;
  // reserving it once avoids copying the buffer as it grows.
  output.text.reserve(chunk.text.size() * (options.output.format == OutputFormat::kCsv ? 2 : 6));
  parser.Parse(chunk, file, [&](RecordEvent& event) {
    ScreenEvent(screener, writer, options, event, result, first, output.text, output.counts);
    first = false;
    return true;
  });
  output.input = std::move(chunk.text);
  return output;
}

}  // namespace

uint64_t BatchCounts::records() const {
  uint64_t n = 0;
  for (uint64_t c : by_decision) n += c;
  return n;
}

BatchScreener::BatchScreener(const Screener& screener, const BatchOptions& options)
    : screener_(screener), options_(options), writer_(screener, options.output) {}

bool BatchScreener::Begin(const OutputSink& out) {
  std::string text;
  WriteBegin(options_.output, text);
  output_failed_ = output_failed_ || (!text.empty() && !out(text));
  return !output_failed_;
}

bool BatchScreener::End(const OutputSink& out) {
  std::string text;
  WriteEnd(options_.output, text);
  output_failed_ = output_failed_ || (!text.empty() && !out(text));
  return !output_failed_;
}

std::string BatchScreener::Screen(std::istream& in, std::string_view file, const OutputSink& out,
                                  const UnknownFieldSink& unknown, const ProgressSink& progress) {
  if (output_failed_) return "";
  if (options_.format == InputFormat::kJsonLines || options_.format == InputFormat::kCsv) {
    return ScreenLines(in, file, out, unknown, progress);
  }
  return ScreenDocuments(in, file, out, unknown);
}

std::string BatchScreener::ScreenDocuments(std::istream& in, std::string_view file,
                                           const OutputSink& out, const UnknownFieldSink& unknown) {
  ReadOptions read;
  read.strict = options_.strict;
  read.max_record_bytes = options_.max_record_bytes;
  read.on_unknown_field = unknown;
  Result result;
  std::string text;
  std::string problem = ReadRecords(
      in, file, options_.format, screener_.pack(), read, &next_record_, [&](RecordEvent& event) {
        ScreenEvent(screener_, writer_, options_, event, result, first_, text, counts_);
        first_ = false;
        if (text.size() < kFlushBytes) return true;
        output_failed_ = !out(text);
        text.clear();
        return !output_failed_;
      });
  if (!output_failed_ && !text.empty()) output_failed_ = !out(text);
  return problem;
}

std::string BatchScreener::ScreenLines(std::istream& in, std::string_view file,
                                       const OutputSink& out, const UnknownFieldSink& unknown,
                                       const ProgressSink& progress) {
  records::ChunkReader reader(in, options_.format, next_record_, 1 << 20,
                              options_.max_record_bytes);
  std::deque<std::future<ChunkOutput>> in_flight;
  // One chunk more than threads keeps every core busy while the oldest is
  // written; more only oversubscribes the cores (measured with make bench).
  const size_t max_in_flight = options_.jobs > 1 ? static_cast<size_t>(options_.jobs) + 1 : 0;

  // Buffers go round: a chunk's input and output strings come back after
  // writing and serve the next chunk. Fresh multi-megabyte strings per chunk
  // cost page faults on every byte (the --jobs 2 JSON Lines profile).
  std::vector<std::string> spare_inputs, spare_outputs;
  auto take = [](std::vector<std::string>& pool) {
    std::string s;
    if (!pool.empty()) {
      s = std::move(pool.back());
      pool.pop_back();
    }
    return s;
  };
  auto collect = [&](ChunkOutput output) {
    for (size_t d = 0; d < counts_.by_decision.size(); ++d) {
      counts_.by_decision[d] += output.counts.by_decision[d];
    }
    for (const std::string& path : output.unknown) unknown(path);
    if (!output_failed_ && !output.text.empty()) output_failed_ = !out(output.text);
    if (progress) progress(counts_.records());
    spare_outputs.push_back(std::move(output.text));
    spare_inputs.push_back(std::move(output.input));
  };

  records::Chunk chunk;
  chunk.text = take(spare_inputs);
  while (!output_failed_ && reader.Next(chunk)) {
    bool first = first_;
    first_ = false;
    std::string header(reader.header());
    if (max_in_flight == 0) {
      collect(ScreenChunk(screener_, writer_, options_, std::move(chunk), header, file, first,
                          take(spare_outputs)));
    } else {
      in_flight.push_back(std::async(std::launch::async, ScreenChunk, std::cref(screener_),
                                     std::cref(writer_), std::cref(options_), std::move(chunk),
                                     std::move(header), file, first, take(spare_outputs)));
      if (in_flight.size() >= max_in_flight) {
        collect(in_flight.front().get());
        in_flight.pop_front();
      }
    }
    chunk = records::Chunk();
    chunk.text = take(spare_inputs);
  }
  while (!in_flight.empty()) {
    collect(in_flight.front().get());
    in_flight.pop_front();
  }
  next_record_ = reader.next_record();
  return reader.error();
}

}  // namespace needlescreen
