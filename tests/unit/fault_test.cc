// Faults at the library level (issue 7 items 4 and 5): ReadRecords gives one
// event per record whatever is wrong with it, and an error message depends on
// where the fault is and what kind it is, never on the value (SPEC §6). The
// process-level fault tests are tests/fault/*.sh. The tests below named after
// the bugs they found (duplicates, YAML bytes, JSON arrays) now pass: fixed.
#include <gtest/gtest.h>

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

struct Event {
  uint64_t line = 0;
  std::string error;
  std::string id;       // "" when none
  std::string consent;  // patient.consent as rendered, for records without error
};

std::vector<Event> Read(const std::string& text, InputFormat format) {
  std::vector<Event> events;
  std::istringstream in(text);
  uint64_t next = 1;
  const int consent = Builtin().FieldIndex("patient.consent");
  ReadRecords(in, "in", format, Builtin(), ReadOptions{}, &next, [&](RecordEvent& e) {
    Event event{e.info.line, e.status.ToString(), e.info.id.value_or(""), ""};
    if (e.status.ok()) {
      event.consent = RenderSlot(Builtin().fields[consent], e.record->slots[consent]);
    }
    events.push_back(event);
    return true;
  });
  return events;
}

// --- An error message is a function of position, field and kind of fault -----

// How to write one record whose field `path` holds `value`, in each format.
std::string OneRecord(InputFormat format, std::string_view path, std::string_view value) {
  std::string p(path), v(value);
  switch (format) {
    case InputFormat::kJsonLines:
    case InputFormat::kJson:
      return "{\"id\": \"A\", \"" + p + "\": \"" + v + "\"}\n";
    case InputFormat::kYaml:
      return "id: A\n" + p + ": \"" + v + "\"\n";
    case InputFormat::kCsv:
      return "id," + p + "\nA," + v + "\n";
    case InputFormat::kFhir: {
      // The value where a coded field takes it, else as a valueString.
      const bool coded = p == "patient.needle_phobia" || p == "treatment.sites";
      const std::string answer = coded ? "{\"valueCoding\": {\"code\": \"" + v + "\"}}"
                                       : "{\"valueString\": \"" + v + "\"}";
      return R"({"resourceType": "QuestionnaireResponse", "id": "A", "item": [{"linkId": ")" + p +
             R"(", "answer": [)" + answer + "]}]}\n";
    }
  }
  return "";
}

TEST(Fault, ErrorMessagesDoNotDependOnTheValue) {
  // Pairs of different values of one kind of fault: each pair must give the
  // same message, so no part of the value can be in it.
  const std::vector<std::pair<std::string, std::string>> kPairs = {
      {"MK-first-value", "another"},           // not a value of the field
      {"MK-1\xff", "other\xfe\xfd"},           // invalid UTF-8
      {"2026-02-30T10:00:00Z", "2031-04-31"},  // impossible dates
      {"12345", "-0.5e3"},                     // numbers where words are expected
  };
  const std::vector<std::string> kPaths = {
      "screened_at",  "patient.consent", "patient.needle_phobia",
      "injury.onset", "treatment.sites", "clinician.emergency_care_current"};
  for (InputFormat format : {InputFormat::kJsonLines, InputFormat::kJson, InputFormat::kYaml,
                             InputFormat::kCsv, InputFormat::kFhir}) {
    for (const std::string& path : kPaths) {
      for (const auto& [a, b] : kPairs) {
        std::vector<Event> x = Read(OneRecord(format, path, a), format);
        std::vector<Event> y = Read(OneRecord(format, path, b), format);
        ASSERT_EQ(x.size(), 1u);
        ASSERT_EQ(y.size(), 1u);
        EXPECT_FALSE(x[0].error.empty()) << path << " = " << a;
        EXPECT_EQ(x[0].error, y[0].error) << "format " << static_cast<int>(format) << ", " << path;
      }
    }
  }
}

// yaml-cpp's messages for bad escapes carry the escaped character or code
// point, and the YAML reader passes them on: "invalid unicode: 1234567",
// "unknown escape character: Q".
TEST(Fault, YamlEscapeErrorsDoNotDependOnTheValue) {
  const std::vector<std::pair<std::string, std::string>> kPairs = {
      {"\\U0012D687", "\\U0012D688"},  // not a code point (1234567, 1234568)
      {"MK\\Q", "MK\\W"},              // not an escape
  };
  for (const auto& [a, b] : kPairs) {
    std::vector<Event> x =
        Read(OneRecord(InputFormat::kYaml, "patient.needle_phobia", a), InputFormat::kYaml);
    std::vector<Event> y =
        Read(OneRecord(InputFormat::kYaml, "patient.needle_phobia", b), InputFormat::kYaml);
    ASSERT_EQ(x.size(), 1u);
    ASSERT_EQ(y.size(), 1u);
    EXPECT_EQ(x[0].error, y[0].error);
  }
}

