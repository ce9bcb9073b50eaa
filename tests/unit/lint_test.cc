// `rules lint` (authoring/lint.cc) and the condition analysis behind it:
// every loader error, plus warnings at the right file:line:column for rules
// that load but cannot mean what their author meant.
#include "authoring/lint.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "authoring/analysis.h"
#include "needlescreen/pack.h"

namespace needlescreen::authoring {
namespace {

// A small schema every test pack starts with (lines 1-23).
constexpr std::string_view kHeader = R"(pack: lint-test
version: 1.0.0
fields:
  - path: id
    type: string
  - path: screened_at
    type: datetime
  - path: p.phobia
    type: enum
    values: [none, mild, severe]
  - path: p.score
    type: number
  - path: p.flag
    type: bool
  - path: p.other
    type: bool
  - path: p.onset
    type: datetime
  - path: p.sites
    type: list
    values: [proximal, medial]
  - path: p.name
    type: string
)";

Diagnostics Lint(std::string_view body) {
  return LintPack({{"pack.yaml", std::string(kHeader) + std::string(body)}});
}

// The diagnostics whose message contains `needle`.
std::vector<Diagnostic> Matching(const Diagnostics& all, std::string_view needle) {
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : all) {
    if (d.message.find(needle) != std::string::npos) out.push_back(d);
  }
  return out;
}

std::string Describe(const Diagnostics& all) {
  std::string out;
  for (const Diagnostic& d : all) out += FormatDiagnostic(d);
  return out;
}

// One rule reading every field but p.other, so that only what a test adds warns.
constexpr std::string_view kReadsAll = R"(rules:
  - id: reads-all
    outcome: info
    when: p.flag and p.phobia == "none" and p.score > 1 and p.onset < now and "medial" in p.sites and p.name == "x" and p.other
    message: m
)";

TEST(Lint, BuiltinPackHasNoErrorsAndOnlyPlaceholderWarnings) {
  Diagnostics all = LintPack({BuiltinPackSource()});
  EXPECT_FALSE(HasErrors(all)) << Describe(all);
  for (const Diagnostic& d : all) {
    EXPECT_NE(d.message.find("placeholder"), std::string::npos) << FormatDiagnostic(d);
  }
}

TEST(Lint, CleanPackHasNoDiagnostics) {
  Diagnostics all = Lint(kReadsAll);
  EXPECT_TRUE(all.empty()) << Describe(all);
}

TEST(Lint, LoaderErrorsAreReportedAndSuppressLintWarnings) {
  Diagnostics all = Lint(R"(rules:
  - id: typo
    outcome: swap
    when: p.phobia == "sever"
    message: m
)");
  ASSERT_EQ(all.size(), 1u) << Describe(all);
  EXPECT_EQ(all[0].severity, Severity::kError);
  EXPECT_EQ(all[0].line, 27);
}

TEST(Lint, FieldNoRuleReadsIsAWarningAtItsPath) {
  Diagnostics all = Lint(R"(rules:
  - id: one
    outcome: info
    when: p.flag
    message: m
)");
  auto unused = Matching(all, "'p.other' is not read");
  ASSERT_EQ(unused.size(), 1u) << Describe(all);
  EXPECT_EQ(unused[0].severity, Severity::kWarning);
  EXPECT_EQ(unused[0].line, 15);
  EXPECT_EQ(unused[0].column, 11);
  EXPECT_TRUE(Matching(all, "'id'").empty()) << "the engine reads id itself";
  EXPECT_TRUE(Matching(all, "'screened_at'").empty()) << "the engine reads screened_at itself";
}

TEST(Lint, FieldReadOnlyByAMessageOrLetCountsAsRead) {
  Diagnostics all = Lint(std::string(kReadsAll) + R"(  - id: message-reads
    outcome: info
    message: "{p.other}"
)");
  EXPECT_TRUE(Matching(all, "'p.other' is not read").empty()) << Describe(all);
}

