// Blank intake records. YAML carries the questions as comments (JSON cannot
// hold comments, CSV has only its header), so YAML is the default for people.
#include "authoring/template.h"

#include <fmt/format.h>

#include "authoring/plain_words.h"
#include "output/fhir.h"
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

// FHIR's standard help mechanism: a display item under the question, shown
// as a help button (the questionnaire-itemControl extension, code `help`).
void FhirHelp(const Field& f, output::JsonEmitter& json) {
  json.PlainKey("item");
  json.BeginArray();
  json.BeginObject();
  json.PlainKey("linkId");
  json.String(f.path + "/help");  // `/` is in no field path: no clash with a field
  json.PlainKey("text");
  json.String(f.help);
  json.PlainKey("type");
  json.PlainString("display");
  json.PlainKey("extension");
  json.BeginArray();
  json.BeginObject();
  json.PlainKey("url");
  json.PlainString("http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl");
  json.PlainKey("valueCodeableConcept");
  json.BeginObject();
  json.PlainKey("coding");
  json.BeginArray();
  json.BeginObject();
  json.PlainKey("system");
  json.PlainString("http://hl7.org/fhir/questionnaire-item-control");
  json.PlainKey("code");
  json.PlainString("help");
  json.EndObject();
  json.EndArray();
  json.EndObject();
  json.EndObject();
  json.EndArray();
  json.EndObject();
  json.EndArray();
}

// A number's unit, as FHIR's questionnaire-unit extension (a Coding).
void FhirUnit(const Field& f, output::JsonEmitter& json) {
  json.PlainKey("extension");
  json.BeginArray();
  json.BeginObject();
  json.PlainKey("url");
  json.PlainString("http://hl7.org/fhir/StructureDefinition/questionnaire-unit");
  json.PlainKey("valueCoding");
  json.BeginObject();
  json.PlainKey("display");
  json.String(f.unit);
  json.EndObject();
  json.EndObject();
  json.EndArray();
}

// One flat item per field, linkId = the field's path (SPEC §7): the
// QuestionnaireResponse reader (InputFormat::kFhir) reads it back.
void FhirItem(const Field& f, output::JsonEmitter& json) {
  json.BeginObject();
  if (f.type == FieldType::kNumber && !f.unit.empty()) FhirUnit(f, json);
  json.PlainKey("linkId");
  json.String(f.path);
  json.PlainKey("text");
  json.String(f.question.empty() ? f.path : f.question);
  json.PlainKey("type");
  json.PlainString(output::FhirItemType(f));
  if (f.type == FieldType::kList) {
    json.PlainKey("repeats");
    json.Bool(true);
  }
  if (f.type == FieldType::kEnum || f.type == FieldType::kList) {
    // The pack's values are the codes; it has no labels to give as display.
    json.PlainKey("answerOption");
    json.BeginArray();
    for (const std::string& value : f.values) {
      json.BeginObject();
      json.PlainKey("valueCoding");
      json.BeginObject();
      json.PlainKey("code");
      json.String(value);
      json.EndObject();
      json.EndObject();
    }
    json.EndArray();
  }
  if (!f.help.empty()) FhirHelp(f, json);
  json.EndObject();
}

// Issue 19: the pack's review dates are the Questionnaire's own elements
// (FHIR R4 Questionnaire.approvalDate, .lastReviewDate, .effectivePeriod).
void FhirReview(const PackReview& review, output::JsonEmitter& json) {
  if (!review.approval_date.empty()) {
    json.PlainKey("approvalDate");
    json.String(review.approval_date);
  }
  if (!review.last_review_date.empty()) {
    json.PlainKey("lastReviewDate");
    json.String(review.last_review_date);
  }
  if (review.effective_start.empty() && review.effective_end.empty()) return;
  json.PlainKey("effectivePeriod");
  json.BeginObject();
  if (!review.effective_start.empty()) {
    json.PlainKey("start");
    json.String(review.effective_start);
  }
  if (!review.effective_end.empty()) {
    json.PlainKey("end");
    json.String(review.effective_end);
  }
  json.EndObject();
}

std::string Fhir(const Pack& pack) {
  std::string out;
  output::JsonEmitter json(out, true);
  json.BeginObject();
  json.PlainKey("resourceType");
  json.PlainString("Questionnaire");
  json.PlainKey("url");
  json.String(output::FhirQuestionnaireUrl(pack));
  json.PlainKey("version");
  json.String(pack.version);
  json.PlainKey("name");
  json.String(output::FhirName(pack.id));
  json.PlainKey("title");
  json.String(pack.title.empty() ? pack.id : pack.title);
  json.PlainKey("status");
  json.PlainString("active");
  json.PlainKey("subjectType");
  json.BeginArray();
  json.PlainString("Patient");
  json.EndArray();
  json.PlainKey("description");
  json.String(fmt::format(
      "Intake for {} {}, written by `needlescreen template --format fhir` (rule set {}). "
      "Leave unanswered what you do not know: an unanswered question is unknown, never "
      "\"no\", and a screen whose rules need it cannot clear.",
      pack.id, pack.version, pack.digest));
  FhirReview(pack.review, json);
  json.PlainKey("item");
  json.BeginArray();
  for (const Field& f : pack.fields) FhirItem(f, json);
  json.EndArray();
  json.EndObject();
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
  if (name == "fhir") return TemplateFormat::kFhir;
  return std::nullopt;
}

std::string IntakeTemplate(const Pack& pack, TemplateFormat format) {
  switch (format) {
    case TemplateFormat::kJson:
      return Json(pack);
    case TemplateFormat::kCsv:
      return Csv(pack);
    case TemplateFormat::kFhir:
      return Fhir(pack);
    case TemplateFormat::kYaml:
      break;
  }
  return Yaml(pack);
}

}  // namespace needlescreen::authoring
