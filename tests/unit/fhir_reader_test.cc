// The FHIR reader (reader.h, InputFormat::kFhir): QuestionnaireResponses and
// Bundles of them into the pack's slots, one event per response, and hostile
// input as error records that name the record, line and linkId, never a value.
#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/reader.h"
#include "needlescreen/record.h"
#include "test_support.h"

namespace needlescreen {
namespace {

// A pack with every field type the reader decodes.
const Pack& Typed() {
  static const Pack pack = [] {
    PackLoad load = LoadPack({{"typed.yaml", R"(pack: typed
version: 1.0.0
title: Every field type
source: test
fields:
  - path: a.flag
    type: bool
  - path: a.count
    type: number
  - path: a.note
    type: string
  - path: a.level
    type: enum
    values: [low, high]
  - path: a.sites
    type: list
    values: [left, right]
  - path: a.when
    type: datetime
rules:
  - id: flagged
    outcome: info
    when: a.flag
    message: Flagged.
    source: test
)"}});
    if (!load.pack) {
      for (const Diagnostic& d : load.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
      std::abort();
    }
    return std::move(*load.pack);
  }();
  return pack;
}

struct Event {
  uint64_t record = 0;
  uint64_t line = 0;
  std::optional<std::string> id;
  std::string error;
  std::vector<std::string> values;  // RenderSlot of each field, in pack order
};

struct Reading {
  std::vector<Event> events;
  std::vector<std::string> unknown;
  std::string problem;
  const Pack* pack = nullptr;

  // The value of `path` in event `k`, as messages render it.
  std::string Value(size_t k, std::string_view path) const {
    const int f = pack->FieldIndex(path);
    EXPECT_GE(f, 0) << path;
    return f < 0 ? "no such field" : events.at(k).values.at(f);
  }
};

Reading Read(const std::string& text, const Pack& pack = Typed(), bool strict = false,
             size_t max_record_bytes = kDefaultMaxRecordBytes) {
  Reading reading;
  reading.pack = &pack;
  ReadOptions options;
  options.strict = strict;
  options.max_record_bytes = max_record_bytes;
  options.on_unknown_field = [&](std::string_view path) { reading.unknown.emplace_back(path); };
  std::istringstream in(text);
  uint64_t next = 1;
  reading.problem =
      ReadRecords(in, "in", InputFormat::kFhir, pack, options, &next, [&](RecordEvent& e) {
        Event event{e.info.record, e.info.line, e.info.id, e.status.ToString(), {}};
        for (size_t i = 0; i < pack.fields.size(); ++i) {
          event.values.push_back(RenderSlot(pack.fields[i], e.record->slots[i]));
        }
        reading.events.push_back(std::move(event));
        return true;
      }).ToString();
  EXPECT_EQ(next, reading.events.size() + 1);
  return reading;
}

// A QuestionnaireResponse with these items (JSON text of the item array's
// elements).
std::string Response(const std::string& items, const std::string& extra = "") {
  return R"({"resourceType": "QuestionnaireResponse", "status": "completed", )" + extra +
         R"("item": [)" + items + "]}";
}

TEST(FhirReader, ResponseIsOneRecordWithEveryAnswerTypeDecoded) {
  Reading r = Read(Response(R"(
    {"linkId": "a.flag", "answer": [{"valueBoolean": true}]},
    {"linkId": "a.count", "answer": [{"valueDecimal": 36.6}]},
    {"linkId": "a.note", "text": "Note?", "answer": [{"valueString": "fine"}]},
    {"linkId": "a.level", "answer": [{"valueCoding": {"system": "x", "code": "high"}}]},
    {"linkId": "a.sites", "answer": [{"valueCoding": {"code": "left"}},
                                     {"valueCoding": {"code": "right"}}]},
    {"linkId": "a.when", "answer": [{"valueDateTime": "2026-11-24T21:00:00+01:00"}]})",
                            R"("id": "qr-7", )"));
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].error, "");
  EXPECT_EQ(r.events[0].line, 1u);
  EXPECT_EQ(r.events[0].id, "qr-7");  // the resource's id when no item says it
  EXPECT_EQ(r.Value(0, "a.flag"), "yes");
  EXPECT_EQ(r.Value(0, "a.count"), "36.6");
  EXPECT_EQ(r.Value(0, "a.note"), "fine");
  EXPECT_EQ(r.Value(0, "a.level"), "high");
  EXPECT_EQ(r.Value(0, "a.sites"), "left, right");
  EXPECT_EQ(r.Value(0, "a.when"), "2026-11-24T20:00:00Z");
  EXPECT_EQ(r.problem, "");  // the stream itself read fine
}

TEST(FhirReader, AnIdItemWinsOverTheResourceId) {
  Reading r = Read(
      Response(R"({"linkId": "id", "answer": [{"valueString": "P-1"}]})", R"("id": "qr-7", )"));
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].id, "P-1");
}

