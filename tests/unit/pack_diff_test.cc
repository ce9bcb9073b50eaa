// `rules diff` in the library (authoring/pack_diff.cc, decision_diff.cc): the
// structural difference with both sides' places, the rules that made a
// decision differ, and records read once by two packs' readers.
#include "authoring/pack_diff.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <string_view>

#include "authoring/decision_diff.h"
#include "needlescreen/pack.h"
#include "needlescreen/screen.h"

namespace needlescreen::authoring {
namespace {

Pack Load(std::string_view name, std::string_view text) {
  PackLoad load = LoadPack({{std::string(name), std::string(text)}});
  if (!load.pack) {
    for (const Diagnostic& d : load.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
    std::abort();
  }
  return std::move(*load.pack);
}

constexpr std::string_view kOld = R"(pack: p
version: 1.0.0
title: t
source: s
disclaimer: d
fields:
  - {path: a, type: number, question: "A?"}
  - {path: b, type: enum, values: [x, y]}
  - {path: gone, type: bool}
let:
  big: a > 10
alternatives:
  - {id: rest, name: Rest}
rules:
  - {id: r-big, outcome: wait, when: big, message: m}
  - {id: r-b, outcome: swap, when: 'b == "x"', message: m}
  - {id: r-gone, outcome: caution, when: gone, message: m}
)";

constexpr std::string_view kNew = R"(pack: p
version: 1.1.0
title: t
source: s
disclaimer: d
fields:
  - {path: a, type: number, question: "A?"}
  - {path: b, type: enum, values: [x, y, z]}
  - {path: c, type: bool}
let:
  big: a >   5
alternatives:
  - {id: rest, name: Rest}
rules:
  - {id: r-big, outcome: wait, when: big, message: m}
  - {id: r-b, outcome: refer, when: 'b == "x"', message: m}
  - {id: r-c, outcome: swap, when: c, message: m}
)";

TEST(PackDiff, SamePackHasNoDifference) {
  Pack p = Load("old.yaml", kOld);
  Pack q = Load("other-name.yaml", kOld);
  EXPECT_TRUE(DiffPacks(p, q).changes.empty());
}

TEST(PackDiff, ListsEveryChangeWithBothPlacesInPackOrder) {
  PackDiff d = DiffPacks(Load("old.yaml", kOld), Load("new.yaml", kNew));
  std::vector<std::string> seen;
  for (const ElementChange& c : d.changes) {
    seen.push_back(
        fmt::format("{} {} {}", ChangeKindName(c.change), ElementKindName(c.kind), c.name));
  }
  EXPECT_EQ(seen,
            (std::vector<std::string>{"changed pack p", "changed field b", "removed field gone",
                                      "added field c", "changed let big", "changed rule r-b",
                                      "removed rule r-gone", "added rule r-c"}));
  const ElementChange& version = d.changes[0];
  ASSERT_EQ(version.attributes.size(), 1U);
  EXPECT_EQ(version.attributes[0].name, "version");
  EXPECT_EQ(version.attributes[0].old_pos.line, 2);
  EXPECT_EQ(version.attributes[0].new_pos.file, "new.yaml");
  const ElementChange& b = d.changes[1];
  EXPECT_EQ(b.old_pos.file, "old.yaml");
  EXPECT_EQ(b.old_pos.line, 8);
  EXPECT_EQ(b.new_pos.line, 8);
  ASSERT_EQ(b.attributes.size(), 1U);
  EXPECT_EQ(b.attributes[0].old_value, "x, y");
  EXPECT_EQ(b.attributes[0].new_value, "x, y, z");
  // Blanks are folded: `a >   5` reads as written, once.
  EXPECT_EQ(d.changes[4].attributes[0].new_value, "a > 5");
  EXPECT_EQ(d.changes[5].attributes[0].name, "outcome");
  EXPECT_EQ(d.changes[6].new_pos.line, 0);
  EXPECT_EQ(d.changes[7].old_pos.line, 0);
  EXPECT_EQ(d.changes[7].new_pos.line, 17);
}

TEST(PackDiff, AlternativesCarryTheirPlace) {
  Pack p = Load("old.yaml", kOld);
  ASSERT_EQ(p.alternatives.size(), 1U);
  EXPECT_EQ(p.alternatives[0].pos.line, 13);
  EXPECT_EQ(p.meta_pos.id.line, 1);
  EXPECT_EQ(p.meta_pos.disclaimer.line, 5);
}

SideScreen Side(Decision d, std::vector<Truth> verdicts) { return {d, "", std::move(verdicts)}; }

TEST(DecisionComparison, NamesTheRulesThatMadeTheDifference) {
  Pack o = Load("old.yaml", kOld);
  Pack n = Load("new.yaml", kNew);
  DecisionComparison cmp(o, n);
  // old: r-big, r-b, r-gone; new: r-big, r-b, r-c.
  auto same = cmp.Compare({1, 1, "f", "A"},
                          Side(Decision::kWait, {Truth::kTrue, Truth::kFalse, Truth::kTrue}),
                          Side(Decision::kWait, {Truth::kTrue, Truth::kFalse, Truth::kFalse}));
  EXPECT_FALSE(same);
  auto change = cmp.Compare({2, 2, "f", "B"},
                            Side(Decision::kSwap, {Truth::kFalse, Truth::kTrue, Truth::kFalse}),
                            Side(Decision::kRefer, {Truth::kFalse, Truth::kTrue, Truth::kUnknown}));
  ASSERT_TRUE(change);
  ASSERT_EQ(change->rules.size(), 2U);
  EXPECT_EQ(change->rules[0].rule, "r-b");  // swap true -> refer true
  EXPECT_EQ(change->rules[0].new_rule.outcome, Outcome::kRefer);
  EXPECT_EQ(change->rules[1].rule, "r-c");  // not in the old pack -> swap unknown
  EXPECT_FALSE(change->rules[1].old_rule.present);
  EXPECT_EQ(change->rules[1].new_rule.verdict, Truth::kUnknown);
  auto unread =
      cmp.Compare({3, 3, "f", {}}, SideScreen{Decision::kError, "line 3: bad", {}},
                  Side(Decision::kProceed, {Truth::kFalse, Truth::kFalse, Truth::kFalse}));
  ASSERT_TRUE(unread);
  EXPECT_EQ(unread->old_error, "line 3: bad");
  EXPECT_EQ(cmp.records(), 3U);
  EXPECT_EQ(cmp.changed(), 2U);
  EXPECT_EQ(cmp.unreadable(), 1U);
  EXPECT_EQ(
      cmp.transitions()[static_cast<int>(Decision::kSwap)][static_cast<int>(Decision::kRefer)], 1U);
}

TEST(ScreenPairs, EachPackReadsTheRecordItself) {
  Pack o = Load("old.yaml", kOld);
  Pack n = Load("new.yaml", kNew);
  Screener os(o), ns(n);
  // `b: z` is no value of the old pack's enum: unreadable there, read by the new.
  std::istringstream in(
      "{\"id\": \"1\", \"a\": 20, \"b\": \"y\", \"c\": false}\n"
      "{\"id\": \"2\", \"a\": 7, \"b\": \"y\", \"c\": false}\n"
      "{\"id\": \"3\", \"a\": 1, \"b\": \"z\", \"c\": false}\n");
  std::vector<std::string> seen;
  uint64_t next = 1;
  PairOptions options;
  Status s =
      ScreenPairs(in, "in.jsonl", InputFormat::kJsonLines, os, ns, options, &next,
                  [&](const RecordPosition& p, const SideScreen& a, const SideScreen& b) {
                    seen.push_back(fmt::format("{} {} {} {}", p.record, p.id.value_or("-"),
                                               DecisionName(a.decision), DecisionName(b.decision)));
                    return true;
                  });
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(next, 4U);
  // Record 1: a > 10 waits in both; record 2: a > 5 waits only in the new
  // pack; record 3: the old pack cannot read `z`.
  EXPECT_EQ(seen,
            (std::vector<std::string>{"1 1 wait wait", "2 2 proceed wait", "3 3 error proceed"}));
}

TEST(ScreenPairs, ABigInputStreamsThroughTheSharedBuffer) {
  Pack o = Load("old.yaml", kOld);
  Pack n = Load("new.yaml", kNew);
  Screener os(o), ns(n);
  std::string text;
  constexpr int kRecords = 200000;  // ~8 MiB: past the readers' lag of 4 MiB
  uint64_t expected = 0;
  for (int i = 0; i < kRecords; ++i) {
    text += fmt::format("{{\"id\": \"{}\", \"a\": {}, \"b\": \"y\", \"c\": false}}\n", i, i % 12);
    // a in 6..10 waits only under the new pack (a > 5), not the old (a > 10).
    expected += i % 12 > 5 && i % 12 <= 10 ? 1 : 0;
  }
  std::istringstream in(text);
  uint64_t next = 1, pairs = 0, changed = 0;
  PairOptions options;
  Status s = ScreenPairs(in, "in.jsonl", InputFormat::kJsonLines, os, ns, options, &next,
                         [&](const RecordPosition& p, const SideScreen& a, const SideScreen& b) {
                           EXPECT_EQ(p.record, pairs + 1);
                           ++pairs;
                           changed += a.decision != b.decision ? 1 : 0;
                           return true;
                         });
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(pairs, static_cast<uint64_t>(kRecords));
  EXPECT_EQ(changed, expected);
}

TEST(ScreenPairs, StopsWhenTheSinkSaysSo) {
  Pack o = Load("old.yaml", kOld);
  Screener os(o);
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "{\"a\": 1}\n";
  std::istringstream in(text);
  uint64_t next = 1, pairs = 0;
  PairOptions options;
  ScreenPairs(
      in, "in.jsonl", InputFormat::kJsonLines, os, os, options, &next,
      [&](const RecordPosition&, const SideScreen&, const SideScreen&) { return ++pairs < 10; });
  EXPECT_EQ(pairs, 10U);
}

}  // namespace
}  // namespace needlescreen::authoring
