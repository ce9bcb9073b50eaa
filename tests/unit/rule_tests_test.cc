// Rule test cases (authoring/test_file.cc, test_run.cc, coverage.cc): files
// are checked key by key with located errors, records mean what `check`
// makes of them, failures are reported as differences, and coverage counts
// only the verdicts a rule can reach.
#include "authoring/rule_tests.h"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <string_view>

#include "needlescreen/pack.h"
#include "test_support.h"

namespace needlescreen::authoring {
namespace {

TestSuite Parse(std::string_view text, const Pack& pack = Builtin()) {
  TestSuite suite;
  ParseTests({"cases.yaml", std::string(text)}, pack, suite);
  return suite;
}

std::string Describe(const Diagnostics& all) {
  std::string out;
  for (const Diagnostic& d : all) out += FormatDiagnostic(d);
  return out;
}

TimePoint At(std::string_view text) { return ParseDatetime(text).value_or(TimePoint{}); }

int Rule(std::string_view id) {
  for (size_t i = 0; i < Builtin().rules.size(); ++i) {
    if (Builtin().rules[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

// A patient every rule of the built-in pack clears, as flow YAML.
constexpr std::string_view kCleared =
    "{patient: {consent: true, needle_phobia: none, bleeding_disorder: none}, "
    "complaint.hamstring_tightness: true, "
    "injury: {swelling: false, bruising: false, palpable_tear: false}, "
    "clinician: {dry_needling_certified: true, emergency_care_current: true}}";

std::string OneCase(std::string_view record, std::string_view expect) {
  return "at: 2026-11-24T21:00:00Z\ncases:\n  - name: a case\n    record: " + std::string(record) +
         "\n    expect: " + std::string(expect) + "\n";
}

TEST(RuleTestFile, NestedAndDottedRecordKeysDecodeLikeCheck) {
  TestSuite suite = Parse(OneCase(kCleared, "{decision: proceed}"));
  ASSERT_TRUE(suite.diagnostics.empty()) << Describe(suite.diagnostics);
  ASSERT_EQ(suite.cases.size(), 1u);
  const TestCase& c = suite.cases[0];
  EXPECT_EQ(c.name, "a case");
  EXPECT_EQ(c.file, "cases.yaml");
  EXPECT_EQ(c.line, 3);
  EXPECT_EQ(c.at, At("2026-11-24T21:00:00Z"));
  const Slot& tight = c.record.slots[Builtin().FieldIndex("complaint.hamstring_tightness")];
  EXPECT_TRUE(tight.known && tight.boolean);
  EXPECT_FALSE(c.record.slots[Builtin().FieldIndex("injury.onset")].known);
}

TEST(RuleTestFile, UnknownKeyIsAnErrorAtItsPosition) {
  TestSuite suite = Parse(OneCase(kCleared, "{decision: proceed, rulez: []}"));
  ASSERT_EQ(suite.diagnostics.size(), 1u) << Describe(suite.diagnostics);
  const Diagnostic& d = suite.diagnostics[0];
  EXPECT_EQ(d.line, 5);
  EXPECT_EQ(d.column, 33);
  EXPECT_NE(d.message.find("did you mean 'rules'?"), std::string::npos) << d.message;
  EXPECT_TRUE(suite.cases.empty());
}

TEST(RuleTestFile, UnknownRecordFieldIsAnErrorAtItsKey) {
  TestSuite suite = Parse(OneCase("{patient: {consnt: true}}", "{decision: proceed}"));
  ASSERT_EQ(suite.diagnostics.size(), 1u) << Describe(suite.diagnostics);
  EXPECT_EQ(suite.diagnostics[0].line, 4);
  EXPECT_EQ(suite.diagnostics[0].column, 24);
  EXPECT_NE(suite.diagnostics[0].message.find("did you mean 'patient.consent'?"),
            std::string::npos);
}

TEST(RuleTestFile, RuleListedUnderTheWrongOutcomeIsAnError) {
  TestSuite suite = Parse(OneCase(kCleared, "{decision: proceed, rules: [mild-needle-phobia]}"));
  ASSERT_EQ(suite.diagnostics.size(), 1u) << Describe(suite.diagnostics);
  EXPECT_NE(suite.diagnostics[0].message.find("list it under 'cautions'"), std::string::npos);
}

TEST(RuleTestFile, MissingNamesExpectAndDecisionAreErrors) {
  TestSuite suite = Parse("cases:\n  - record: {}\n  - name: x\n    expect: {rules: []}\n");
  EXPECT_EQ(suite.diagnostics.size(), 3u) << Describe(suite.diagnostics);
  EXPECT_TRUE(suite.cases.empty());
}

TEST(RuleTestFile, EmptyOrMalformedFilesAreErrors) {
  EXPECT_FALSE(Parse("").diagnostics.empty());
  EXPECT_FALSE(Parse("cases: []\n").diagnostics.empty());
  EXPECT_FALSE(Parse("cases: [\n").diagnostics.empty());
  EXPECT_FALSE(
      Parse("at: soon\ncases:\n  - {name: x, expect: {decision: proceed}}\n").diagnostics.empty());
}

TEST(RuleTestRun, MatchingExpectationsPass) {
  TestSuite suite =
      Parse(OneCase(kCleared,
                    "{decision: proceed, rules: [], cautions: [neurovascular-safety], missing: [], "
                    "resume_after: null, verdicts: {acute-injury-window: false}}"));
  ASSERT_TRUE(suite.diagnostics.empty()) << Describe(suite.diagnostics);
  TestRun run = RunTests(Builtin(), suite.cases, TimePoint{});
  EXPECT_EQ(run.passed, 1);
  EXPECT_EQ(run.failed, 0);
  EXPECT_TRUE(run.results[0].passed());
}

TEST(RuleTestRun, FailureListsEveryDifferenceAsExpectedAndActual) {
  TestSuite suite = Parse(
      OneCase("{patient: {consent: true, needle_phobia: none, bleeding_disorder: none}, "
              "complaint.hamstring_tightness: true, "
              "injury: {bruising: true, onset: 2026-11-23T09:00:00Z, bleeding_resolved: true}, "
              "clinician: {dry_needling_certified: true, emergency_care_current: true}}",
              "{decision: proceed, rules: [], resume_after: null}"));
  ASSERT_TRUE(suite.diagnostics.empty()) << Describe(suite.diagnostics);
  TestRun run = RunTests(Builtin(), suite.cases, TimePoint{});
  EXPECT_EQ(run.failed, 1);
  const auto& diffs = run.results[0].differences;
  ASSERT_EQ(diffs.size(), 3u);
  EXPECT_EQ(diffs[0].key, "decision");
  EXPECT_EQ(diffs[0].expected, "proceed");
  EXPECT_EQ(diffs[0].actual, "wait");
  EXPECT_EQ(diffs[1].key, "rules");
  EXPECT_EQ(diffs[1].actual, "[acute-injury-window]");
  EXPECT_EQ(diffs[2].key, "resume_after");
  EXPECT_EQ(diffs[2].actual, "2026-11-26T09:00:00Z");
}

TEST(RuleTestRun, RecordsOwnValueWinsOverSetDefaults) {
  std::string text =
      "at: 2026-11-24T21:00:00Z\n"
      "set: {clinician.dry_needling_certified: true, clinician.emergency_care_current: true}\n"
      "cases:\n"
      "  - name: record wins\n"
      "    set: {patient.consent: true}\n"
      "    record: {patient: {consent: false}}\n"
      "    expect: {decision: swap, rules: [consent-declined, no-hamstring-indication]}\n";
  TestSuite suite = Parse(text);
  ASSERT_TRUE(suite.diagnostics.empty()) << Describe(suite.diagnostics);
  const TestCase& c = suite.cases[0];
  EXPECT_TRUE(c.record.slots[Builtin().FieldIndex("clinician.dry_needling_certified")].known);
  TestRun run = RunTests(Builtin(), suite.cases, TimePoint{});
  EXPECT_EQ(run.passed, 0) << "no complaint: no-hamstring-indication is unknown, not true";
  ASSERT_EQ(run.results[0].differences.size(), 1u);
  EXPECT_EQ(run.results[0].differences[0].actual, "[consent-declined]");
}

TEST(RuleTestRun, UnreadableRecordIsAnErrorDecision) {
  TestSuite suite = Parse(OneCase("{patient: {needle_phobia: sever}}", "{decision: error}"));
  ASSERT_TRUE(suite.diagnostics.empty()) << Describe(suite.diagnostics);
  EXPECT_EQ(suite.cases[0].record_error.ToString(),
            "field patient.needle_phobia: expected one of none, mild, severe");
  TestRun run = RunTests(Builtin(), suite.cases, TimePoint{});
  EXPECT_EQ(run.passed, 1);
}

TEST(RuleTestRun, CaseTimeDefaultsToTheRunsClock) {
  TestSuite suite = Parse(
      "cases:\n  - name: clock\n    record: {injury: {bruising: true, onset: "
      "2026-11-23T09:00:00Z}}\n    expect: {decision: swap}\n");
  ASSERT_TRUE(suite.diagnostics.empty()) << Describe(suite.diagnostics);
  EXPECT_FALSE(suite.cases[0].at.has_value());
  TestRun early = RunTests(Builtin(), suite.cases, At("2026-11-24T21:00:00Z"));
  TestRun late = RunTests(Builtin(), suite.cases, At("2026-12-24T21:00:00Z"));
  int acute = Rule("acute-injury-window");
  EXPECT_EQ(early.coverage.rules[acute].cases[static_cast<int>(Truth::kTrue)], 1);
  EXPECT_EQ(late.coverage.rules[acute].cases[static_cast<int>(Truth::kFalse)], 1);
}

TEST(RuleCoverage, CountsVerdictsAndSkipsUnreachableOnes) {
  TestSuite suite = Parse(OneCase(kCleared, "{decision: proceed}"));
  TestRun run = RunTests(Builtin(), suite.cases, TimePoint{});
  const Coverage& c = run.coverage;
  const RuleCoverage& always = c.rules[Rule("neurovascular-safety")];
  EXPECT_EQ(always.reachable, TruthBit(Truth::kTrue));
  EXPECT_TRUE(always.Covered(Truth::kFalse)) << "an unreachable verdict is no gap";
  EXPECT_EQ(UnreachableNote(Builtin(), always), "always true (no 'when')");
  const RuleCoverage& consent = c.rules[Rule("consent-declined")];
  EXPECT_EQ(consent.reachable, kAllTruths);
  EXPECT_EQ(consent.cases[static_cast<int>(Truth::kFalse)], 1);
  EXPECT_FALSE(consent.Covered(Truth::kTrue));
  // 12 rules with three verdicts, 4 always true; a resume `while` and an
  // alternative's `when` with three, injury.onset's bounds with two.
  EXPECT_EQ(c.reachable, 48);
  EXPECT_LT(c.Percent(), 100.0);
}

// A bruise 12 hours old at the file's `at`, the bleeding answer left to `bleeding`.
std::string Acute(std::string_view bleeding) {
  return "{patient: {consent: true, needle_phobia: none, bleeding_disorder: none}, "
         "complaint.hamstring_tightness: true, "
         "injury: {swelling: true, bruising: false, palpable_tear: false, "
         "onset: 2026-11-24T09:00:00Z" +
         std::string(bleeding) +
         "}, clinician: {dry_needling_certified: true, emergency_care_current: true}}";
}

TEST(RuleTestFile, ResumeWhenAndAlternativesAreCheckedAgainstThePack) {
  TestSuite suite = Parse(OneCase(
      kCleared,
      "{decision: proceed, resume_when: [once bleeding has resolvd], alternatives: [icee]}"));
  ASSERT_EQ(suite.diagnostics.size(), 2u) << Describe(suite.diagnostics);
  EXPECT_EQ(suite.diagnostics[0].line, 5);
  EXPECT_EQ(suite.diagnostics[0].column, 47);
  EXPECT_NE(suite.diagnostics[0].message.find("did you mean 'once bleeding has resolved'?"),
            std::string::npos)
      << suite.diagnostics[0].message;
  EXPECT_EQ(suite.diagnostics[1].column, 90);
  EXPECT_NE(suite.diagnostics[1].message.find("'icee' is not an alternative of the pack; did "
                                              "you mean 'ice'?"),
            std::string::npos)
      << suite.diagnostics[1].message;
  EXPECT_TRUE(suite.cases.empty());
  EXPECT_FALSE(
      Parse(OneCase(kCleared, "{decision: proceed, alternatives: ice}")).diagnostics.empty());
}

TEST(RuleTestFile, ReferIsADecisionAndReferRulesAreListedUnderRules) {
  PackLoad load = LoadPackFiles({NS_SOURCE_DIR "/tests/packs/red-flags.yaml"});
  ASSERT_TRUE(load.pack) << Describe(load.diagnostics);
  TestSuite suite =
      Parse(OneCase("{redflag.suspected_dvt: true}",
                    "{decision: refer, rules: [suspected-dvt], alternatives: [], missing: []}"),
            *load.pack);
  ASSERT_TRUE(suite.diagnostics.empty()) << Describe(suite.diagnostics);
  TestRun run = RunTests(*load.pack, suite.cases, TimePoint{});
  EXPECT_EQ(run.passed, 1) << (run.failed ? run.results[0].differences[0].key : "");
  TestSuite wrong =
      Parse(OneCase("{}", "{decision: refer, cautions: [site-infection]}"), *load.pack);
  ASSERT_EQ(wrong.diagnostics.size(), 1u) << Describe(wrong.diagnostics);
  EXPECT_NE(wrong.diagnostics[0].message.find("is a refer rule; list it under 'rules'"),
            std::string::npos);
}

TEST(RuleTestRun, ResumeWhenIsComparedInOrderAndAlternativesAsASet) {
  TestSuite suite = Parse(
      "at: 2026-11-24T21:00:00Z\ncases:\n"
      "  - name: resolved\n    record: " +
      Acute(", bleeding_resolved: true") +
      "\n    expect: {decision: wait, resume_when: [once bleeding has resolved]}\n"
      "  - name: declined with acute signs\n    record: {patient.consent: false, "
      "injury.swelling: true}\n    expect: {decision: swap, alternatives: [ice, manual-therapy, "
      "foam-rolling, stretching, eccentric-loading, dynamic-warm-up]}\n");
  ASSERT_TRUE(suite.diagnostics.empty()) << Describe(suite.diagnostics);
  TestRun run = RunTests(Builtin(), suite.cases, TimePoint{});
  ASSERT_EQ(run.results.size(), 2u);
  ASSERT_EQ(run.results[0].differences.size(), 1u);
  EXPECT_EQ(run.results[0].differences[0].key, "resume_when");
  EXPECT_EQ(run.results[0].differences[0].expected, "[\"once bleeding has resolved\"]");
  EXPECT_EQ(run.results[0].differences[0].actual, "[]");
  EXPECT_TRUE(run.results[1].passed()) << run.results[1].differences[0].actual;
}

const ConditionCoverage& Condition(const Coverage& c, ConditionCoverage::Kind kind) {
  for (const ConditionCoverage& condition : c.conditions) {
    if (condition.kind == kind) return condition;
  }
  static const ConditionCoverage kNone;
  ADD_FAILURE() << "no such condition";
  return kNone;
}

TEST(RuleCoverage, CountsResumeWhileAlternativeWhenAndBounds) {
  TestSuite suite = Parse(
      "at: 2026-11-24T21:00:00Z\ncases:\n"
      "  - {name: open, record: " +
      Acute(", bleeding_resolved: false") +
      ", expect: {decision: wait}}\n"
      "  - {name: closed, record: " +
      Acute(", bleeding_resolved: true") +
      ", expect: {decision: wait}}\n"
      "  - {name: unknown, record: " +
      Acute("") +
      ", expect: {decision: wait}}\n"
      "  - {name: no ice, record: {patient.consent: false, injury: {swelling: false, bruising: "
      "false, palpable_tear: false}}, expect: {decision: swap}}\n"
      "  - {name: too late, record: {injury.onset: 2026-11-24T21:00:01Z}, "
      "expect: {decision: incomplete}}\n");
  ASSERT_TRUE(suite.diagnostics.empty()) << Describe(suite.diagnostics);
  TestRun run = RunTests(Builtin(), suite.cases, TimePoint{});
  using Kind = ConditionCoverage::Kind;
  const ConditionCoverage& resume = Condition(run.coverage, Kind::kResumeWhile);
  EXPECT_EQ(ConditionName(Builtin(), resume), "acute-injury-window resume_when while");
  EXPECT_EQ(resume.cases, (std::array<int, 3>{1, 1, 1}));  // false, true, unknown
  const ConditionCoverage& ice = Condition(run.coverage, Kind::kAlternativeWhen);
  EXPECT_EQ(ConditionName(Builtin(), ice), "alternative ice when");
  EXPECT_EQ(ice.cases[static_cast<int>(Truth::kFalse)], 1) << "counted only in swap cases";
  EXPECT_EQ(ice.cases[static_cast<int>(Truth::kTrue)], 0);
  EXPECT_EQ(ConditionState(ice, Truth::kTrue), "offered");
  EXPECT_FALSE(ice.Covered(Truth::kTrue));
  const ConditionCoverage& onset = Condition(run.coverage, Kind::kBounds);
  EXPECT_EQ(ConditionName(Builtin(), onset), "field injury.onset min/max");
  EXPECT_EQ(onset.cases[static_cast<int>(Truth::kTrue)], 3);
  EXPECT_EQ(onset.cases[static_cast<int>(Truth::kFalse)], 1);
  EXPECT_FALSE(Has(onset.reachable, Truth::kUnknown));
  EXPECT_TRUE(onset.Covered(Truth::kUnknown));
}

TEST(RuleCoverage, MinimumIsComparedExactly) {
  Coverage c;
  c.covered = 2;
  c.reachable = 3;
  EXPECT_TRUE(c.Meets(66.66));
  EXPECT_FALSE(c.Meets(66.67));
  c.covered = c.reachable = 0;
  EXPECT_EQ(c.Percent(), 100.0);
  EXPECT_TRUE(c.Meets(100));
}

}  // namespace
}  // namespace needlescreen::authoring
