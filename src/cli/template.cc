// `needlescreen template`: a blank intake record for the loaded pack (SPEC §4).
// The library writes it; this file parses options and prints.
#include "authoring/template.h"

#include <cstdio>

#include "cli/cli.h"

namespace needlescreen::cli {
namespace {

struct TemplateOptions {
  std::vector<std::string> rules;
  std::string format = "yaml";
};

int RunTemplate(const TemplateOptions& options) {
  std::optional<Pack> pack = LoadPackOrReport(options.rules);
  if (!pack) return kExitBadRules;
  auto format = authoring::ParseTemplateFormat(options.format);
  std::string out =
      authoring::IntakeTemplate(*pack, format.value_or(authoring::TemplateFormat::kYaml));
  if (Out(out)) return kExitOk;
  Err("needlescreen: cannot write to standard output\n");
  return kExitWriteFailed;
}

}  // namespace

void SetTemplateCommand(CLI::App& app, Outcome& outcome) {
  auto options = std::make_shared<TemplateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "template", "A blank intake record for the pack, with every field's question (YAML)");
  cmd->add_option(
         "--format", options->format,
         "yaml (default): questions as comments; json: nulls; csv: the header row; fhir: a FHIR "
         "R4 Questionnaire")
      ->check(CLI::IsMember({"yaml", "json", "csv", "fhir"}));
  cmd->add_option("--rules", options->rules,
                  "Rule file or directory (repeatable); replaces the built-in pack")
      ->allow_extra_args(false);
  cmd->callback([options, &outcome] { outcome.exit_code = RunTemplate(*options); });
}

}  // namespace needlescreen::cli
