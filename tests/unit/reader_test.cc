// Record readers through the public API (reader.h): YAML, JSON and JSON Lines
// into the built-in pack's slots, one event per input record (SPEC §1.5), and
// errors that name position, field and expectation but never the value (§6).
#include "needlescreen/reader.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/record.h"
#include "test_support.h"

namespace needlescreen {
namespace {

// One record event, copied out of the sink (the reader reuses its Record).
struct Event {
  uint64_t record = 0;
  uint64_t line = 0;
  std::string file;
  std::optional<std::string> id;
  std::string error;
  Record values;

  // A field's value as messages render it, or "unknown".
  std::string operator[](std::string_view path) const {
    int f = Builtin().FieldIndex(path);
    EXPECT_GE(f, 0) << path;
    if (f < 0) return "no such field";
    return RenderSlot(Builtin().fields[f], values.slots[f]);
  }
};

struct Reading {
  std::vector<Event> events;
  std::vector<std::string> unknown_fields;  // as passed to on_unknown_field
  std::string problem;                      // ReadRecords' return value
  uint64_t next_record = 0;
};

struct ReadSpec {
  InputFormat format = InputFormat::kYaml;
  bool strict = false;
  uint64_t first_record = 1;
  std::string file = "in";
};

Reading Read(const std::string& text, const ReadSpec& spec) {
  Reading reading;
  ReadOptions options;
  options.strict = spec.strict;
  options.on_unknown_field = [&](std::string_view path) {
    reading.unknown_fields.emplace_back(path);
  };
  std::istringstream in(text);
  reading.next_record = spec.first_record;
  reading.problem =
      ReadRecords(in, spec.file, spec.format, Builtin(), options, &reading.next_record,
                  [&](RecordEvent& e) {
                    EXPECT_NE(e.record, nullptr);
                    reading.events.push_back({e.info.record, e.info.line, std::string(e.info.file),
                                              e.info.id, e.status.ToString(), *e.record});
                    return true;
                  })
          .ToString();
  return reading;
}

Reading ReadYaml(const std::string& text, bool strict = false) {
  return Read(text, {InputFormat::kYaml, strict});
}
Reading ReadJson(const std::string& text) { return Read(text, {InputFormat::kJson}); }
Reading ReadJsonLines(const std::string& text, bool strict = false) {
  return Read(text, {InputFormat::kJsonLines, strict});
}

std::vector<uint64_t> Lines(const Reading& r) {
  std::vector<uint64_t> lines;
  for (const Event& e : r.events) lines.push_back(e.line);
  return lines;
}

std::vector<uint64_t> Numbers(const Reading& r) {
  std::vector<uint64_t> numbers;
  for (const Event& e : r.events) numbers.push_back(e.record);
  return numbers;
}

// An input with one bad value and the error it must give; a "MARKER" in the
// bad value must not leak into the error.
struct BadValue {
  std::string input;
  std::string error;
};

void ExpectErrors(InputFormat format, const std::vector<BadValue>& cases) {
  for (const BadValue& c : cases) {
    Reading r = Read(c.input, {format});
    ASSERT_EQ(r.events.size(), 1u) << c.input;
    EXPECT_EQ(r.events[0].error, c.error) << c.input;
    EXPECT_EQ(r.events[0].error.find("MARKER"), std::string::npos) << r.events[0].error;
    EXPECT_EQ(r.problem, "");
  }
}

// --- YAML ---------------------------------------------------------------------

TEST(ReadYaml, SingleMappingIsOneRecordStartingAtItsFirstKey) {
  Reading r = Read("# intake\n\nid: Y-1\npatient:\n  consent: yes\n",
                   {InputFormat::kYaml, false, 1, "intake.yaml"});
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.error, "");
  EXPECT_EQ(e.record, 1u);
  EXPECT_EQ(e.line, 3u);
  EXPECT_EQ(e.file, "intake.yaml");
  EXPECT_EQ(e.id, "Y-1");
  EXPECT_EQ(e["patient.consent"], "yes");
  EXPECT_EQ(e["patient.needle_phobia"], "unknown");
  EXPECT_EQ(r.problem, "");
  EXPECT_EQ(r.next_record, 2u);
}

TEST(ReadYaml, ListGivesOneRecordPerItemAtItsOwnLine) {
  Reading r = ReadYaml(
      "- id: A\n"
      "  patient.consent: no\n"
      "\n"
      "- id: B\n"
      "  complaint: {overuse: true}\n");
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(Numbers(r), (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(Lines(r), (std::vector<uint64_t>{1, 4}));
  EXPECT_EQ(r.events[0]["patient.consent"], "no");
  EXPECT_EQ(r.events[1]["complaint.overuse"], "yes");
  EXPECT_EQ(r.events[1]["patient.consent"], "unknown");
}

TEST(ReadYaml, DocumentsSeparatedByDashesKeepTheirLineNumbers) {
  Reading r = ReadYaml(
      "---\n"          // 1
      "id: A\n"        // 2
      "---\n"          // 3
      "# note\n"       // 4
      "id: B\n"        // 5
      "...\n"          // 6
      "---\n"          // 7
      "\n"             // 8
      "id: C\n"        // 9
      "--- {id: D}\n"  // 10
  );
  ASSERT_EQ(r.events.size(), 4u);
  EXPECT_EQ(Numbers(r), (std::vector<uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(Lines(r), (std::vector<uint64_t>{2, 5, 9, 10}));
  EXPECT_EQ(r.events[3].id, "D");
  for (const Event& e : r.events) EXPECT_EQ(e.error, "");
}

TEST(ReadYaml, EmptyDocumentsHoldNoRecord) {
  Reading r = ReadYaml("---\n---\n# only a comment\n---\nid: A\n---\n");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].line, 5u);
  EXPECT_TRUE(ReadYaml("").events.empty());
  EXPECT_TRUE(ReadYaml("# nothing here\n\n").events.empty());
}

TEST(ReadYaml, MalformedDocumentInTheMiddleIsOneErrorRecordAndTheOthersStillRead) {
  Reading r = ReadYaml(
      "id: A\n"                  // 1
      "---\n"                    // 2
      "id: B\n"                  // 3
      "patient: consent: yes\n"  // 4: a map value where a scalar was expected
      "---\n"                    // 5
      "id: C\n"                  // 6
      "patient.consent: no\n");  // 7
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(Numbers(r), (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_EQ(r.events[0].error, "");
  // The record starts at line 3; the message says where the YAML broke.
  EXPECT_EQ(r.events[1].error,
            "line 3: invalid YAML: mapping values are not allowed in this context at line 4");
  EXPECT_EQ(r.events[1].line, 3u);
  EXPECT_EQ(r.events[1].id, "B");
  EXPECT_EQ(r.events[2].error, "");
  EXPECT_EQ(r.events[2].line, 6u);
  EXPECT_EQ(r.events[2]["patient.consent"], "no");
  EXPECT_EQ(r.problem, "");
}

TEST(ReadYaml, DottedKeysAndNestedMapsReachTheSameFields) {
  Reading r = ReadYaml(
      "id: A\n"
      "patient.consent: yes\n"
      "patient:\n"
      "  needle_phobia: Mild\n"
      "injury: {bruising: yes, onset: 2026-11-23T09:00:00+01:00}\n"
      "treatment.sites: [proximal, MEDIAL]\n"
      "clinician: {dry_needling_certified: y, emergency_care_current: 0}\n");
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.error, "");
  EXPECT_EQ(e["patient.consent"], "yes");
  EXPECT_EQ(e["patient.needle_phobia"], "mild");
  EXPECT_EQ(e["injury.bruising"], "yes");
  EXPECT_EQ(e["injury.onset"], "2026-11-23T08:00:00Z");
  EXPECT_EQ(e["treatment.sites"], "proximal, medial");
  EXPECT_EQ(e["clinician.dry_needling_certified"], "yes");
  EXPECT_EQ(e["clinician.emergency_care_current"], "no");
  EXPECT_TRUE(r.unknown_fields.empty());
}

TEST(ReadYaml, NullAndEmptyValuesAreUnknownNotFalse) {
  Reading r = ReadYaml(
      "id: A\n"
      "patient.consent: null\n"
      "patient.needle_phobia: ~\n"
      "complaint.overuse:\n"
      "injury.swelling: ''\n"
      "treatment.sites: []\n");
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.error, "");
  for (const char* path :
       {"patient.consent", "patient.needle_phobia", "complaint.overuse", "injury.swelling"}) {
    EXPECT_EQ(e[path], "unknown") << path;
  }
  // An empty list is an answer: no sites planned.
  int sites = Builtin().FieldIndex("treatment.sites");
  EXPECT_TRUE(e.values.slots[sites].known);
  EXPECT_EQ(e.values.slots[sites].bits, 0u);
}

TEST(ReadYaml, UnknownFieldsGoToTheCallbackByTheirFullPath) {
  Reading r = ReadYaml(
      "id: A\n"
      "patient: {consent: yes, shoe_size: 42}\n"
      "favourite_colour: blue\n"
      "clinician.name: Dr X\n"
      "extra: {nested: {deeper: 1}}\n");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].error, "");
  EXPECT_EQ(r.events[0]["patient.consent"], "yes");
  EXPECT_EQ(r.unknown_fields, (std::vector<std::string>{"patient.shoe_size", "favourite_colour",
                                                        "clinician.name", "extra"}));
}

TEST(ReadYaml, StrictMakesAnUnknownFieldAnErrorOfThatRecordOnly) {
  Reading r = ReadYaml("id: A\npatient: {consent: yes, shoe_size: 42}\n---\nid: B\n", true);
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].error,
            "line 1, field patient.shoe_size: not a field of the rule pack (--strict)");
  EXPECT_EQ(r.events[0].id, "A");
  EXPECT_EQ(r.events[1].error, "");
  EXPECT_TRUE(r.unknown_fields.empty());
}

