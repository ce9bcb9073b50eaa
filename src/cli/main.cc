// needlescreen: parse the command line, hand over to a subcommand, exit with
// its code. Everything else lives in the library.
#include <cxxabi.h>
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <system_error>
#include <typeinfo>
#include <vector>

#include "cli/cli.h"
#include "common/spellcheck.h"
#include "common/text.h"
#include "needlescreen/pack.h"

namespace {

const CLI::App* FindCommand(const CLI::App& app, const std::string& word) {
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->check_name(word)) return sub;
  }
  return nullptr;
}

// `word` stands where `app` (called `name`) expects a subcommand. When it is
// no subcommand and no option but near one (`chekc`), says so and returns
// true; otherwise leaves it to the parser.
bool ReportNearCommand(const CLI::App& app, std::string_view name, const std::string& word) {
  if (word.empty() || word[0] == '-' || FindCommand(app, word)) return false;
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  std::optional<std::string_view> nearest = needlescreen::SpellcheckString(word, names);
  if (!nearest) return false;
  needlescreen::cli::PrintErr("{}: unknown command '{}'{}\n", name, needlescreen::Printable(word),
                              needlescreen::DidYouMean(nearest));
  return true;
}

// A mistyped subcommand (`needlescreen chekc`, `needlescreen rules tset`) is
// a usage error with a hint, where it would otherwise be read as a file to
// check that cannot be opened. A first word that names an existing file is
// that file (`needlescreen chekc` checks a file called chekc), and a word
// near no subcommand keeps its old meaning, a file name.
bool ReportMistypedCommand(const CLI::App& app, const std::vector<std::string>& args) {
  if (args.empty()) return false;
  const std::string& first = args.front();
  if (const CLI::App* sub = FindCommand(app, first)) {
    return args.size() > 1 && !sub->get_subcommands({}).empty() &&
           ReportNearCommand(*sub, "needlescreen " + sub->get_name(), args[1]);
  }
  std::error_code error;
  if (std::filesystem::exists(first, error)) return false;
  return ReportNearCommand(app, "needlescreen", first);
}

// `needlescreen record.yaml` means `needlescreen check record.yaml`: check is
// the clinician's default command (SPEC §4).
std::vector<std::string> WithDefaultCommand(int argc, char** argv, const CLI::App& app) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return args;
  const std::string& first = args.front();
  bool option = first.size() > 1 && first[0] == '-';
  bool command = FindCommand(app, first) != nullptr;
  if (!command && (!option || first.rfind("--", 0) == 0)) {
    if (first != "--help" && first != "-h" && first != "--version")
      args.insert(args.begin(), "check");
  }
  return args;
}

// `needlescreen --version`: the program's version (the CMake project's,
// NS_VERSION), then the built-in pack's id, version and digest, the stamp
// `check` puts on every result screened with it, so that a bug report names
// both. help2man reads the first line for the man pages' version.
std::string VersionText() {
  std::string text = "needlescreen " NS_VERSION;
  needlescreen::PackLoad load = needlescreen::LoadBuiltinPack();
  if (load.pack) {
    text += fmt::format("\nbuilt-in pack: {} {} {}", needlescreen::Printable(load.pack->id),
                        needlescreen::Printable(load.pack->version), load.pack->digest);
  } else {
    text += "\nbuilt-in pack: invalid (a defect: run needlescreen rules lint)";
  }
  return text;
}

// Anything else escaping a command is a defect, not a verdict: one line and
// exit 70 (EX_SOFTWARE, sysexits.h) instead of std::terminate's abort. The
// message names the exception's type only: its what() may quote input, and
// an error never prints a patient's values (SPEC §6). Called in a handler.
int InternalError() {
  const std::type_info* type = abi::__cxa_current_exception_type();
  int status = -1;
  std::unique_ptr<char, decltype(&std::free)> name(
      type ? abi::__cxa_demangle(type->name(), nullptr, nullptr, &status) : nullptr, &std::free);
  needlescreen::cli::PrintErr(
      "needlescreen: internal error ({}); stopped (the output ends with the last whole record "
      "written)\n",
      status == 0 && name ? name.get() : "an exception of unknown type");
  return needlescreen::cli::kExitInternal;
}

// The command line, parsed and run; what it throws is main's to report.
int Run(int argc, char** argv) {
  // Named, so that a subcommand's help reads `Usage: needlescreen check ...`
  // (the man pages are made from it).
  CLI::App app{
      "needlescreen: eligibility and contraindication screening for dry needling of "
      "the hamstrings",
      "needlescreen"};
  app.set_version_flag("--version", VersionText);
  app.require_subcommand(1);
  needlescreen::cli::Outcome outcome;
  needlescreen::cli::SetCheckCommand(app, outcome);
  CLI::App* rules = app.add_subcommand("rules", "Rule authoring: lint, test, doc, cases, diff");
  rules->require_subcommand(1);
  needlescreen::cli::SetRulesTestCommand(*rules, outcome);
  needlescreen::cli::SetRulesLintCommand(*rules, outcome);
  needlescreen::cli::SetRulesDocCommand(*rules, outcome);
  needlescreen::cli::SetRulesCasesCommand(*rules, outcome);
  needlescreen::cli::SetRulesDiffCommand(*rules, outcome);
  needlescreen::cli::SetInterviewCommand(app, outcome);
  needlescreen::cli::SetTemplateCommand(app, outcome);
  needlescreen::cli::SetSchemaCommand(app, outcome);
  needlescreen::cli::SetServeCommand(app, outcome);

  if (ReportMistypedCommand(app, std::vector<std::string>(argv + 1, argv + argc))) {
    return needlescreen::cli::kExitUsage;
  }
  std::vector<std::string> args = WithDefaultCommand(argc, argv, app);
  std::reverse(args.begin(), args.end());  // CLI11 2.1 parses a vector from the back
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : needlescreen::cli::kExitUsage;
  }
  return outcome.exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  needlescreen::cli::SetUpSignals();
  try {
    return Run(argc, argv);
  } catch (const std::bad_alloc&) {
    // Every output is written in whole records, so what was written stands;
    // the run could not finish (SPEC §6: no crash, a clear error).
    needlescreen::cli::Err(
        "needlescreen: out of memory; stopped (the output ends with the last whole record "
        "written)\n");
    return needlescreen::cli::kExitWriteFailed;
  } catch (...) {
    return InternalError();
  }
}
