// Screening a stream of records: read, screen and format, in input order, on
// one thread or several (SPEC §1.5 nothing lost, §5 streaming and --jobs).
//
// Every record read yields one output record; a record that cannot be read is
// an `error` record, a stream that cannot be read is Screen()'s Status, output
// that cannot be written is output_failed(). Only std::bad_alloc escapes (and
// what the caller's sinks throw); nothing prints: all output goes to the sinks.
#ifndef NEEDLESCREEN_BATCH_H_
#define NEEDLESCREEN_BATCH_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>

#include "needlescreen/output.h"
#include "needlescreen/reader.h"
#include "needlescreen/record.h"
#include "needlescreen/screen.h"
#include "needlescreen/status.h"

namespace needlescreen {

class CounterfactualFinder;

// How a run screens: the same for every stream of the run.
struct BatchOptions {
  bool strict = false;                               // an unknown field makes the record an error
  size_t max_record_bytes = kDefaultMaxRecordBytes;  // per JSON Lines / CSV record
  OutputOptions output;
  ScreenOptions screen;
  TimePoint now{};  // screening time for records without screened_at
  // --set values, filling the fields a record leaves unknown; may be null.
  // Not owned: must outlive the BatchScreener.
  const Record* defaults = nullptr;
  bool defaults_empty = false;  // no slot of `defaults` is known: skip them
  int jobs = 1;                 // threads screening JSON Lines / CSV chunks; < 1 counts as 1
  // Records and lines are numbered as if this many records, one per line,
  // came before the run (`check --record-offset`, one shard of a larger
  // input): the first record is record_offset + 1, and every stream's line
  // numbers, in positions and messages, are shifted by it.
  uint64_t record_offset = 0;
  // When set (by a signal handler) and true, the run stops at a record
  // boundary: no record is started, the ones screened are written whole, and
  // stopped() is true. May be null; not owned: must outlive the BatchScreener.
  const std::atomic<bool>* stop = nullptr;
  // When set (`check --counterfactual`), each screened record's
  // Result::counterfactual is filled by it before the record is written
  // (OutputOptions::counterfactual says whether it is written). Not owned:
  // must outlive the BatchScreener; shared by the worker threads.
  const CounterfactualFinder* counterfactual = nullptr;
};

// Counts per Decision (indexed by its value), accumulated over streams.
struct BatchCounts {
  std::array<uint64_t, kDecisionCount> by_decision{};
  uint64_t records() const;
};

// Receives formatted output in input order; return false when it could not be
// written, which stops the run.
using OutputSink = std::function<bool(std::string_view text)>;

// Receives each unknown field path (on the calling thread, possibly repeated).
using UnknownFieldSink = std::function<void(std::string_view path)>;

// Called on the calling thread after each chunk with the records done so far.
using ProgressSink = std::function<void(uint64_t records)>;

// Screens the streams of one run in order, numbering records across them,
// and writes each record's output once, whole, in input order. Used from one
// thread (the caller's); with BatchOptions::jobs > 1 it starts jobs - 1
// worker threads per JSON Lines / CSV stream and joins them before Screen()
// returns. Every sink is called on the caller's thread.
class BatchScreener {
 public:
  // Copies `options`. `screener` (and so its pack) must outlive this object.
  // May throw std::bad_alloc.
  BatchScreener(const Screener& screener, BatchOptions options);

  // Screens every record of `in`, read as `format` and named `file` in the
  // output. Records are numbered on from earlier streams. Every record yields
  // exactly one output record (an unreadable one an `error` record), unless
  // the output failed or a stop was requested (then the output ends with the
  // last whole record). Returns OK, or a kIoError when the stream itself could
  // not be read (reading stopped there; what was read is written). Output
  // that could not be written is not an error of the stream: it stops the run
  // and output_failed() says so; later calls do nothing.
  // Throws std::bad_alloc when memory runs out (on a worker thread too: the
  // workers are joined first, and the first exception is rethrown here).
  Status Screen(std::istream& in, InputFormat format, std::string_view file, const OutputSink& out,
                const UnknownFieldSink& unknown, const ProgressSink& progress);

  // Writes one `error` record for an input that yielded no record where it
  // should have: a file that could not be opened, a directory, a stream
  // whose reading failed (`error`, whose message names the input, never its
  // contents). It takes the next record number, line 0, `file` as its file,
  // and counts as an error, so a pipeline reading only the output sees it
  // (issue 16). False when the output failed (now or earlier); does nothing
  // once the output failed or a stop was requested. May throw std::bad_alloc.
  bool WriteStreamError(std::string_view file, const Status& error, const OutputSink& out);
  // Write the start / end of the whole output (JSON array brackets, CSV
  // header); false when the output failed (now or earlier).
  bool Begin(const OutputSink& out);
  bool End(const OutputSink& out);

  // Writes the results held back for the next block of output, now: called
  // (on the thread running Screen(), from inside the input stream) when the
  // input stalls, so an interactive pipe sees each result once it is decided.
  // Records held are whole; JSON Lines and CSV input hold none here (they are
  // written before the reader waits). False when the output failed.
  bool Flush();

  const BatchCounts& counts() const { return counts_; }
  bool output_failed() const { return output_failed_; }
  // A stop was requested (BatchOptions::stop) and the output ended early.
  bool stopped() const { return stopped_; }

 private:
  Status ScreenDocuments(std::istream& in, InputFormat format, std::string_view file,
                         const OutputSink& out, const UnknownFieldSink& unknown);
  Status ScreenLines(std::istream& in, InputFormat format, std::string_view file,
                     const OutputSink& out, const UnknownFieldSink& unknown,
                     const ProgressSink& progress);
  class LinesRun;  // one JSON Lines / CSV stream through the pipeline (batch.cc)

  const Screener& screener_;
  const BatchOptions options_;
  ResultWriter writer_;
  BatchCounts counts_;
  uint64_t next_record_ = 1;
  bool first_ = true;
  bool output_failed_ = false;
  bool stopped_ = false;
  std::string pending_;                      // document records not yet written
  const OutputSink* pending_out_ = nullptr;  // where they go, during ScreenDocuments
};

}  // namespace needlescreen

#endif  // NEEDLESCREEN_BATCH_H_