TEST(ReadYaml, WrongValuesNameTheFieldAndTheExpectationButNotTheValue) {
  ExpectErrors(
      InputFormat::kYaml,
      {{"id: A\npatient: {needle_phobia: MARKER-7731}\n",
        "line 1, field patient.needle_phobia: expected one of none, mild, severe"},
       {"patient.consent: MARKER-7732\n",
        "line 1, field patient.consent: expected true or false (yes/no, y/n, 1/0)"},
       {"patient.consent: {MARKER-7733: 1}\n",
        "line 1, field patient.consent: expected true or false (yes/no, y/n, 1/0)"},
       {"patient.consent: [MARKER-7734]\n",
        "line 1, field patient.consent: expected true or false (yes/no, y/n, 1/0)"},
       {"treatment.sites: [mid, MARKER-7735]\n",
        "line 1, field treatment.sites: expected a list of proximal, mid, medial, lateral, "
        "distal (separated by ';')"},
       {"treatment.sites: [[MARKER-7736]]\n",
        "line 1, field treatment.sites: expected a list of proximal, mid, medial, lateral, "
        "distal (separated by ';')"},
       {"id: [MARKER-7737]\n", "line 1, field id: expected text of at most 4096 bytes"},
       {"# x\ninjury: {onset: 2026-02-30T10:00:00Z}\n",
        "line 2, field injury.onset: expected an ISO 8601 datetime (e.g. 2026-11-24T21:00:00Z)"},
       {"injury.onset: MARKER-7738\n",
        "line 1, field injury.onset: expected an ISO 8601 datetime (e.g. 2026-11-24T21:00:00Z)"}});
}

TEST(ReadYaml, ImpossibleDateIsAnErrorNamingTheField) {
  Reading r = ReadYaml("id: A\ninjury:\n  swelling: yes\n  onset: 2026-02-30\n");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_NE(r.events[0].error.find("field injury.onset"), std::string::npos) << r.events[0].error;
  EXPECT_EQ(r.events[0].id, "A");
}

TEST(ReadYaml, FirstErrorOfARecordIsTheOneReported) {
  Reading r = ReadYaml("patient.consent: MARKER-1\npatient.needle_phobia: MARKER-2\n");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].error,
            "line 1, field patient.consent: expected true or false (yes/no, y/n, 1/0)");
}