TEST(FhirReader, AnItemWithoutAnswerIsUnknownNotFalse) {
  Reading r = Read(Response(R"({"linkId": "a.flag"}, {"linkId": "a.count", "answer": []})"));
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].error, "");
  EXPECT_EQ(r.Value(0, "a.flag"), "unknown");
  EXPECT_EQ(r.Value(0, "a.count"), "unknown");
}

TEST(FhirReader, IntegerAnswersANumberField) {
  Reading r = Read(Response(R"({"linkId": "a.count", "answer": [{"valueInteger": 3}]})"));
  EXPECT_EQ(r.Value(0, "a.count"), "3");
}

TEST(FhirReader, TheEmptyListExtensionIsAKnownEmptyList) {
  Reading r = Read(Response(
      R"({"linkId": "a.sites", "extension": [{"url": "urn:needlescreen:fhir:empty-list",
                                               "valueBoolean": true}]})"));
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].error, "");
  EXPECT_EQ(r.Value(0, "a.sites"), "");  // known, no item
}

TEST(FhirReader, UnknownLinkIdGoesToTheCallbackAndUnderStrictIsTheRecordsError) {
  const std::string text = Response(R"({"linkId": "a.nope", "answer": [{"valueBoolean": true}]})");
  Reading lax = Read(text);
  ASSERT_EQ(lax.events.size(), 1u);
  EXPECT_EQ(lax.events[0].error, "");
  EXPECT_EQ(lax.unknown, std::vector<std::string>{"a.nope"});
  Reading strict = Read(text, Typed(), true);
  ASSERT_EQ(strict.events.size(), 1u);
  EXPECT_EQ(strict.events[0].error,
            "line 1, field a.nope: not a field of the rule pack (--strict)");
}

TEST(FhirReader, TruncatedJsonIsOneSyntaxErrorRecord) {
  Reading r = Read(R"({"resourceType": "QuestionnaireResponse", "item": [)");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_NE(r.events[0].error.find("invalid JSON"), std::string::npos) << r.events[0].error;
  EXPECT_EQ(r.problem, "");  // the stream itself read fine
}

TEST(FhirReader, AnotherResourceTypeIsAnErrorThatDoesNotEchoIt) {
  Reading r = Read(R"({"resourceType": "SECRETPatient", "id": "x"})");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].error,
            "line 1: expected a FHIR QuestionnaireResponse or a Bundle of them (resourceType)");
  Reading array = Read("[1, 2]");
  ASSERT_EQ(array.events.size(), 1u);
  EXPECT_NE(array.events[0].error, "");
}

TEST(FhirReader, DuplicateLinkIdIsTheRecordsError) {
  Reading r = Read(Response(R"({"linkId": "a.flag", "answer": [{"valueBoolean": true}]},
                               {"linkId": "a.flag", "answer": [{"valueBoolean": false}]})"));
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].error, "line 1, field a.flag: given twice in one record");
  Reading unknown = Read(Response(R"({"linkId": "zz"}, {"linkId": "zz"})"));
  EXPECT_EQ(unknown.events[0].error, "line 1, field zz: given twice in one record");
}

TEST(FhirReader, NestedItemsAreTheRecordsError) {
  Reading in_item = Read(Response(R"({"linkId": "a", "item": [{"linkId": "a.flag"}]})"));
  EXPECT_EQ(in_item.events[0].error,
            "line 1, field a: a nested item: items must be flat, one per field (linkId = field "
            "path)");
  Reading in_answer =
      Read(Response(R"({"linkId": "a.flag", "answer": [{"valueBoolean": true, "item": []}]})"));
  EXPECT_EQ(in_answer.events[0].error, "line 1, field a.flag: a nested item under an answer");
}

