// `needlescreen rules cases`: generated boundary cases in the format `rules
// test` reads (SPEC §7, issue 19). The library generates them; this file
// parses options and prints.
#include <fmt/format.h>

#include <cstdio>

#include "authoring/cases.h"
#include "cli/cli.h"
#include "common/text.h"

namespace needlescreen::cli {
namespace {

// Verdicts not reached named on stderr; the file's comments list them all.
constexpr size_t kListedNotReached = 20;

struct RulesCasesOptions {
  std::vector<std::string> rules;
  std::string at;
};

int RunRulesCases(const RulesCasesOptions& options) {
  std::optional<TimePoint> at =
      options.at.empty() ? ParseDatetime(authoring::kDefaultCasesAt) : ParseAt(options.at);
  if (!at) return kExitUsage;
  std::optional<Pack> pack = LoadPackOrReport(options.rules);
  if (!pack) return kExitBadRules;
  authoring::GeneratedCases cases = authoring::GenerateCases(*pack, *at);
  if (!Out(cases.yaml)) {
    Err("needlescreen: cannot write to standard output\n");
    return kExitWriteFailed;
  }
  // The file says the same in its comments; stderr tells whoever pipes it.
  for (size_t i = 0; i < cases.not_reached.size() && i < kListedNotReached; ++i) {
    PrintErr("needlescreen: rules cases: not reached: {}\n", Printable(cases.not_reached[i]));
  }
  if (cases.not_reached.size() > kListedNotReached) {
    PrintErr("needlescreen: rules cases: ... and {} more not reached (listed in the file)\n",
             cases.not_reached.size() - kListedNotReached);
  }
  for (const std::string& l : cases.limits_hit) PrintErr("needlescreen: rules cases: {}\n", l);
  return kExitOk;
}

}  // namespace

void SetRulesCasesCommand(CLI::App& rules, Outcome& outcome) {
  auto options = std::make_shared<RulesCasesOptions>();
  CLI::App* cmd = rules.add_subcommand(
      "cases", "Write boundary cases of the pack's conditions as a rule-test file");
  OnePerUse(cmd->add_option("--rules", options->rules,
                            "Rule file or directory (repeatable); replaces the built-in pack"),
            "FILE|DIR");
  cmd->add_option("--at", options->at,
                  fmt::format("Screening time of the cases (default {}, fixed so the file "
                              "does not change from day to day)",
                              authoring::kDefaultCasesAt))
      ->type_name("WHEN");
  cmd->callback([options, &outcome] { outcome.exit_code = RunRulesCases(*options); });
}

}  // namespace needlescreen::cli