TEST(ReadYaml, DocumentThatIsNotAMappingIsAnErrorRecord) {
  Reading r = ReadYaml("just some text\n---\n- [1, 2]\n");
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].error, "line 1: expected a mapping of field paths to values");
  EXPECT_EQ(r.events[1].error, "line 3: expected a mapping of field paths to values");
}

TEST(ReadYaml, ValuesDoNotLeakIntoTheNextRecord) {
  Reading r = ReadYaml(
      "id: A\npatient.consent: yes\ntreatment.sites: [proximal, medial]\n"
      "---\n"
      "id: B\ntreatment.sites: [mid]\n"
      "---\n"
      "patient.needle_phobia: none\n");
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events[1]["patient.consent"], "unknown");
  EXPECT_EQ(r.events[1]["treatment.sites"], "mid");
  EXPECT_EQ(r.events[2]["treatment.sites"], "unknown");
  EXPECT_EQ(r.events[2].id, std::nullopt);
}

// --- JSON ---------------------------------------------------------------------

TEST(ReadJson, ObjectIsOneRecordAtLineOne) {
  Reading r = ReadJson(
      "{\"id\": \"J-1\",\n \"patient\": {\"consent\": false, \"needle_phobia\": \"severe\"},\n"
      " \"injury.onset\": \"2026-11-24T09:00:00-05:00\"}\n");
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.error, "");
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.id, "J-1");
  EXPECT_EQ(e["patient.consent"], "no");
  EXPECT_EQ(e["patient.needle_phobia"], "severe");
  EXPECT_EQ(e["injury.onset"], "2026-11-24T14:00:00Z");
}

// A single JSON object is reported at the line where it starts (it was line 1).
TEST(ReadJson, ObjectAfterBlankLinesIsAtItsOwnLine) {
  Reading r = ReadJson("\n\n{\"id\": \"A\"}\n");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].line, 3u);
}

TEST(ReadJson, ArrayElementsCarryTheirOwnLines) {
  Reading r = ReadJson(
      "[\n"                                             // 1
      "  {\"id\": \"A\"},\n"                            // 2
      "\n"                                              // 3
      "  {\"id\": \"B\",\n"                             // 4
      "   \"patient\": {\"consent\": false}},\n"        // 5
      "  {\"id\": \"C [{,\\\" }\"}, {\"id\": \"D\"}\n"  // 6
      "]\n");
  ASSERT_EQ(r.events.size(), 4u);
  EXPECT_EQ(Numbers(r), (std::vector<uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(Lines(r), (std::vector<uint64_t>{2, 4, 6, 6}));
  EXPECT_EQ(r.events[1]["patient.consent"], "no");
  EXPECT_EQ(r.events[2].id, "C [{,\" }");
  EXPECT_EQ(r.events[3].id, "D");
}

// A malformed array loses only its broken element (SPEC §1.5); before, the
// whole document became one error record.
TEST(ReadJson, MalformedArrayLosesOnlyTheBrokenElement) {
  Reading r = ReadJson("[{\"id\": \"A\"},\n {\"id\": \"MARKER-7731\"\n");
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].error, "");
  EXPECT_EQ(r.events[1].record, 2u);
  EXPECT_EQ(r.events[1].line, 2u);
  EXPECT_EQ(r.events[1].error.rfind("line 2: invalid JSON", 0), 0u) << r.events[1].error;
  EXPECT_EQ(r.events[1].error.find("MARKER"), std::string::npos);
  EXPECT_EQ(r.problem, "");
  EXPECT_EQ(r.next_record, 3u);
}

TEST(ReadJson, MalformedObjectIsOneErrorRecord) {
  Reading r = ReadJson("{\"id\": \"MARKER-7731\"\n");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].error.rfind("line 1: invalid JSON", 0), 0u) << r.events[0].error;
  EXPECT_EQ(r.events[0].error.find("MARKER"), std::string::npos);
}

TEST(ReadJson, ElementThatIsNotAnObjectIsAnErrorForThatElementOnly) {
  Reading r = ReadJson("[{\"id\": \"A\"},\n 5,\n {\"id\": \"C\"}]");
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events[0].error, "");
  EXPECT_EQ(r.events[1].error, "line 2: expected a JSON object of fields");
  EXPECT_EQ(r.events[2].error, "");
  EXPECT_EQ(r.events[2].line, 3u);
}

TEST(ReadJson, EmptyArrayHoldsNoRecords) { EXPECT_TRUE(ReadJson("[]").events.empty()); }

TEST(ReadJson, NullIsUnknownAndBooleansAreBooleans) {
  Reading r = ReadJson(
      "{\"patient\": {\"consent\": null, \"needle_phobia\": null},"
      " \"complaint\": {\"overuse\": true, \"trigger_points\": 0, \"hamstring_tightness\": 1}}");
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.error, "");
  EXPECT_EQ(e["patient.consent"], "unknown");
  EXPECT_EQ(e["patient.needle_phobia"], "unknown");
  EXPECT_EQ(e["complaint.overuse"], "yes");
  EXPECT_EQ(e["complaint.trigger_points"], "no");
  EXPECT_EQ(e["complaint.hamstring_tightness"], "yes");
}

// --- JSON Lines ---------------------------------------------------------------

