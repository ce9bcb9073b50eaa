// The interview's decisions (SPEC §4 `interview`): which question comes next,
// that only questions that can still matter are asked, when asking stops,
// `back`, typed answers including relative datetimes, and the saved record.
#include "needlescreen/interview.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/reader.h"
#include "needlescreen/record.h"
#include "needlescreen/result.h"
#include "needlescreen/time.h"
#include "test_support.h"

namespace needlescreen {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

TimePoint At(std::string_view text) {
  std::optional<TimePoint> t = ParseDatetime(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(TimePoint{});
}

const TimePoint kNow = At("2026-11-24T21:00:00Z");

// A record of `pack` with these path -> text values.
Record Preset(const Pack& pack, const std::map<std::string, std::string>& values) {
  Record r(pack.fields.size());
  for (const auto& [path, text] : values) {
    int f = pack.FieldIndex(path);
    EXPECT_GE(f, 0) << path;
    if (f >= 0) {
      EXPECT_EQ(DecodeText(pack.fields[f], text, r.slots[f]), "") << path;
    }
  }
  return r;
}

std::string NextPath(const Interview& iv) {
  std::optional<Question> q = iv.Next();
  return q ? iv.pack().fields[q->field].path : "(none)";
}

// Answers whatever is asked from `answers` (path -> typed text; a missing
// path is skipped) until nothing is asked; returns the paths asked, in order.
std::vector<std::string> AnswerAll(Interview& iv,
                                   const std::map<std::string, std::string>& answers) {
  std::vector<std::string> asked;
  while (std::optional<Question> q = iv.Next()) {
    const std::string& path = iv.pack().fields[q->field].path;
    asked.push_back(path);
    if (asked.size() > iv.pack().fields.size()) break;  // a loop would be a bug
    auto it = answers.find(path);
    if (it == answers.end()) {
      iv.Skip(q->field);
    } else {
      EXPECT_EQ(iv.Answer(q->field, it->second), "") << path;
    }
  }
  return asked;
}

// The wait example (examples/wait-acute-bruising.yaml) as typed answers.
const std::map<std::string, std::string> kWaitAnswers = {
    {"patient.consent", "y"},
    {"patient.needle_phobia", "2"},
    {"patient.bleeding_disorder", "none"},
    {"patient.athlete_level", "recreational"},
    {"complaint.hamstring_tightness", "y"},
    {"complaint.trigger_points", "y"},
    {"complaint.overuse", "n"},
    {"injury.swelling", "n"},
    {"injury.bruising", "y"},
    {"injury.palpable_tear", "n"},
    {"injury.onset", "36h ago"},
    {"injury.bleeding_resolved", "y"},
    {"treatment.sites", "proximal"},
    {"clinician.dry_needling_certified", "yes"},
    {"clinician.emergency_care_current", "yes"},
};

TEST(Interview, FirstAsksTheFieldMostUndecidedRulesNeed) {
  // The acute signs feed both wait rules; every other field feeds one rule.
  Interview iv(Builtin(), Record(), kNow);
  std::optional<Question> q = iv.Next();
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(Builtin().fields[q->field].path, "injury.swelling");
  EXPECT_TRUE(q->blocking);
  EXPECT_EQ(q->number, 1);
  EXPECT_EQ(q->rules.size(), 2u);
}

TEST(Interview, TiesGoInPackFieldOrder) {
  Interview iv(Builtin(), Record(), kNow);
  ASSERT_EQ(iv.Answer(Builtin().FieldIndex("injury.swelling"), "n"), "");
  EXPECT_EQ(NextPath(iv), "injury.bruising");
  ASSERT_EQ(iv.Answer(Builtin().FieldIndex("injury.bruising"), "y"), "");
  // Acute signs are now true: each remaining field feeds one rule.
  EXPECT_EQ(NextPath(iv), "patient.consent");
}

// Issue 15: an onset after the screen is refused where it can be retyped.
TEST(Interview, RefusesAnImplausibleAnswer) {
  Interview iv(Builtin(), Record(), kNow);
  const int onset = Builtin().FieldIndex("injury.onset");
  EXPECT_EQ(iv.Answer(onset, "2027-11-23T09:00:00Z"),
            "the answer given is after the screening time, the latest allowed");
  EXPECT_FALSE(iv.record().slots[onset].known);
  EXPECT_EQ(iv.Answer(onset, FormatDatetime(kNow)), "");  // exactly now is plausible
}

TEST(Interview, AsksOnlyQuestionsThatCanChangeTheDecision) {
  Interview iv(Builtin(), Record(), kNow);
  std::vector<std::string> asked = AnswerAll(iv, kWaitAnswers);
  const std::vector<std::string> expected = {
      "injury.swelling", "injury.bruising", "patient.consent", "patient.needle_phobia",
      "patient.bleeding_disorder", "complaint.hamstring_tightness", "injury.onset",
      // The acute window is now a settled wait: whether
      // bleeding has resolved cannot change it (issue 15).
      "clinician.dry_needling_certified", "clinician.emergency_care_current"};
  EXPECT_EQ(asked, expected);
  Result r = iv.Screen();
  EXPECT_EQ(r.decision, Decision::kWait);
  EXPECT_EQ(r.resume_after, kNow + hours(36));
}

TEST(Interview, NeverAsksIdOrTheScreeningTime) {
  Interview iv(Builtin(), Record(), kNow);
  for (const std::string& path : AnswerAll(iv, kWaitAnswers)) {
    EXPECT_NE(path, "id");
    EXPECT_NE(path, "screened_at");
  }
}

TEST(Interview, StopsAsSoonAsASwapRuleIsTrue) {
  Interview iv(Builtin(), Record(), kNow);
  ASSERT_EQ(iv.Answer(Builtin().FieldIndex("patient.needle_phobia"), "severe"), "");
  EXPECT_FALSE(iv.Next().has_value());
  EXPECT_EQ(iv.Screen().decision, Decision::kSwap);
}

TEST(Interview, ProceedThenOffersCautionQuestions) {
  std::map<std::string, std::string> answers = kWaitAnswers;
  answers["injury.bruising"] = "n";
  Interview iv(Builtin(), Record(), kNow);
  std::vector<std::string> asked = AnswerAll(iv, answers);
  ASSERT_GE(asked.size(), 2u);
  EXPECT_EQ(asked[asked.size() - 2], "treatment.sites");  // two caution rules
  EXPECT_EQ(asked.back(), "patient.athlete_level");       // one info rule
  EXPECT_EQ(iv.Screen().decision, Decision::kProceed);
}

TEST(Interview, OptionalQuestionsAreMarkedAndCounted) {
  std::map<std::string, std::string> answers = kWaitAnswers;
  answers["injury.bruising"] = "n";
  answers.erase("treatment.sites");
  answers.erase("patient.athlete_level");
  Interview iv(Builtin(), Record(), kNow);
  while (std::optional<Question> q = iv.Next()) {
    if (!q->blocking) {
      EXPECT_EQ(Builtin().fields[q->field].path, "treatment.sites");
      EXPECT_EQ(q->remaining, 2);
      iv.Finish();  // `done` skips them all
      break;
    }
    auto it = answers.find(Builtin().fields[q->field].path);
    ASSERT_NE(it, answers.end());
    ASSERT_EQ(iv.Answer(q->field, it->second), "");
  }
  EXPECT_FALSE(iv.Next().has_value());
  Result r = iv.Screen();
  EXPECT_EQ(r.decision, Decision::kProceed);
  ASSERT_EQ(r.missing.size(), 2u);
  EXPECT_FALSE(r.missing[0].blocking);
}

TEST(Interview, NoOptionalQuestionsOnWait) {
  Interview iv(Builtin(), Record(), kNow);
  AnswerAll(iv, kWaitAnswers);
  EXPECT_EQ(iv.source(Builtin().FieldIndex("treatment.sites")), FieldSource::kNotAsked);
}

TEST(Interview, EndOfInputLeavesTheScreenIncomplete) {
  Interview iv(Builtin(), Record(), kNow);
  ASSERT_EQ(iv.Answer(Builtin().FieldIndex("injury.swelling"), "n"), "");
  iv.Finish();
  EXPECT_FALSE(iv.Next().has_value());
  Result r = iv.Screen();
  EXPECT_EQ(r.decision, Decision::kIncomplete);
  EXPECT_FALSE(r.missing.empty());
}

TEST(Interview, SkippedQuestionIsNotAskedAgainAndStaysOpen) {
  std::map<std::string, std::string> answers = kWaitAnswers;
  answers.erase("injury.onset");
  Interview iv(Builtin(), Record(), kNow);
  std::vector<std::string> asked = AnswerAll(iv, answers);
  EXPECT_EQ(std::count(asked.begin(), asked.end(), "injury.onset"), 1);
  Result r = iv.Screen();
  EXPECT_EQ(r.decision, Decision::kIncomplete);
  EXPECT_EQ(iv.source(Builtin().FieldIndex("injury.onset")), FieldSource::kSkipped);
}

TEST(Interview, BackAsksThePreviousQuestionAgainAndForgetsItsAnswer) {
  Interview iv(Builtin(), Record(), kNow);
  EXPECT_EQ(iv.Back(), -1);
  int swelling = Builtin().FieldIndex("injury.swelling");
  ASSERT_EQ(iv.Answer(swelling, "y"), "");
  EXPECT_EQ(NextPath(iv), "patient.consent");
  EXPECT_EQ(iv.Back(), swelling);
  EXPECT_FALSE(iv.record().slots[swelling].known);
  std::optional<Question> q = iv.Next();
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->field, swelling);
  EXPECT_EQ(q->number, 1);
  ASSERT_EQ(iv.Answer(swelling, "n"), "");
  EXPECT_EQ(NextPath(iv), "injury.bruising");
}

TEST(Interview, PresetFieldsAreNeverAsked) {
  Interview iv(Builtin(), Preset(Builtin(), {{"injury.swelling", "no"}}), kNow);
  EXPECT_EQ(NextPath(iv), "injury.bruising");
  EXPECT_NE(iv.Answer(Builtin().FieldIndex("injury.swelling"), "y"), "");
}

TEST(Interview, OnlyOnsetMissingAsksExactlyOneQuestion) {
  // The issue's "done when": bruising, bleeding resolved, everything but onset preset.
  Record preset = Preset(Builtin(), {{"id", "P-0042"},
                                     {"patient.consent", "yes"},
                                     {"patient.needle_phobia", "none"},
                                     {"patient.bleeding_disorder", "none"},
                                     {"patient.athlete_level", "none"},
                                     {"complaint.hamstring_tightness", "yes"},
                                     {"complaint.trigger_points", "no"},
                                     {"complaint.overuse", "no"},
                                     {"injury.swelling", "no"},
                                     {"injury.bruising", "yes"},
                                     {"injury.palpable_tear", "no"},
                                     {"injury.bleeding_resolved", "yes"},
                                     {"treatment.sites", "mid"},
                                     {"clinician.dry_needling_certified", "yes"},
                                     {"clinician.emergency_care_current", "yes"}});
  Interview iv(Builtin(), preset, kNow);
  std::vector<std::string> asked = AnswerAll(iv, {{"injury.onset", "36h ago"}});
  EXPECT_EQ(asked, std::vector<std::string>{"injury.onset"});
  Result r = iv.Screen();
  EXPECT_EQ(r.decision, Decision::kWait);
  EXPECT_EQ(r.resume_after, kNow + hours(36));
}

TEST(Interview, PresetScreenedAtIsTheScreeningTime) {
  Interview iv(Builtin(), Preset(Builtin(), {{"screened_at", "2026-01-02T03:04:05Z"}}), kNow);
  EXPECT_EQ(iv.screened_at(), At("2026-01-02T03:04:05Z"));
  ASSERT_EQ(iv.Answer(Builtin().FieldIndex("injury.onset"), "1h ago"), "");
  EXPECT_EQ(iv.record().slots[Builtin().FieldIndex("injury.onset")].seconds,
            (At("2026-01-02T02:04:05Z")).time_since_epoch().count());
}

// --- typed answers ---------------------------------------------------------

Field MakeField(FieldType type, std::vector<std::string> values = {}, std::string unit = {}) {
  Field f;
  f.path = "test.field";
  f.type = type;
  f.values = std::move(values);
  f.unit = std::move(unit);
  return f;
}

TEST(ParseAnswer, RelativeDatetimesCountBackFromTheScreeningTime) {
  const Field field = MakeField(FieldType::kDatetime);
  struct Case {
    const char* text;
    std::chrono::seconds before;
  };
  const Case cases[] = {{"36h ago", hours(36)},     {"3d ago", hours(72)},
                        {"30m ago", minutes(30)},   {"now", hours(0)},
                        {"NOW", hours(0)},          {"1d 12h ago", hours(36)},
                        {"1d12h ago", hours(36)},   {"36 h ago", hours(36)},
                        {"2w ago", hours(24 * 14)}, {"  90m ago ", minutes(90)}};
  for (const Case& c : cases) {
    Slot slot;
    EXPECT_EQ(ParseAnswer(field, c.text, kNow, slot), "") << c.text;
    EXPECT_TRUE(slot.known) << c.text;
    EXPECT_EQ(TimePoint(std::chrono::seconds(slot.seconds)), kNow - c.before) << c.text;
  }
}

TEST(ParseAnswer, RelativeDatetimesAcrossAUtcOffset) {
  // A screen at 01:30 on the 25th at UTC+05:30 is 20:00 UTC on the 24th:
  // 36 h earlier is the 23rd, counted on the instant, not the local date.
  const TimePoint at = At("2026-11-25T01:30:00+05:30");
  const Field field = MakeField(FieldType::kDatetime);
  Slot slot;
  ASSERT_EQ(ParseAnswer(field, "36h ago", at, slot), "");
  EXPECT_EQ(RenderSlot(field, slot), "2026-11-23T08:00:00Z");
  ASSERT_EQ(ParseAnswer(field, "2026-11-23T09:00:00-03:00", at, slot), "");
  EXPECT_EQ(RenderSlot(field, slot), "2026-11-23T12:00:00Z");
}

TEST(ParseAnswer, RejectsMalformedTimesWithoutEchoingThem) {
  const Field field = MakeField(FieldType::kDatetime);
  for (const char* text : {"ago", "36 ago", "36x ago", "-3h ago", "h ago", "yesterday", "36h",
                           "1234567890h ago", "3h ago ago"}) {
    Slot slot;
    EXPECT_EQ(ParseAnswer(field, text, kNow, slot), ExpectedAnswer(field)) << text;
    EXPECT_FALSE(slot.known) << text;
  }
}

TEST(ParseAnswer, EnumTakesANumberOrAName) {
  const Field field = MakeField(FieldType::kEnum, {"none", "mild", "severe"});
  Slot slot;
  ASSERT_EQ(ParseAnswer(field, "2", kNow, slot), "");
  EXPECT_EQ(slot.index, 1u);
  ASSERT_EQ(ParseAnswer(field, "Severe", kNow, slot), "");
  EXPECT_EQ(slot.index, 2u);
  for (const char* text : {"0", "4", "sever", "1,2"}) {
    EXPECT_EQ(ParseAnswer(field, text, kNow, slot),
              "expected a number from 1 to 3, or one of none, mild, severe")
        << text;
  }
}

TEST(ParseAnswer, ListTakesCommaSeparatedNumbersOrNames) {
  const Field field = MakeField(FieldType::kList, {"proximal", "mid", "medial", "lateral"});
  Slot slot;
  ASSERT_EQ(ParseAnswer(field, "1, medial,4", kNow, slot), "");
  EXPECT_EQ(slot.bits, 0b1101u);
  ASSERT_EQ(ParseAnswer(field, "none", kNow, slot), "");
  EXPECT_TRUE(slot.known);
  EXPECT_EQ(slot.bits, 0u);
  EXPECT_NE(ParseAnswer(field, "1, distal", kNow, slot), "");
  EXPECT_NE(ParseAnswer(field, ",", kNow, slot), "");
}

TEST(ParseAnswer, NumberMayCarryTheFieldsUnit) {
  const Field field = MakeField(FieldType::kNumber, {}, "kg");
  Slot slot;
  ASSERT_EQ(ParseAnswer(field, "72.5 kg", kNow, slot), "");
  EXPECT_EQ(slot.number, 72.5);
  ASSERT_EQ(ParseAnswer(field, "60KG", kNow, slot), "");
  EXPECT_EQ(slot.number, 60);
  EXPECT_EQ(ParseAnswer(field, "60 lb", kNow, slot), "expected a number, in kg");
}

TEST(ParseAnswer, BoolTakesYesAndNo) {
  const Field field = MakeField(FieldType::kBool);
  Slot slot;
  ASSERT_EQ(ParseAnswer(field, "Y", kNow, slot), "");
  EXPECT_TRUE(slot.boolean);
  ASSERT_EQ(ParseAnswer(field, "no", kNow, slot), "");
  EXPECT_FALSE(slot.boolean);
  EXPECT_EQ(ParseAnswer(field, "maybe", kNow, slot), "expected y or n (yes/no)");
}

TEST(ClassifyReply, CommandsAreExactWords) {
  EXPECT_EQ(ClassifyReply(""), ReplyKind::kSkip);
  EXPECT_EQ(ClassifyReply("  "), ReplyKind::kSkip);
  EXPECT_EQ(ClassifyReply("?"), ReplyKind::kHelp);
  EXPECT_EQ(ClassifyReply(" Back "), ReplyKind::kBack);
  EXPECT_EQ(ClassifyReply("done"), ReplyKind::kDone);
  EXPECT_EQ(ClassifyReply("go back"), ReplyKind::kAnswer);
  EXPECT_EQ(ClassifyReply("y"), ReplyKind::kAnswer);
}

// --- another pack, another interview ------------------------------------------

constexpr std::string_view kClinicPack = R"(pack: vaccine-clinic
version: 0.1.0
title: A test pack with other fields
fields:
  - path: temperature
    type: number
    unit: C
    question: Body temperature?
  - path: allergy.severity
    type: enum
    values: [none, mild, anaphylaxis]
    question: Worst reaction to an earlier dose?
  - path: last_dose
    type: datetime
    question: When was the last dose?
  - path: arm
    type: list
    values: [left, right]
    question: Which arm?
rules:
  - id: anaphylaxis
    outcome: swap
    when: allergy.severity == "anaphylaxis"
    message: Earlier anaphylaxis.
  - id: fever
    outcome: wait
    when: temperature >= 38
    message: Fever of {temperature} C.
    resume_when: once the fever has gone
  - id: too-soon
    outcome: wait
    when: hours_between(last_dose, now) < 672 or temperature > 40
    message: Too soon after the last dose.
    resume: last_dose + 28d
  - id: left-arm
    outcome: caution
    when: '"left" in arm'
    message: Left arm.
)";

