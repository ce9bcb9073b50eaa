// `template --format fhir` (authoring/template.h): the pack as a FHIR R4
// Questionnaire whose items the QuestionnaireResponse reader reads back.
// needlescreen_lib is compiled with SIMDJSON_THREADS_ENABLED (simdjson's usage
// requirement), which changes dom::parser's layout: this file must agree (see
// tests/fuzz/targets.cc).
#ifndef SIMDJSON_THREADS_ENABLED
#define SIMDJSON_THREADS_ENABLED 1
#endif
#include <gtest/gtest.h>
#include <simdjson.h>

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "authoring/template.h"
#include "needlescreen/reader.h"
#include "output/fhir.h"
#include "test_support.h"

namespace needlescreen {
namespace {

using simdjson::dom::element;

std::string_view Str(element e, const char* key) {
  std::string_view s;
  EXPECT_EQ(e[key].get_string().get(s), simdjson::SUCCESS) << key;
  return s;
}

TEST(FhirTemplate, QuestionnaireNamesThePackAndHasOneFlatItemPerField) {
  const Pack& pack = Builtin();
  const std::string text = authoring::IntakeTemplate(pack, authoring::TemplateFormat::kFhir);
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  element q;
  ASSERT_EQ(parser.parse(padded).get(q), simdjson::SUCCESS);
  EXPECT_EQ(Str(q, "resourceType"), "Questionnaire");
  EXPECT_EQ(Str(q, "url"), "urn:needlescreen:pack:hamstring-dry-needling");
  EXPECT_EQ(Str(q, "version"), pack.version);
  EXPECT_EQ(Str(q, "name"), "HamstringDryNeedling");
  EXPECT_EQ(Str(q, "status"), "active");
  simdjson::dom::array items;
  ASSERT_EQ(q["item"].get_array().get(items), simdjson::SUCCESS);
  ASSERT_EQ(items.size(), pack.fields.size());
  size_t i = 0;
  for (element item : items) {
    const Field& f = pack.fields[i++];
    EXPECT_EQ(Str(item, "linkId"), f.path);
    EXPECT_EQ(Str(item, "type"), output::FhirItemType(f));
    simdjson::dom::array options;
    if (f.type == FieldType::kEnum || f.type == FieldType::kList) {
      ASSERT_EQ(item["answerOption"].get_array().get(options), simdjson::SUCCESS) << f.path;
      ASSERT_EQ(options.size(), f.values.size());
      size_t k = 0;
      for (element option : options) {
        EXPECT_EQ(Str(option["valueCoding"], "code"), f.values[k++]);
      }
      bool repeats = false;
      EXPECT_EQ(item["repeats"].get_bool().get(repeats) == simdjson::SUCCESS && repeats,
                f.type == FieldType::kList)
          << f.path;
    } else {
      EXPECT_NE(item["answerOption"].get_array().get(options), simdjson::SUCCESS) << f.path;
    }
    // Help: one display item under the question, never an answerable one.
    simdjson::dom::array help;
    if (!f.help.empty()) {
      ASSERT_EQ(item["item"].get_array().get(help), simdjson::SUCCESS) << f.path;
      ASSERT_EQ(help.size(), 1u);
      EXPECT_EQ(Str(help.at(0).value(), "type"), "display");
      EXPECT_EQ(Str(help.at(0).value(), "text"), f.help);
    }
  }
}

// Every item of the Questionnaire answered with a value of its type reads
// back through the FHIR reader: no unknown linkId, no error, every field known.
TEST(FhirTemplate, AResponseToEveryItemReadsBackWithEveryFieldKnown) {
  const Pack& pack = Builtin();
  std::string response = R"({"resourceType": "QuestionnaireResponse", "item": [)";
  for (size_t i = 0; i < pack.fields.size(); ++i) {
    const Field& f = pack.fields[i];
    std::string answer;
    switch (f.type) {
      case FieldType::kBool:
        answer = R"({"valueBoolean": true})";
        break;
      case FieldType::kNumber:
        answer = R"({"valueDecimal": 1.5})";
        break;
      case FieldType::kString:
        answer = R"({"valueString": "P-1"})";
        break;
      case FieldType::kEnum:
      case FieldType::kList:
        answer = R"({"valueCoding": {"code": ")" + f.values.back() + R"("}})";
        break;
      case FieldType::kDatetime:
        answer = R"({"valueDateTime": "2026-11-24T21:00:00Z"})";
        break;
    }
    response += (i > 0 ? ", " : "") + std::string(R"({"linkId": ")") + f.path +
                R"(", "answer": [)" + answer + "]}";
  }
  response += "]}";
  std::istringstream in(response);
  std::vector<std::string> unknown;
  ReadOptions options;
  options.on_unknown_field = [&](std::string_view path) { unknown.emplace_back(path); };
  uint64_t next = 1;
  int events = 0;
  ReadRecords(in, "in", InputFormat::kFhir, pack, options, &next, [&](RecordEvent& e) {
    ++events;
    EXPECT_TRUE(e.status.ok()) << e.status.ToString();
    for (size_t i = 0; i < pack.fields.size(); ++i) {
      EXPECT_TRUE(e.record->slots[i].known) << pack.fields[i].path;
    }
    return true;
  });
  EXPECT_EQ(events, 1);
  EXPECT_TRUE(unknown.empty());
}

TEST(FhirTemplate, CanonicalUrlAndNameAreSafeForAnyPackId) {
  Pack pack;
  pack.id = "my pack/ü";
  pack.version = "1.0 beta";
  EXPECT_EQ(output::FhirQuestionnaireUrl(pack), "urn:needlescreen:pack:my%20pack%2F%C3%BC");
  EXPECT_EQ(output::FhirQuestionnaireReference(pack),
            "urn:needlescreen:pack:my%20pack%2F%C3%BC|1.0%20beta");
  EXPECT_EQ(output::FhirName("hamstring-dry-needling"), "HamstringDryNeedling");
  EXPECT_EQ(output::FhirName("2024_pack"), "Pack2024Pack");
  EXPECT_EQ(output::FhirName("---"), "Pack");
}

}  // namespace
}  // namespace needlescreen