TEST(ReadJsonLines, OneRecordPerLineSkippingBlankLines) {
  Reading r = ReadJsonLines(
      "{\"id\": \"A\"}\n"
      "\n"
      "{\"id\": \"B\", \"patient.consent\": \"yes\"}\n"
      "   \t\r\n"
      "{\"id\": \"C\"}");  // no final newline
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(Numbers(r), (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_EQ(Lines(r), (std::vector<uint64_t>{1, 3, 5}));
  EXPECT_EQ(r.events[1]["patient.consent"], "yes");
  EXPECT_EQ(r.events[2]["patient.consent"], "unknown");
}

TEST(ReadJsonLines, MalformedLineIsAnErrorRecordAtItsLine) {
  Reading r = ReadJsonLines(
      "{\"id\": \"A\"}\n"
      "{\"id\": \"MARKER-7731\", \"patient\": {\n"
      "{\"id\": \"C\"}\n");
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events[1].line, 2u);
  EXPECT_EQ(r.events[1].id, std::nullopt);
  EXPECT_EQ(r.events[1].error.rfind("line 2: invalid JSON", 0), 0u) << r.events[1].error;
  EXPECT_EQ(r.events[1].error.find("MARKER"), std::string::npos);
  EXPECT_EQ(r.events[2].error, "");
  EXPECT_EQ(r.events[2].id, "C");
}

TEST(ReadJsonLines, LineThatIsNotAnObjectIsAnError) {
  Reading r = ReadJsonLines("[{\"id\": \"A\"}]\n42\n\"MARKER-7731\"\nnull\ntrue\n");
  ASSERT_EQ(r.events.size(), 5u);
  for (size_t i = 0; i < r.events.size(); ++i) {
    EXPECT_EQ(r.events[i].error,
              "line " + std::to_string(i + 1) + ": expected a JSON object of fields");
  }
}

TEST(ReadJsonLines, WrongTypesAndValuesNameTheFieldAndTheExpectationButNotTheValue) {
  const std::string kBool = "expected true or false (yes/no, y/n, 1/0)";
  const std::string kSites =
      "expected a list of proximal, mid, medial, lateral, distal (separated by ';')";
  ExpectErrors(
      InputFormat::kJsonLines,
      {{"{\"patient\": {\"needle_phobia\": \"MARKER-7731\"}}",
        "line 1, field patient.needle_phobia: expected one of none, mild, severe"},
       {"{\"patient\": {\"needle_phobia\": true}}",
        "line 1, field patient.needle_phobia: expected one of none, mild, severe"},
       {"{\"patient\": {\"bleeding_disorder\": 7731}}",
        "line 1, field patient.bleeding_disorder: expected one of none, controlled, "
        "uncontrolled"},
       {"{\"patient\": {\"consent\": \"MARKER-7732\"}}",
        ("line 1, field patient.consent: " + kBool)},
       {"{\"patient\": {\"consent\": 2}}", ("line 1, field patient.consent: " + kBool)},
       {"{\"patient\": {\"consent\": {\"a\": \"MARKER-7733\"}}}",
        ("line 1, field patient.consent: " + kBool)},
       {"{\"complaint.overuse\": [\"MARKER-7734\"]}",
        ("line 1, field complaint.overuse: " + kBool)},
       {"{\"injury\": {\"onset\": \"2026-02-30T10:00:00Z\"}}",
        "line 1, field injury.onset: expected an ISO 8601 datetime (e.g. 2026-11-24T21:00:00Z)"},
       {"{\"injury\": {\"onset\": 1764000000}}",
        "line 1, field injury.onset: expected an ISO 8601 datetime (e.g. 2026-11-24T21:00:00Z)"},
       {"{\"treatment\": {\"sites\": [\"mid\", \"MARKER-7735\"]}}",
        ("line 1, field treatment.sites: " + kSites)},
       {"{\"treatment\": {\"sites\": [\"mid\", 3]}}", ("line 1, field treatment.sites: " + kSites)},
       {"{\"treatment\": {\"sites\": {\"mid\": \"MARKER-7736\"}}}",
        ("line 1, field treatment.sites: " + kSites)},
       {"{\"id\": [\"MARKER-7737\"]}", "line 1, field id: expected text of at most 4096 bytes"},
       {"{\"id\": true}", "line 1, field id: expected text of at most 4096 bytes"}});
}

TEST(ReadJsonLines, ErrorRecordKeepsItsIdAndTheRunGoesOn) {
  Reading r = ReadJsonLines(
      "{\"id\": \"B-005\", \"patient\": {\"needle_phobia\": \"terrified\"}}\n"
      "{\"id\": \"B-006\"}\n");
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].id, "B-005");
  EXPECT_EQ(r.events[0].error,
            "line 1, field patient.needle_phobia: expected one of none, mild, severe");
  EXPECT_EQ(r.events[0].error.find("terrified"), std::string::npos);
  EXPECT_EQ(r.events[1].error, "");
}

TEST(ReadJsonLines, UnknownFieldsWarnOrFailWithStrict) {
  const std::string input = "{\"id\": \"A\", \"patient\": {\"shoe_size\": 42}}\n{\"id\": \"B\"}\n";
  Reading lax = ReadJsonLines(input);
  ASSERT_EQ(lax.events.size(), 2u);
  EXPECT_EQ(lax.events[0].error, "");
  EXPECT_EQ(lax.unknown_fields, std::vector<std::string>{"patient.shoe_size"});

  Reading strict = ReadJsonLines(input, true);
  ASSERT_EQ(strict.events.size(), 2u);
  EXPECT_EQ(strict.events[0].error,
            "line 1, field patient.shoe_size: not a field of the rule pack (--strict)");
  EXPECT_EQ(strict.events[1].error, "");
  EXPECT_TRUE(strict.unknown_fields.empty());
}

TEST(ReadJsonLines, ListValuesDoNotLeakIntoTheNextRecord) {
  Reading r = ReadJsonLines(
      "{\"treatment\": {\"sites\": [\"proximal\", \"distal\"]}}\n"
      "{\"treatment\": {\"sites\": [\"mid\"]}}\n"
      "{\"treatment\": {\"sites\": []}}\n");
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events[0]["treatment.sites"], "proximal, distal");
  EXPECT_EQ(r.events[1]["treatment.sites"], "mid");
  EXPECT_EQ(r.events[2]["treatment.sites"], "");
}

// --- Across inputs ------------------------------------------------------------

