// Issue 15 in the engine, on a pack of its own: the `refer` outcome and the
// decision order refer > swap > wait > incomplete > proceed, which unknown
// answers still block, what the needling advice is for, conditional resume
// text and alternatives, and plausible ranges at their edges.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/record.h"
#include "needlescreen/result.h"
#include "needlescreen/screen.h"
#include "needlescreen/time.h"

namespace needlescreen {
namespace {

constexpr std::string_view kPack = R"(pack: refer-test
version: 0.1.0
fields:
  - path: flag
    type: bool
  - path: s
    type: bool
  - path: w
    type: bool
  - path: healed
    type: bool
  - path: sites
    type: list
    values: [a, b]
  - path: pain
    type: number
    min: 0
    max: 10
  - path: onset
    type: datetime
    min: now - 36500d
    max: now
alternatives:
  - id: rest
    name: Rest
  - id: ice
    name: Ice
    when: w
rules:
  - id: red-flag
    outcome: refer
    when: flag
    message: Refer.
    source: t
  - id: swap-it
    outcome: swap
    when: s
    message: Swap.
    source: t
  - id: wait-it
    outcome: wait
    when: w
    message: Wait.
    source: t
    resume_when: {text: once healed, while: not healed}
  - id: site-a
    outcome: caution
    when: '"a" in sites'
    message: Careful at a.
    source: t
  - id: painful
    outcome: caution
    when: pain > 7
    message: Painful.
    source: t
  - id: always
    outcome: info
    message: Note.
    source: t
)";

const TimePoint kNow = ParseDatetime("2026-11-24T21:00:00Z").value();

const Pack& ReferPack() {
  static const Pack pack = [] {
    PackLoad load = LoadPack({{"pack.yaml", std::string(kPack)}});
    for (const Diagnostic& d : load.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
    return std::move(load.pack.value());
  }();
  return pack;
}

// Bools by name: "y" true, "n" false, absent unknown.
struct Answers {
  std::optional<bool> flag, s, w, healed;
  std::optional<double> pain;
  std::optional<TimePoint> onset;
  bool sites_known = true;
};

Result Screen(const Answers& a) {
  const Pack& pack = ReferPack();
  Record r(pack.fields.size());
  auto set_bool = [&](std::string_view path, std::optional<bool> v) {
    Slot& slot = r.slots[pack.FieldIndex(path)];
    slot.known = v.has_value();
    slot.boolean = v.value_or(false);
  };
  set_bool("flag", a.flag);
  set_bool("s", a.s);
  set_bool("w", a.w);
  set_bool("healed", a.healed);
  Slot& sites = r.slots[pack.FieldIndex("sites")];
  sites.known = a.sites_known;
  sites.bits = 0;
  Slot& pain = r.slots[pack.FieldIndex("pain")];
  pain.known = a.pain.has_value();
  pain.number = a.pain.value_or(0);
  Slot& onset = r.slots[pack.FieldIndex("onset")];
  onset.known = a.onset.has_value();
  onset.seconds = a.onset ? a.onset->time_since_epoch().count() : 0;
  return Screener(pack).Screen(r, kNow);
}

Answers Clear() { return {false, false, false, true, 3.0, kNow - std::chrono::hours(100), true}; }

std::vector<std::string> BlockingPaths(const Result& r) {
  std::vector<std::string> out;
  for (const Missing& m : r.missing) {
    if (m.blocking) out.push_back(ReferPack().fields[m.field].path);
  }
  return out;
}

TEST(Refer, DecisionOrderIsReferSwapWaitIncompleteProceed) {
  Answers a = Clear();
  EXPECT_EQ(Screen(a).decision, Decision::kProceed);
  a.w = true;
  EXPECT_EQ(Screen(a).decision, Decision::kWait);
  a.s = true;
  EXPECT_EQ(Screen(a).decision, Decision::kSwap);
  a.flag = true;
  Result r = Screen(a);
  EXPECT_EQ(r.decision, Decision::kRefer);
  ASSERT_EQ(r.reasons.size(), 3u);  // most severe first
  EXPECT_EQ(ReferPack().rules[r.reasons[0].rule].id, "red-flag");
  EXPECT_EQ(ReferPack().rules[r.reasons[1].rule].id, "swap-it");
  EXPECT_EQ(ReferPack().rules[r.reasons[2].rule].id, "wait-it");
  // A refer substitutes no technique and sets no re-screen.
  EXPECT_TRUE(r.alternatives.empty());
  EXPECT_TRUE(r.resume_when.empty());
  EXPECT_EQ(Screener(ReferPack()).Summary(r), "refer: Refer (and 2 more)");
}

TEST(Refer, AnUnknownReferRuleLeavesTheRecordIncomplete) {
  Answers a = Clear();
  a.flag.reset();
  Result r = Screen(a);
  EXPECT_EQ(r.decision, Decision::kIncomplete);
  EXPECT_EQ(BlockingPaths(r), std::vector<std::string>{"flag"});
}

TEST(Refer, OnlyAnswersThatCanStillChangeTheDecisionBlock) {
  Answers a = Clear();
  a.flag.reset();
  a.s.reset();
  a.w.reset();
  a.sites_known = false;
  // Incomplete: every unknown refer, swap and wait rule blocks.
  EXPECT_EQ(BlockingPaths(Screen(a)), (std::vector<std::string>{"flag", "s", "w"}));
  // Wait: a swap or refer could still change it; another wait could not.
  Answers wait = a;
  wait.w = true;
  Result r = Screen(wait);
  EXPECT_EQ(r.decision, Decision::kWait);
  EXPECT_EQ(BlockingPaths(r), (std::vector<std::string>{"flag", "s"}));
  // Swap: only the refer rule could.
  Answers swap = a;
  swap.s = true;
  r = Screen(swap);
  EXPECT_EQ(r.decision, Decision::kSwap);
  EXPECT_EQ(BlockingPaths(r), std::vector<std::string>{"flag"});
  // A settled swap (the refer rule known false) has nothing to ask first.
  swap.flag = false;
  EXPECT_TRUE(BlockingPaths(Screen(swap)).empty());
  // Refer: nothing.
  Answers refer = a;
  refer.flag = true;
  r = Screen(refer);
  EXPECT_EQ(r.decision, Decision::kRefer);
  EXPECT_TRUE(BlockingPaths(r).empty());
  EXPECT_FALSE(r.missing.empty());  // still listed, not blocking
}

TEST(Refer, CanChangeRanksOutcomesAboveDecisions) {
  const Outcome deciding[] = {Outcome::kRefer, Outcome::kSwap, Outcome::kWait};
  for (Outcome o : deciding) {
    EXPECT_TRUE(CanChange(o, Decision::kIncomplete)) << OutcomeName(o);
    EXPECT_TRUE(CanChange(o, Decision::kProceed)) << OutcomeName(o);
    EXPECT_FALSE(CanChange(o, Decision::kRefer)) << OutcomeName(o);
    EXPECT_FALSE(CanChange(o, Decision::kError)) << OutcomeName(o);
  }
  EXPECT_TRUE(CanChange(Outcome::kRefer, Decision::kSwap));
  EXPECT_FALSE(CanChange(Outcome::kSwap, Decision::kSwap));
  EXPECT_TRUE(CanChange(Outcome::kSwap, Decision::kWait));
  EXPECT_FALSE(CanChange(Outcome::kWait, Decision::kWait));
  EXPECT_FALSE(CanChange(Outcome::kCaution, Decision::kIncomplete));
  EXPECT_FALSE(CanChange(Outcome::kInfo, Decision::kProceed));
}

TEST(Refer, NeedlingAdviceFollowsTheDecision) {
  EXPECT_EQ(AdviceName(AdviceForDecision(Decision::kProceed)), "now");
  EXPECT_EQ(AdviceName(AdviceForDecision(Decision::kWait)), "after_wait");
  EXPECT_EQ(AdviceName(AdviceForDecision(Decision::kIncomplete)), "once_cleared");
  EXPECT_EQ(AdviceName(AdviceForDecision(Decision::kSwap)), "not_needling");
  EXPECT_EQ(AdviceName(AdviceForDecision(Decision::kRefer)), "not_needling");
  EXPECT_EQ(AdviceName(AdviceForDecision(Decision::kError)), "");
}

TEST(Refer, DecisionNamesRoundTrip) {
  for (Decision d : kDecisionsInOrder) EXPECT_EQ(ParseDecision(DecisionName(d)), d);
  EXPECT_EQ(DecisionName(Decision::kRefer), "refer");
  EXPECT_EQ(OutcomeName(Outcome::kRefer), "refer");
}

TEST(ResumeWhile, TextIsShownUnlessItsConditionIsFalse) {
  Answers a = Clear();
  a.w = true;
  a.healed = false;
  EXPECT_EQ(Screen(a).resume_when, std::vector<std::string>{"once healed"});
  a.healed.reset();  // unknown: still open
  EXPECT_EQ(Screen(a).resume_when, std::vector<std::string>{"once healed"});
  a.healed = true;
  EXPECT_TRUE(Screen(a).resume_when.empty());
  EXPECT_EQ(Screen(a).decision, Decision::kWait);
}

TEST(AlternativeWhen, OfferedOnlyWhenItsConditionIsTrue) {
  Answers a = Clear();
  a.s = true;
  auto ids = [](const Result& r) {
    std::vector<std::string> out;
    for (int i : r.alternatives) out.push_back(ReferPack().alternatives[i].id);
    return out;
  };
  EXPECT_EQ(ids(Screen(a)), std::vector<std::string>{"rest"});
  a.w = true;
  EXPECT_EQ(ids(Screen(a)), (std::vector<std::string>{"rest", "ice"}));
  a.w.reset();
  EXPECT_EQ(ids(Screen(a)), std::vector<std::string>{"rest"});
}

TEST(Bounds, NumbersAtTheirEdgesAreUsedAndBeyondAreNot) {
  for (double pain : {0.0, 10.0}) {
    Answers a = Clear();
    a.pain = pain;
    Result r = Screen(a);
    EXPECT_EQ(r.decision, Decision::kProceed) << pain;
    EXPECT_EQ(r.cautions.size(), pain > 7 ? 1u : 0u) << pain;
  }
  for (auto [pain, problem] :
       {std::pair{-0.5, Implausible::kBelowMin}, std::pair{10.5, Implausible::kAboveMax}}) {
    Answers a = Clear();
    a.pain = pain;
    Result r = Screen(a);
    EXPECT_EQ(r.decision, Decision::kIncomplete) << pain;
    EXPECT_TRUE(r.cautions.empty()) << pain << ": an implausible 10.5 is not 'painful'";
    ASSERT_EQ(r.missing.size(), 1u) << pain;
    EXPECT_EQ(r.missing[0].problem, problem) << pain;
    EXPECT_TRUE(r.missing[0].blocking) << pain;
  }
  EXPECT_EQ(
      ImplausibleText(ReferPack().fields[ReferPack().FieldIndex("pain")], Implausible::kAboveMax),
      "the answer given is above `10`, the largest allowed");
}

TEST(Bounds, DatetimesRelativeToTheScreenAtTheirEdges) {
  using std::chrono::seconds;
  const TimePoint earliest = kNow - std::chrono::hours(24 * 36500);
  struct Case {
    TimePoint onset;
    Implausible problem;
  };
  const Case cases[] = {{kNow, Implausible::kNo},
                        {kNow + seconds(1), Implausible::kAboveMax},
                        {earliest, Implausible::kNo},
                        {earliest - seconds(1), Implausible::kBelowMin}};
  const Screener screener(ReferPack());
  const int onset = ReferPack().FieldIndex("onset");
  for (const Case& c : cases) {
    Answers a = Clear();
    a.onset = c.onset;
    Result r = Screen(a);
    EXPECT_EQ(r.decision,
              c.problem == Implausible::kNo ? Decision::kProceed : Decision::kIncomplete)
        << FormatDatetime(c.onset);
    Slot slot;
    slot.known = true;
    slot.seconds = c.onset.time_since_epoch().count();
    EXPECT_EQ(screener.CheckAnswer(onset, slot, kNow), c.problem) << FormatDatetime(c.onset);
  }
  EXPECT_EQ(ImplausibleText(ReferPack().fields[onset], Implausible::kAboveMax),
            "the answer given is after the screening time, the latest allowed");
  EXPECT_EQ(ImplausibleText(ReferPack().fields[onset], Implausible::kBelowMin),
            "the answer given is before `now - 36500d`, the earliest allowed");
}

// Load errors with file:line:column, as for `when`.
void ExpectLoadError(std::string_view yaml, std::string_view message) {
  PackLoad load = LoadPack({{"p.yaml", std::string(yaml)}});
  EXPECT_FALSE(load.pack.has_value()) << yaml;
  bool found = false;
  for (const Diagnostic& d : load.diagnostics) {
    found = found || FormatDiagnostic(d).find(message) != std::string::npos;
  }
  EXPECT_TRUE(found) << "looking for: " << message << "\n in: " << yaml;
}

TEST(ReferPackErrors, EveryNewKeyIsCheckedAtLoad) {
  const std::string head =
      "pack: p\nversion: '1'\nfields:\n  - {path: b, type: bool}\n"
      "  - {path: n, type: number}\n  - {path: t, type: datetime}\n";
  ExpectLoadError(head +
                      "alternatives: [{id: x, name: X}]\nrules:\n  - {id: r, outcome: refer, "
                      "when: b, message: m, alternatives: [x]}\n",
                  "only swap rules take 'alternatives'; 'r' is a refer rule");
  ExpectLoadError(head +
                      "rules:\n  - {id: r, outcome: refer, when: b, message: m, resume_when: "
                      "later}\n",
                  "only wait rules take 'resume_when'; 'r' is a refer rule");
  ExpectLoadError(head +
                      "rules:\n  - {id: r, outcome: wait, when: b, message: m, resume_when: "
                      "{text: later, while: n}}\n",
                  "'resume_when while' must be true/false, found a number");
  ExpectLoadError(head +
                      "rules:\n  - {id: r, outcome: wait, when: b, message: m, resume_when: "
                      "{while: b}}\n",
                  "resume_when as a mapping needs 'text'");
  ExpectLoadError(head +
                      "rules:\n  - {id: r, outcome: wait, when: b, message: m, resume_when: "
                      "{text: x, until: b}}\n",
                  "unknown key 'until' in resume_when");
  ExpectLoadError(head + "alternatives: [{id: x, name: X, when: n}]\nrules: []\n",
                  "'when' must be true/false, found a number");
  ExpectLoadError("pack: p\nversion: '1'\nfields:\n  - {path: b, type: bool, max: 1}\nrules: []\n",
                  "only number and datetime fields take 'max'; 'b' is a bool field");
  ExpectLoadError(
      "pack: p\nversion: '1'\nfields:\n  - {path: t, type: datetime, max: 5}\n"
      "rules: []\n",
      "'max' of datetime field 't' must be a datetime");
  ExpectLoadError(
      "pack: p\nversion: '1'\nfields:\n  - {path: n, type: number, min: now}\n"
      "rules: []\n",
      "'min' of number field 'n' must be a number");
  ExpectLoadError(
      "pack: p\nversion: '1'\nfields:\n  - {path: t, type: datetime}\n"
      "  - {path: u, type: datetime, max: t}\nrules: []\n",
      "'max' of field 'u' may read only `now` and constants, not fields");
}

}  // namespace
}  // namespace needlescreen
