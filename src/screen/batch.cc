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
#include <thread>

#include "records/chunk.h"
#include "records/readers.h"

namespace needlescreen {
namespace {

// Output buffered per flush; large writes keep syscalls off the profile.
constexpr size_t kFlushBytes = 1 << 18;

using UnknownSet = std::set<std::string, std::less<>>;

// What one chunk produced: its output text, its counts, the unknown fields met.
struct ChunkOutput {
  std::string text;
  BatchCounts counts;
  UnknownSet unknown;
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
  ChunkWorker(const Screener& screener, const ResultWriter& writer, const BatchOptions& options)
      : screener_(screener),
        writer_(writer),
        options_(options),
        read_(MakeReadOptions(options, &unknown_)),
        parser_(screener.pack(), read_, options.format) {}

  // Screens `chunk` into `output` (whose text buffer is reused); `header` is
  // the CSV header row of the stream.
  void Screen(records::Chunk& chunk, std::string_view header, std::string_view file, bool first,
              ChunkOutput& output) {
    unknown_ = &output.unknown;
    if (options_.format == InputFormat::kCsv && !header_set_) {
      parser_.SetHeader(header);
      header_set_ = true;
    }
    output.text.clear();
    // Output is ~5x the input for JSON Lines with full reasons, ~1.5x for CSV;
    // reserving it once avoids copying the buffer as it grows.
    output.text.reserve(chunk.text.size() * (options_.output.format == OutputFormat::kCsv ? 2 : 6));
    parser_.Parse(chunk, file, [&](RecordEvent& event) {
      ScreenEvent(screener_, writer_, options_, event, result_, first, output.text, output.counts);
      first = false;
      return true;
    });
    unknown_ = nullptr;
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
  UnknownSet* unknown_ = nullptr;
  ReadOptions read_;
  records::ChunkParser parser_;
  Result result_;
  bool header_set_ = false;
};

// A chunk on its way through the pipeline, in input order.
struct Job {
  records::Chunk chunk;
  bool first = false;  // holds the run's first record (JSON array commas)
  bool done = false;   // queued or running until then (see next_to_start)
  ChunkOutput output;
  std::exception_ptr failure;
};

// Runs `job` on `worker`, keeping an exception for the writing thread.
void RunJob(ChunkWorker& worker, Job& job, std::string_view header, std::string_view file) {
  try {
    worker.Screen(job.chunk, header, file, job.first, job.output);
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

// The calling thread reads chunks into a window of jobs, writes finished ones
// in input order, and screens queued ones itself while the oldest is still
// being screened; jobs - 1 more threads take queued jobs. So exactly `jobs`
// threads work, every sink is called on the calling thread, and at most
// `window` chunks are in memory, however long the input is.
std::string BatchScreener::ScreenLines(std::istream& in, std::string_view file,
                                       const OutputSink& out, const UnknownFieldSink& unknown,
                                       const ProgressSink& progress) {
  // The pack tells a CSV header row from a first row of patient data.
  records::ChunkReader reader(in, options_.format, next_record_, 1 << 20, options_.max_record_bytes,
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

  // The oldest queued job, now taken; null if none is queued.
  auto take_queued = [&]() -> Job* {
    if (next_to_start >= jobs.size()) return nullptr;
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
    ChunkWorker worker(screener_, writer_, options_);
    for (;;) {
      Job* job;
      {
        std::unique_lock<std::mutex> lock(mu);
        queued_cv.wait(lock, [&] { return stop || next_to_start < jobs.size(); });
        if (stop) return;
        job = take_queued();
      }
      run(worker, *job);
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
  auto collect = [&](Job& job) {
    if (job.failure) std::rethrow_exception(job.failure);
    ChunkOutput& output = job.output;
    for (size_t d = 0; d < counts_.by_decision.size(); ++d) {
      counts_.by_decision[d] += output.counts.by_decision[d];
    }
    for (const std::string& path : output.unknown) unknown(path);
    if (!output_failed_ && !output.text.empty()) output_failed_ = !out(output.text);
    if (progress) progress(counts_.records());
    spare_outputs.push_back(std::move(output.text));
    spare_inputs.push_back(std::move(job.chunk.text));
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
  for (size_t i = 1; i < threads; ++i) helpers.emplace_back(work);

  ChunkWorker own(screener_, writer_, options_);
  bool input_done = false;
  for (;;) {
    // Fill the window; the reader and the job list are only touched here and
    // under the lock, so helpers never see a job being built.
    while (!input_done && !output_failed_ && jobs.size() < window) {
      records::Chunk chunk;
      chunk.text = take_spare(spare_inputs);
      if (!reader.Next(chunk)) {
        input_done = true;
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
    if (jobs.empty()) break;
    if (jobs.front().done) {
      Job done = std::move(jobs.front());
      jobs.pop_front();
      --next_to_start;
      lock.unlock();
      collect(done);
      continue;
    }
    if (Job* job = take_queued()) {
      lock.unlock();
      run(own, *job);
      continue;
    }
    done_cv.wait(lock, [&] { return jobs.front().done; });
  }
  next_record_ = reader.next_record();
  return reader.error();
}

}  // namespace needlescreen