TEST(Lint, UnusedLetIsAWarningAtItsName) {
  Diagnostics all = Lint(std::string("let:\n  spare: p.score + 1\n") + std::string(kReadsAll));
  auto unused = Matching(all, "let 'spare' is not used");
  ASSERT_EQ(unused.size(), 1u) << Describe(all);
  EXPECT_EQ(unused[0].line, 25);
  EXPECT_EQ(unused[0].column, 3);
}

struct NeverFires {
  const char* when;
  const char* term;
};

TEST(Lint, ContradictoryConditionsOnOneValueCanNeverFire) {
  const NeverFires table[] = {
      {R"(p.phobia == "mild" and p.phobia == "severe")", "p.phobia"},
      {"p.score < 3 and p.score > 5", "p.score"},
      {"p.score >= 3 and not (p.score >= 2)", "p.score"},
      {R"(p.phobia in ["mild"] and p.phobia not in ["mild", "severe"])", "p.phobia"},
      {R"("medial" in p.sites and "medial" not in p.sites)", "p.sites"},
      {"p.flag and not p.flag", "p.flag"},
      {R"(p.name == "a" and p.name == "b")", "p.name"},
      {"p.score == 2 and p.score != 2", "p.score"},
  };
  for (const NeverFires& row : table) {
    Diagnostics all =
        Lint(std::string(kReadsAll) + "  - id: never\n    outcome: info\n    when: '" + row.when +
             "'\n    message: m\n");
    auto found = Matching(all, "rule 'never' can never fire");
    ASSERT_EQ(found.size(), 1u) << row.when << "\n" << Describe(all);
    EXPECT_NE(found[0].message.find(row.term), std::string::npos) << found[0].message;
  }
}

TEST(Lint, SatisfiableConjunctionsDoNotWarn) {
  const char* table[] = {
      "p.score > 3 and p.score < 5",
      "p.score >= 3 and p.score <= 3",
      R"(p.phobia != "none" and p.phobia != "mild")",
      R"(p.name != "a" and p.name != "b")",
      "p.flag and p.other",
  };
  for (const char* when : table) {
    Diagnostics all = Lint(std::string(kReadsAll) + "  - id: fine\n    outcome: info\n    when: '" +
                           when + "'\n    message: m\n");
    EXPECT_TRUE(all.empty()) << when << "\n" << Describe(all);
  }
}

TEST(Lint, LiteralConditionsWarn) {
  Diagnostics all = Lint(std::string(kReadsAll) + R"(  - id: always
    outcome: info
    when: "true"
    message: m
  - id: never
    outcome: info
    when: "false"
    message: m
  - id: folded
    outcome: info
    when: p.flag or true
    message: m
)");
  EXPECT_EQ(Matching(all, "'always' always fires: its condition is the literal true").size(), 1u)
      << Describe(all);
  EXPECT_EQ(Matching(all, "'never' never fires").size(), 1u) << Describe(all);
  EXPECT_EQ(Matching(all, "'folded' always fires").size(), 1u) << Describe(all);
}

TEST(Lint, ContradictionInsideAnOrIsReportedAtThatPart) {
  Diagnostics all = Lint(std::string(kReadsAll) + R"(  - id: part
    outcome: info
    when: p.flag or (p.score > 5 and p.score < 1)
    message: m
)");
  auto found = Matching(all, "this part of rule 'part' can never be true");
  ASSERT_EQ(found.size(), 1u) << Describe(all);
  EXPECT_EQ(found[0].line, 31);
  EXPECT_EQ(found[0].column, 22);
}

TEST(Lint, AlternativesCoveringEveryValueFireWheneverKnown) {
  Diagnostics all = Lint(std::string(kReadsAll) + R"(  - id: exhaustive
    outcome: info
    when: p.score < 3 or p.score >= 3
    message: m
)");
  EXPECT_EQ(Matching(all, "'exhaustive' fires whenever its answers are known").size(), 1u)
      << Describe(all);
}

TEST(Lint, PlaceholderTheConditionDoesNotReadCanBeUnknown) {
  Diagnostics all = Lint(std::string(kReadsAll) + R"(  - id: msg
    outcome: info
    when: p.flag
    message: Score {p.score}.
)");
  auto found = Matching(all, "placeholder {p.score} can be unknown");
  ASSERT_EQ(found.size(), 1u) << Describe(all);
  EXPECT_NE(found[0].message.find("does not read it"), std::string::npos);
  EXPECT_EQ(found[0].line, 32);
  EXPECT_EQ(found[0].column, 21);
}

