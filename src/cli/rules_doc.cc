// `needlescreen rules doc`: the pack as Markdown or as a Graphviz decision
// diagram (SPEC §4). The library writes them; this file parses options and prints.
#include <cstdio>

#include "authoring/doc.h"
#include "cli/cli.h"

namespace needlescreen::cli {
namespace {

struct RulesDocOptions {
  std::vector<std::string> rules;
  std::string format = "md";
};

int RunRulesDoc(const RulesDocOptions& options) {
  std::optional<Pack> pack = LoadPackOrReport(options.rules);
  if (!pack) return kExitBadRules;
  std::string out =
      options.format == "dot" ? authoring::DecisionDot(*pack) : authoring::RulesMarkdown(*pack);
  if (Out(out)) return kExitOk;
  Err("needlescreen: cannot write to standard output\n");
  return kExitWriteFailed;
}

}  // namespace

void SetRulesDocCommand(CLI::App& rules, Outcome& outcome) {
  auto options = std::make_shared<RulesDocOptions>();
  CLI::App* cmd = rules.add_subcommand(
      "doc", "The pack as Markdown documentation or a Graphviz decision diagram");
  cmd->add_option("--format", options->format,
                  "md (default): Markdown; dot: a Graphviz digraph (render with dot -Tsvg)")
      ->check(CLI::IsMember({"md", "dot"}));
  cmd->add_option("--rules", options->rules,
                  "Rule file or directory (repeatable); replaces the built-in pack")
      ->allow_extra_args(false);
  cmd->callback([options, &outcome] { outcome.exit_code = RunRulesDoc(*options); });
}

}  // namespace needlescreen::cli
