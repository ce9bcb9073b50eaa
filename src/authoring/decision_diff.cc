// Each record screened by two packs (issue 19, `rules diff`). A record is
// decoded into one pack's field slots, so the other pack cannot screen the
// same decoding: a field may be an enum of other values there, or not exist.
// So both packs read the stream, each with its own reader as `check` would,
// on two threads sharing one buffer of the input (a pipe cannot be read
// twice), and the i-th records of the two readers are compared.
#include "authoring/decision_diff.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <streambuf>
#include <thread>
#include <utility>

namespace needlescreen::authoring {
namespace {

bool Counts(const RuleStanding& s) {
  return s.present && Decides(s.outcome) && s.verdict != Truth::kFalse;
}

// Whether the rule weighs the same in both decisions.
bool SameStanding(const RuleStanding& a, const RuleStanding& b) {
  if (!Counts(a) || !Counts(b)) return Counts(a) == Counts(b);
  return a.outcome == b.outcome && a.verdict == b.verdict;
}

// The input, read once, in chunks that two readers take in turn. The reader
// ahead waits while it is kMaxLag chunks ahead of the other, so the buffer
// stays bounded; the reader behind never waits for the one ahead, so the two
// cannot wait for each other.
class SharedInput {
 public:
  explicit SharedInput(std::streambuf& source) : source_(source) {}

  // Copies the next chunk for `side` into `out`; false at the end of input
  // or once cancelled.
  bool Take(int side, std::string& out) {
    std::unique_lock lock(mutex_);
    for (;;) {
      if (cancelled_) return false;
      const uint64_t want = next_[side];
      if (want < base_ + chunks_.size()) {
        out = chunks_[want - base_];
        ++next_[side];
        Trim();
        changed_.notify_all();
        return true;
      }
      if (eof_) return false;
      if (reading_ || want >= next_[1 - side] + kMaxLag) {
        changed_.wait(lock);
        continue;
      }
      reading_ = true;
      lock.unlock();
      std::string chunk(kChunkBytes, '\0');
      const std::streamsize n = source_.sgetn(chunk.data(), kChunkBytes);
      chunk.resize(n > 0 ? static_cast<size_t>(n) : 0);
      lock.lock();
      reading_ = false;
      if (chunk.empty()) {
        eof_ = true;
      } else {
        chunks_.push_back(std::move(chunk));
      }
      changed_.notify_all();
    }
  }

  // `side` reads no more: the other side no longer waits for it.
  void Done(int side) {
    std::lock_guard lock(mutex_);
    next_[side] = std::numeric_limits<uint64_t>::max();
    Trim();
    changed_.notify_all();
  }

  void Cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    changed_.notify_all();
  }

 private:
  static constexpr std::streamsize kChunkBytes = std::streamsize{64} * 1024;
  static constexpr uint64_t kMaxLag = 64;  // chunks: 4 MiB

  void Trim() {
    const uint64_t both = std::min(next_[0], next_[1]);
    while (!chunks_.empty() && base_ < both) {
      chunks_.pop_front();
      ++base_;
    }
  }

  std::streambuf& source_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> chunks_;
  uint64_t base_ = 0;  // index of chunks_.front()
  uint64_t next_[2] = {0, 0};
  bool reading_ = false;
  bool eof_ = false;
  bool cancelled_ = false;
};

// One reader's view of the shared input.
class SideBuffer : public std::streambuf {
 public:
  SideBuffer(SharedInput& input, int side) : input_(input), side_(side) {}

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (!input_.Take(side_, chunk_)) return traits_type::eof();
    setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
    return traits_type::to_int_type(*gptr());
  }

 private:
  SharedInput& input_;
  int side_;
  std::string chunk_;
};

// A screened record waiting for its partner from the other reader.
struct Screened {
  RecordPosition position;
  SideScreen side;
};

// The two readers and the queues between them and the calling thread.
class PairRun {
 public:
  PairRun(std::istream& in, std::string_view file, InputFormat format, const Screener& old_screener,
          const Screener& new_screener, const PairOptions& options, uint64_t first)
      : input_(*in.rdbuf()),
        file_(file),
        format_(format),
        screeners_{&old_screener, &new_screener},
        options_(options),
        first_(first) {}

  Status Run(const PairSink& sink, uint64_t* next_record) {
    std::thread threads[2] = {std::thread([this] { Read(0); }), std::thread([this] { Read(1); })};
    try {
      Pair(sink);
    } catch (...) {
      Stop();
      for (std::thread& t : threads) t.join();
      throw;
    }
    for (std::thread& t : threads) t.join();
    for (const std::exception_ptr& e : failure_) {
      if (e) std::rethrow_exception(e);
    }
    *next_record = std::max(next_[0], next_[1]);
    return !status_[0].ok() ? status_[0] : status_[1];
  }

 private:
  void Read(int side) {
    try {
      SideBuffer buffer(input_, side);
      std::istream in(&buffer);
      ReadOptions read = options_.read;
      read.on_unknown_field = [this, side](std::string_view path) {
        if (!options_.on_unknown_field) return;
        std::lock_guard lock(unknown_mutex_);
        options_.on_unknown_field(side, path);
      };
      Result result;
      const Record* defaults = side == 0 ? options_.old_defaults : options_.new_defaults;
      next_[side] = first_;
      status_[side] = ReadRecords(
          in, file_, format_, screeners_[side]->pack(), read, &next_[side],
          [&](RecordEvent& event) { return Push(side, Screen(side, event, defaults, result)); });
    } catch (...) {
      failure_[side] = std::current_exception();
    }
    input_.Done(side);
    std::lock_guard lock(mutex_);
    done_[side] = true;
    ready_.notify_all();
  }

