// The batch pipeline: a reader cuts the input into chunks of whole records,
// chunks are parsed, screened and formatted (on --jobs threads), and their
// output is written strictly in input order, with a bounded number of chunks
// in flight so memory stays flat however long the input is.
#include "needlescreen/batch.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <thread>
#include <vector>

#include "needlescreen/counterfactual.h"
#include "records/chunk.h"
#include "records/readers.h"

namespace needlescreen {
namespace {

// Output buffered per flush; large writes keep syscalls off the profile.
constexpr size_t kFlushBytes = 1 << 18;

// The most output a chunk holds before it is written: a chunk of 1 MiB of
// tiny records that each give kilobytes of reasons (10^6 lines of `{}`) would
// otherwise hold gigabytes. Above the ~6 MiB a 1 MiB chunk of ordinary JSON
// Lines gives with full reasons, so that --jobs keeps scaling (issue 13).
constexpr size_t kChunkOutputBytes = 8 << 20;

bool Stopping(const BatchOptions& options) {
  return options.stop && options.stop->load(std::memory_order_relaxed);
}

using UnknownSet = std::set<std::string, std::less<>>;

// What one chunk produced: its output text, its counts, the unknown fields met.
struct ChunkOutput {
  std::string text;
  std::vector<uint32_t> ends;  // where each record's output ends in `text`
  BatchCounts counts;
  UnknownSet unknown;
};

// Screens one read record and formats it into `out`.
void ScreenEvent(const Screener& screener, const ResultWriter& writer, const BatchOptions& options,
                 RecordEvent& event, Result& result, bool first, std::string& out,
                 BatchCounts& counts) {
  const Pack& pack = screener.pack();
  Decision decision = Decision::kError;
  if (!event.status.ok()) {
    writer.Error(event.info, event.status, first, out);
  } else {
    if (options.defaults && !options.defaults_empty) {
      ApplyDefaults(*options.defaults, *event.record);
      // An id given by --set identifies the record too (looked up only for
      // records that came without one).
      int id = event.info.id ? -1 : pack.FieldIndex(kIdField);
      if (id >= 0 && event.record->slots[id].known) event.info.id = event.record->slots[id].text;
    }
    screener.Screen(*event.record, options.now, options.screen, result);
    if (options.counterfactual) options.counterfactual->Find(*event.record, options.now, result);
    writer.Result(event.info, *event.record, result, first, out);
    decision = result.decision;
  }
  ++counts.by_decision[static_cast<int>(decision)];
}

// One thread's tools for screening chunks, built once and reused for every
// chunk that thread takes (a parser per chunk showed as allocations and page
// faults in the --jobs 2 profile).
class ChunkWorker {
 public:
  ChunkWorker(const Screener& screener, const ResultWriter& writer, const BatchOptions& options,
              InputFormat format)
      : screener_(screener),
        writer_(writer),
        options_(options),
        format_(format),
        read_(MakeReadOptions(options, &unknown_)),
        parser_(screener.pack(), read_, format) {}

  // Screens `chunk` from spans[from] into `output` (whose text buffer is
  // reused); `header` is the CSV header row of the stream. Stops once the
  // output reaches kChunkOutputBytes or a stop is requested, and returns the
  // index of the first span not screened (spans.size() when all were).
  size_t Screen(records::Chunk& chunk, std::string_view header, std::string_view file, bool first,
                size_t from, ChunkOutput& output) {
    unknown_ = &output.unknown;
    if (format_ == InputFormat::kCsv && !header_set_) {
      parser_.SetHeader(header);
      header_set_ = true;
    }
    output.text.clear();
    output.ends.clear();
    // Output is ~5x the input for JSON Lines with full reasons, ~1.5x for CSV;
    // reserving it once avoids copying the buffer as it grows.
    size_t expected = chunk.text.size() * (options_.output.format == OutputFormat::kCsv ? 2 : 6);
    output.text.reserve(std::min(expected, kChunkOutputBytes));
    size_t next = parser_.Parse(
        chunk, file,
        [&](RecordEvent& event) {
          ScreenEvent(screener_, writer_, options_, event, result_, first, output.text,
                      output.counts);
          output.ends.push_back(static_cast<uint32_t>(output.text.size()));
          first = false;
          return output.text.size() < kChunkOutputBytes && !Stopping(options_);
        },
        from);
    unknown_ = nullptr;
    return next;
  }