TEST(ReadRecords, RecordNumbersContinueThroughNextRecord) {
  Reading first = Read("{\"id\": \"A\"}\nnot json\n", {InputFormat::kJsonLines, false, 7, "a"});
  EXPECT_EQ(Numbers(first), (std::vector<uint64_t>{7, 8}));
  EXPECT_EQ(first.next_record, 9u);
  Reading second = Read("id: C\n", {InputFormat::kYaml, false, first.next_record, "b.yaml"});
  ASSERT_EQ(second.events.size(), 1u);
  EXPECT_EQ(second.events[0].record, 9u);
  EXPECT_EQ(second.events[0].line, 1u);
  EXPECT_EQ(second.events[0].file, "b.yaml");
  EXPECT_EQ(second.next_record, 10u);
  EXPECT_EQ(first.events[1].file, "a");
}

TEST(ReadRecords, SinkReturningFalseStopsReading) {
  for (InputFormat format : {InputFormat::kJsonLines, InputFormat::kYaml, InputFormat::kJson}) {
    std::string text = format == InputFormat::kJsonLines ? "{\"id\": \"A\"}\n{\"id\": \"B\"}\n"
                       : format == InputFormat::kYaml    ? "id: A\n---\nid: B\n"
                                                         : "[{\"id\": \"A\"}, {\"id\": \"B\"}]";
    std::istringstream in(text);
    uint64_t next = 1;
    int calls = 0;
    Status problem = ReadRecords(in, "-", format, Builtin(), {}, &next, [&](RecordEvent&) {
      ++calls;
      return false;
    });
    EXPECT_EQ(calls, 1) << text;
    EXPECT_TRUE(problem.ok()) << text;
    // JSON Lines numbers a whole chunk before delivering it, so `next` may
    // have moved past records that were never delivered; YAML and JSON stop
    // exactly after the last delivered record.
    if (format != InputFormat::kJsonLines) {
      EXPECT_EQ(next, 2u) << text;
    }
  }
}

TEST(ReadRecords, SameRecordInEveryFormatDecodesAlike) {
  Reading yaml = ReadYaml(
      "id: S\npatient: {consent: yes, needle_phobia: mild}\ninjury.onset: "
      "2026-11-23T09:00:00Z\ntreatment: {sites: [medial]}\n");
  Reading json = ReadJson(
      "{\"id\": \"S\", \"patient\": {\"consent\": true, \"needle_phobia\": \"mild\"}, "
      "\"injury.onset\": \"2026-11-23T09:00:00Z\", \"treatment\": {\"sites\": [\"medial\"]}}");
  Reading jsonl = ReadJsonLines(
      "{\"id\": \"S\", \"patient.consent\": \"yes\", \"patient.needle_phobia\": \"MILD\", "
      "\"injury\": {\"onset\": \"2026-11-23T10:00:00+01:00\"}, \"treatment.sites\": \"medial\"}\n");
  for (const Reading* r : {&yaml, &json, &jsonl}) {
    ASSERT_EQ(r->events.size(), 1u);
    const Event& e = r->events[0];
    EXPECT_EQ(e.error, "");
    for (const Field& f : Builtin().fields) {
      EXPECT_EQ(e[f.path], yaml.events[0][f.path]) << f.path;
    }
  }
}

// --- CSV -----------------------------------------------------------------------

Reading ReadCsv(const std::string& text, bool strict = false) {
  return Read(text, {InputFormat::kCsv, strict});
}

TEST(ReadCsv, HeaderNamesTheFieldsAndEachRowIsARecordAtItsLine) {
  Reading r = ReadCsv(
      "id,patient.consent,patient.needle_phobia,treatment.sites,injury.onset\n"  // 1
      "C-1,yes,Mild,proximal;medial,2026-11-23T09:00:00+01:00\n"                 // 2
      "\n"                                                                       // 3
      "C-2,0,,,\n"                                                               // 4
      "\"C-3, quoted\",n,none,\"mid; lateral\",\n");                             // 5
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(Numbers(r), (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_EQ(Lines(r), (std::vector<uint64_t>{2, 4, 5}));
  for (const Event& e : r.events) EXPECT_EQ(e.error, "");
  EXPECT_EQ(r.events[0].id, "C-1");
  EXPECT_EQ(r.events[0]["patient.consent"], "yes");
  EXPECT_EQ(r.events[0]["patient.needle_phobia"], "mild");
  EXPECT_EQ(r.events[0]["treatment.sites"], "proximal, medial");
  EXPECT_EQ(r.events[0]["injury.onset"], "2026-11-23T08:00:00Z");
  // An empty cell is missing, i.e. unknown.
  EXPECT_EQ(r.events[1]["patient.consent"], "no");
  EXPECT_EQ(r.events[1]["patient.needle_phobia"], "unknown");
  EXPECT_EQ(r.events[1]["treatment.sites"], "unknown");
  EXPECT_EQ(r.events[2].id, "C-3, quoted");
  EXPECT_EQ(r.events[2]["treatment.sites"], "mid, lateral");
}

TEST(ReadCsv, BadCellNamesTheFieldButNotTheValue) {
  Reading r = ReadCsv("id,patient.needle_phobia\nC-1,MARKER-7731\nC-2,severe\n");
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].error,
            "line 2, field patient.needle_phobia: expected one of none, mild, severe");
  EXPECT_EQ(r.events[0].id, "C-1");
  EXPECT_EQ(r.events[1].error, "");
}

TEST(ReadCsv, RowWithTheWrongNumberOfCellsIsAnError) {
  Reading r = ReadCsv("id,patient.consent\nC-1,yes,MARKER-7731\nC-2\nC-3,no\n");
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events[0].error, "line 2: expected 2 cells (as in the header), found 3");
  EXPECT_EQ(r.events[1].error, "line 3: expected 2 cells (as in the header), found 1");
  EXPECT_EQ(r.events[2].error, "");
}

TEST(ReadCsv, UnknownColumnWarnsOrFailsEveryRowWithStrict) {
  const std::string input = "id,shoe_size\nC-1,42\nC-2,44\n";
  Reading lax = ReadCsv(input);
  ASSERT_EQ(lax.events.size(), 2u);
  EXPECT_EQ(lax.events[0].error, "");
  ASSERT_FALSE(lax.unknown_fields.empty());
  for (const std::string& f : lax.unknown_fields) EXPECT_EQ(f, "shoe_size");

  Reading strict = ReadCsv(input, true);
  ASSERT_EQ(strict.events.size(), 2u);
  EXPECT_EQ(strict.events[0].error,
            "line 2, field shoe_size: not a field of the rule pack (--strict)");
  EXPECT_EQ(strict.events[1].error,
            "line 3, field shoe_size: not a field of the rule pack (--strict)");
}

