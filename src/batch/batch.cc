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
#include <set>
#include <system_error>
#include <thread>
#include <vector>

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
    writer.Result(event.info, result, first, out);
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

}  // namespace

uint64_t BatchCounts::records() const {
  uint64_t n = 0;
  for (uint64_t c : by_decision) n += c;
  return n;
}

BatchScreener::BatchScreener(const Screener& screener, BatchOptions options)
    : screener_(screener), options_(std::move(options)), writer_(screener, options_.output) {}

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

bool BatchScreener::Flush() {
  if (!output_failed_ && !pending_.empty() && pending_out_)
    output_failed_ = !(*pending_out_)(pending_);
  pending_.clear();
  return !output_failed_;
}

// The calling thread reads chunks into a window of jobs, writes finished ones
// in input order, and screens queued ones itself while the oldest is still
// being screened; jobs - 1 more threads take queued jobs. So exactly `jobs`
// threads work, every sink is called on the calling thread, and at most
// `window` chunks are in memory, however long the input is.
Status BatchScreener::ScreenLines(std::istream& in, InputFormat format, std::string_view file,
                                  const OutputSink& out, const UnknownFieldSink& unknown,
                                  const ProgressSink& progress) {
  // The pack tells a CSV header row from a first row of patient data.
  records::ChunkReader reader(in, format, next_record_, 1 << 20, options_.max_record_bytes,
                              &screener_.pack());
  const size_t threads = static_cast<size_t>(std::max(options_.jobs, 1));
  // Two chunks per thread: one being screened, one queued, so no thread waits
  // for the reader. Measured at --jobs 2 on 1M records: a window of 2 left a
  // core idle, 3 and 4 kept both busy, more only cost memory; 2 per thread
  // keeps one straggling chunk from starving the others on more cores.
  const size_t window = threads == 1 ? 1 : 2 * threads;
  std::string header;  // set before the first job is queued, then only read
  bool header_known = false;

  std::mutex mu;
  std::condition_variable queued_cv, done_cv;
  std::deque<Job> jobs;      // input order; references stay valid at both ends
  size_t next_to_start = 0;  // index in `jobs` of the first queued job
  bool stop = false;

  // The oldest queued job, now taken; null if none is queued or a stop was
  // requested (a job not started is never written).
  auto take_queued = [&]() -> Job* {
    if (next_to_start >= jobs.size() || Stopping(options_)) return nullptr;
    return &jobs[next_to_start++];
  };
  auto run = [&](ChunkWorker& worker, Job& job) {
    RunJob(worker, job, header, file);
    {
      std::lock_guard<std::mutex> lock(mu);
      job.done = true;
    }
    done_cv.notify_one();
  };
  auto work = [&] {
    ChunkWorker worker(screener_, writer_, options_, format);
    for (;;) {
      Job* job;
      {
        std::unique_lock<std::mutex> lock(mu);
        queued_cv.wait(
            lock, [&] { return stop || (next_to_start < jobs.size() && !Stopping(options_)); });
        if (stop) return;
        job = take_queued();
      }
      if (job) run(worker, *job);
    }
  };

  // Buffers go round: a chunk's input and output strings come back after
  // writing and serve the next chunk. Fresh multi-megabyte strings per chunk
  // cost page faults on every byte (the --jobs 2 JSON Lines profile).
  std::vector<std::string> spare_inputs, spare_outputs;
  auto take_spare = [](std::vector<std::string>& pool) {
    std::string s;
    if (!pool.empty()) {
      s = std::move(pool.back());
      pool.pop_back();
    }
    return s;
  };
  ChunkWorker own(screener_, writer_, options_, format);
  // Writes one screened piece of a chunk: its output, counts and unknown fields.
  auto write = [&](ChunkOutput& output) {
    for (size_t d = 0; d < counts_.by_decision.size(); ++d) {
      counts_.by_decision[d] += output.counts.by_decision[d];
    }
    output.counts = {};
    for (const std::string& path : output.unknown) unknown(path);
    output.unknown.clear();
    // Written in pieces of whole records: a write that fails part-way (a full
    // disk) is cut back to the start of its piece (see the CLI's OutputFile),
    // so the output ends at a record boundary and keeps all but one piece.
    std::string_view text = output.text;
    size_t begin = 0;
    for (size_t i = 0; i < output.ends.size() && !output_failed_; ++i) {
      const size_t end = output.ends[i];
      if (end - begin < kFlushBytes && i + 1 < output.ends.size()) continue;
      output_failed_ = !out(text.substr(begin, end - begin));
      begin = end;
    }
    if (progress) progress(counts_.records());
  };
  // Writes a finished job in input order, screening on this thread what its
  // output budget left over. False when the job was cut short (a stop or a
  // failed write): nothing after it may be written.
  auto collect = [&](Job& job) {
    if (job.failure) std::rethrow_exception(job.failure);
    write(job.output);
    while (job.next_span < job.chunk.spans.size() && !output_failed_ && !Stopping(options_)) {
      job.next_span = own.Screen(job.chunk, header, file, false, job.next_span, job.output);
      write(job.output);
    }
    const bool whole = job.next_span == job.chunk.spans.size();
    spare_outputs.push_back(std::move(job.output.text));
    spare_inputs.push_back(std::move(job.chunk.text));
    return whole;
  };

  std::vector<std::thread> helpers;
  // Declared after `jobs`, so helpers are joined (on return or exception)
  // before the jobs they may be screening are destroyed.
  struct Joiner {
    std::vector<std::thread>& threads;
    std::mutex& mu;
    bool& stop;
    std::condition_variable& cv;
    ~Joiner() {
      {
        std::lock_guard<std::mutex> lock(mu);
        stop = true;
      }
      cv.notify_all();
      for (std::thread& t : threads) t.join();
    }
  } joiner{helpers, mu, stop, queued_cv};
  for (size_t i = 1; i < threads; ++i) {
    // Under a memory limit (ulimit -v) a thread's stack may not be had: the
    // run goes on with the threads it got (the calling thread always works).
    try {
      helpers.emplace_back(work);
    } catch (const std::system_error&) {
      break;
    }
  }

  bool input_done = false;
  // The input stalled: what was read is screened and written before the
  // reader may wait for more, so a pipe sees each result once it is decided.
  bool stalled = false;
  for (;;) {
    const bool stopping = Stopping(options_);
    // Fill the window; the reader and the job list are only touched here and
    // under the lock, so helpers never see a job being built.
    while (!input_done && !stalled && !stopping && !output_failed_ && jobs.size() < window) {
      records::Chunk chunk;
      chunk.text = take_spare(spare_inputs);
      const bool got = reader.Next(chunk, /*may_wait=*/jobs.empty());
      stalled = reader.stalled();
      if (!got) {
        input_done = !stalled;
        spare_inputs.push_back(std::move(chunk.text));
        break;
      }
      if (!header_known) {
        header = reader.header();
        header_known = true;
      }
      {
        std::lock_guard<std::mutex> lock(mu);
        Job& job = jobs.emplace_back();
        job.chunk = std::move(chunk);
        job.first = first_;
        job.output.text = take_spare(spare_outputs);
      }
      first_ = false;
      queued_cv.notify_one();
    }
    std::unique_lock<std::mutex> lock(mu);
    if (jobs.empty()) {
      if (input_done || stopping || output_failed_) break;
      stalled = false;  // all written: now the reader may wait
      continue;
    }
    if (jobs.front().done) {
      Job done = std::move(jobs.front());
      jobs.pop_front();
      --next_to_start;
      lock.unlock();
      if (!collect(done)) break;
      continue;
    }
    if (Job* job = take_queued()) {
      lock.unlock();
      run(own, *job);
      continue;
    }
    if (next_to_start == 0) break;  // stopping, and the oldest job never started
    done_cv.wait(lock, [&] { return jobs.front().done; });
  }
  if (Stopping(options_)) stopped_ = true;
  next_record_ = reader.next_record();
  return reader.error();
}

}  // namespace needlescreen
