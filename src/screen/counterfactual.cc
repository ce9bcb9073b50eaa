// The counterfactual search (needlescreen/counterfactual.h): sets of things
// to change (answers, and "the time"), smallest first, each screened with the
// real screener on a changed copy of the record.
#include "needlescreen/counterfactual.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "expr/expr.h"
#include "pack/compiled.h"
#include "screen/counterfactual_plan.h"

namespace needlescreen {
namespace {

using internal::Candidate;
using internal::CounterfactualPlan;

// A thing a set changes: an index into CounterfactualPlan::fields, or kTime.
constexpr int kTime = -1;

double Scalar(FieldType type, const Slot& s) {
  return type == FieldType::kNumber ? s.number : static_cast<double>(s.seconds);
}

class Search {
 public:
  Search(const Screener& screener, const CounterfactualPlan& plan,
         const CounterfactualLimits& limits, const Record& record, TimePoint default_now,
         const Result& original, Counterfactual& out)
      : screener_(screener),
        pack_(screener.pack()),
        plan_(plan),
        limits_(limits),
        record_(record),
        work_(record),
        masked_(record),
        default_now_(default_now),
        original_(original),
        at_(original.screened_at.time_since_epoch().count()),
        latest_(std::min(at_ + limits.horizon.count(), kLatestDatetime.time_since_epoch().count())),
        out_(out),
        candidates_(
            internal::CandidateValues(screener, plan, limits, record, original.screened_at)),
        chosen_(pack_.fields.size()) {
    // The record as the screener evaluates it at its own time: answers
    // implausible then are unknown (the values tried are all plausible then).
    for (size_t f = 0; f < masked_.slots.size(); ++f) {
      if (screener.CheckAnswer(static_cast<int>(f), record.slots[f], original.screened_at) !=
          Implausible::kNo)
        masked_.slots[f].known = false;
    }
    for (size_t r = 0; r < pack_.rules.size(); ++r) {
      if (plan.deciding[r] && original.verdicts[r] != Truth::kFalse)
        blockers_.push_back(static_cast<int>(r));
    }
  }

  void Run() {
    out_.searched = true;
    if (original_.decision == Decision::kIncomplete) Decides();
    if (plan_.time_matters) things_.push_back(kTime);
    for (size_t i = 0; i < plan_.fields.size(); ++i) {
      if (!candidates_[i].empty()) things_.push_back(static_cast<int>(i));
    }
    const int most = limits_.max_answers + (plan_.time_matters ? 1 : 0);
    for (int size = 1; size <= most && !Stopped(); ++size) {
      std::vector<int> combo;
      Combinations(0, size, combo);
    }
  }

 private:
  bool Stopped() const { return out_.exhausted || out_.more; }

  // Counts one set of answers weighed (screened or not); false past the limit.
  bool CountOne() {
    if (++out_.considered <= limits_.max_considered) return true;
    out_.exhausted = true;
    return false;
  }

  // Whether every refer, swap and wait rule that blocked the record is false
  // with the answers being tried, at the record's own time: evaluating those
  // conditions is exactly what the screener does first, at a fraction of a
  // screening, and any other verdict rules out proceed.
  bool BlockersFalse() const {
    const auto& compiled = *pack_.compiled;
    expr::Context ctx{&compiled.nodes, &compiled.let_roots, &masked_, at_, nullptr};
    return std::all_of(blockers_.begin(), blockers_.end(), [&](int r) {
      const int when = compiled.rules[r].when;
      return when >= 0 && expr::EvalTruth(ctx, when) == Truth::kFalse;
    });
  }

  // Screens work_ (at its own time, or at `time`), counting the screening;
  // nullopt once the limit is reached.
  std::optional<Decision> Screen(std::optional<int64_t> time = std::nullopt) {
    if (out_.screenings >= limits_.max_screenings) {
      out_.exhausted = true;
      return std::nullopt;
    }
    ++out_.screenings;
    Slot* at = plan_.screened_at >= 0 ? &work_.slots[plan_.screened_at] : nullptr;
    const Slot saved = at ? *at : Slot{};
    if (time && at) {
      at->known = true;
      at->seconds = *time;
    }
    screener_.Screen(work_, default_now_, {}, scratch_);
    if (at) *at = saved;
    return scratch_.decision;
  }