TEST(Lint, PlaceholderReadOnlyUnderOrCanBeUnknown) {
  Diagnostics all = Lint(std::string(kReadsAll) + R"(  - id: msg
    outcome: info
    when: p.flag or p.other
    message: Flag {p.flag}, other {p.other}.
)");
  EXPECT_EQ(Matching(all, "placeholder {p.flag} can be unknown").size(), 1u) << Describe(all);
  EXPECT_EQ(Matching(all, "placeholder {p.other} can be unknown").size(), 1u) << Describe(all);
}

TEST(Lint, PlaceholderTheConditionForcesKnownDoesNotWarn) {
  Diagnostics all = Lint(std::string("let:\n  hours: hours_between(p.onset, now)\n") +
                         std::string(kReadsAll) + R"(  - id: msg
    outcome: info
    when: p.flag and (p.other or not p.other) and p.onset < now and known(p.score)
    message: "{p.flag} {p.other} {p.onset} {hours} {p.score}"
)");
  EXPECT_TRUE(Matching(all, "placeholder").empty()) << Describe(all);
}

TEST(Lint, PlaceholderOfARuleWithoutWhenCanBeUnknown) {
  Diagnostics all = Lint(std::string(kReadsAll) + R"(  - id: msg
    outcome: info
    message: "{p.score}"
)");
  auto found = Matching(all, "placeholder {p.score}");
  ASSERT_EQ(found.size(), 1u) << Describe(all);
  EXPECT_NE(found[0].message.find("no 'when'"), std::string::npos);
}

TEST(Lint, SwapAndWaitRulesNeedASourceButCautionsDoNot) {
  Diagnostics all = Lint(std::string(kReadsAll) + R"(  - id: swap-no-source
    outcome: swap
    when: p.flag
    message: m
  - id: caution-no-source
    outcome: caution
    when: p.flag
    message: m
)");
  auto found = Matching(all, "has no 'source'");
  ASSERT_EQ(found.size(), 1u) << Describe(all);
  EXPECT_NE(found[0].message.find("swap-no-source"), std::string::npos);
  EXPECT_EQ(found[0].line, 29);
  EXPECT_EQ(found[0].column, 5);
}

TEST(Lint, WaitRuleWithoutResumeOrResumeWhenWarns) {
  Diagnostics all = Lint(std::string(kReadsAll) + R"(  - id: bare-wait
    outcome: wait
    when: p.flag
    message: m
    source: s
  - id: timed-wait
    outcome: wait
    when: p.flag
    message: m
    source: s
    resume: p.onset + 72h
)");
  auto found = Matching(all, "neither 'resume' nor 'resume_when'");
  ASSERT_EQ(found.size(), 1u) << Describe(all);
  EXPECT_NE(found[0].message.find("bare-wait"), std::string::npos);
}

TEST(Lint, DiagnosticsAreSortedByLine) {
  Diagnostics all = Lint(R"(rules:
  - id: late
    outcome: swap
    when: p.flag
    message: "{p.score}"
)");
  ASSERT_GE(all.size(), 2u);
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LE(all[i - 1].line, all[i].line);
}