 private:
  static ReadOptions MakeReadOptions(const BatchOptions& options, UnknownSet** unknown) {
    ReadOptions read;
    read.strict = options.strict;
    read.max_record_bytes = options.max_record_bytes;
    read.line_offset = options.record_offset;
    read.on_unknown_field = [unknown](std::string_view path) {
      if ((*unknown)->find(path) == (*unknown)->end()) (*unknown)->emplace(path);
    };
    return read;
  }

  const Screener& screener_;
  const ResultWriter& writer_;
  const BatchOptions& options_;
  InputFormat format_;
  UnknownSet* unknown_ = nullptr;
  ReadOptions read_;
  records::ChunkParser parser_;
  Result result_;
  bool header_set_ = false;
};

// A chunk on its way through the pipeline, in input order.
struct Job {
  records::Chunk chunk;
  bool first = false;    // holds the run's first record (JSON array commas)
  bool done = false;     // queued or running until then (see next_to_start)
  size_t next_span = 0;  // spans from here on are not screened yet (output budget, stop)
  ChunkOutput output;
  std::exception_ptr failure;
};

// Runs `job` on `worker`, keeping an exception for the writing thread.
void RunJob(ChunkWorker& worker, Job& job, std::string_view header, std::string_view file) {
  try {
    job.next_span = worker.Screen(job.chunk, header, file, job.first, 0, job.output);
  } catch (...) {
    job.failure = std::current_exception();
  }
}

// A string from `pool` (its capacity kept), or a new one if it is empty.
std::string TakeSpare(std::vector<std::string>& pool) {
  std::string s;
  if (!pool.empty()) {
    s = std::move(pool.back());
    pool.pop_back();
  }
  return s;
}

}  // namespace

uint64_t BatchCounts::records() const {
  uint64_t n = 0;
  for (uint64_t c : by_decision) n += c;
  return n;
}

BatchScreener::BatchScreener(const Screener& screener, BatchOptions options)
    : screener_(screener),
      options_(options),
      writer_(screener, options_.output),
      next_record_(options_.record_offset + 1) {}

bool BatchScreener::Begin(const OutputSink& out) {
  std::string text;
  WriteBegin(screener_.pack(), options_.output, text);
  output_failed_ = output_failed_ || (!text.empty() && !out(text));
  return !output_failed_;
}

bool BatchScreener::End(const OutputSink& out) {
  std::string text;
  WriteEnd(options_.output, text);
  output_failed_ = output_failed_ || (!text.empty() && !out(text));
  return !output_failed_;
}

Status BatchScreener::Screen(std::istream& in, InputFormat format, std::string_view file,
                             const OutputSink& out, const UnknownFieldSink& unknown,
                             const ProgressSink& progress) {
  if (output_failed_ || stopped_) return {};
  if (format == InputFormat::kJsonLines || format == InputFormat::kCsv) {
    return ScreenLines(in, format, file, out, unknown, progress);
  }
  return ScreenDocuments(in, format, file, out, unknown);
}

Status BatchScreener::ScreenDocuments(std::istream& in, InputFormat format, std::string_view file,
                                      const OutputSink& out, const UnknownFieldSink& unknown) {
  ReadOptions read;
  read.strict = options_.strict;
  read.max_record_bytes = options_.max_record_bytes;
  read.line_offset = options_.record_offset;
  read.on_unknown_field = unknown;
  Result result;
  pending_.clear();
  pending_out_ = &out;
  Status problem =
      ReadRecords(in, file, format, screener_.pack(), read, &next_record_, [&](RecordEvent& event) {
        if (Stopping(options_)) {
          stopped_ = true;
          return false;
        }
        ScreenEvent(screener_, writer_, options_, event, result, first_, pending_, counts_);
        first_ = false;
        return pending_.size() < kFlushBytes || Flush();
      });
  Flush();
  pending_out_ = nullptr;
  return problem;
}

bool BatchScreener::WriteStreamError(std::string_view file, const Status& error,
                                     const OutputSink& out) {
  if (output_failed_ || stopped_) return !output_failed_;
  RecordInfo info;
  info.record = next_record_++;
  info.file = file;
  std::string text;
  writer_.Error(info, error, first_, text);
  first_ = false;
  ++counts_.by_decision[static_cast<int>(Decision::kError)];
  output_failed_ = !out(text);
  return !output_failed_;
}

bool BatchScreener::Flush() {
  if (!output_failed_ && !pending_.empty() && pending_out_)
    output_failed_ = !(*pending_out_)(pending_);
  pending_.clear();
  return !output_failed_;
}

// One JSON Lines / CSV stream through the pipeline. The calling thread reads
// chunks into a window of jobs, writes finished ones in input order, and
// screens queued ones itself while the oldest is still being screened; jobs - 1
// helper threads take queued jobs. So exactly `jobs` threads work, every sink
// is called on the calling thread, and at most `window` chunks are in memory,
// however long the input is.
class BatchScreener::LinesRun {
 public:
  LinesRun(BatchScreener& batch, records::ChunkReader& reader, InputFormat format,
           std::string_view file, const OutputSink& out, const UnknownFieldSink& unknown,
           const ProgressSink& progress)
      : batch_(batch),
        reader_(reader),
        format_(format),
        file_(file),
        out_(out),
        unknown_(unknown),
        progress_(progress),
        threads_(static_cast<size_t>(std::max(batch.options_.jobs, 1))),
        // Two chunks per thread: one being screened, one queued, so no thread
        // waits for the reader. Measured at --jobs 2 on 1M records: a window
        // of 2 left a core idle, 3 and 4 kept both busy, more only cost
        // memory; 2 per thread keeps one straggling chunk from starving the
        // others on more cores.
        window_(threads_ == 1 ? 1 : 2 * threads_),
        own_(batch.screener_, batch.writer_, batch.options_, format) {}

