// The decisions two rule packs give the same records (`needlescreen rules
// diff`, issue 19): every record read once from its stream, as each pack
// reads it, screened by both, and compared.
//
// Streaming: a record is held only while it is screened, and the comparison
// keeps counts; what changed goes to the caller's sink, record by record, in
// input order. Nothing here prints. Only std::bad_alloc escapes (rethrown on
// the calling thread), and what the caller's sinks throw.
#ifndef NEEDLESCREEN_AUTHORING_DECISION_DIFF_H_
#define NEEDLESCREEN_AUTHORING_DECISION_DIFF_H_

#include <array>
#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/reader.h"
#include "needlescreen/record.h"
#include "needlescreen/result.h"
#include "needlescreen/screen.h"
#include "needlescreen/status.h"
#include "needlescreen/time.h"
#include "needlescreen/truth.h"

namespace needlescreen::authoring {

// One record's screen under one pack, reduced to what a comparison needs.
struct SideScreen {
  Decision decision = Decision::kError;
  // For kError: why, as `check` prints it ("line 9, field x: expected ..."),
  // never a value of the record.
  std::string error;
  std::vector<Truth> verdicts;  // one per rule of that pack; empty for kError
};

// Where a record is, as the old pack's reader numbered it.
struct RecordPosition {
  uint64_t record = 0;
  uint64_t line = 0;  // 0 = none
  std::string file;   // the input's name ("-" for stdin)
  std::optional<std::string> id;
};

// How one rule counts towards a decision in one pack: absent, or its outcome
// and verdict.
struct RuleStanding {
  bool present = false;
  Outcome outcome = Outcome::kInfo;
  Truth verdict = Truth::kFalse;
};

// A rule, matched by id across the packs, that decides differently: it
// decides (refer, swap or wait) in at least one pack and is true or unknown
// there, and is not so, with the same outcome, in the other (absent, false,
// another outcome or verdict).
struct RuleDifference {
  std::string rule;
  RuleStanding old_rule, new_rule;
};

// A record whose decision differs between the packs.
struct DecisionChange {
  RecordPosition position;
  Decision old_decision = Decision::kError;
  Decision new_decision = Decision::kError;
  std::string old_error, new_error;   // SideScreen::error of each side ("" unless kError)
  std::vector<RuleDifference> rules;  // in the old pack's rule order, then the new pack's
};

// Counts of records by old decision (first index) and new decision (second),
// indexed by Decision's value.
using Transitions = std::array<std::array<uint64_t, kDecisionCount>, kDecisionCount>;

// Compares the two sides of each record and counts them. Holds the packs'
// rule ids only (no reference to either pack). Not synchronised.
class DecisionComparison {
 public:
  DecisionComparison(const Pack& old_pack, const Pack& new_pack);

  // Counts the record; returns what changed when its decisions differ, and
  // also when neither pack could read it (both kError: no change, but a
  // record the caller must not drop silently).
  std::optional<DecisionChange> Compare(const RecordPosition& position, const SideScreen& old_side,
                                        const SideScreen& new_side);

  const Transitions& transitions() const { return transitions_; }
  uint64_t records() const { return records_; }
  uint64_t changed() const { return changed_; }
  // Records that at least one pack could not read (decided kError).
  uint64_t unreadable() const { return unreadable_; }
  // Records neither pack could read.
  uint64_t unreadable_by_both() const { return unreadable_by_both_; }

 private:
  struct RulePair {
    std::string id;
    int old_index = -1, new_index = -1;
    Outcome old_outcome = Outcome::kInfo, new_outcome = Outcome::kInfo;
  };
  std::vector<RulePair> rules_;  // the old pack's rules in order, then those only the new has
  Transitions transitions_{};
  uint64_t records_ = 0;
  uint64_t changed_ = 0;
  uint64_t unreadable_ = 0;
  uint64_t unreadable_by_both_ = 0;
};

// How ScreenPairs reads and screens.
struct PairOptions {
  // As `check` reads records: strictness and the record size limit apply to
  // both packs' readers; on_unknown_field is not used (see below).
  ReadOptions read;
  TimePoint now{};  // screening time for records without screened_at
  // `--set` values, typed by each pack (a Record sized to it); may be null.
  // Not owned.
  const Record* old_defaults = nullptr;
  const Record* new_defaults = nullptr;
  // Called with 0 (old pack) or 1 (new pack) and each unknown field path met;
  // calls are serialised but come from the readers' threads. May be empty.
  std::function<void(int side, std::string_view path)> on_unknown_field;
};

// Receives each record's two screens, in input order, on the calling thread.
// Return false to stop reading.
using PairSink = std::function<bool(const RecordPosition& position, const SideScreen& old_side,
                                    const SideScreen& new_side)>;

// Reads `in` once, as `format`, named `file`: two readers, one per pack, each
// on its own thread over a shared buffer of the stream (at most a few MiB
// between them), so each pack reads every record exactly as `check --rules`
// with that pack would. Each record read is screened by its reader's pack
// (an unreadable one is kError with its message) and the i-th record of
// each reader goes to `sink` together. Records are numbered from
// `*next_record`, which is advanced past the longer side. Should one pack's
// reader see more records than the other's (a CSV whose first row is a header
// for one pack and not the other), the records left over are paired with a
// kError side saying the record was not read as one by that pack. Returns OK,
// or the first kIoError of a reader (a failure of the stream itself).
Status ScreenPairs(std::istream& in, std::string_view file, InputFormat format,
                   const Screener& old_screener, const Screener& new_screener,
                   const PairOptions& options, uint64_t* next_record, const PairSink& sink);

}  // namespace needlescreen::authoring

#endif  // NEEDLESCREEN_AUTHORING_DECISION_DIFF_H_