TEST(Interview, AnotherPackGivesItsOwnInterview) {
  PackLoad load = LoadPack({{"clinic.yaml", std::string(kClinicPack)}});
  ASSERT_TRUE(load.pack.has_value());
  const Pack& pack = *load.pack;
  Interview iv(pack, Record(), kNow);
  std::optional<Question> q = iv.Next();
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(pack.fields[q->field].path, "temperature");  // two rules need it
  std::vector<std::string> asked = AnswerAll(iv, {{"temperature", "36.8 C"},
                                                  {"allergy.severity", "1"},
                                                  {"last_dose", "10d ago"},
                                                  {"arm", "left"}});
  EXPECT_EQ(asked, (std::vector<std::string>{"temperature", "allergy.severity", "last_dose"}));
  Result r = iv.Screen();
  EXPECT_EQ(r.decision, Decision::kWait);
  EXPECT_EQ(r.resume_after, kNow - hours(240) + hours(28 * 24));
}

// --- the saved record ---------------------------------------------------------

TEST(IntakeYaml, ReadsBackToTheSameRecordAndLine) {
  Interview iv(Builtin(), Preset(Builtin(), {{"id", "P-\"7\" #1"}}), kNow);
  AnswerAll(iv, kWaitAnswers);
  IntakeYaml yaml = WriteIntakeYaml(iv);
  std::istringstream in(yaml.text);
  uint64_t next = 1;
  int events = 0;
  Status problem =
      ReadRecords(in, "saved.yaml", InputFormat::kYaml, Builtin(), {}, &next, [&](RecordEvent& e) {
        ++events;
        EXPECT_TRUE(e.status.ok()) << e.status.ToString();
        EXPECT_EQ(e.info.line, yaml.line);
        EXPECT_EQ(e.info.id, std::optional<std::string>("P-\"7\" #1"));
        for (size_t f = 0; f < Builtin().fields.size(); ++f) {
          const Slot& want = iv.record().slots[f];
          const Slot& got = e.record->slots[f];
          EXPECT_EQ(got.known, want.known) << Builtin().fields[f].path;
          if (want.known) {
            EXPECT_EQ(RenderSlot(Builtin().fields[f], got), RenderSlot(Builtin().fields[f], want));
          }
        }
        return true;
      });
  EXPECT_TRUE(problem.ok());
  EXPECT_EQ(events, 1);
  EXPECT_NE(yaml.text.find("  # Having had dry needling explained, does the patient agree to it?\n"
                           "  consent: true\n"),
            std::string::npos);
  EXPECT_NE(yaml.text.find("screened_at: 2026-11-24T21:00:00Z\n"), std::string::npos);
}