  // Stops and joins the helpers (on return or exception) before the jobs they
  // may be screening are destroyed.
  ~LinesRun() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    queued_cv_.notify_all();
    for (std::thread& t : helpers_) t.join();
  }
  LinesRun(const LinesRun&) = delete;
  LinesRun& operator=(const LinesRun&) = delete;

  // Screens and writes the stream until its end, a stop or a failed write.
  // Rethrows the exception a job ended with.
  void Run() {
    StartHelpers();
    for (;;) {
      const bool stopping = Stopping(batch_.options_);
      FillWindow(stopping);
      if (!Advance(stopping)) return;
    }
  }

 private:
  void StartHelpers() {
    for (size_t i = 1; i < threads_; ++i) {
      // Under a memory limit (ulimit -v) a thread's stack may not be had: the
      // run goes on with the threads it got (the calling thread always works).
      try {
        helpers_.emplace_back([this] { HelperLoop(); });
      } catch (const std::system_error&) {
        break;
      }
    }
  }

  // A helper thread: screens queued jobs until the run ends.
  void HelperLoop() {
    // Under a memory limit the worker's own buffers may not be had either
    // (an exception escaping a thread would abort the run): this helper
    // ends before taking a job, and the run goes on with the others.
    std::optional<ChunkWorker> worker;
    try {
      worker.emplace(batch_.screener_, batch_.writer_, batch_.options_, format_);
    } catch (const std::bad_alloc&) {
      return;
    }
    for (;;) {
      Job* job = nullptr;
      {
        std::unique_lock<std::mutex> lock(mu_);
        queued_cv_.wait(lock, [&] {
          return stop_ || (next_to_start_ < jobs_.size() && !Stopping(batch_.options_));
        });
        if (stop_) return;
        job = TakeQueued();
      }
      if (job) ScreenJob(*worker, *job);
    }
  }

  // The oldest queued job, now taken; null if none is queued or a stop was
  // requested (a job not started is never written). Called under mu_.
  Job* TakeQueued() {
    if (next_to_start_ >= jobs_.size() || Stopping(batch_.options_)) return nullptr;
    return &jobs_[next_to_start_++];
  }

  void ScreenJob(ChunkWorker& worker, Job& job) {
    RunJob(worker, job, header_, file_);
    {
      std::lock_guard<std::mutex> lock(mu_);
      job.done = true;
    }
    done_cv_.notify_one();
  }

  // Reads chunks into the window until it is full or the input ends or
  // stalls. The reader and the job list are only touched here and under the
  // lock, so helpers never see a job being built.
  void FillWindow(bool stopping) {
    while (!input_done_ && !stalled_ && !stopping && !batch_.output_failed_ &&
           jobs_.size() < window_) {
      records::Chunk chunk;
      chunk.text = TakeSpare(spare_inputs_);
      const bool got = reader_.Next(chunk, /*may_wait=*/jobs_.empty());
      stalled_ = reader_.stalled();
      if (!got) {
        input_done_ = !stalled_;
        spare_inputs_.push_back(std::move(chunk.text));
        return;
      }
      if (!header_known_) {
        header_ = reader_.header();
        header_known_ = true;
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        Job& job = jobs_.emplace_back();
        job.chunk = std::move(chunk);
        job.first = batch_.first_;
        job.output.text = TakeSpare(spare_outputs_);
      }
      batch_.first_ = false;
      queued_cv_.notify_one();
    }
  }

