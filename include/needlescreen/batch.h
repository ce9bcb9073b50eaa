// Screening a stream of records: read, screen and format, in input order, on
// one thread or several (SPEC §1.5 nothing lost, §5 streaming and --jobs).
#ifndef NEEDLESCREEN_BATCH_H_
#define NEEDLESCREEN_BATCH_H_

#include <array>
#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>

#include "needlescreen/output.h"
#include "needlescreen/reader.h"
#include "needlescreen/record.h"
#include "needlescreen/screen.h"

namespace needlescreen {

struct BatchOptions {
  InputFormat format = InputFormat::kJsonLines;
  bool strict = false;
  size_t max_record_bytes = kDefaultMaxRecordBytes;  // per JSON Lines / CSV record
  OutputOptions output;
  ScreenOptions screen;
  TimePoint now{};                   // screening time for records without screened_at
  const Record* defaults = nullptr;  // --set values; may be null
  bool defaults_empty = false;       // no slot of `defaults` is known: skip them
  int jobs = 1;                      // threads screening JSON Lines / CSV chunks
};

// Counts per Decision (indexed by its value), accumulated over streams.
struct BatchCounts {
  std::array<uint64_t, 5> by_decision{};
  uint64_t records() const;
};

// Receives formatted output in input order; return false when it could not be
// written, which stops the run.
using OutputSink = std::function<bool(std::string_view text)>;

// Receives each unknown field path (on the calling thread, possibly repeated).
using UnknownFieldSink = std::function<void(std::string_view path)>;

// Called on the calling thread after each chunk with the records done so far.
using ProgressSink = std::function<void(uint64_t records)>;

class BatchScreener {
 public:
  // `screener` and `options` must outlive this object.
  BatchScreener(const Screener& screener, const BatchOptions& options);

  // Screens every record of `in`, named `file` in the output. Records are
  // numbered on from earlier streams. Returns "" or a problem with the stream
  // itself (a read error); output that could not be written stops the run
  // and is reported by output_failed().
  std::string Screen(std::istream& in, std::string_view file, const OutputSink& out,
                     const UnknownFieldSink& unknown, const ProgressSink& progress);

  // Writes the start / end of the whole output (JSON array brackets, CSV header).
  bool Begin(const OutputSink& out);
  bool End(const OutputSink& out);

  const BatchCounts& counts() const { return counts_; }
  bool output_failed() const { return output_failed_; }

 private:
  std::string ScreenDocuments(std::istream& in, std::string_view file, const OutputSink& out,
                              const UnknownFieldSink& unknown);
  std::string ScreenLines(std::istream& in, std::string_view file, const OutputSink& out,
                          const UnknownFieldSink& unknown, const ProgressSink& progress);

  const Screener& screener_;
  const BatchOptions& options_;
  ResultWriter writer_;
  BatchCounts counts_;
  uint64_t next_record_ = 1;
  bool first_ = true;
  bool output_failed_ = false;
};

}  // namespace needlescreen

#endif  // NEEDLESCREEN_BATCH_H_
