// needlescreen: parse the command line, hand over to a subcommand, exit with
// its code. Everything else lives in the library.
#include <cxxabi.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <memory>
#include <new>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "cli/cli.h"

namespace {

// `needlescreen record.yaml` means `needlescreen check record.yaml`: check is
// the clinician's default command (SPEC §4).
std::vector<std::string> WithDefaultCommand(int argc, char** argv, const CLI::App& app) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return args;
  const std::string& first = args.front();
  bool option = first.size() > 1 && first[0] == '-';
  bool command = false;
  for (const CLI::App* sub : app.get_subcommands({})) command = command || sub->check_name(first);
  if (!command && (!option || first.rfind("--", 0) == 0)) {
    if (first != "--help" && first != "-h" && first != "--version")
      args.insert(args.begin(), "check");
  }
  return args;
}

// Anything else escaping a command is a defect, not a verdict: one line and
// exit 70 (EX_SOFTWARE, sysexits.h) instead of std::terminate's abort. The
// message names the exception's type only: its what() may quote input, and
// an error never prints a patient's values (SPEC §6).
int InternalError(const std::type_info& type) {
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> name(
      abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), &std::free);
  needlescreen::cli::PrintErr(
      "needlescreen: internal error ({}); stopped (the output ends with the last whole record "
      "written)\n",
      status == 0 && name ? name.get() : type.name());
  return needlescreen::cli::kExitInternal;
}

}  // namespace

int main(int argc, char** argv) {
  needlescreen::cli::SetUpSignals();
  CLI::App app{
      "needlescreen: eligibility and contraindication screening for dry needling of "
      "the hamstrings"};
  app.set_version_flag("--version", "needlescreen 0.1.0");
  app.require_subcommand(1);
  needlescreen::cli::Outcome outcome;
  needlescreen::cli::SetCheckCommand(app, outcome);
  CLI::App* rules = app.add_subcommand("rules", "Rule authoring: lint, test, doc");
  rules->require_subcommand(1);
  needlescreen::cli::SetRulesTestCommand(*rules, outcome);
  needlescreen::cli::SetRulesLintCommand(*rules, outcome);
  needlescreen::cli::SetRulesDocCommand(*rules, outcome);
  needlescreen::cli::SetInterviewCommand(app, outcome);
  needlescreen::cli::SetTemplateCommand(app, outcome);
  needlescreen::cli::SetSchemaCommand(app, outcome);

  std::vector<std::string> args = WithDefaultCommand(argc, argv, app);
  std::reverse(args.begin(), args.end());  // CLI11 2.1 parses a vector from the back
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : needlescreen::cli::kExitUsage;
  } catch (const std::bad_alloc&) {
    // Every output is written in whole records, so what was written stands;
    // the run could not finish (SPEC §6: no crash, a clear error).
    needlescreen::cli::Err(
        "needlescreen: out of memory; stopped (the output ends with the last whole record "
        "written)\n");
    return needlescreen::cli::kExitWriteFailed;
  } catch (const std::exception& e) {
    return InternalError(typeid(e));
  } catch (...) {
    return InternalError(typeid(void));
  }
  return outcome.exit_code;
}