  Screened Screen(int side, RecordEvent& event, const Record* defaults, Result& result) const {
    Screened s;
    s.position = {event.info.record, event.info.line, std::string(event.info.file), event.info.id};
    if (!event.status.ok()) {
      s.side.error = event.status.ToString();
      return s;
    }
    if (defaults) ApplyDefaults(*defaults, *event.record);
    screeners_[side]->Screen(*event.record, options_.now, {}, result);
    s.side.decision = result.decision;
    if (result.decision == Decision::kError) {
      s.side.error = result.error.At({event.info.record, event.info.line, {}, {}}).ToString();
    } else {
      s.side.verdicts = result.verdicts;
    }
    return s;
  }

  bool Push(int side, Screened s) {
    std::lock_guard lock(mutex_);
    if (stopped_) return false;
    queue_[side].push_back(std::move(s));
    ready_.notify_all();
    return true;
  }

  void Stop() {
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    input_.Cancel();
  }

  static Screened Unread(const Screened& other, std::string_view pack) {
    Screened s;
    s.position = other.position;
    s.side.error = std::string("not read as a record by the ") + std::string(pack) + " pack";
    return s;
  }

  void Pair(const PairSink& sink) {
    for (;;) {
      Screened sides[2];
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] {
          return (!queue_[0].empty() || done_[0]) && (!queue_[1].empty() || done_[1]);
        });
        if (queue_[0].empty() && queue_[1].empty()) return;
        for (int side : {0, 1}) {
          if (queue_[side].empty()) continue;
          sides[side] = std::move(queue_[side].front());
          queue_[side].pop_front();
        }
        if (sides[0].position.record == 0) sides[0] = Unread(sides[1], "old");
        if (sides[1].position.record == 0) sides[1] = Unread(sides[0], "new");
      }
      if (!sink(sides[0].position, sides[0].side, sides[1].side)) {
        Stop();
        return;
      }
    }
  }

  SharedInput input_;
  std::string_view file_;
  InputFormat format_;
  const Screener* screeners_[2];
  const PairOptions& options_;
  uint64_t first_;
  uint64_t next_[2] = {0, 0};
  Status status_[2];
  std::exception_ptr failure_[2];
  std::mutex unknown_mutex_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Screened> queue_[2];
  bool done_[2] = {false, false};
  bool stopped_ = false;
};

}  // namespace

DecisionComparison::DecisionComparison(const Pack& old_pack, const Pack& new_pack) {
  std::map<std::string_view, size_t> index;
  for (size_t i = 0; i < old_pack.rules.size(); ++i) {
    const Rule& r = old_pack.rules[i];
    index.emplace(r.id, rules_.size());
    rules_.push_back({r.id, static_cast<int>(i), -1, r.outcome, Outcome::kInfo});
  }
  for (size_t i = 0; i < new_pack.rules.size(); ++i) {
    const Rule& r = new_pack.rules[i];
    auto it = index.find(r.id);
    if (it == index.end()) {
      rules_.push_back({r.id, -1, static_cast<int>(i), Outcome::kInfo, r.outcome});
      continue;
    }
    rules_[it->second].new_index = static_cast<int>(i);
    rules_[it->second].new_outcome = r.outcome;
  }
}

std::optional<DecisionChange> DecisionComparison::Compare(const RecordPosition& position,
                                                          const SideScreen& old_side,
                                                          const SideScreen& new_side) {
  ++records_;
  ++transitions_[static_cast<int>(old_side.decision)][static_cast<int>(new_side.decision)];
  const bool unreadable =
      old_side.decision == Decision::kError || new_side.decision == Decision::kError;
  if (unreadable) ++unreadable_;
  const bool same = old_side.decision == new_side.decision;
  if (same && !unreadable) return std::nullopt;
  if (same) {
    ++unreadable_by_both_;
  } else {
    ++changed_;
  }
  DecisionChange change{position,       old_side.decision, new_side.decision,
                        old_side.error, new_side.error,    {}};
  // An unreadable side has no verdicts: the error says what differs.
  if (unreadable) return change;
  auto standing = [](const SideScreen& side, int index, Outcome outcome) {
    RuleStanding s;
    if (index < 0 || static_cast<size_t>(index) >= side.verdicts.size()) return s;
    return RuleStanding{true, outcome, side.verdicts[static_cast<size_t>(index)]};
  };
  for (const RulePair& r : rules_) {
    RuleStanding o = standing(old_side, r.old_index, r.old_outcome);
    RuleStanding n = standing(new_side, r.new_index, r.new_outcome);
    if (!SameStanding(o, n)) change.rules.push_back({r.id, o, n});
  }
  return change;
}

Status ScreenPairs(std::istream& in, std::string_view file, InputFormat format,
                   const Screener& old_screener, const Screener& new_screener,
                   const PairOptions& options, uint64_t* next_record, const PairSink& sink) {
  PairRun run(in, file, format, old_screener, new_screener, options, *next_record);
  return run.Run(sink, next_record);
}

}  // namespace needlescreen::authoring