TEST(ReadCsv, HeaderAloneHoldsNoRecords) {
  EXPECT_TRUE(ReadCsv("id,patient.consent\n").events.empty());
  EXPECT_TRUE(ReadCsv("").events.empty());
}

// --- Formats --------------------------------------------------------------------

TEST(SniffInputFormat, GuessesFromTheFirstBytes) {
  struct Case {
    const char* head;
    InputFormat format;
  };
  const Case cases[] = {
      {"[{\"id\": \"A\"}]", InputFormat::kJson},
      {"\n  [\n  {\"id\": \"A\"}\n]", InputFormat::kJson},
      {"\xEF\xBB\xBF[]", InputFormat::kJson},
      {"{\"id\": \"A\"}\n{\"id\": \"B\"}\n", InputFormat::kJsonLines},
      {"  {\"id\": \"A\"}  \r\n", InputFormat::kJsonLines},
      {"{\"id\": \"A\"}", InputFormat::kJsonLines},
      {"{\n  \"id\": \"A\"\n}\n", InputFormat::kJson},
      {"{\"id\": \"A\",\n \"x\": 1}", InputFormat::kJson},
      {"id: A\npatient: {consent: yes}\n", InputFormat::kYaml},
      {"---\nid: A\n", InputFormat::kYaml},
      {"- id: A\n", InputFormat::kYaml},
      {"id,patient.consent\nA,yes\n", InputFormat::kCsv},
      {"id,patient.consent\rA,yes\rB,no: x\r", InputFormat::kCsv},  // CR-only line ends
      {"note: a, b, c\n", InputFormat::kYaml},
      {"", InputFormat::kYaml},
      {"  \n\t\n", InputFormat::kYaml},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(static_cast<int>(SniffInputFormat(c.head)), static_cast<int>(c.format))
        << "head: " << c.head;
  }
}

// A YAML stream whose first line is a comment holding a comma (and no colon)
// was sniffed as CSV.
TEST(SniffInputFormat, YamlStartingWithACommentWithACommaIsYaml) {
  EXPECT_EQ(SniffInputFormat("# Intake, clinic A\nid: A\n"), InputFormat::kYaml);
}

TEST(InputFormat, ParsesNamesAndExtensions) {
  EXPECT_EQ(ParseInputFormat("yaml"), InputFormat::kYaml);
  EXPECT_EQ(ParseInputFormat("yml"), InputFormat::kYaml);
  EXPECT_EQ(ParseInputFormat("json"), InputFormat::kJson);
  EXPECT_EQ(ParseInputFormat("jsonl"), InputFormat::kJsonLines);
  EXPECT_EQ(ParseInputFormat("ndjson"), InputFormat::kJsonLines);
  EXPECT_EQ(ParseInputFormat("csv"), InputFormat::kCsv);
  EXPECT_EQ(ParseInputFormat("xml"), std::nullopt);
  EXPECT_EQ(ParseInputFormat(""), std::nullopt);
  EXPECT_EQ(InputFormatFromPath("examples/a.yaml"), InputFormat::kYaml);
  EXPECT_EQ(InputFormatFromPath("a.b/c.yml"), InputFormat::kYaml);
  EXPECT_EQ(InputFormatFromPath("batch.jsonl"), InputFormat::kJsonLines);
  EXPECT_EQ(InputFormatFromPath("batch.ndjson"), InputFormat::kJsonLines);
  EXPECT_EQ(InputFormatFromPath("x.json"), InputFormat::kJson);
  EXPECT_EQ(InputFormatFromPath("x.csv"), InputFormat::kCsv);
  EXPECT_EQ(InputFormatFromPath("README"), std::nullopt);
  EXPECT_EQ(InputFormatFromPath("-"), std::nullopt);
}

// --- Strict readers (issue 12) ---------------------------------------------

bool AnyError(const Reading& r) {
  for (const Event& e : r.events) {
    if (!e.error.empty()) return true;
  }
  return false;
}

// The reproduction: 4 records in, 3 out, exit 0. Now the broken item
// is an error record and the item after the quote's line is read again.
TEST(StrictYaml, UnclosedQuoteIsItsItemsErrorAndTheNextItemIsStillRead) {
  Reading r = ReadYaml("- id: A\n- id: B\n- id: C\n  \"x\n- id: D\n");
  ASSERT_EQ(r.events.size(), 4u);
  EXPECT_EQ(Lines(r), (std::vector<uint64_t>{1, 2, 3, 5}));
  EXPECT_EQ(r.events[2].error,
            "line 3: invalid YAML: found unexpected end of stream at line 6, while scanning a "
            "quoted scalar that starts at line 4");
  EXPECT_EQ(r.events[3].error, "");
  EXPECT_EQ(r.events[3].id, "D");
}

TEST(StrictYaml, MappingAfterAListIsAnErrorNotDropped) {
  Reading r = ReadYaml("- id: A\n- id: B\nid: C\n");
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events[0].error, "");
  EXPECT_EQ(r.events[1].error, "");
  EXPECT_EQ(r.events[2].line, 3u);
  EXPECT_NE(r.events[2].error.find("invalid YAML"), std::string::npos);
}

// Before, one broken item made the whole list one error record.
TEST(StrictYaml, BrokenItemLosesOnlyItselfInAList) {
  Reading r = ReadYaml(
      "- id: A\n"
      "- id: B\n"
      "- id: C\n"
      "  patient: {consent: [yes,\n"
      "- id: D\n"
      "- id: E\n");
  ASSERT_EQ(r.events.size(), 5u);
  EXPECT_EQ(Numbers(r), (std::vector<uint64_t>{1, 2, 3, 4, 5}));
  for (size_t i : {0u, 1u, 3u, 4u}) EXPECT_EQ(r.events[i].error, "") << i;
  EXPECT_EQ(r.events[2].line, 3u);
  EXPECT_NE(r.events[2].error.find("invalid YAML"), std::string::npos);
  EXPECT_EQ(r.events[4].id, "E");
}

