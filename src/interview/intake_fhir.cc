// A saved interview as a FHIR R4 QuestionnaireResponse that `check` reads
// back to the same result (SPEC §1.4 reproducible), for a record system that
// takes FHIR (issue 17). The answers are the slots the interview screened,
// nothing rounded: numbers in their shortest round-trip form, times in UTC.
#include <fmt/format.h>

#include "needlescreen/interview.h"
#include "needlescreen/reader.h"
#include "output/fhir.h"
#include "output/json_emitter.h"

namespace needlescreen {
namespace {

void Coding(std::string_view code, output::JsonEmitter& json) {
  json.BeginObject();
  json.PlainKey("valueCoding");
  json.BeginObject();
  json.PlainKey("code");
  json.String(code);
  json.EndObject();
  json.EndObject();
}

// The answers to a known field.
void Answers(const Field& field, const Slot& slot, output::JsonEmitter& json) {
  json.PlainKey("answer");
  json.BeginArray();
  if (field.type == FieldType::kList) {
    for (size_t i = 0; i < field.values.size() && i < 64; ++i) {
      if ((slot.bits & (uint64_t{1} << i)) != 0) Coding(field.values[i], json);
    }
    json.EndArray();
    return;
  }
  if (field.type == FieldType::kEnum) {
    Coding(field.values[slot.index], json);
    json.EndArray();
    return;
  }
  json.BeginObject();
  switch (field.type) {
    case FieldType::kBool:
      json.PlainKey("valueBoolean");
      json.Bool(slot.boolean);
      break;
    case FieldType::kNumber:
      json.PlainKey("valueDecimal");
      json.Rendered(fmt::format("{}", slot.number));  // finite: shortest round trip
      break;
    case FieldType::kString:
      json.PlainKey("valueString");
      json.String(slot.text);
      break;
    case FieldType::kDatetime:
      json.PlainKey("valueDateTime");
      json.PlainString(FormatDatetime(TimePoint{std::chrono::seconds{slot.seconds}}));
      break;
    case FieldType::kEnum:
    case FieldType::kList:
      break;
  }
  json.EndObject();
  json.EndArray();
}

// FHIR's answers cannot say "none of these" (an answer array is never
// empty): a known, empty list carries the reader's extension instead.
void EmptyList(output::JsonEmitter& json) {
  json.PlainKey("extension");
  json.BeginArray();
  json.BeginObject();
  json.PlainKey("url");
  json.String(kFhirEmptyListExtension);
  json.PlainKey("valueBoolean");
  json.Bool(true);
  json.EndObject();
  json.EndArray();
}

void Item(const Field& field, const Slot& slot, output::JsonEmitter& json) {
  json.BeginObject();
  json.PlainKey("linkId");
  json.String(field.path);
  if (!field.question.empty()) {
    json.PlainKey("text");
    json.String(field.question);
  }
  if (field.type == FieldType::kList && slot.bits == 0) {
    EmptyList(json);
  } else {
    Answers(field, slot, json);
  }
  json.EndObject();
}

}  // namespace

std::string WriteIntakeFhir(const Interview& interview) {
  const Pack& pack = interview.pack();
  std::string out;
  output::JsonEmitter json(out, true);
  json.BeginObject();
  json.PlainKey("resourceType");
  json.PlainString("QuestionnaireResponse");
  json.PlainKey("questionnaire");
  json.String(output::FhirQuestionnaireReference(pack));
  json.PlainKey("status");
  json.PlainString("completed");
  json.PlainKey("authored");
  json.PlainString(FormatDatetime(interview.screened_at()));
  json.PlainKey("item");
  json.BeginArray();
  for (size_t i = 0; i < pack.fields.size(); ++i) {
    const Slot& slot = interview.record().slots[i];
    const Field& field = pack.fields[i];
    // An enum index outside the values is no value at all (RenderSlot's rule).
    if (!slot.known || (field.type == FieldType::kEnum && slot.index >= field.values.size())) {
      continue;
    }
    Item(field, slot, json);
  }
  json.EndArray();
  json.EndObject();
  return out + "\n";
}

}  // namespace needlescreen
