#include "needlescreen/status.h"

#include <gtest/gtest.h>

#include <string>

namespace needlescreen {
namespace {

ErrorPosition At(uint64_t line, std::string field = "", std::string subject = "") {
  ErrorPosition at;
  at.line = line;
  at.field = std::move(field);
  at.subject = std::move(subject);
  return at;
}

TEST(Status, DefaultIsOkAndSaysNothing) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.ToString(), "");
}

// SPEC §4's forms: the line, then the field (or what else), then the message.
TEST(Status, ToStringPutsLineFieldAndMessageInSpecOrder) {
  const std::string m = "expected true or false";
  EXPECT_EQ(Status::Error(StatusCode::kInvalidValue, m, At(9, "patient.consent")).ToString(),
            "line 9, field patient.consent: expected true or false");
  EXPECT_EQ(Status::Error(StatusCode::kSyntax, "invalid JSON", At(4)).ToString(),
            "line 4: invalid JSON");
  EXPECT_EQ(Status::Error(StatusCode::kInvalidValue, m, At(0, "a.b")).ToString(),
            "field a.b: expected true or false");
  EXPECT_EQ(Status::Error(StatusCode::kTooLarge, "too late", At(2, "", "fields a, b")).ToString(),
            "line 2, fields a, b: too late");
  EXPECT_EQ(Status::Error(StatusCode::kIoError, "read error").ToString(), "read error");
}

TEST(Status, KeepsCodeMessageAndPositionApart) {
  ErrorPosition at = At(3, "x");
  at.record = 12;
  Status s = Status::Error(StatusCode::kUnknownField, "not a field", at);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kUnknownField);
  EXPECT_EQ(s.message(), "not a field");
  EXPECT_EQ(s.position().record, 12u);
  EXPECT_EQ(s.position().line, 3u);
  EXPECT_EQ(s.position().field, "x");
  EXPECT_EQ(StatusCodeName(s.code()), "unknown_field");
}

// A caller adds what it knows (the writer the line, the batch the record)
// without overwriting what the reader knew.
TEST(Status, AtFillsOnlyWhatIsUnset) {
  Status inner = Status::Error(StatusCode::kInvalidValue, "m", At(0, "f"));
  ErrorPosition outer = At(7, "g");
  outer.record = 5;
  Status s = inner.At(outer);
  EXPECT_EQ(s.position().line, 7u);
  EXPECT_EQ(s.position().record, 5u);
  EXPECT_EQ(s.position().field, "f");
  EXPECT_EQ(Status::Error(StatusCode::kSyntax, "m", At(2)).At(At(7)).position().line, 2u);
}

TEST(StatusOr, HoldsAValueOrAnError) {
  StatusOr<int> value = 4;
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, 4);
  StatusOr<std::string> error = Status::Error(StatusCode::kIoError, "read error");
  EXPECT_FALSE(error.ok());
  EXPECT_EQ(error.status().ToString(), "read error");
}

}  // namespace
}  // namespace needlescreen