// YAML that yaml-cpp 0.7 read as records; libyaml (and YAML 1.2) reject it.
TEST(StrictYaml, InvalidYamlIsNeverReadAsARecord) {
  for (const char* text : {
           "id: A\npatient:\n\tconsent: yes\n",       // a tab as indentation
           "id: \"A\" B\n",                           // text after a quoted scalar
           "id: A\npatient: {consent: *nowhere}\n",   // an alias to no anchor
           "id: A\npatient: {consent: yes\n",         // unclosed flow mapping
           "id: A\ntreatment: {sites: [proximal}\n",  // mismatched brackets
           "id: A\npatient: consent: yes\n",          // a mapping where a value goes
           "id: A\n... trailing\n",                   // content after a document end
           "id: 'A\n",                                // unclosed single quote
           "- id: A\n - id: B\n",                     // a list item indented off the list
       }) {
    Reading r = ReadYaml(text);
    ASSERT_FALSE(r.events.empty()) << text;
    EXPECT_TRUE(AnyError(r)) << text;
  }
}

TEST(StrictYaml, AliasInARecordIsAnError) {
  Reading r = ReadYaml("id: &a A\npatient: {needle_phobia: *a}\n");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].error,
            "line 1, field patient.needle_phobia: an alias (*name) is not read in records; write "
            "the value out");
}

// libyaml rejects a whole document for one bad byte, found up to 16 KiB ahead:
// the items before it must not be lost with it.
TEST(StrictYaml, BadByteIsOnlyItsOwnItemsError) {
  Reading r = ReadYaml(
      "- id: A\n"
      "- id: B\n  patient: {needle_phobia: \"no\xffne\"}\n"
      "- id: C\n  patient: {consent: \"y\x01\"}\n"
      "- id: D\n");
  ASSERT_EQ(r.events.size(), 4u);
  EXPECT_EQ(r.events[0].error, "");
  EXPECT_EQ(r.events[1].error, "line 2, field patient.needle_phobia: not valid UTF-8");
  EXPECT_EQ(r.events[2].error,
            "line 4, field patient.consent: holds a control character YAML does not allow");
  EXPECT_EQ(r.events[3].error, "");
}

TEST(StrictYaml, BadByteOutsideAnyValueIsAnErrorRecord) {
  Reading r = ReadYaml("id: A  # a comment \xfe\n");
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[1].line, 1u);
  EXPECT_NE(r.events[1].error.find("not valid UTF-8"), std::string::npos);
}

TEST(StrictYaml, DirectivesBelongToTheDocumentTheirMarkerStarts) {
  Reading r = ReadYaml("%YAML 1.1\n---\nid: A\n---\nid: B\n");
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_FALSE(AnyError(r));
  EXPECT_EQ(Lines(r), (std::vector<uint64_t>{3, 5}));
}

// Found by fuzz_strict (libyaml rejects the stream, the reader screened it).
TEST(StrictYaml, MarkerLinesAndCommentOnlyDocumentsAreJudgedByLibyaml) {
  for (const char* text : {
           "--- id: P-1\n",            // a mapping on the `---` line
           "--- - id: P-1\n",          // a list on the `---` line
           "id: P-0\n--- id: P-1\n",   // the same in a later document
           "id: P-1\n---\n# \xff\n",   // a bad byte in a comment-only document
           "id: P-1\n---\n\t# c\n",    // a tab in a comment-only document
           "...\nid: P-1\n",           // `...` before any document
           "id: P-1\n...\nid: P-2\n",  // a document after `...` without `---`
       }) {
    Reading r = ReadYaml(text);
    EXPECT_TRUE(AnyError(r)) << text;
  }
  Reading ok = ReadYaml("# notes\n%YAML 1.1\n---\nid: A\n...\n---\nid: B\n--- {id: C}\n");
  EXPECT_FALSE(AnyError(ok));
  EXPECT_EQ(Lines(ok), (std::vector<uint64_t>{4, 7, 8}));
}

// A document full of broken items still reads in bounded time: every item is
// reported, each parse resumes after the last.
TEST(StrictYaml, ManyBrokenItemsAreEachReported) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "- id: X\n  patient: {consent: [yes\n";
  Reading r = ReadYaml(text);
  ASSERT_EQ(r.events.size(), 2000u);
  for (const Event& e : r.events) EXPECT_NE(e.error, "");
}

// --- JSON breaks (issue 12) --------------------------------------------------

TEST(StrictJson, EveryBreakInAnArrayIsAnErrorAfterTheCompleteElements) {
  struct Case {
    const char* text;
    size_t good;  // complete elements screened before the break
    uint64_t line;
    const char* message;
  };
  const Case kCases[] = {
      {"[{\"id\": \"A\"}\n", 1, 2, "the input ends before the JSON array is closed (no ']')"},
      {"[{\"id\": \"A\"},]\n", 1, 1, "a ',' after the last element (trailing comma)"},
      {"[{\"id\": \"A\"}]\nx\n", 1, 2, "unexpected text after the end of the JSON array"},
      {"[{\"id\": \"A\"}][]\n", 1, 1, "unexpected text after the end of the JSON array"},
      {"[\n", 0, 2, "the input ends before the JSON array is closed (no ']')"},
      {"[{\"id\": \"A\"},,{\"id\": \"B\"}]", 1, 1, "two ',' with no element between"},
      {"[{\"id\": \"A\"}\n{\"id\": \"B\"}]", 1, 2, "expected ',' or ']' after an element"},
  };
  for (const Case& c : kCases) {
    Reading r = ReadJson(c.text);
    ASSERT_EQ(r.events.size(), c.good + 1) << c.text;
    for (size_t i = 0; i < c.good; ++i) EXPECT_EQ(r.events[i].error, "") << c.text;
    EXPECT_EQ(r.events.back().line, c.line) << c.text;
    EXPECT_EQ(r.events.back().error, fmt::format("line {}: invalid JSON: {}", c.line, c.message))
        << c.text;
  }
}