// --- One broken element of a JSON array --------------------------------------------

// A syntax fault in one element (here: invalid UTF-8, a raw NUL, a missing
// comma, truncation) makes the whole array one error record at line 1: the
// records before and after it are lost (SPEC §1.5).
TEST(Fault, JsonArrayWithOneBrokenElementKeepsTheOthers) {
  const std::vector<std::string> kBroken = {
      "{\"id\": \"B\", \"patient\": {\"needle_phobia\": \"no\xffne\"}}",
      std::string("{\"id\": \"B\", \"patient\": {\"needle_phobia\": \"no") + '\0' + "ne\"}}",
      "{\"id\": \"B\" \"patient\": {}}",
  };
  for (const std::string& broken : kBroken) {
    std::vector<Event> events =
        Read("[\n{\"id\": \"A\"},\n" + broken + ",\n{\"id\": \"C\"}\n]\n", InputFormat::kJson);
    ASSERT_EQ(events.size(), 3u) << broken;
    EXPECT_EQ(events[0].error, "");
    EXPECT_EQ(events[1].line, 3u);
    EXPECT_NE(events[1].error, "");
    EXPECT_EQ(events[2].error, "");
    EXPECT_EQ(events[2].id, "C");
  }
  std::vector<Event> truncated =
      Read("[\n{\"id\": \"A\"},\n{\"id\": \"B\", \"pat", InputFormat::kJson);
  // Issue 12: the break itself is reported too, so a truncated export never
  // looks like a clean run.
  ASSERT_EQ(truncated.size(), 2u);
  EXPECT_EQ(truncated[0].error, "");
  EXPECT_EQ(truncated[1].line, 3u);
  EXPECT_NE(truncated[1].error.find("; the input ends inside a string, and the JSON array is not "
                                    "closed"),
            std::string::npos)
      << truncated[1].error;
}

// --- YAML text values --------------------------------------------------------------

// A YAML string value with invalid UTF-8 or a raw NUL byte is accepted: the
// record is screened and the bytes go into the output (not valid UTF-8 JSON).
// JSON, JSON Lines and CSV make such a record an error.
TEST(Fault, YamlTextWithInvalidUtf8OrANulByteIsAnError) {
  for (const std::string& id : {std::string("A\xff"), std::string("A\0B", 3)}) {
    std::vector<Event> events = Read("id: \"" + id + "\"\n---\nid: C\n", InputFormat::kYaml);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_NE(events[0].error, "") << "a YAML id with a byte that is not text was accepted";
    EXPECT_EQ(events[1].error, "");
  }
}

// A syntax error at the very end of a YAML stream (a truncated last document)
// is reported on the line after the last one of the input.
TEST(Fault, YamlSyntaxErrorAtTheEndIsWithinTheRecord) {
  std::vector<Event> events = Read("id: A\n---\nid: B\npatient: {consent: tr", InputFormat::kYaml);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_NE(events[1].error, "");
  EXPECT_GE(events[1].line, 3u);
  EXPECT_LE(events[1].line, 4u) << events[1].error;
}

// --- A field given twice in one record ------------------------------------------

// SPEC §1.1 fail closed: a record that answers one question twice, e.g.
// consent false and then true, is ambiguous; the last answer silently wins
// (and the record may proceed). CSV already refuses a header that names a
// field twice; YAML forbids duplicate keys.
TEST(Fault, AFieldGivenTwiceIsAnError) {
  const std::vector<std::pair<InputFormat, std::string>> kTwice = {
      {InputFormat::kJsonLines, "{\"patient\": {\"consent\": false, \"consent\": true}}\n"},
      {InputFormat::kJsonLines, "{\"patient.consent\": false, \"patient\": {\"consent\": true}}\n"},
      {InputFormat::kJson, "[{\"patient\": {\"consent\": false}, \"patient.consent\": true}]"},
      {InputFormat::kYaml, "patient: {consent: false, consent: true}\n"},
      {InputFormat::kYaml, "patient:\n  consent: false\npatient.consent: true\n"},
  };
  for (const auto& [format, text] : kTwice) {
    std::vector<Event> events = Read(text, format);
    ASSERT_EQ(events.size(), 1u) << text;
    EXPECT_NE(events[0].error.find("field patient.consent"), std::string::npos)
        << text << " read as consent " << events[0].consent;
  }
}

TEST(Fault, CsvHeaderNamingAFieldTwiceIsAnErrorForEveryRow) {
  std::vector<Event> events =
      Read("patient.consent,patient.consent\nfalse,true\ntrue,true\n", InputFormat::kCsv);
  ASSERT_EQ(events.size(), 2u);
  for (const Event& e : events) {
    EXPECT_NE(e.error.find("patient.consent twice"), std::string::npos) << e.error;
  }
}

}  // namespace
}  // namespace needlescreen
