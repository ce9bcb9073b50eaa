#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/record.h"
#include "needlescreen/time.h"

namespace needlescreen {
namespace {

Field MakeField(FieldType type, std::vector<std::string> values = {}) {
  Field field;
  field.path = "test.field";
  field.type = type;
  field.values = std::move(values);
  return field;
}

Field PhobiaField() { return MakeField(FieldType::kEnum, {"none", "mild", "severe"}); }

Field SitesField() {
  return MakeField(FieldType::kList, {"proximal", "mid", "medial", "lateral", "distal"});
}

// Bits of SitesField() values, in values order.
constexpr uint64_t kProximal = 1, kMid = 2, kMedial = 4, kDistal = 16;

// Every field type once, for properties that hold across types.
std::vector<Field> OneFieldOfEachType() {
  return {MakeField(FieldType::kBool),     MakeField(FieldType::kNumber),
          MakeField(FieldType::kString),   PhobiaField(),
          MakeField(FieldType::kDatetime), SitesField()};
}

TEST(DecodeText, ReadsBoolWordsInAnyCase) {
  struct Case {
    const char* text;
    bool value;
  };
  const Case cases[] = {{"true", true},   {"TRUE", true}, {"Yes", true},    {"y", true},
                        {"Y", true},      {"1", true},    {" yes\t", true}, {"false", false},
                        {"False", false}, {"NO", false},  {"n", false},     {"0", false}};
  const Field field = MakeField(FieldType::kBool);
  for (const Case& c : cases) {
    Slot slot;
    EXPECT_EQ(DecodeText(field, c.text, slot), "") << c.text;
    EXPECT_TRUE(slot.known) << c.text;
    EXPECT_EQ(slot.boolean, c.value) << c.text;
  }
}

TEST(DecodeText, RejectsOtherBoolWords) {
  const Field field = MakeField(FieldType::kBool);
  for (const char* text : {"2", "t", "f", "on", "off", "ja", "yess", "true1", "y es", "-1"}) {
    Slot slot;
    EXPECT_EQ(DecodeText(field, text, slot), "expected true or false (yes/no, y/n, 1/0)") << text;
    EXPECT_FALSE(slot.known) << text;
  }
}

TEST(DecodeText, ReadsDecimalNumbers) {
  struct Case {
    const char* text;
    double value;
  };
  const Case cases[] = {{"36", 36},  {"36.6", 36.6}, {"-2", -2},       {"0.5", 0.5},
                        {".5", 0.5}, {"1e3", 1000},  {" 37.2 ", 37.2}, {"0", 0}};
  const Field field = MakeField(FieldType::kNumber);
  for (const Case& c : cases) {
    Slot slot;
    EXPECT_EQ(DecodeText(field, c.text, slot), "") << c.text;
    EXPECT_TRUE(slot.known) << c.text;
    EXPECT_DOUBLE_EQ(slot.number, c.value) << c.text;
  }
}

TEST(DecodeText, RejectsNonFiniteAndTrailingJunkInNumbers) {
  const Field field = MakeField(FieldType::kNumber);
  for (const char* text : {"inf", "-inf", "infinity", "nan", "NaN", "1e999", "36C", "36 .5", "36,5",
                           "0x10", "abc", "1.2.3", "--1"}) {
    Slot slot;
    EXPECT_EQ(DecodeText(field, text, slot), "expected a number") << text;
    EXPECT_FALSE(slot.known) << text;
  }
}

TEST(DecodeText, StoresTrimmedText) {
  Slot slot;
  EXPECT_EQ(DecodeText(MakeField(FieldType::kString), "  P-0042 \r\n", slot), "");
  EXPECT_TRUE(slot.known);
  EXPECT_EQ(slot.text, "P-0042");
}

TEST(DecodeText, KeepsTextCapacityOfReusedSlot) {
  Slot slot;
  slot.text.reserve(256);
  const size_t capacity = slot.text.capacity();
  const char* buffer = slot.text.data();
  EXPECT_EQ(DecodeText(MakeField(FieldType::kString), "P-0043", slot), "");
  EXPECT_EQ(slot.text.capacity(), capacity);
  EXPECT_EQ(slot.text.data(), buffer);
}

TEST(DecodeText, MatchesEnumValuesIgnoringCase) {
  struct Case {
    const char* text;
    uint32_t index;
  };
  const Case cases[] = {{"none", 0}, {"MILD", 1}, {"Severe", 2}, {" sEvErE ", 2}};
  const Field field = PhobiaField();
  for (const Case& c : cases) {
    Slot slot;
    EXPECT_EQ(DecodeText(field, c.text, slot), "") << c.text;
    EXPECT_TRUE(slot.known) << c.text;
    EXPECT_EQ(slot.index, c.index) << c.text;
  }
}

TEST(DecodeText, RejectsValueNotInEnum) {
  const Field field = PhobiaField();
  for (const char* text : {"moderate", "sever", "severe!", "mild;severe", "0"}) {
    Slot slot;
    EXPECT_EQ(DecodeText(field, text, slot), "expected one of none, mild, severe") << text;
    EXPECT_FALSE(slot.known) << text;
  }
}

TEST(DecodeText, ReadsDatetimeAsEpochSeconds) {
  Slot slot;
  EXPECT_EQ(DecodeText(MakeField(FieldType::kDatetime), "2026-11-24T21:00:00+01:00", slot), "");
  EXPECT_TRUE(slot.known);
  const TimePoint expected =
      std::chrono::sys_days{std::chrono::year{2026} / 11 / 24} + std::chrono::hours{20};
  EXPECT_EQ(slot.seconds, expected.time_since_epoch().count());
}

TEST(DecodeText, RejectsImpossibleDatetime) {
  const Field field = MakeField(FieldType::kDatetime);
  for (const char* text : {"2026-02-30T00:00:00Z", "yesterday", "2026-11-24T25:00Z"}) {
    Slot slot;
    EXPECT_EQ(DecodeText(field, text, slot),
              "expected an ISO 8601 datetime (e.g. 2026-11-24T21:00:00Z)")
        << text;
    EXPECT_FALSE(slot.known) << text;
  }
}

TEST(DecodeText, SplitsListOnSemicolons) {
  struct Case {
    const char* text;
    uint64_t bits;
  };
  const Case cases[] = {{"mid", kMid},
                        {"proximal;distal", kProximal | kDistal},
                        {" proximal ; MEDIAL ;;Distal; ", kProximal | kMedial | kDistal},
                        {"mid;mid", kMid},
                        {";", 0},
                        {" ; ; ", 0}};
  const Field field = SitesField();
  for (const Case& c : cases) {
    Slot slot;
    EXPECT_EQ(DecodeText(field, c.text, slot), "") << c.text;
    EXPECT_TRUE(slot.known) << c.text;
    EXPECT_EQ(slot.bits, c.bits) << c.text;
  }
}

TEST(DecodeText, ListStartsFromEmpty) {
  Slot slot;
  slot.known = true;
  slot.bits = ~uint64_t{0};
  EXPECT_EQ(DecodeText(SitesField(), "mid", slot), "");
  EXPECT_EQ(slot.bits, kMid);
}

TEST(DecodeText, RejectsListWithAnItemNotInValues) {
  const Field field = SitesField();
  for (const char* text : {"hip", "mid;hip", "mid,distal", "mid distal"}) {
    Slot slot;
    EXPECT_EQ(DecodeText(field, text, slot),
              "expected a list of proximal, mid, medial, lateral, distal (separated by ';')")
        << text;
    EXPECT_FALSE(slot.known) << text;
  }
}

TEST(DecodeText, EmptyTextLeavesSlotUnknown) {
  for (const Field& field : OneFieldOfEachType()) {
    for (const char* text : {"", "   ", "\t\r\n"}) {
      Slot slot;
      slot.known = true;  // a value from an earlier --set default or record
      EXPECT_EQ(DecodeText(field, text, slot), "") << static_cast<int>(field.type);
      EXPECT_FALSE(slot.known) << static_cast<int>(field.type);
    }
  }
}

TEST(DecodeText, ErrorsNeverContainTheValue) {
  struct Case {
    Field field;
    const char* text;
  };
  const Case cases[] = {
      {MakeField(FieldType::kBool), "MARKER123"},
      {MakeField(FieldType::kNumber), "MARKER123"},
      {MakeField(FieldType::kNumber), "36MARKER123"},
      {PhobiaField(), "MARKER123"},
      {MakeField(FieldType::kDatetime), "2026-11-24TMARKER123"},
      {SitesField(), "mid;MARKER123"},
  };
  for (const Case& c : cases) {
    Slot slot;
    slot.known = true;
    const std::string message = DecodeText(c.field, c.text, slot);
    EXPECT_FALSE(message.empty()) << c.text;
    EXPECT_EQ(message.find("MARKER123"), std::string::npos) << message;
    EXPECT_FALSE(slot.known) << c.text;
  }
}

TEST(DecodeListItem, AddsItemsOneAtATime) {
  const Field field = SitesField();
  Slot slot;
  EXPECT_EQ(DecodeListItem(field, "mid", slot), "");
  EXPECT_EQ(DecodeListItem(field, " DISTAL ", slot), "");
  EXPECT_EQ(DecodeListItem(field, "mid", slot), "");
  EXPECT_TRUE(slot.known);
  EXPECT_EQ(slot.bits, kMid | kDistal);
}

TEST(DecodeListItem, DropsBitsOfAClearedSlot) {
  Slot slot;
  slot.known = false;  // as Record::Clear() leaves it
  slot.bits = ~uint64_t{0};
  EXPECT_EQ(DecodeListItem(SitesField(), "medial", slot), "");
  EXPECT_EQ(slot.bits, kMedial);
}

TEST(DecodeListItem, EmptyItemMakesAKnownEmptyList) {
  Slot slot;
  EXPECT_EQ(DecodeListItem(SitesField(), " ", slot), "");
  EXPECT_TRUE(slot.known);
  EXPECT_EQ(slot.bits, 0u);
}

TEST(DecodeListItem, RejectsItemNotInValuesWithoutEchoingIt) {
  const Field field = SitesField();
  Slot slot;
  EXPECT_EQ(DecodeListItem(field, "mid", slot), "");
  const std::string message = DecodeListItem(field, "MARKER123", slot);
  EXPECT_EQ(message,
            "expected a list of proximal, mid, medial, lateral, distal (separated by ';')");
  EXPECT_FALSE(slot.known);
}

TEST(DecodeListItem, RejectsFieldThatIsNotAList) {
  Slot slot;
  EXPECT_EQ(DecodeListItem(PhobiaField(), "mild", slot), "expected one of none, mild, severe");
  EXPECT_FALSE(slot.known);
}

TEST(ExpectedText, DescribesEachType) {
  struct Case {
    Field field;
    const char* text;
  };
  const Case cases[] = {
      {MakeField(FieldType::kBool), "expected true or false (yes/no, y/n, 1/0)"},
      {MakeField(FieldType::kNumber), "expected a number"},
      {MakeField(FieldType::kString), "expected text of at most 4096 bytes"},
      {PhobiaField(), "expected one of none, mild, severe"},
      {MakeField(FieldType::kDatetime),
       "expected an ISO 8601 datetime (e.g. 2026-11-24T21:00:00Z)"},
      {SitesField(),
       "expected a list of proximal, mid, medial, lateral, distal (separated by ';')"},
  };
  for (const Case& c : cases) EXPECT_EQ(ExpectedText(c.field), c.text);
}

TEST(RenderSlot, RendersEachType) {
  struct Case {
    Field field;
    const char* text;
    const char* rendered;
  };
  const Case cases[] = {
      {MakeField(FieldType::kBool), "Y", "yes"},
      {MakeField(FieldType::kBool), "0", "no"},
      {MakeField(FieldType::kNumber), "36.0", "36"},
      {MakeField(FieldType::kNumber), "36.60", "36.6"},
      {MakeField(FieldType::kNumber), "0.1", "0.1"},
      {MakeField(FieldType::kNumber), "-2", "-2"},
      {MakeField(FieldType::kString), " P-0042 ", "P-0042"},
      {PhobiaField(), "MILD", "mild"},
      {MakeField(FieldType::kDatetime), "2026-11-24T22:00:00+01:00", "2026-11-24T21:00:00Z"},
      {SitesField(), "distal; Medial;proximal", "proximal, medial, distal"},
      {SitesField(), ";", ""},
  };
  for (const Case& c : cases) {
    Slot slot;
    ASSERT_EQ(DecodeText(c.field, c.text, slot), "") << c.text;
    EXPECT_EQ(RenderSlot(c.field, slot), c.rendered) << c.text;
  }
}

TEST(RenderSlot, RendersUnknownSlotAsUnknown) {
  for (const Field& field : OneFieldOfEachType()) {
    EXPECT_EQ(RenderSlot(field, Slot{}), "unknown") << static_cast<int>(field.type);
  }
}

TEST(RenderSlot, RoundTripsThroughDecode) {
  struct Case {
    Field field;
    const char* text;
  };
  const Case cases[] = {
      {MakeField(FieldType::kBool), "no"},
      {MakeField(FieldType::kNumber), "37.25"},
      {PhobiaField(), "severe"},
      {MakeField(FieldType::kDatetime), "2028-02-29T23:59:59Z"},
  };
  for (const Case& c : cases) {
    Slot first, second;
    ASSERT_EQ(DecodeText(c.field, c.text, first), "");
    ASSERT_EQ(DecodeText(c.field, RenderSlot(c.field, first), second), "");
    EXPECT_EQ(RenderSlot(c.field, second), c.text);
  }
}

}  // namespace
}  // namespace needlescreen