  // --- incomplete: what each missing answer decides ---------------------

  void Decides() {
    for (const Missing& m : original_.missing) {
      if (!m.blocking) continue;
      auto it = std::find(plan_.fields.begin(), plan_.fields.end(), m.field);
      if (it == plan_.fields.end()) continue;
      const std::vector<Candidate>& values = candidates_[it - plan_.fields.begin()];
      DecidingAnswer answer{m.field, record_.slots[m.field], {}};
      for (const Candidate& c : values) {
        work_.slots[m.field] = c.slot;
        std::optional<Decision> d = Screen();
        work_.slots[m.field] = record_.slots[m.field];
        if (!d) return;
        answer.answers.push_back({c.slot, c.words, *d});
      }
      out_.decides.push_back(std::move(answer));
    }
  }

  // --- smallest sets ------------------------------------------------------

  void Combinations(size_t from, int left, std::vector<int>& combo) {
    if (left == 0) return Consider(combo);
    for (size_t i = from; i + left <= things_.size() && !Stopped(); ++i) {
      combo.push_back(things_[i]);
      Combinations(i + 1, left - 1, combo);
      combo.pop_back();
    }
  }

  void Consider(const std::vector<int>& combo) {
    if (!CountOne()) return;
    const bool time = combo.front() == kTime;
    if (static_cast<int>(combo.size()) - (time ? 1 : 0) > limits_.max_answers) return;
    for (const std::vector<int>& found : found_) {
      if (std::includes(combo.begin(), combo.end(), found.begin(), found.end())) return;
    }
    if (!TouchesEveryBlocker(combo, time)) return;
    std::vector<ChangeSet> working;
    std::vector<AnswerChange> changes;
    Assign(combo, time ? 1 : 0, time, changes, working);
    if (working.empty()) return;
    found_.push_back(combo);
    Keep(std::move(working));
  }

  // A refer, swap or wait rule that is true or unknown keeps its verdict
  // unless something it reads changes: then the record cannot proceed, and
  // the set is not worth a screening.
  bool TouchesEveryBlocker(const std::vector<int>& combo, bool time) {
    for (int thing : combo) {
      if (thing != kTime) chosen_[plan_.fields[thing]] = true;
    }
    bool all = true;
    for (size_t r = 0; r < pack_.rules.size() && all; ++r) {
      if (!plan_.deciding[r] || original_.verdicts[r] == Truth::kFalse) continue;
      if (time && plan_.rule_reads_time[r]) continue;
      const std::vector<int>& fields = plan_.rule_fields[r];
      all = std::any_of(fields.begin(), fields.end(), [&](int f) { return chosen_[f]; });
    }
    for (int thing : combo) {
      if (thing != kTime) chosen_[plan_.fields[thing]] = false;
    }
    return all;
  }

  // Every combination of the candidates of combo[next...], then a screening.
  void Assign(const std::vector<int>& combo, size_t next, bool time,
              std::vector<AnswerChange>& changes, std::vector<ChangeSet>& working) {
    if (next == combo.size()) return Try(time, changes, working);
    const int field = plan_.fields[combo[next]];
    for (const Candidate& c : candidates_[combo[next]]) {
      if (Stopped()) return;
      work_.slots[field] = c.slot;
      masked_.slots[field] = c.slot;
      changes.push_back({field, record_.slots[field], c.slot, c.words});
      Assign(combo, next + 1, time, changes, working);
      changes.pop_back();
      work_.slots[field] = record_.slots[field];
      masked_.slots[field] = record_.slots[field];
    }
  }

  void Try(bool time, const std::vector<AnswerChange>& changes, std::vector<ChangeSet>& working) {
    if (!CountOne()) return;
    if (!time) {
      if (!BlockersFalse()) return;
      std::optional<Decision> d = Screen();
      if (d == Decision::kProceed) working.push_back({changes, std::nullopt, false});
      return;
    }
    std::optional<ChangeSet> later = Later(changes);
    if (later) working.push_back(std::move(*later));
  }

