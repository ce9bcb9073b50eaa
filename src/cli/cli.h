// Shared by the subcommands: exit codes, pack loading with diagnostics on
// stderr, and the options several commands take (SPEC §4).
#ifndef NEEDLESCREEN_CLI_CLI_H_
#define NEEDLESCREEN_CLI_CLI_H_

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/record.h"
#include "needlescreen/time.h"

namespace needlescreen::cli {

// SPEC §4 exit codes.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailOn = 1,
  kExitUsage = 2,
  kExitBadRules = 3,
  kExitBadRecords = 4,
  kExitWriteFailed = 5,
};

// Where a subcommand's callback leaves its exit code for main().
struct Outcome {
  int exit_code = kExitOk;
};

// Loads the pack from `paths` (the built-in pack when empty) and prints every
// diagnostic to stderr. nullopt means exit 3: nothing may be screened.
std::optional<Pack> LoadPackOrReport(const std::vector<std::string>& paths);

// Parses `--at`; prints the problem and returns nullopt on a bad value.
std::optional<TimePoint> ParseAt(const std::string& text);

// Parses `--set PATH=VALUE` pairs into a record of defaults typed by the pack's
// fields. Prints the problem (never the value) and returns nullopt on error.
std::optional<Record> ParseSets(const Pack& pack, const std::vector<std::string>& sets);

// True when stdout is a terminal and NO_COLOR / TERM=dumb do not forbid colour.
bool ColorWanted(int fd);

void SetCheckCommand(CLI::App& app, Outcome& outcome);
// `rules test` and `rules lint`, added under the `rules` subcommand.
void SetRulesTestCommand(CLI::App& rules, Outcome& outcome);
void SetRulesLintCommand(CLI::App& rules, Outcome& outcome);
void SetRulesDocCommand(CLI::App& rules, Outcome& outcome);
void SetInterviewCommand(CLI::App& app, Outcome& outcome);
void SetTemplateCommand(CLI::App& app, Outcome& outcome);
void SetSchemaCommand(CLI::App& app, Outcome& outcome);

}  // namespace needlescreen::cli

#endif  // NEEDLESCREEN_CLI_CLI_H_