TEST(StrictJson, BareScalarsAreElementsOfTheirOwn) {
  Reading r = ReadJson("[\n{\"id\": \"A\"},\n42,\nnull,\n{\"id\": \"D\"}\n]\n");
  ASSERT_EQ(r.events.size(), 4u);
  EXPECT_EQ(Lines(r), (std::vector<uint64_t>{2, 3, 4, 5}));
  EXPECT_EQ(r.events[3].id, "D");
}

// --- Engine fields (issue 12) -----------------------------------------------

TEST(EngineFields, IdAndScreenedAtAreReadWhateverThePackDeclares) {
  PackLoad load =
      LoadPack({{"p.yaml",
                 "pack: p\nversion: 1.0.0\nfields:\n  - {path: a, type: bool}\n"
                 "rules:\n  - {id: r, outcome: swap, when: not a, message: m, source: s}\n"}});
  ASSERT_TRUE(load.pack);
  std::istringstream in("id: P-1\nscreened_at: 2026-11-24T21:00:00Z\na: yes\n");
  uint64_t next = 1;
  std::vector<std::string> unknown;
  ReadOptions options;
  options.strict = true;
  int at = load.pack->FieldIndex("screened_at");
  ASSERT_GE(at, 0);
  int events = 0;
  ReadRecords(in, "in", InputFormat::kYaml, *load.pack, options, &next, [&](RecordEvent& e) {
    ++events;
    EXPECT_TRUE(e.status.ok()) << e.status.ToString();
    EXPECT_EQ(e.info.id, "P-1");
    EXPECT_TRUE(e.record->slots[at].known);
    return true;
  });
  EXPECT_EQ(events, 1);
}

// --- One key lookup for every reader (RecordBuilder::Resolve) -------------------

struct PackReading {
  std::vector<std::string> errors;
  std::vector<std::string> unknown_fields;
  std::vector<Record> records;
};

PackReading ReadWith(const Pack& pack, const std::string& text, InputFormat format) {
  PackReading reading;
  ReadOptions options;
  options.on_unknown_field = [&](std::string_view path) {
    reading.unknown_fields.emplace_back(path);
  };
  std::istringstream in(text);
  uint64_t next = 1;
  ReadRecords(in, "in", format, pack, options, &next, [&](RecordEvent& e) {
    reading.errors.push_back(e.status.ToString());
    reading.records.push_back(*e.record);
    return true;
  });
  return reading;
}

TEST(ReadRecords, EveryReaderReachesAFieldNamedLikeAGroup) {
  // Fields `a` and `a.b`. JSON used to resolve through a tree holding only one
  // of them, and warned that the other was not a field of the pack.
  for (bool field_first : {true, false}) {
    const std::string a = "  - {path: a, type: bool}\n", ab = "  - {path: a.b, type: bool}\n";
    PackLoad load = LoadPack(
        {{"p.yaml", "pack: p\nversion: 1.0.0\nfields:\n" + (field_first ? a + ab : ab + a) +
                        "rules:\n  - {id: r, outcome: info, message: m}\n"}});
    ASSERT_TRUE(load.pack);
    const Pack& pack = *load.pack;
    const int fa = pack.FieldIndex("a"), fab = pack.FieldIndex("a.b");
    const std::pair<InputFormat, std::string> inputs[] = {
        {InputFormat::kYaml, "a: yes\na.b: no\n"},
        {InputFormat::kJson, "{\"a\": true, \"a.b\": false}"},
        {InputFormat::kJsonLines, "{\"a\": true, \"a.b\": false}\n"},
        {InputFormat::kCsv, "a,a.b\nyes,no\n"},
    };
    for (const auto& [format, text] : inputs) {
      PackReading r = ReadWith(pack, text, format);
      ASSERT_EQ(r.records.size(), 1u) << text;
      EXPECT_EQ(r.errors[0], "") << text;
      EXPECT_TRUE(r.unknown_fields.empty()) << text;
      EXPECT_TRUE(r.records[0].slots[fa].known && r.records[0].slots[fa].boolean) << text;
      EXPECT_TRUE(r.records[0].slots[fab].known && !r.records[0].slots[fab].boolean) << text;
    }
  }
}

TEST(ReadRecords, KeysWithAnEmptySegmentAreUnknownInEveryReader) {
  // JSON used to read `patient.` as the group and `patient.consent.` as the field.
  const int consent = Builtin().FieldIndex("patient.consent");
  const std::pair<InputFormat, std::string> inputs[] = {
      {InputFormat::kYaml, "patient.: {consent: yes}\npatient.consent.: yes\n"},
      {InputFormat::kJson, "{\"patient.\": {\"consent\": true}, \"patient.consent.\": true}"},
  };
  for (const auto& [format, text] : inputs) {
    PackReading r = ReadWith(Builtin(), text, format);
    ASSERT_EQ(r.records.size(), 1u) << text;
    EXPECT_EQ(r.errors[0], "") << text;
    EXPECT_EQ(r.unknown_fields, (std::vector<std::string>{"patient.", "patient.consent."})) << text;
    EXPECT_FALSE(r.records[0].slots[consent].known) << text;
  }
}

TEST(ReadRecords, UnknownDottedKeysUnderAGroupAreNamedAlikeByYamlAndJson) {
  const std::pair<InputFormat, std::string> inputs[] = {
      {InputFormat::kYaml, "patient: {shoe.size: 42, consent: yes}\n"},
      {InputFormat::kJson, "{\"patient\": {\"shoe.size\": 42, \"consent\": true}}"},
  };
  for (const auto& [format, text] : inputs) {
    PackReading r = ReadWith(Builtin(), text, format);
    ASSERT_EQ(r.records.size(), 1u) << text;
    EXPECT_EQ(r.unknown_fields, (std::vector<std::string>{"patient.shoe.size"})) << text;
  }
}

}  // namespace
}  // namespace needlescreen