  // The earliest screening time after the record's own at which work_
  // proceeds, and whether it does at every time after that (up to the
  // horizon): decisions only change at the thresholds, so trying each once
  // is exact.
  std::optional<ChangeSet> Later(const std::vector<AnswerChange>& changes) {
    std::vector<int64_t> times = internal::TimeCandidates(pack_, plan_, work_, at_, latest_);
    std::optional<ChangeSet> set;
    for (int64_t t : times) {
      std::optional<Decision> d = Screen(t);
      if (!d) return set;  // the limit: `or_later` unproven, so left false
      if (!set) {
        if (d == Decision::kProceed)
          set = ChangeSet{changes, TimePoint(std::chrono::seconds(t)), true};
        continue;
      }
      if (d != Decision::kProceed) {
        set->or_later = false;
        return set;
      }
    }
    return set;
  }

  // Of two sets that differ only in one number or datetime, on the same side
  // of the record's answer, the nearer one says it: keeps the thresholds.
  bool Dominates(const ChangeSet& a, const ChangeSet& b) const {
    bool nearer = false;
    for (size_t i = 0; i < a.changes.size(); ++i) {
      const AnswerChange& x = a.changes[i];
      const AnswerChange& y = b.changes[i];
      const FieldType type = pack_.fields[x.field].type;
      if (internal::SameAnswer(type, x.to, y.to)) continue;
      if (nearer || !x.from.known || (type != FieldType::kNumber && type != FieldType::kDatetime))
        return false;
      const double from = Scalar(type, x.from);
      const double dx = Scalar(type, x.to) - from;
      const double dy = Scalar(type, y.to) - from;
      if ((dx < 0) != (dy < 0) || std::abs(dx) >= std::abs(dy)) return false;
      nearer = true;
    }
    return nearer;
  }

  // The sets of one set of things that work, the dominated ones left out
  // (only among a few thousand: the comparison is quadratic, and every set
  // kept is verified all the same).
  void Keep(std::vector<ChangeSet> working) {
    constexpr size_t kMostCompared = 2000;
    std::vector<bool> keep(working.size(), true);
    for (size_t i = 0; i < working.size() && working.size() <= kMostCompared; ++i) {
      for (size_t j = 0; j < working.size() && keep[i]; ++j) {
        if (i != j && Dominates(working[j], working[i])) keep[i] = false;
      }
    }
    for (size_t i = 0; i < working.size(); ++i) {
      if (!keep[i]) continue;
      if (out_.sets.size() == limits_.max_sets) {
        out_.more = true;
        return;
      }
      out_.sets.push_back(std::move(working[i]));
    }
  }

  const Screener& screener_;
  const Pack& pack_;
  const CounterfactualPlan& plan_;
  const CounterfactualLimits& limits_;
  const Record& record_;
  Record work_;    // the record with the changes being tried
  Record masked_;  // the same with the answers implausible at the record's time unknown
  TimePoint default_now_;
  const Result& original_;
  int64_t at_, latest_;
  Counterfactual& out_;
  std::vector<std::vector<Candidate>> candidates_;  // per plan field
  std::vector<int> things_;                         // kTime first, then plan fields with values
  std::vector<std::vector<int>> found_;             // sets of things that worked
  std::vector<bool> chosen_;                        // per pack field, while weighing a set
  std::vector<int> blockers_;                       // deciding rules not false on the record
  Result scratch_;
};

}  // namespace

CounterfactualFinder::CounterfactualFinder(const Screener& screener, CounterfactualLimits limits)
    : screener_(screener),
      limits_(limits),
      plan_(std::make_unique<const internal::CounterfactualPlan>(screener.pack())) {}

CounterfactualFinder::~CounterfactualFinder() = default;

void CounterfactualFinder::Find(const Record& record, TimePoint default_now, Result& result) const {
  result.counterfactual.Clear();
  if (result.decision == Decision::kProceed || result.decision == Decision::kError) return;
  Counterfactual found;
  found.max_answers = limits_.max_answers;
  found.horizon_days = static_cast<int>(limits_.horizon.count() / 86400);
  Search(screener_, *plan_, limits_, record, default_now, result, found).Run();
  result.counterfactual = std::move(found);
}

}  // namespace needlescreen
