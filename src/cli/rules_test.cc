// `needlescreen rules test`: run rule test cases with rule coverage (SPEC §4).
// The library reads and runs the cases; this file parses options and prints.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdio>

#include "authoring/rule_tests.h"
#include "cli/cli.h"
#include "common/text.h"
#include "output/json_emitter.h"

namespace needlescreen::cli {
namespace {

using authoring::CaseResult;
using authoring::ConditionCoverage;
using authoring::Coverage;
using authoring::RuleCoverage;
using authoring::TestRun;

struct RulesTestOptions {
  std::vector<std::string> paths;
  std::vector<std::string> rules;
  std::string format = "text";
  bool verbose = false;
  std::optional<double> coverage_min;
};

constexpr Truth kVerdicts[] = {Truth::kTrue, Truth::kFalse, Truth::kUnknown};

// How coverage names a verdict.
std::string_view VerdictWord(Truth t) {
  return t == Truth::kTrue ? "fired" : t == Truth::kFalse ? "silent" : "unknown";
}

// One decimal, truncated: 99.97% of the verdicts is not "100.0%".
std::string Percent(const Coverage& c) {
  return fmt::format("{:.1f}", std::floor(c.Percent() * 10) / 10);
}

std::string Json(std::string_view s) {
  std::string out;
  output::AppendJsonString(out, s);
  return out;
}

std::string Location(const authoring::TestCase& c) { return fmt::format("{}:{}", c.file, c.line); }

void AppendCase(const CaseResult& r, bool verbose, std::string& out) {
  if (r.passed()) {
    if (verbose) out += fmt::format("PASS {}: {}\n", Location(*r.test), r.test->name);
    return;
  }
  out += fmt::format("FAIL {}: {}\n  (- expected, + actual)\n", Location(*r.test), r.test->name);
  for (const authoring::Difference& d : r.differences) {
    out += fmt::format("  - {}: {}\n  + {}: {}\n", d.key, d.expected, d.key, d.actual);
  }
  out += fmt::format("  result: {}\n", r.summary);
}

std::string Cell(const RuleCoverage& rule, Truth t) {
  if (!authoring::Has(rule.reachable, t)) return "n/a";
  int n = rule.cases[static_cast<int>(t)];
  return n == 0 ? "MISSED" : std::to_string(n);
}

std::string Cell(const ConditionCoverage& c, Truth t) {
  std::string_view state = authoring::ConditionState(c, t);
  if (!authoring::Has(c.reachable, t)) return fmt::format("{} n/a", state);
  int n = c.cases[static_cast<int>(t)];
  return n == 0 ? fmt::format("{} MISSED", state) : fmt::format("{} {}", state, n);
}

// Rows under the rule table for the conditions beside rules' `when` (issue
// 15); none for a pack without such conditions, whose report is unchanged.
void AppendConditions(const Pack& pack, const Coverage& coverage, std::string& out) {
  if (coverage.conditions.empty()) return;
  size_t width = 0;
  for (const ConditionCoverage& c : coverage.conditions) {
    width = std::max(width, authoring::ConditionName(pack, c).size());
  }
  out +=
      "  conditions: resume_when while in the cases its rule fired, alternative when in the "
      "cases decided swap that name it, min/max in the cases that answered the field\n";
  for (const ConditionCoverage& c : coverage.conditions) {
    std::vector<std::string> cells;
    for (Truth t : kVerdicts) {
      // Bounds have two states: an answer is within them or not.
      if (c.kind == ConditionCoverage::Kind::kBounds && t == Truth::kUnknown) continue;
      cells.push_back(Cell(c, t));
    }
    out += fmt::format("  condition  {:<{}}  {}\n", authoring::ConditionName(pack, c), width,
                       fmt::join(cells, "  "));
  }
}

void AppendCoverage(const Pack& pack, const Coverage& coverage, std::string& out) {
  size_t width = 4;
  for (const Rule& r : pack.rules) width = std::max(width, r.id.size());
  out += "Rule coverage: cases in which each rule fired, stayed silent or was unknown\n";
  out += fmt::format("  {:<{}}  {:<7}  {:>6}  {:>6}  {:>7}\n", "rule", width, "outcome", "fired",
                     "silent", "unknown");
  for (const RuleCoverage& rule : coverage.rules) {
    std::string note = authoring::UnreachableNote(pack, rule);
    std::string line =
        fmt::format("  {:<{}}  {:<7}  {:>6}  {:>6}  {:>7}  {}", pack.rules[rule.rule].id, width,
                    OutcomeName(pack.rules[rule.rule].outcome), Cell(rule, Truth::kTrue),
                    Cell(rule, Truth::kFalse), Cell(rule, Truth::kUnknown), note);
    out += line.substr(0, line.find_last_not_of(' ') + 1) + "\n";
  }
  AppendConditions(pack, coverage, out);
  int gaps = coverage.reachable - coverage.covered;
  if (gaps > 0) {
    out += fmt::format("  {} reachable verdict{} no case reached (MISSED)\n", gaps,
                       gaps == 1 ? "" : "s");
  }
}

std::string Text(const Pack& pack, const TestRun& run, bool verbose) {
  std::string out;
  for (const CaseResult& r : run.results) AppendCase(r, verbose, out);
  if (!out.empty()) out += "\n";
  AppendCoverage(pack, run.coverage, out);
  out += fmt::format("\n{} passed, {} failed; rule coverage {}% ({} of {} reachable verdicts)\n",
                     run.passed, run.failed, Percent(run.coverage), run.coverage.covered,
                     run.coverage.reachable);
  return out;
}

std::string JsonCase(const CaseResult& r) {
  std::string diffs;
  for (const authoring::Difference& d : r.differences) {
    if (!diffs.empty()) diffs += ", ";
    diffs += fmt::format(R"({{"key": {}, "expected": {}, "actual": {}}})", Json(d.key),
                         Json(d.expected), Json(d.actual));
  }
  return fmt::format(
      R"({{"name": {}, "file": {}, "line": {}, "passed": {}, "result": {}, "differences": [{}]}})",
      Json(r.test->name), Json(r.test->file), r.test->line, r.passed(), Json(r.summary), diffs);
}

std::string JsonRule(const Pack& pack, const RuleCoverage& rule) {
  std::vector<std::string> unreachable, gaps;
  for (Truth t : kVerdicts) {
    if (!authoring::Has(rule.reachable, t)) unreachable.push_back(Json(VerdictWord(t)));
    if (!rule.Covered(t)) gaps.push_back(Json(VerdictWord(t)));
  }
  return fmt::format(
      R"({{"rule": {}, "outcome": {}, "fired": {}, "silent": {}, "unknown": {}, )"
      R"("unreachable": [{}], "note": {}, "gaps": [{}]}})",
      Json(pack.rules[rule.rule].id), Json(OutcomeName(pack.rules[rule.rule].outcome)),
      rule.cases[static_cast<int>(Truth::kTrue)], rule.cases[static_cast<int>(Truth::kFalse)],
      rule.cases[static_cast<int>(Truth::kUnknown)], fmt::join(unreachable, ", "),
      Json(authoring::UnreachableNote(pack, rule)), fmt::join(gaps, ", "));
}

std::string JsonCondition(const Pack& pack, const ConditionCoverage& c) {
  using Kind = ConditionCoverage::Kind;
  const char* kind = c.kind == Kind::kResumeWhile       ? "resume_while"
                     : c.kind == Kind::kAlternativeWhen ? "alternative_when"
                                                        : "bounds";
  const std::string& subject = c.kind == Kind::kResumeWhile       ? pack.rules[c.index].id
                               : c.kind == Kind::kAlternativeWhen ? pack.alternatives[c.index].id
                                                                  : pack.fields[c.index].path;
  std::vector<std::string> counts, unreachable, gaps;
  for (Truth t : kVerdicts) {
    if (c.kind == Kind::kBounds && t == Truth::kUnknown) continue;
    std::string state = Json(authoring::ConditionState(c, t));
    counts.push_back(fmt::format("{}: {}", state, c.cases[static_cast<int>(t)]));
    if (!authoring::Has(c.reachable, t)) unreachable.push_back(state);
    if (!c.Covered(t)) gaps.push_back(state);
  }
  return fmt::format(
      R"({{"condition": {}, "kind": "{}", "subject": {}, "cases": {{{}}}, "unreachable": [{}], )"
      R"("gaps": [{}]}})",
      Json(authoring::ConditionName(pack, c)), kind, Json(subject), fmt::join(counts, ", "),
      fmt::join(unreachable, ", "), fmt::join(gaps, ", "));
}

std::string JsonRun(const Pack& pack, const TestRun& run, const RulesTestOptions& options) {
  std::string out = fmt::format("{{\n  \"passed\": {},\n  \"failed\": {},\n  \"cases\": [",
                                run.passed, run.failed);
  for (size_t i = 0; i < run.results.size(); ++i) {
    out += fmt::format("{}\n    {}", i ? "," : "", JsonCase(run.results[i]));
  }
  const Coverage& c = run.coverage;
  out += fmt::format(
      "\n  ],\n  \"coverage\": {{\n    \"percent\": {},\n    \"covered\": {},\n"
      "    \"reachable\": {},\n    \"minimum\": {},\n    \"rules\": [",
      Percent(c), c.covered, c.reachable,
      options.coverage_min ? fmt::format("{}", *options.coverage_min) : "null");
  for (size_t i = 0; i < c.rules.size(); ++i) {
    out += fmt::format("{}\n      {}", i ? "," : "", JsonRule(pack, c.rules[i]));
  }
  out += "\n    ],\n    \"conditions\": [";
  for (size_t i = 0; i < c.conditions.size(); ++i) {
    out += fmt::format("{}\n      {}", i ? "," : "", JsonCondition(pack, c.conditions[i]));
  }
  return out + (c.conditions.empty() ? "]\n  }\n}\n" : "\n    ]\n  }\n}\n");
}

int RunRulesTest(const RulesTestOptions& options) {
  std::optional<Pack> pack = LoadPackOrReport(options.rules);
  if (!pack) return kExitBadRules;
  std::vector<std::string> paths = options.paths;
  if (paths.empty()) paths.emplace_back("rules/tests/");
  authoring::TestSuite suite = authoring::LoadTests(paths, *pack);
  size_t errors = 0;
  for (const Diagnostic& d : suite.diagnostics) errors += d.severity == Severity::kError ? 1 : 0;
  Err(FormatDiagnostics(suite.diagnostics));
  if (errors > 0) {
    PrintErr("needlescreen: {} error{} in the test files; no case was run\n", errors,
             errors == 1 ? "" : "s");
    return kExitBadRules;
  }
  TestRun run = authoring::RunTests(*pack, suite.cases, Now());
  std::string out = options.format == "json"
                        ? JsonRun(*pack, run, options)
                        // Test names, summaries and differences come from the test files
                        // and the pack: shown terminal-safe (issue 13).
                        : Printable(Text(*pack, run, options.verbose), LineBreaks::kKeep);
  const bool written = Out(out);
  bool below = options.coverage_min && !run.coverage.Meets(*options.coverage_min);
  if (below) {
    PrintErr("needlescreen: rule coverage {}% is below --coverage-min {}\n", Percent(run.coverage),
             *options.coverage_min);
  }
  if (!written) {
    Err("needlescreen: cannot write to standard output\n");
    return kExitWriteFailed;
  }
  return run.failed > 0 || below ? kExitFailOn : kExitOk;
}

}  // namespace

void SetRulesTestCommand(CLI::App& rules, Outcome& outcome) {
  auto options = std::make_shared<RulesTestOptions>();
  CLI::App* cmd = rules.add_subcommand(
      "test", "Run rule test cases (YAML) against the pack, with rule coverage");
  cmd->add_option("paths", options->paths,
                  "Test files or directories of them (default: rules/tests/)");
  cmd->add_option("--rules", options->rules,
                  "Rule file or directory (repeatable); replaces the built-in pack")
      ->allow_extra_args(false);
  cmd->add_option("--format", options->format, "Output: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--verbose,-v", options->verbose, "List passing cases too");
  cmd->add_option("--coverage-min", options->coverage_min,
                  "Exit 1 when rule coverage is below this percentage (0-100)")
      ->check(CLI::Validator(
          [](const std::string& text) -> std::string {
            double v = -1;
            auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            bool ok = ec == std::errc() && end == text.data() + text.size() && v >= 0 && v <= 100;
            return ok ? "" : "expected a percentage from 0 to 100";
          },
          "PERCENT"));
  cmd->callback([options, &outcome] { outcome.exit_code = RunRulesTest(*options); });
}

}  // namespace needlescreen::cli