TEST(FhirReader, AnswerOfTheWrongTypeIsTheRecordsError) {
  struct Case {
    const char* item;
    const char* error;
  };
  const Case cases[] = {
      {R"({"linkId": "a.flag", "answer": [{"valueString": "yes"}]})",
       "field a.flag: an answer of the wrong type: expected valueBoolean (true or false)"},
      {R"({"linkId": "a.count", "answer": [{"valueString": "3"}]})",
       "field a.count: an answer of the wrong type: expected valueDecimal or valueInteger"},
      {R"({"linkId": "a.count", "answer": [{"valueInteger": 3.5}]})",
       "field a.count: an answer of the wrong type: expected valueDecimal or valueInteger"},
      {R"({"linkId": "a.level", "answer": [{"valueString": "high"}]})",
       "field a.level: an answer of the wrong type: expected valueCoding with a code, one of "
       "low, high"},
      {R"({"linkId": "a.level", "answer": [{"valueCoding": {"code": "SECRET"}}]})",
       "field a.level: expected one of low, high"},
      {R"({"linkId": "a.when", "answer": [{"valueDate": "2026-11-24"}]})",
       "field a.when: a valueDate, a day without a time: expected valueDateTime with a time of "
       "day (e.g. 2026-11-24T21:00:00Z)"},
      {R"({"linkId": "a.when", "answer": [{"valueDateTime": "2026-11-24"}]})",
       "field a.when: a valueDateTime without a time of day: expected valueDateTime with a time "
       "of day (e.g. 2026-11-24T21:00:00Z)"},
      {R"({"linkId": "a.when", "answer": [{"valueDateTime": "2026-02-30T10:00:00Z"}]})",
       "field a.when: expected an ISO 8601 datetime (e.g. 2026-11-24T21:00:00Z)"},
      {R"({"linkId": "a.flag", "answer": [{"valueBoolean": true, "valueString": "x"}]})",
       "field a.flag: an answer with more than one value[x]"},
      {R"({"linkId": "a.flag", "answer": [{}]})", "field a.flag: an answer with no value[x]"},
      {R"({"linkId": "a.flag", "answer": [{"valueBoolean": true}],
           "modifierExtension": [{"url": "u", "valueBoolean": true}]})",
       "field a.flag: a modifierExtension, which this reader does not understand"},
      {R"({"linkId": "a.flag", "extension": [{"url": "urn:needlescreen:fhir:empty-list",
           "valueBoolean": true}]})",
       "field a.flag: the empty-list extension on a field that is not a list"},
  };
  for (const Case& c : cases) {
    Reading r = Read(Response(c.item));
    ASSERT_EQ(r.events.size(), 1u) << c.item;
    EXPECT_EQ(r.events[0].error, std::string("line 1, ") + c.error) << c.item;
    EXPECT_EQ(r.events[0].error.find("SECRET"), std::string::npos);
  }
}

TEST(FhirReader, SeveralAnswersOnlyForAListField) {
  Reading r = Read(Response(
      R"({"linkId": "a.level", "answer": [{"valueCoding": {"code": "low"}},
                                          {"valueCoding": {"code": "high"}}]})"));
  EXPECT_EQ(r.events[0].error, "line 1, field a.level: several answers for a field that takes one");
}

TEST(FhirReader, EnteredInErrorAndModifierExtensionsAreNotScreened) {
  Reading r = Read(R"({"resourceType": "QuestionnaireResponse", "status": "entered-in-error"})");
  EXPECT_EQ(r.events[0].error, "line 1: status entered-in-error: the response is not to be used");
  Reading m = Read(Response("", R"("modifierExtension": [{"url": "u", "valueBoolean": true}], )"));
  EXPECT_EQ(m.events[0].error,
            "line 1: a modifierExtension, which this reader does not understand");
}

TEST(FhirReader, AResponseOverMaxRecordBytesIsATooLargeRecord) {
  std::string note(2000, 'x');
  Reading r =
      Read(Response(R"({"linkId": "a.note", "answer": [{"valueString": ")" + note + R"("}]})"),
           Typed(), false, 1000);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].error,
            "line 1: record longer than 1000 bytes (the limit; see --max-record-bytes)");
}

TEST(FhirReader, ADocumentOverTheBundleLimitIsOneErrorRecordNotHeld) {
  std::string big = Response("") + std::string(kMaxFhirBundleBytes, ' ');
  Reading r = Read(big);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_NE(r.events[0].error.find("FHIR document larger than"), std::string::npos);
}

TEST(FhirReader, DeepNestingIsASyntaxErrorRecord) {
  std::string deep = R"({"resourceType": "QuestionnaireResponse", "x": )" + std::string(5000, '[') +
                     std::string(5000, ']') + "}";
  Reading r = Read(deep);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_NE(r.events[0].error.find("invalid JSON"), std::string::npos) << r.events[0].error;
}

