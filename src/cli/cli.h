// Shared by the subcommands: exit codes, pack loading with diagnostics on
// stderr, and the options several commands take (SPEC §4).
#ifndef NEEDLESCREEN_CLI_CLI_H_
#define NEEDLESCREEN_CLI_CLI_H_

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <optional>
#include <streambuf>
#include <string>
#include <string_view>
#include <utility>
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
  kExitInternal = 70,  // a defect: an exception no command handled (EX_SOFTWARE)
};

// Writes `text` to standard error. Never throws and never ends the run: a
// stderr that cannot be written (2>/dev/full, closed, a reader gone) must not
// cost the results on standard output (issue 13). fmt::print(stderr, ...)
// throws on a failed write, so the CLI writes to stderr only through this.
void Err(std::string_view text);

template <typename... T>
void PrintErr(fmt::format_string<T...> format, T&&... args) {
  Err(fmt::format(format, std::forward<T>(args)...));
}

// Writes `text` to standard output and flushes it; false when it could not be
// written (the caller exits kExitWriteFailed). A reader that went away
// (EPIPE) ends the process by SIGPIPE, as a pipeline expects, unless
// SIGPIPE was ignored when the process started.
bool Out(std::string_view text);

// Called first in main(): SIGPIPE is ignored from then on, so that a closed
// *stderr* pipe cannot kill a run; Out() and OutputFile re-raise it for a
// closed stdout when its disposition was the default at start.
void SetUpSignals();

// SIGINT and SIGTERM, once StopOnSignals() is called, only set a flag (and
// write to a wake pipe): the run ends at a record boundary and exits 130 or
// 143. A second signal of the same kind kills at once (SA_RESETHAND).
void StopOnSignals();
const std::atomic<bool>& StopRequested();
int WakeFd();      // readable once a stop was requested; -1 before StopOnSignals()
int StopSignal();  // the signal that asked to stop, 0 if none

// Standard output for results written in whole records: each Write() is one
// or more whole records. When a write fails part-way into a regular file
// (a full disk), the file is cut back to where that write began, so the
// output ends at a record boundary (issue 13).
class OutputFile {
 public:
  OutputFile();
  bool Write(std::string_view text);
  bool failed() const { return failed_; }
  int error() const { return error_; }

 private:
  bool regular_ = false;
  bool failed_ = false;
  int error_ = 0;
};

// Where a subcommand's callback leaves its exit code for main().
struct Outcome {
  int exit_code = kExitOk;
};

// Loads the pack from `paths` (the built-in pack when empty) and prints every
// diagnostic to stderr. nullopt means exit 3: nothing may be screened.
std::optional<Pack> LoadPackOrReport(const std::vector<std::string>& paths);

// What a command does when its screening time is outside the pack's
// effective period (issue 19).
struct EffectPolicy {
  std::string_view command;  // "check", "interview", "serve": names the messages
  bool strict = false;       // refuse instead of warning
  bool quiet = false;        // no warning (a refusal is still said)
  std::string_view refused;  // what refusing means, e.g. "nothing was screened"
};

// True when `t` is in the pack's effective period, or when it is not and the
// policy only warns (one line on stderr, unless quiet). False, after one line
// on stderr, when the policy is strict: the caller exits 3 (kExitBadRules).
bool PackInEffect(const Pack& pack, TimePoint t, const EffectPolicy& policy);

// Parses `--at`; prints the problem and returns nullopt on a bad value.
std::optional<TimePoint> ParseAt(const std::string& text);

// Parses `--set PATH=VALUE` pairs into a record of defaults typed by the pack's
// fields. Prints the problem (never the value) and returns nullopt on error.
std::optional<Record> ParseSets(const Pack& pack, const std::vector<std::string>& sets);

// Makes `option` take one value per use, repeatable (--rules A --rules B),
// shown as `type` in the help: a second word after it is not its value
// (check: an input file; elsewhere a usage error), as FILE, not FILE ...,
// says. Returns `option`.
CLI::Option* OnePerUse(CLI::Option* option, const char* type);

// The first bytes of `in`, to sniff the format of records from: up to 4096
// bytes, or fewer once a line is complete and the input has no more ready
// (an interactive pipe must not wait for 4096 bytes before its first
// result). The caller puts them back (FdInput::Prepend).
std::string ReadHead(std::streambuf& in);

// Whether the input `name` ("-": standard input) is a directory, which opens
// and then reads as nothing (issue 12): an input of records never is.
bool IsDirectory(const std::string& name);

// True when stdout is a terminal and NO_COLOR / TERM=dumb do not forbid colour.
bool ColorWanted(int fd);

void SetCheckCommand(CLI::App& app, Outcome& outcome);
// `rules test` and `rules lint`, added under the `rules` subcommand.
void SetRulesTestCommand(CLI::App& rules, Outcome& outcome);
void SetRulesLintCommand(CLI::App& rules, Outcome& outcome);
void SetRulesDocCommand(CLI::App& rules, Outcome& outcome);
void SetRulesCasesCommand(CLI::App& rules, Outcome& outcome);
void SetRulesDiffCommand(CLI::App& rules, Outcome& outcome);
void SetInterviewCommand(CLI::App& app, Outcome& outcome);
void SetTemplateCommand(CLI::App& app, Outcome& outcome);
void SetSchemaCommand(CLI::App& app, Outcome& outcome);
void SetServeCommand(CLI::App& app, Outcome& outcome);

}  // namespace needlescreen::cli

#endif  // NEEDLESCREEN_CLI_CLI_H_
