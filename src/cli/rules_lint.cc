// `needlescreen rules lint`: every problem in rule files, with file:line:col
// (SPEC §4, §6). The library finds them; this file parses options and prints.
#include <fmt/format.h>

#include <cstdio>

#include "authoring/lint.h"
#include "cli/cli.h"
#include "output/json_emitter.h"

namespace needlescreen::cli {
namespace {

struct RulesLintOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string at;  // the review dates are linted at this time; "" = now
};

std::string Json(const Diagnostics& diagnostics) {
  std::string out;
  output::JsonEmitter json(out, true);
  json.BeginArray();
  for (const Diagnostic& d : diagnostics) {
    json.BeginObject();
    json.Key("file");
    json.String(d.file);
    json.Key("line");
    json.Number(static_cast<uint64_t>(d.line));
    json.Key("column");
    json.Number(static_cast<uint64_t>(d.column));
    json.Key("severity");
    json.String(d.severity == Severity::kError ? "error" : "warning");
    json.Key("message");
    json.String(ClipMessage(d.message));
    json.EndObject();
  }
  json.EndArray();
  return out + "\n";
}

std::string Text(const Diagnostics& diagnostics, size_t errors) {
  // At most kMaxPrintedDiagnostics, then a count: a hostile pack can have
  // hundreds of thousands (the JSON form lists all, each clipped).
  std::string out = FormatDiagnostics(diagnostics);
  size_t warnings = diagnostics.size() - errors;
  out += fmt::format("{} error{}, {} warning{}\n", errors, errors == 1 ? "" : "s", warnings,
                     warnings == 1 ? "" : "s");
  return out;
}

int RunRulesLint(const RulesLintOptions& options) {
  TimePoint now = Now();
  if (!options.at.empty()) {
    auto at = ParseAt(options.at);
    if (!at) return kExitUsage;
    now = *at;
  }
  Diagnostics diagnostics;
  std::vector<PackSource> sources;
  if (options.paths.empty()) {
    sources.push_back(BuiltinPackSource());
  } else {
    sources = ReadPackSources(options.paths, diagnostics);
  }
  if (diagnostics.empty())
    diagnostics = authoring::LintPack(sources, authoring::ConditionAnalysis::kDefaultBudget, now);
  size_t errors = 0;
  for (const Diagnostic& d : diagnostics) errors += d.severity == Severity::kError ? 1 : 0;
  std::string out = options.format == "json" ? Json(diagnostics) : Text(diagnostics, errors);
  if (!Out(out)) {
    Err("needlescreen: cannot write to standard output\n");
    return kExitWriteFailed;
  }
  return errors > 0 ? kExitBadRules : kExitOk;
}

}  // namespace

void SetRulesLintCommand(CLI::App& rules, Outcome& outcome) {
  auto options = std::make_shared<RulesLintOptions>();
  CLI::App* cmd = rules.add_subcommand(
      "lint", "Check rule files: every load error and likely mistakes, with file:line:col");
  cmd->add_option("paths", options->paths,
                  "Rule files or directories, loaded as one pack (default: the built-in pack)");
  cmd->add_option("--format", options->format, "Output: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--at", options->at,
                  "Time the review dates are checked at (a pack past its effective period is "
                  "due for review): ISO 8601, now, '36 hours ago'; default: now")
      ->type_name("WHEN");
  cmd->callback([options, &outcome] { outcome.exit_code = RunRulesLint(*options); });
}

}  // namespace needlescreen::cli
