// Blank intake records. YAML carries the questions as comments (JSON cannot
// hold comments, CSV has only its header), so YAML is the default for people.
#include "authoring/template.h"

#include <fmt/format.h>

#include "authoring/plain_words.h"
#include "output/json_emitter.h"
#include "output/yaml_intake.h"

namespace needlescreen::authoring {
namespace {

std::string Yaml(const Pack& pack) {
  std::string out = fmt::format(
      "# Blank intake record for {} {}, written by `needlescreen template`\n"
      "# (rule set {}).\n"
      "# Fill in the answers you have and leave the others empty: an empty answer is\n"
      "# unknown, never \"no\", and a screen whose rules need it cannot clear.\n"
      "# Then screen it: needlescreen check THIS_FILE\n\n",
      pack.id, pack.version, pack.digest);
  out += output::WriteYamlTree(output::FieldTree(pack), [&](int index) {
    const Field& f = pack.fields[index];
    output::YamlEntry e;
    e.comments.push_back(output::OneLine(f.question.empty() ? f.path : f.question));
    // The question stands out; what it takes and the help are indented below it.
    std::string hint = FieldTypeWords(f);
    if (!f.help.empty()) hint += ". " + output::OneLine(f.help);
    e.comments.push_back("  " + hint);
    return e;
  });
  return out;
}

void JsonGroup(const Pack& pack, const output::FieldGroup& group, output::JsonEmitter& json) {
  json.BeginObject();
  for (const std::string& name : group.order) {
    json.Key(name);
    if (group.fields.contains(name)) {
      json.Null();
    } else {
      JsonGroup(pack, group.groups.at(name), json);
    }
  }
  json.EndObject();
}

std::string Json(const Pack& pack) {
  std::string out;
  output::JsonEmitter json(out, true);
  JsonGroup(pack, output::FieldTree(pack), json);
  return out + "\n";
}

std::string Csv(const Pack& pack) {
  std::string out;
  for (const Field& f : pack.fields) {
    if (!out.empty()) out += ',';
    out += f.path;  // dotted identifiers: nothing to quote
  }
  return out + "\n";
}

}  // namespace

std::optional<TemplateFormat> ParseTemplateFormat(std::string_view name) {
  if (name == "yaml" || name == "yml") return TemplateFormat::kYaml;
  if (name == "json") return TemplateFormat::kJson;
  if (name == "csv") return TemplateFormat::kCsv;
  return std::nullopt;
}

std::string IntakeTemplate(const Pack& pack, TemplateFormat format) {
  switch (format) {
    case TemplateFormat::kJson:
      return Json(pack);
    case TemplateFormat::kCsv:
      return Csv(pack);
    case TemplateFormat::kYaml:
      break;
  }
  return Yaml(pack);
}

}  // namespace needlescreen::authoring