TEST(FhirReader, BundleOfThreeWithOneBadGivesThreeEventsAtTheirLines) {
  Reading r = Read(R"({"resourceType": "Bundle", "type": "searchset",
  "entry": [
    {"resource": {"resourceType": "QuestionnaireResponse", "id": "one",
                  "item": [{"linkId": "a.flag", "answer": [{"valueBoolean": true}]}]}},
    {"resource": {"resourceType": "QuestionnaireResponse", "id": "two",
                  "item": [{"linkId": "a.flag", "answer": [{"valueString": "maybe"}]}]}},
    {"search": {"mode": "include"}, "resource": {"resourceType": "Patient", "id": "p"}},
    {"resource": {"resourceType": "QuestionnaireResponse", "id": "four"}}
  ]})");
  ASSERT_EQ(r.events.size(), 4u);
  EXPECT_EQ(r.events[0].error, "");
  EXPECT_EQ(r.events[0].line, 3u);
  EXPECT_EQ(r.events[0].id, "one");
  EXPECT_EQ(r.Value(0, "a.flag"), "yes");
  EXPECT_EQ(r.events[1].error,
            "line 5, field a.flag: an answer of the wrong type: expected valueBoolean (true or "
            "false)");
  EXPECT_EQ(r.events[2].error,
            "line 7: expected a QuestionnaireResponse (resourceType)");  // never skipped
  EXPECT_EQ(r.events[3].error, "");
  EXPECT_EQ(r.events[3].id, "four");
  EXPECT_EQ(r.Value(3, "a.flag"), "unknown");  // nothing leaks from record 1
  for (size_t k = 0; k < 4; ++k) EXPECT_EQ(r.events[k].record, k + 1);
}

TEST(FhirReader, EmptyBundleIsNoRecordAndNoError) {
  EXPECT_TRUE(
      Read(R"({"resourceType": "Bundle", "type": "searchset", "total": 0})").events.empty());
  EXPECT_TRUE(
      Read(R"({"resourceType": "Bundle", "type": "collection", "entry": []})").events.empty());
}

TEST(FhirReader, BundleOfAnotherTypeOrAnEntryWithoutResourceIsAnError) {
  Reading transaction = Read(R"({"resourceType": "Bundle", "type": "transaction", "entry": []})");
  ASSERT_EQ(transaction.events.size(), 1u);
  EXPECT_EQ(transaction.events[0].error,
            "line 1: expected a Bundle of type searchset or collection");
  Reading no_resource =
      Read(R"({"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "x"}]})");
  ASSERT_EQ(no_resource.events.size(), 1u);
  EXPECT_EQ(no_resource.events[0].error,
            "line 1: a Bundle entry with no resource (expected a QuestionnaireResponse)");
}

TEST(FhirReader, AKeyGivenTwiceIsAnError) {
  Reading r = Read(
      R"({"resourceType": "QuestionnaireResponse", "item": [], "item": [{"linkId": "a.flag"}]})");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].error, "line 1: the member \"item\" is given twice");
}

TEST(FhirReader, FormatNamesExtensionAndSniffing) {
  EXPECT_EQ(ParseInputFormat("fhir"), InputFormat::kFhir);
  EXPECT_EQ(InputFormatFromPath("visit.fhir.json"), InputFormat::kFhir);
  EXPECT_EQ(InputFormatFromPath("visit.json"), InputFormat::kJson);
  EXPECT_EQ(SniffInputFormat("{\n  \"resourceType\": \"Bundle\""), InputFormat::kFhir);
  EXPECT_EQ(SniffInputFormat("{\"resourceType\": \"QuestionnaireResponse\"}\n"),
            InputFormat::kFhir);
  EXPECT_EQ(SniffInputFormat("{\"id\": \"x\"}\n"), InputFormat::kJsonLines);
}

TEST(FhirReader, TheBuiltinExampleScreensAsItsYamlTwin) {
  std::ifstream file(std::string(NS_SOURCE_DIR) + "/examples/intake.fhir.json");
  std::stringstream text;
  text << file.rdbuf();
  Reading r = Read(text.str(), Builtin());
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].error, "");
  EXPECT_EQ(r.events[0].id, "P-0101");
  EXPECT_EQ(r.Value(0, "treatment.sites"), "mid, lateral");
  EXPECT_EQ(r.Value(0, "patient.athlete_level"), "competitive");
  EXPECT_TRUE(r.unknown.empty());
}

}  // namespace
}  // namespace needlescreen