// Issue 13: a value holding controls, C1 controls (NEL is a line break to
// libyaml), separators and bidi overrides is saved escaped and reads back as
// itself; a question holding a line break cannot add a key to the record.
TEST(IntakeYaml, HostileTextReadsBackExactly) {
  constexpr std::string_view kPack = R"(pack: hostile
version: 0.1.0
fields:
  - path: id
    type: string
  - path: note
    type: string
    question: "Note?\rinjected: 1\u2028other: 2\x85more: 3\e[2J"
rules:
  - id: noted
    outcome: caution
    when: note == "x"
    message: Noted.
)";
  PackLoad load = LoadPack({{"hostile.yaml", std::string(kPack)}});
  ASSERT_TRUE(load.pack.has_value());
  const Pack& pack = *load.pack;
  // Values the record reader accepts: NEL, separators, bidi controls, TAB, LF.
  for (std::string id : {"P-\xc2\x85"
                         "n",
                         "P-\xe2\x80\xa8"
                         "l\xe2\x80\xa9p",
                         "P-\xe2\x80\xae"
                         "2400",
                         "tab\tand\nline"}) {
    Interview iv(pack, Preset(pack, {{"id", id}, {"note", id}}), kNow);
    IntakeYaml yaml = WriteIntakeYaml(iv);
    EXPECT_NE(yaml.text.find("# Note?\\rinjected: 1\\u2028other: 2\\u0085more: 3\\x1b[2J\n"),
              std::string::npos)
        << yaml.text;
    std::istringstream in(yaml.text);
    uint64_t next = 1;
    int events = 0;
    ReadRecords(in, "saved.yaml", InputFormat::kYaml, pack, {}, &next, [&](RecordEvent& e) {
      ++events;
      EXPECT_TRUE(e.status.ok()) << e.status.ToString() << yaml.text;
      EXPECT_EQ(e.info.id, std::optional<std::string>(id));
      EXPECT_EQ(e.record->slots[pack.FieldIndex("note")].text, id);
      return true;
    });
    EXPECT_EQ(events, 1) << yaml.text;
  }
  // Values it refuses (controls) are still written as YAML text, escaped.
  Interview iv(pack, Preset(pack, {{"id", "P-\x1b[2J\xc2\x9b"}}), kNow);
  EXPECT_NE(WriteIntakeYaml(iv).text.find("id: \"P-\\x1b[2J\\u009b\""), std::string::npos);
}

}  // namespace
}  // namespace needlescreen
