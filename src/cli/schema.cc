// `needlescreen schema`: JSON Schema of the loaded pack's intake records or of
// check's output records (SPEC §4). The library writes them; this file parses
// options and prints.
#include "authoring/schema.h"

#include <cstdio>

#include "cli/cli.h"

namespace needlescreen::cli {
namespace {

struct SchemaOptions {
  std::string kind = "intake";
  std::vector<std::string> rules;
  bool strict = false;
};

int RunSchema(const SchemaOptions& options) {
  std::optional<Pack> pack = LoadPackOrReport(options.rules);
  if (!pack) return kExitBadRules;
  std::string out = options.kind == "output" ? authoring::OutputSchema(*pack)
                                             : authoring::IntakeSchema(*pack, options.strict);
  if (Out(out)) return kExitOk;
  Err("needlescreen: cannot write to standard output\n");
  return kExitWriteFailed;
}

}  // namespace

void SetSchemaCommand(CLI::App& app, Outcome& outcome) {
  auto options = std::make_shared<SchemaOptions>();
  CLI::App* cmd = app.add_subcommand(
      "schema", "JSON Schema (draft 2020-12) of intake records or of check's output records");
  cmd->add_option("kind", options->kind, "intake (default) or output")
      ->check(CLI::IsMember({"intake", "output"}));
  cmd->add_option("--rules", options->rules,
                  "Rule file or directory (repeatable); replaces the built-in pack")
      ->allow_extra_args(false);
  cmd->add_flag("--strict", options->strict,
                "intake: reject keys the pack does not declare, as check --strict does");
  cmd->callback([options, &outcome] { outcome.exit_code = RunSchema(*options); });
}

}  // namespace needlescreen::cli
