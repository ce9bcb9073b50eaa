// Static analysis of compiled rule conditions, for rule authors: which
// verdicts a condition can reach at all, which values it forces to be known,
// and conjunctions that contradict themselves. Judged from the structure of
// the expression alone, never from a record (SPEC §4 `rules test` coverage,
// `rules lint`). Conservative: a verdict is called unreachable only when the
// structure proves it.
#ifndef NEEDLESCREEN_AUTHORING_ANALYSIS_H_
#define NEEDLESCREEN_AUTHORING_ANALYSIS_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/truth.h"
#include "pack/compiled.h"

namespace needlescreen::authoring {

// A set of verdicts: bit i stands for Truth(i).
using TruthSet = uint8_t;

constexpr TruthSet TruthBit(Truth t) { return static_cast<TruthSet>(1u << static_cast<int>(t)); }
constexpr TruthSet kAllTruths =
    TruthBit(Truth::kFalse) | TruthBit(Truth::kTrue) | TruthBit(Truth::kUnknown);
constexpr bool Has(TruthSet set, Truth t) { return (set & TruthBit(t)) != 0; }

// Fields and lets (by index) that are known whenever some condition holds;
// sorted, without duplicates.
struct Terms {
  std::vector<int> fields;
  std::vector<int> lets;

  bool HasField(int field) const;
  bool HasLet(int let) const;
};

// Not thread-safe: results are memoised (lets referring to lets would
// otherwise be walked once per path through them).
//
// Bounded: every step (a node judged, a term remembered, a leaf of a chain
// compared) is counted, and past `budget` steps the analysis stops and answers
// conservatively (every verdict reachable, nothing forced known, no
// contradiction) — issue 13: three let chains once took 3.4 GB. Callers check
// exhausted() and discard what they concluded after it became true.
class ConditionAnalysis {
 public:
  static constexpr size_t kDefaultBudget = 10'000'000;

  // `pack` must be compiled and outlive the analysis.
  explicit ConditionAnalysis(const Pack& pack, size_t budget = kDefaultBudget);

  // True once the budget is spent: later answers are the conservative ones.
  bool exhausted() const { return steps_ > budget_; }
  size_t budget() const { return budget_; }

  // The verdicts rule `rule`'s `when` can reach; {true} for a rule without one.
  TruthSet RuleVerdicts(int rule) const;

  // The truth values boolean node `node` can take.
  TruthSet Verdicts(int node) const;

  // Fields and lets that are known whenever boolean `node` evaluates to `t`
  // (kTrue or kFalse): `a and b` true forces what either forces, `a or b`
  // true only what both force.
  Terms KnownWhen(int node, Truth t) const;

  // Fields and lets that are known whenever `node`'s value is known.
  Terms KnownValue(int node) const;

  // Describes a contradiction in the conjunction rooted at `node` (an `and`
  // chain, or a single comparison): "its conditions on patient.x cannot all
  // hold". Empty when none is found.
  std::string Contradiction(int node) const;

  // The same for the disjunction rooted at `node` being false: non-empty
  // means the `or` chain is true whenever the named value is known.
  std::string Exhaustion(int node) const;

  // Whether `node`'s value can be unknown on some record.
  bool CanBeUnknown(int node) const;

  // Fields a node reads, through lets (sorted; `now` left out).
  std::vector<int> FieldsRead(int node) const;

  // The byte offset where the text of `node` begins in its expression.
  uint32_t StartOffset(int node) const;

  const std::vector<expr::Node>& nodes() const { return compiled_.nodes; }

 private:
  // A condition that must hold: `node`, or its negation.
  struct Leaf {
    int node;
    bool negated;
  };

  // Counts `n` steps; false once the budget is spent.
  bool Spend(size_t n) const {
    steps_ += n;
    return !exhausted();
  }
  TruthSet CombinedVerdicts(int node) const;
  bool IsConstant(int node) const;
  bool IsConstantUncached(int node) const;
  // Flattens an `and` chain (an `or` chain when negated, by De Morgan) into
  // the leaves that must all hold for it to be true (false when negated).
  void Flatten(int node, bool negated, std::vector<Leaf>& out) const;
  std::string Conflict(int node, bool negated) const;
  Terms KnownWhenUncached(int node, Truth t) const;
  Terms KnownValueUncached(int node) const;

  const Pack& pack_;
  const internal::CompiledPack& compiled_;
  size_t budget_;
  mutable size_t steps_ = 0;
  mutable std::vector<TruthSet> verdicts_;              // per node; 0 = not yet computed
  mutable std::vector<int8_t> constant_;                // per node; -1 = not yet computed
  mutable std::map<std::pair<int, int>, Terms> known_;  // (node, 0 false / 1 true / 2 value)
};

}  // namespace needlescreen::authoring

#endif  // NEEDLESCREEN_AUTHORING_ANALYSIS_H_
