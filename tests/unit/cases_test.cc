// Generated boundary cases (authoring/cases.cc, screen/boundary.cc): the values
// either side of each comparison, and files that pass `rules test` with full
// coverage by construction.
#include "authoring/cases.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "authoring/rule_tests.h"
#include "needlescreen/pack.h"
#include "test_support.h"

namespace needlescreen::authoring {
namespace {

TimePoint At(std::string_view text) { return ParseDatetime(text).value_or(TimePoint{}); }

const TimePoint kAt = At("2026-11-24T21:00:00Z");

Pack Load(std::string_view text) {
  PackLoad load = LoadPack({{"pack.yaml", std::string(text)}});
  if (!load.pack) {
    for (const Diagnostic& d : load.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
    std::abort();
  }
  return std::move(*load.pack);
}

// A pack with `fields` (YAML flow mappings, one a line) and one wait rule
// per `when`.
std::string PackText(std::string_view fields, std::initializer_list<std::string_view> whens,
                     std::string_view lets = "") {
  std::string text = "pack: t\nversion: 1.0.0\ntitle: t\nsource: t\ndisclaimer: t\nfields:\n" +
                     std::string(fields) + (lets.empty() ? "" : "let:\n" + std::string(lets)) +
                     "rules:\n";
  int n = 0;
  for (std::string_view when : whens) {
    text += "  - {id: r" + std::to_string(n++) + ", outcome: wait, when: '" + std::string(when) +
            "', message: m, source: s, resume_when: later}\n";
  }
  return text;
}

std::vector<CaseValue> ValuesOf(const Pack& pack, std::string_view path) {
  std::vector<Probe> probes = FindProbes(pack);
  auto all = BoundaryValues(pack, kAt, probes, 16);
  return all[pack.FieldIndex(path)];
}

std::vector<std::string> Words(const std::vector<CaseValue>& values) {
  std::vector<std::string> out;
  for (const CaseValue& v : values) out.push_back(v.words);
  return out;
}

std::vector<int64_t> SecondsBefore(const std::vector<CaseValue>& values) {
  std::vector<int64_t> out;
  for (const CaseValue& v : values) {
    if (v.slot.known) out.push_back((kAt.time_since_epoch().count()) - v.slot.seconds);
  }
  return out;
}

std::vector<double> Numbers(const std::vector<CaseValue>& values) {
  std::vector<double> out;
  for (const CaseValue& v : values) {
    if (v.slot.known) out.push_back(v.slot.number);
  }
  return out;
}

constexpr std::string_view kNumber = "  - {path: x, type: number, question: q}\n";
constexpr std::string_view kOnset = "  - {path: onset, type: datetime, question: q}\n";

TEST(CaseValues, LessThanANumberGivesItAndTheValueJustBelow) {
  Pack pack = Load(PackText(kNumber, {"x < 72"}));
  std::vector<CaseValue> values = ValuesOf(pack, "x");
  EXPECT_EQ(Numbers(values), (std::vector<double>{71.9, 72}));
  EXPECT_EQ(Words(values), (std::vector<std::string>{"71.9", "exactly 72", "left out (unknown)"}));
  EXPECT_FALSE(values.back().slot.known);
}

TEST(CaseValues, OrderedComparisonsKeepTheSideWhereTheTruthChanges) {
  Pack pack = Load(PackText(kNumber, {"x <= 5", "x > 2.5", "x == 10", "x >= -3"}));
  EXPECT_EQ(Numbers(ValuesOf(pack, "x")),
            (std::vector<double>{-3.1, -3, 2.5, 2.51, 5, 5.1, 9.9, 10, 10.1}));
}

TEST(CaseValues, NumbersInAListAreEachABoundary) {
  Pack pack = Load(PackText(kNumber, {"x in [1, 3]"}));
  EXPECT_EQ(Numbers(ValuesOf(pack, "x")), (std::vector<double>{0.9, 1, 1.1, 2.9, 3, 3.1}));
}

TEST(CaseValues, HoursSinceADatetimeGiveTheTwoInstantsAtTheBoundary) {
  Pack pack =
      Load(PackText(kOnset, {"hours_since < 72"}, "  hours_since: hours_between(onset, now)\n"));
  std::vector<CaseValue> values = ValuesOf(pack, "onset");
  EXPECT_EQ(SecondsBefore(values), (std::vector<int64_t>{72 * 3600, 72 * 3600 - 1}));
  EXPECT_EQ(Words(values),
            (std::vector<std::string>{"exactly 72 h (3 d) before the screen",
                                      "71 h 59 min 59 s before the screen", "left out (unknown)"}));
}

TEST(CaseValues, DatetimeAgainstNowMinusADuration) {
  Pack pack = Load(PackText(kOnset, {"onset < now - 14d", "now - onset <= 30m"}));
  EXPECT_EQ(SecondsBefore(ValuesOf(pack, "onset")),
            (std::vector<int64_t>{14 * 86400 + 1, 14 * 86400, 1801, 1800}));
}

TEST(CaseValues, BoundsGiveTheBoundAndTheValueJustOutside) {
  Pack pack =
      Load(PackText("  - {path: x, type: number, question: q, min: 0, max: 10}\n"
                    "  - {path: onset, type: datetime, question: q, max: now}\n",
                    {"x > 4 and known(onset)"}));
  EXPECT_EQ(Numbers(ValuesOf(pack, "x")), (std::vector<double>{-0.1, 0, 4, 4.1, 10, 10.1}));
  std::vector<CaseValue> onset = ValuesOf(pack, "onset");
  EXPECT_EQ(SecondsBefore(onset), (std::vector<int64_t>{0, -1}));
  EXPECT_EQ(onset[1].words, "1 s after the screen (above the field's max: implausible)");
}

TEST(CaseValues, EnumsBoolsListsAndTexts) {
  Pack pack =
      Load(PackText("  - {path: phobia, type: enum, values: [none, mild, severe], question: q}\n"
                    "  - {path: consent, type: bool, question: q}\n"
                    "  - {path: sites, type: list, values: [proximal, mid, medial], question: q}\n"
                    "  - {path: note, type: string, question: q}\n",
                    {"phobia == \"severe\" or not consent",
                     "\"proximal\" in sites and \"medial\" in sites and note == \"other\""}));
  EXPECT_EQ(Words(ValuesOf(pack, "phobia")),
            (std::vector<std::string>{"none", "mild", "severe", "left out (unknown)"}));
  EXPECT_EQ(Words(ValuesOf(pack, "consent")),
            (std::vector<std::string>{"false", "true", "left out (unknown)"}));
  EXPECT_EQ(Words(ValuesOf(pack, "sites")),
            (std::vector<std::string>{"empty", "[proximal]", "[medial]", "[proximal, medial]",
                                      "left out (unknown)"}));
  EXPECT_EQ(Words(ValuesOf(pack, "note")),
            (std::vector<std::string>{"\"other\"", "\"other2\" (a text no condition names)",
                                      "left out (unknown)"}));
}

TEST(CaseValues, FieldsNoConditionReadsGetNone) {
  Pack pack = Load(PackText(std::string(kNumber) + std::string(kOnset), {"x < 1"}));
  EXPECT_TRUE(ValuesOf(pack, "onset").empty());
  EXPECT_TRUE(ValuesOf(pack, "screened_at").empty());
}

// The generated file, read and run as `rules test` would.
TestRun RunGenerated(const Pack& pack, const GeneratedCases& generated, TestSuite& suite) {
  ParseTests({"cases.yaml", generated.yaml}, pack, suite);
  for (const Diagnostic& d : suite.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
  return RunTests(pack, suite.cases, Now());
}

TEST(GenerateCases, BuiltinPackPassesItsOwnCasesWithFullCoverage) {
  GeneratedCases generated = GenerateCases(Builtin(), kAt);
  TestSuite suite;
  TestRun run = RunGenerated(Builtin(), generated, suite);
  EXPECT_EQ(run.failed, 0);
  EXPECT_EQ(static_cast<size_t>(run.passed), generated.cases);
  EXPECT_TRUE(generated.baseline_proceeds);
  EXPECT_TRUE(generated.not_reached.empty());
  EXPECT_EQ(run.coverage.covered, run.coverage.reachable);
  EXPECT_EQ(generated.coverage.covered, run.coverage.covered);
}

TEST(GenerateCases, NamesSayWhatACaseProbes) {
  GeneratedCases generated = GenerateCases(Builtin(), kAt);
  EXPECT_NE(generated.yaml.find("injury.onset exactly 72 h (3 d) before the screen"),
            std::string::npos)
      << generated.yaml;
  EXPECT_NE(generated.yaml.find("hours_since_onset < 72 is false"), std::string::npos);
  EXPECT_NE(generated.yaml.find("injury.onset 71 h 59 min 59 s before the screen"),
            std::string::npos);
}

TEST(GenerateCases, RedFlagsPackReachesEveryVerdict) {
  PackLoad load = LoadPackFiles({std::string(NS_SOURCE_DIR) + "/tests/packs/red-flags.yaml"});
  ASSERT_TRUE(load.pack);
  GeneratedCases generated = GenerateCases(*load.pack, kAt);
  TestSuite suite;
  TestRun run = RunGenerated(*load.pack, generated, suite);
  EXPECT_EQ(run.failed, 0);
  EXPECT_EQ(run.coverage.covered, run.coverage.reachable);
}

TEST(GenerateCases, SameInputSameFile) {
  EXPECT_EQ(GenerateCases(Builtin(), kAt).yaml, GenerateCases(Builtin(), kAt).yaml);
}

TEST(GenerateCases, IdenticalRecordsAreWrittenOnce) {
  GeneratedCases generated = GenerateCases(Builtin(), kAt);
  TestSuite suite;
  RunGenerated(Builtin(), generated, suite);
  for (size_t i = 0; i < suite.cases.size(); ++i) {
    for (size_t j = i + 1; j < suite.cases.size(); ++j) {
      const auto& a = suite.cases[i].record.slots;
      const auto& b = suite.cases[j].record.slots;
      bool same = true;
      for (size_t f = 0; f < a.size() && same; ++f) {
        same = a[f].known == b[f].known &&
               (!a[f].known || (a[f].boolean == b[f].boolean && a[f].index == b[f].index &&
                                a[f].bits == b[f].bits && a[f].seconds == b[f].seconds &&
                                a[f].number == b[f].number && a[f].text == b[f].text));
      }
      EXPECT_FALSE(same) << suite.cases[i].name << " / " << suite.cases[j].name;
    }
  }
}

// Many fields in one `or`: the search stops at its limit and says what it
// could not reach, in bounded time.
TEST(GenerateCases, AHostilePackStopsAtTheWorkLimit) {
  std::string fields, when;
  for (int i = 0; i < 200; ++i) {
    fields += "  - {path: f" + std::to_string(i) + ", type: number, question: q}\n";
    when += (i ? " or " : "") + std::string("f") + std::to_string(i) + " > " + std::to_string(i);
  }
  Pack pack = Load(PackText(fields, {when}));
  CaseLimits limits;
  limits.work = 2'000'000;
  limits.max_cases = 50;
  GeneratedCases generated = GenerateCases(pack, kAt, limits);
  EXPECT_LE(generated.cases, 50u);
  EXPECT_FALSE(generated.limits_hit.empty());
  TestSuite suite;
  TestRun run = RunGenerated(pack, generated, suite);
  EXPECT_EQ(run.failed, 0);
}

}  // namespace
}  // namespace needlescreen::authoring