  // After filling the window: writes the oldest job if it is done, else
  // screens a queued one on this thread, else waits for the oldest. False
  // when the run is over.
  bool Advance(bool stopping) {
    std::unique_lock<std::mutex> lock(mu_);
    if (jobs_.empty()) {
      if (input_done_ || stopping || batch_.output_failed_) return false;
      stalled_ = false;  // all written: now the reader may wait
      return true;
    }
    if (jobs_.front().done) {
      Job done = std::move(jobs_.front());
      jobs_.pop_front();
      --next_to_start_;
      lock.unlock();
      return Collect(done);
    }
    if (Job* job = TakeQueued()) {
      lock.unlock();
      ScreenJob(own_, *job);
      return true;
    }
    if (next_to_start_ == 0) return false;  // stopping, and the oldest job never started
    done_cv_.wait(lock, [&] { return jobs_.front().done; });
    return true;
  }

  // Writes a finished job in input order, screening on this thread what its
  // output budget left over. False when the job was cut short (a stop or a
  // failed write): nothing after it may be written.
  bool Collect(Job& job) {
    if (job.failure) std::rethrow_exception(job.failure);
    Write(job.output);
    while (job.next_span < job.chunk.spans.size() && !batch_.output_failed_ &&
           !Stopping(batch_.options_)) {
      job.next_span = own_.Screen(job.chunk, header_, file_, false, job.next_span, job.output);
      Write(job.output);
    }
    const bool whole = job.next_span == job.chunk.spans.size();
    spare_outputs_.push_back(std::move(job.output.text));
    spare_inputs_.push_back(std::move(job.chunk.text));
    return whole;
  }

  // Writes one screened piece of a chunk: its output, counts and unknown fields.
  void Write(ChunkOutput& output) {
    BatchCounts& counts = batch_.counts_;
    for (size_t d = 0; d < counts.by_decision.size(); ++d) {
      counts.by_decision[d] += output.counts.by_decision[d];
    }
    output.counts = {};
    for (const std::string& path : output.unknown) unknown_(path);
    output.unknown.clear();
    // Written in pieces of whole records: a write that fails part-way (a full
    // disk) is cut back to the start of its piece (see the CLI's OutputFile),
    // so the output ends at a record boundary and keeps all but one piece.
    std::string_view text = output.text;
    size_t begin = 0;
    for (size_t i = 0; i < output.ends.size() && !batch_.output_failed_; ++i) {
      const size_t end = output.ends[i];
      if (end - begin < kFlushBytes && i + 1 < output.ends.size()) continue;
      batch_.output_failed_ = !out_(text.substr(begin, end - begin));
      begin = end;
    }
    if (progress_) progress_(counts.records());
  }

  BatchScreener& batch_;
  records::ChunkReader& reader_;
  const InputFormat format_;
  const std::string_view file_;
  const OutputSink& out_;
  const UnknownFieldSink& unknown_;
  const ProgressSink& progress_;
  const size_t threads_;
  const size_t window_;
  std::string header_;  // set before the first job is queued, then only read
  bool header_known_ = false;

  std::mutex mu_;
  std::condition_variable queued_cv_, done_cv_;
  std::deque<Job> jobs_;      // input order; references stay valid at both ends
  size_t next_to_start_ = 0;  // index in `jobs_` of the first queued job
  bool stop_ = false;         // the helpers return (set on destruction)

  // Buffers go round: a chunk's input and output strings come back after
  // writing and serve the next chunk. Fresh multi-megabyte strings per chunk
  // cost page faults on every byte (the --jobs 2 JSON Lines profile).
  std::vector<std::string> spare_inputs_, spare_outputs_;
  ChunkWorker own_;  // the calling thread's
  std::vector<std::thread> helpers_;

  bool input_done_ = false;
  // The input stalled: what was read is screened and written before the
  // reader may wait for more, so a pipe sees each result once it is decided.
  bool stalled_ = false;
};

Status BatchScreener::ScreenLines(std::istream& in, InputFormat format, std::string_view file,
                                  const OutputSink& out, const UnknownFieldSink& unknown,
                                  const ProgressSink& progress) {
  // The pack tells a CSV header row from a first row of patient data.
  records::ChunkReader reader(in, format, next_record_, 1 << 20, options_.max_record_bytes,
                              &screener_.pack());
  LinesRun run(*this, reader, format, file, out, unknown, progress);
  run.Run();
  if (Stopping(options_)) stopped_ = true;
  next_record_ = reader.next_record();
  return reader.error();
}

}  // namespace needlescreen