TEST(ConditionAnalysis, RuleWithoutWhenCanOnlyBeTrue) {
  PackLoad load = LoadPack({{"p.yaml", std::string(kHeader) + R"(rules:
  - id: always
    outcome: info
    message: m
  - id: known-only
    outcome: info
    when: known(p.flag) or not known(p.score)
    message: m
  - id: plain
    outcome: info
    when: p.flag
    message: m
)"}});
  ASSERT_TRUE(load.pack) << Describe(load.diagnostics);
  ConditionAnalysis analysis(*load.pack);
  EXPECT_EQ(analysis.RuleVerdicts(0), TruthBit(Truth::kTrue));
  EXPECT_EQ(analysis.RuleVerdicts(1), TruthBit(Truth::kTrue) | TruthBit(Truth::kFalse));
  EXPECT_EQ(analysis.RuleVerdicts(2), kAllTruths);
}

// --- Bounded analysis (issue 13) ------------------------------------------------

// Rules that each can never fire, so each is a warning while the analysis runs.
std::string NeverFiringRules(int n) {
  std::string body(kReadsAll);
  for (int i = 0; i < n; ++i) {
    body += "  - id: never" + std::to_string(i) +
            "\n    outcome: info\n    when: p.score < 3 and p.score > 5\n    message: m\n";
  }
  return body;
}

TEST(Lint, AnalysisPastItsBudgetStopsWithOneWarningAndNoWrongOnes) {
  std::string text = std::string(kHeader) + NeverFiringRules(40);
  Diagnostics full = LintPack({{"pack.yaml", text}});
  EXPECT_EQ(Matching(full, "' can never fire").size(), 40u) << Describe(full);
  EXPECT_TRUE(Matching(full, "lint stopped").empty());

  Diagnostics cut = LintPack({{"pack.yaml", text}}, 400);
  auto stopped = Matching(cut, "lint stopped analysing conditions at rule");
  ASSERT_EQ(stopped.size(), 1u) << Describe(cut);
  EXPECT_EQ(stopped[0].severity, Severity::kWarning);
  EXPECT_FALSE(HasErrors(cut));
  std::vector<Diagnostic> kept = Matching(cut, "' can never fire");
  EXPECT_GT(kept.size(), 0u);
  EXPECT_LT(kept.size(), 40u);
  // Every warning kept is one the full analysis gives too.
  for (const Diagnostic& d : kept) {
    EXPECT_EQ(std::count_if(
                  full.begin(), full.end(),
                  [&](const Diagnostic& f) { return f.line == d.line && f.message == d.message; }),
              1)
        << FormatDiagnostic(d);
  }
}

TEST(Lint, LongLetChainsAreAnalysedInBoundedTime) {
  // Each let's known terms hold every let before it: quadratic without a bound
  // (three chains once took 3.4 GB).
  std::string body = "let:\n  c0: p.flag\n";
  for (int i = 1; i < 4000; ++i) {
    body += "  c" + std::to_string(i) + ": c" + std::to_string(i - 1) + "\n";
  }
  std::string rules = "rules:\n";
  for (int i = 0; i < 2000; ++i) {
    rules +=
        "  - {id: r" + std::to_string(i) + ", outcome: info, when: c3999, message: '{c3999}'}\n";
  }
  auto start = std::chrono::steady_clock::now();
  Diagnostics all = Lint(body + rules);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_FALSE(HasErrors(all)) << Describe(all);
  EXPECT_EQ(Matching(all, "lint stopped").size(), 1u);
}

}  // namespace
}  // namespace needlescreen::authoring

namespace needlescreen::authoring {
namespace {

// Issue 15: lint knows the bounds: an empty range is warned at its `min`.
TEST(LintBounds, MinAfterMaxIsAWarningAtMin) {
  const std::string pack =
      "pack: p\nversion: '1'\nfields:\n"
      "  - {path: n, type: number, min: 10, max: 1}\n"
      "  - {path: t, type: datetime, min: now, max: now - 1d}\n"
      "  - {path: ok, type: datetime, min: now - 36500d, max: now}\n"
      "rules:\n  - {id: r, outcome: info, when: n > 2 and t < now and ok < now, "
      "message: m, source: s}\n";
  Diagnostics all = LintPack({{"pack.yaml", pack}});
  std::vector<std::string> found;
  for (const Diagnostic& d : all) {
    if (d.message.find("no answer is plausible") != std::string::npos) {
      found.push_back(FormatDiagnostic(d).substr(0, FormatDiagnostic(d).find('\n')));
    }
  }
  ASSERT_EQ(found.size(), 2u) << Describe(all);
  EXPECT_EQ(found[0],
            "pack.yaml:4:34: warning: field 'n' has min 10 after max 1: no answer is plausible, "
            "every record would ask it again");
  EXPECT_NE(found[1].find("field 't' has min now after max now - 1d"), std::string::npos);
}

}  // namespace
}  // namespace needlescreen::authoring
