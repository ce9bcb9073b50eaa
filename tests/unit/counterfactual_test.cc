// check --counterfactual (screen/counterfactual.cc): every set reported gives
// proceed when applied and screened again, no proper part of it does with
// any of the values tried, and no smaller set does at all; on the examples,
// on generated records of the built-in and red-flags packs, and on packs made
// to probe the limits.
#include "needlescreen/counterfactual.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/reader.h"
#include "output/writers.h"
#include "screen/counterfactual_plan.h"
#include "test_support.h"

namespace needlescreen {
namespace {

// 2026-11-24T21:00:00Z, the screening time of the examples.
constexpr TimePoint kAt{std::chrono::sys_days{std::chrono::year{2026} / 11 / 24} +
                        std::chrono::hours(21)};

Pack LoadText(std::string_view text) {
  PackLoad load = LoadPack({{"pack.yaml", std::string(text)}});
  if (!load.pack) {
    for (const Diagnostic& d : load.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
    std::abort();
  }
  return std::move(*load.pack);
}

const Pack& RedFlags() {
  static const Pack pack = [] {
    PackLoad load = LoadPackFiles({NS_SOURCE_DIR "/tests/packs/red-flags.yaml"});
    if (!load.pack) std::abort();
    return std::move(*load.pack);
  }();
  return pack;
}

std::vector<Record> ReadFile(const Pack& pack, const std::string& path) {
  std::ifstream in(path);
  std::vector<Record> out;
  uint64_t next = 1;
  ReadRecords(in, path, *InputFormatFromPath(path), pack, {}, &next, [&](RecordEvent& e) {
    if (e.status.ok()) out.push_back(*e.record);
    return true;
  });
  return out;
}

// The examples/ records the built-in pack reads.
std::vector<Record> Examples() {
  std::vector<Record> out;
  for (const char* name : {"incomplete-onset-unknown.yaml", "proceed-trigger-points.yaml",
                           "swap-severe-phobia.yaml", "wait-acute-bruising.yaml", "batch.jsonl"}) {
    for (Record& r : ReadFile(Builtin(), std::string(NS_SOURCE_DIR "/examples/") + name)) {
      out.push_back(std::move(r));
    }
  }
  return out;
}

Record ExampleRecord(std::string_view name) {
  return ReadFile(Builtin(), std::string(NS_SOURCE_DIR "/examples/") + std::string(name)).at(0);
}

// Records whose answers are drawn from each field's boundary values (one in
// eight left unknown), with a fixed seed: the same records every run.
std::vector<Record> Generated(const Pack& pack, size_t count, unsigned seed) {
  std::vector<screen::Probe> probes = screen::FindProbes(pack);
  auto values = screen::BoundaryValues(pack, kAt, probes, 16);
  std::mt19937 random(seed);
  std::vector<Record> out;
  for (size_t n = 0; n < count; ++n) {
    Record r(pack.fields.size());
    for (size_t f = 0; f < values.size(); ++f) {
      // The last value is the unknown one: one answer in eight left out.
      if (values[f].size() < 2 || random() % 8 == 0) continue;
      r.slots[f] = values[f][random() % (values[f].size() - 1)].slot;
    }
    out.push_back(std::move(r));
  }
  return out;
}

// Records near `base`: one to three of its answers replaced by a boundary
// value or left out (most random records are swaps many times over; these
// are the waits and incompletes one or two answers away from proceed).
std::vector<Record> Perturbed(const Pack& pack, const Record& base, size_t count, unsigned seed) {
  std::vector<screen::Probe> probes = screen::FindProbes(pack);
  auto values = screen::BoundaryValues(pack, kAt, probes, 16);
  std::vector<size_t> fields;
  for (size_t f = 0; f < values.size(); ++f) {
    if (!values[f].empty()) fields.push_back(f);
  }
  std::mt19937 random(seed);
  std::vector<Record> out;
  for (size_t n = 0; n < count; ++n) {
    Record r = base;
    for (size_t k = 1 + random() % 3; k > 0; --k) {
      const size_t f = fields[random() % fields.size()];
      r.slots[f] = values[f][random() % values[f].size()].slot;
    }
    out.push_back(std::move(r));
  }
  return out;
}

// The property test's oracle: screens changed copies of one record,
// independently of the search (no pruning, and times also on a grid).
class Oracle {
 public:
  Oracle(const Screener& screener, const Record& record, TimePoint at)
      : screener_(screener),
        pack_(screener.pack()),
        plan_(pack_),
        record_(record),
        at_(at),
        candidates_(internal::CandidateValues(screener, plan_, {}, record, at)) {}

  Decision Screen(const Record& r, std::optional<int64_t> time = std::nullopt) {
    Record copy = r;
    if (time) {
      copy.slots[plan_.screened_at].known = true;
      copy.slots[plan_.screened_at].seconds = *time;
    }
    ++screenings;
    return screener_.Screen(copy, at_).decision;
  }

  Record Applied(const ChangeSet& set) const {
    Record r = record_;
    for (const AnswerChange& c : set.changes) r.slots[c.field] = c.to;
    if (set.screen_at) {
      r.slots[plan_.screened_at].known = true;
      r.slots[plan_.screened_at].seconds = set.screen_at->time_since_epoch().count();
    }
    return r;
  }

  // Whether some values of `fields` (indexes into plan fields), and some
  // later time when `time`, make the record proceed. The times are the
  // thresholds and, with at most one field, a grid of every hour for a week
  // and every day for a year.
  bool AnyProceeds(const std::vector<size_t>& fields, bool time) {
    Record work = record_;
    return Any(fields, 0, time, work);
  }

  // Every set of `size` things (fields, and the time) from the plan.
  template <typename F>
  void ForEachSet(size_t size, F f) {
    std::vector<size_t> usable;
    for (size_t i = 0; i < candidates_.size(); ++i) {
      if (!candidates_[i].empty()) usable.push_back(i);
    }
    for (int time = 0; time <= 1; ++time) {
      const size_t fields = size - static_cast<size_t>(time);
      if (fields > usable.size() || (time == 1 && size == 0)) continue;
      std::vector<bool> pick(usable.size());
      std::fill(pick.begin(), pick.begin() + static_cast<std::ptrdiff_t>(fields), true);
      do {
        std::vector<size_t> chosen;
        for (size_t i = 0; i < usable.size(); ++i) {
          if (pick[i]) chosen.push_back(usable[i]);
        }
        f(chosen, time == 1);
      } while (std::prev_permutation(pick.begin(), pick.end()));
    }
  }

  const internal::CounterfactualPlan& plan() const { return plan_; }
  int PlanIndex(int field) const {
    auto it = std::find(plan_.fields.begin(), plan_.fields.end(), field);
    return it == plan_.fields.end() ? -1 : static_cast<int>(it - plan_.fields.begin());
  }

  uint64_t screenings = 0;

 private:
  bool Any(const std::vector<size_t>& fields, size_t next, bool time, Record& work) {
    if (next == fields.size()) return Proceeds(work, time, fields.size() <= 1);
    const int field = plan_.fields[fields[next]];
    for (const internal::Candidate& c : candidates_[fields[next]]) {
      work.slots[field] = c.slot;
      const bool yes = Any(fields, next + 1, time, work);
      work.slots[field] = record_.slots[field];
      if (yes) return true;
    }
    return false;
  }

  bool Proceeds(const Record& work, bool time, bool grid) {
    if (!time) return Screen(work) == Decision::kProceed;
    const int64_t at = at_.time_since_epoch().count();
    const int64_t latest = at + int64_t{366} * 86400;
    std::vector<int64_t> times = internal::TimeCandidates(pack_, plan_, work, at, latest);
    if (grid) {
      for (int64_t h = 1; h <= int64_t{24} * 7; ++h) times.push_back(at + h * 3600);
      for (int64_t d = 8; d <= 366; ++d) times.push_back(at + d * 86400);
    }
    for (int64_t t : times) {
      if (Screen(work, t) == Decision::kProceed) return true;
    }
    return false;
  }

  const Screener& screener_;
  const Pack& pack_;
  internal::CounterfactualPlan plan_;
  const Record& record_;
  TimePoint at_;
  std::vector<std::vector<internal::Candidate>> candidates_;
};

// Things a set changes, as indexes into the plan's fields, and the time.
struct Things {
  std::vector<size_t> fields;
  bool time = false;
  size_t size() const { return fields.size() + (time ? 1 : 0); }
};

Things ThingsOf(const Oracle& oracle, const ChangeSet& set) {
  Things t;
  for (const AnswerChange& c : set.changes) {
    const int i = oracle.PlanIndex(c.field);
    EXPECT_GE(i, 0) << "a change of a field no refer/swap/wait rule reads";
    if (i >= 0) t.fields.push_back(static_cast<size_t>(i));
  }
  t.time = set.screen_at.has_value();
  return t;
}

// What the records checked had: so that a test over generated records shows
// it met every kind of answer (sets of several answers, later times, none).
struct Tally {
  int searched = 0, several = 0, timed = 0, none = 0, decides = 0, exhausted = 0;
};

// A set as reported: never id or screened_at, every answer a change.
void CheckChanges(const Pack& pack, const ChangeSet& set) {
  for (const AnswerChange& c : set.changes) {
    EXPECT_NE(pack.fields[c.field].path, kIdField);
    EXPECT_NE(pack.fields[c.field].path, kScreenedAtField);
    EXPECT_TRUE(c.to.known);
    EXPECT_FALSE(internal::SameAnswer(pack.fields[c.field].type, c.from, c.to));
  }
}

// A later time: a second earlier does not proceed; with or_later, later
// times (a second, an hour, a day, 30 days) do.
void CheckTime(Oracle& oracle, const ChangeSet& set, TimePoint at) {
  if (!set.screen_at) return;
  ChangeSet earlier = set;
  *earlier.screen_at -= std::chrono::seconds(1);
  if (*earlier.screen_at > at) {
    EXPECT_NE(oracle.Screen(oracle.Applied(earlier)), Decision::kProceed);
  }
  if (!set.or_later) return;
  for (int64_t later : {int64_t{1}, int64_t{3600}, int64_t{86400}, int64_t{30} * 86400}) {
    ChangeSet moved = set;
    *moved.screen_at += std::chrono::seconds(later);
    if (*moved.screen_at <= at + std::chrono::days(366)) {
      EXPECT_EQ(oracle.Screen(oracle.Applied(moved)), Decision::kProceed);
    }
  }
}

// Minimal: no proper part of the set proceeds, with any of the values tried.
void CheckMinimal(Oracle& oracle, const Things& things) {
  const size_t n = things.size();
  for (uint32_t mask = 0; mask + 1 < (1U << n); ++mask) {
    Things part;
    for (size_t i = 0; i < things.fields.size(); ++i) {
      if ((mask >> i) & 1) part.fields.push_back(things.fields[i]);
    }
    part.time = things.time && ((mask >> things.fields.size()) & 1);
    EXPECT_FALSE(oracle.AnyProceeds(part.fields, part.time))
        << "a proper part of a set proceeds (mask " << mask << ")";
  }
}

// Nothing of at most `most` things proceeds (within the limit of answers).
void CheckNothingSmaller(Oracle& oracle, size_t most, int max_answers) {
  for (size_t size = 1; size <= most; ++size) {
    oracle.ForEachSet(size, [&](const std::vector<size_t>& fields, bool time) {
      if (fields.size() > static_cast<size_t>(max_answers)) return;
      EXPECT_FALSE(oracle.AnyProceeds(fields, time))
          << "a set of " << size << " things proceeds but was not reported";
    });
  }
}

// The whole property for one record: every set applied and screened again
// proceeds (at its earliest time), no proper part of it does, and nothing
// smaller than the smallest set does.
void Check(const Screener& screener, const CounterfactualFinder& finder, const Record& record,
           const std::string& what, Tally& tally) {
  SCOPED_TRACE(what);
  Result result;
  screener.Screen(record, kAt, {}, result);
  finder.Find(record, kAt, result);
  const Counterfactual& cf = result.counterfactual;
  if (result.decision == Decision::kProceed || result.decision == Decision::kError) {
    EXPECT_FALSE(cf.searched);
    return;
  }
  ASSERT_TRUE(cf.searched);
  ++tally.searched;
  tally.none += cf.sets.empty() ? 1 : 0;
  tally.decides += cf.decides.empty() ? 0 : 1;
  tally.exhausted += cf.exhausted ? 1 : 0;
  EXPECT_LE(cf.screenings, finder.limits().max_screenings);
  Oracle oracle(screener, record, result.screened_at);
  size_t smallest = SIZE_MAX;
  for (const ChangeSet& set : cf.sets) {
    CheckChanges(screener.pack(), set);
    EXPECT_EQ(oracle.Screen(oracle.Applied(set)), Decision::kProceed);
    CheckTime(oracle, set, result.screened_at);
    Things things = ThingsOf(oracle, set);
    tally.several += things.fields.size() >= 2 ? 1 : 0;
    tally.timed += things.time ? 1 : 0;
    smallest = std::min(smallest, things.size());
    CheckMinimal(oracle, things);
  }
  if (cf.exhausted) return;
  // With no set reported, nothing within the limits proceeds.
  const int max_answers = finder.limits().max_answers;
  CheckNothingSmaller(oracle, cf.sets.empty() ? max_answers + 1 : smallest - 1, max_answers);
}

TEST(Counterfactual, EveryExampleSetProceedsAndIsMinimal) {
  Screener screener(Builtin());
  CounterfactualFinder finder(screener);
  std::vector<Record> records = Examples();
  ASSERT_GE(records.size(), 8u);
  Tally tally;
  for (size_t i = 0; i < records.size(); ++i) {
    Check(screener, finder, records[i], "example record " + std::to_string(i + 1), tally);
  }
  EXPECT_GE(tally.searched, 6);
  EXPECT_GE(tally.timed, 1);
  EXPECT_GE(tally.decides, 1);
}

TEST(Counterfactual, GeneratedBuiltinRecordsSetsProceedAndAreMinimal) {
  Screener screener(Builtin());
  CounterfactualFinder finder(screener);
  std::vector<Record> records = Generated(Builtin(), 100, 19);
  for (Record& r : Perturbed(Builtin(), ExampleRecord("proceed-trigger-points.yaml"), 150, 4)) {
    records.push_back(std::move(r));
  }
  Tally tally;
  for (size_t i = 0; i < records.size(); ++i) {
    Check(screener, finder, records[i], "generated built-in record " + std::to_string(i), tally);
  }
  std::cerr << "built-in: " << tally.searched << " searched, " << tally.several
            << " sets of several answers, " << tally.timed << " with a later time, " << tally.none
            << " without a way, " << tally.decides << " with decides, " << tally.exhausted
            << " exhausted\n";
  EXPECT_GE(tally.several, 10);
  EXPECT_GE(tally.timed, 5);
  EXPECT_GE(tally.none, 1);
  EXPECT_GE(tally.decides, 10);
}

TEST(Counterfactual, GeneratedRedFlagsRecordsSetsProceedAndAreMinimal) {
  Screener screener(RedFlags());
  CounterfactualFinder finder(screener);
  std::vector<Record> records = Generated(RedFlags(), 120, 7);
  Tally tally;
  for (size_t i = 0; i < records.size(); ++i) {
    Check(screener, finder, records[i], "generated red-flags record " + std::to_string(i), tally);
  }
  std::cerr << "red-flags: " << tally.searched << " searched, " << tally.several
            << " sets of several answers, " << tally.timed << " with a later time, " << tally.none
            << " without a way, " << tally.decides << " with decides, " << tally.exhausted
            << " exhausted\n";
  EXPECT_GE(tally.several, 10);
  EXPECT_GE(tally.timed, 5);
  EXPECT_GE(tally.decides, 10);
}

// --- what the sets say, on the examples -----------------------------------

Counterfactual Find(const Screener& screener, const Record& record,
                    const CounterfactualLimits& limits = {}) {
  CounterfactualFinder finder(screener, limits);
  Result result;
  screener.Screen(record, kAt, {}, result);
  finder.Find(record, kAt, result);
  return std::move(result.counterfactual);
}

std::string Describe(const Pack& pack, const ChangeSet& set) {
  std::string out;
  for (const AnswerChange& c : set.changes) {
    out += pack.fields[c.field].path + "=" + RenderSlot(pack.fields[c.field], c.to) + " ";
  }
  if (set.screen_at) out += "at " + FormatDatetime(*set.screen_at) + (set.or_later ? "+" : "");
  return out;
}

std::vector<std::string> Describe(const Pack& pack, const Counterfactual& cf) {
  std::vector<std::string> out;
  for (const ChangeSet& set : cf.sets) out.push_back(Describe(pack, set));
  return out;
}

TEST(Counterfactual, SevereNeedlePhobiaProceedsWithAMilderOne) {
  Screener screener(Builtin());
  Counterfactual cf = Find(screener, ExampleRecord("swap-severe-phobia.yaml"));
  EXPECT_EQ(Describe(Builtin(), cf), (std::vector<std::string>{"patient.needle_phobia=none ",
                                                               "patient.needle_phobia=mild "}));
  EXPECT_FALSE(cf.exhausted);
  EXPECT_FALSE(cf.more);
  EXPECT_TRUE(cf.decides.empty());
}

TEST(Counterfactual, AcuteBruisingProceedsAt72HoursAfterOnsetFirst) {
  Screener screener(Builtin());
  Counterfactual cf = Find(screener, ExampleRecord("wait-acute-bruising.yaml"));
  ASSERT_FALSE(cf.sets.empty());
  // The time alone comes first: onset 2026-11-23T09:00Z + 72 h.
  EXPECT_EQ(Describe(Builtin(), cf.sets[0]), "at 2026-11-26T09:00:00Z+");
  // Changing the onset to the threshold itself: exactly 72 h before the screen.
  std::vector<std::string> all = Describe(Builtin(), cf);
  EXPECT_NE(std::find(all.begin(), all.end(), "injury.onset=2026-11-21T21:00:00Z "), all.end());
  EXPECT_NE(std::find(all.begin(), all.end(), "injury.bruising=no "), all.end());
}

TEST(Counterfactual, IncompleteOnsetSaysWhichAnswersDecideIt) {
  Screener screener(Builtin());
  Counterfactual cf = Find(screener, ExampleRecord("incomplete-onset-unknown.yaml"));
  ASSERT_EQ(cf.decides.size(), 1u);
  const DecidingAnswer& onset = cf.decides[0];
  EXPECT_EQ(Builtin().fields[onset.field].path, "injury.onset");
  EXPECT_FALSE(onset.from.known);
  bool proceed = false, wait = false;
  for (const AnswerOutcome& a : onset.answers) {
    proceed = proceed || a.decision == Decision::kProceed;
    wait = wait || a.decision == Decision::kWait;
  }
  EXPECT_TRUE(proceed);
  EXPECT_TRUE(wait);
  // Without swelling (the only acute sign) the onset no longer matters.
  EXPECT_EQ(Describe(Builtin(), cf), (std::vector<std::string>{
                                         "injury.swelling=no ",
                                         "injury.onset=2026-11-21T21:00:00Z ",
                                     }));
}

TEST(Counterfactual, ReferForASuspectedDvtProceedsOnlyWithoutIt) {
  Screener screener(RedFlags());
  Record r(RedFlags().fields.size());
  auto set = [&](std::string_view path, std::string_view value) {
    const int f = RedFlags().FieldIndex(path);
    ASSERT_EQ(DecodeText(RedFlags().fields[f], value, r.slots[f]), "");
  };
  set("patient.consent", "true");
  set("redflag.suspected_dvt", "true");
  set("redflag.site_infection", "false");
  set("injury.bruising", "false");
  Counterfactual cf = Find(screener, r);
  EXPECT_EQ(Describe(RedFlags(), cf), (std::vector<std::string>{"redflag.suspected_dvt=no "}));
}

TEST(Counterfactual, ProceedRecordsAreNotSearched) {
  Screener screener(Builtin());
  Counterfactual cf = Find(screener, ExampleRecord("proceed-trigger-points.yaml"));
  EXPECT_FALSE(cf.searched);
  EXPECT_EQ(cf.screenings, 0u);
}

TEST(Counterfactual, TheLimitOfScreeningsIsSaidAndNeverPassedForComplete) {
  Screener screener(Builtin());
  Record empty(Builtin().fields.size());  // every answer missing: incomplete
  CounterfactualLimits limits;
  limits.max_screenings = 5;
  Counterfactual cf = Find(screener, empty, limits);
  EXPECT_TRUE(cf.searched);
  EXPECT_TRUE(cf.exhausted);
  EXPECT_EQ(cf.screenings, 5u);
}

TEST(Counterfactual, TheLimitOfChangesWeighedIsSaidToo) {
  Screener screener(Builtin());
  CounterfactualLimits limits;
  limits.max_considered = 3;
  Counterfactual cf = Find(screener, ExampleRecord("wait-acute-bruising.yaml"), limits);
  EXPECT_TRUE(cf.exhausted);
  EXPECT_EQ(cf.considered, 4u);  // the one past the limit stops it
}

TEST(Counterfactual, ARuleThatAlwaysSwapsHasNoWayWithinTheLimits) {
  Pack pack = LoadText(
      "pack: t\nversion: 1.0.0\ntitle: t\nsource: t\ndisclaimer: t\nfields:\n"
      "  - {path: a, type: bool, question: q}\n"
      "rules:\n"
      "  - {id: always, outcome: swap, message: m, source: s}\n"
      "  - {id: on-a, outcome: wait, when: a, message: m, source: s, resume_when: later}\n");
  Screener screener(pack);
  Record r(pack.fields.size());
  r.slots[pack.FieldIndex("a")].known = true;
  r.slots[pack.FieldIndex("a")].boolean = true;
  Counterfactual cf = Find(screener, r);
  EXPECT_TRUE(cf.searched);
  EXPECT_TRUE(cf.sets.empty());
  EXPECT_FALSE(cf.exhausted);
  EXPECT_EQ(cf.screenings, 0u);  // nothing can touch `always`: nothing screened
}

TEST(Counterfactual, ListsKeepTheItemsNoConditionNames) {
  Pack pack = LoadText(
      "pack: t\nversion: 1.0.0\ntitle: t\nsource: t\ndisclaimer: t\nfields:\n"
      "  - {path: sites, type: list, values: [a, b, c, d], question: q}\n"
      "rules:\n"
      "  - {id: r, outcome: swap, when: '\"a\" in sites or not (\"b\" in sites)', message: m, "
      "source: s}\n");
  Screener screener(pack);
  Record r(pack.fields.size());
  const int f = pack.FieldIndex("sites");
  ASSERT_EQ(DecodeText(pack.fields[f], "a;c", r.slots[f]), "");
  Counterfactual cf = Find(screener, r);
  // c is kept; a removed and b added, the only way.
  EXPECT_EQ(Describe(pack, cf), (std::vector<std::string>{"sites=b, c "}));
}

TEST(Counterfactual, MoreSetsThanTheLimitAreSaidToExist) {
  Screener screener(Builtin());
  CounterfactualLimits limits;
  limits.max_sets = 1;
  Counterfactual cf = Find(screener, ExampleRecord("swap-severe-phobia.yaml"), limits);
  EXPECT_EQ(cf.sets.size(), 1u);
  EXPECT_TRUE(cf.more);
}

// What the text says when there is no set to list: the limit, or "no way"
// with the bounds searched; and when the sets are cut short.
std::string TextOf(const Counterfactual& cf) {
  Result r;
  r.decision = Decision::kSwap;
  r.counterfactual = cf;
  std::string out;
  output::WriteTextCounterfactual(Builtin(), r, {}, out);
  return out;
}

TEST(CounterfactualText, SaysWhenTheSearchStoppedOrFoundNoWay) {
  Counterfactual cf;
  cf.searched = true;
  cf.max_answers = 3;
  cf.horizon_days = 366;
  EXPECT_NE(TextOf(cf).find("- no way: no change of up to 3 answers to values the pack's "
                            "conditions name, with or without a screen up to 366 days later"),
            std::string::npos);
  cf.exhausted = true;
  cf.screenings = 20000;
  cf.considered = 31000;
  EXPECT_NE(TextOf(cf).find("- search stopped at its limit, after 20000 screenings (31000 sets "
                            "of changes weighed): no way to proceed was found, but one may exist"),
            std::string::npos);
  EXPECT_EQ(TextOf(cf).find("no way:"), std::string::npos);
  cf.exhausted = false;
  cf.more = true;
  cf.sets.push_back({});
  cf.sets.back().screen_at = kAt;
  EXPECT_NE(TextOf(cf).find("- more ways were found; the first 1 are listed"), std::string::npos);
  cf.searched = false;
  EXPECT_EQ(TextOf(cf), "");
}

}  // namespace
}  // namespace needlescreen
