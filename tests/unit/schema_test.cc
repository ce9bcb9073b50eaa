// `schema` (authoring/schema.cc). Validation against real data runs in
// tests/authoring/validate_schema.py with python3-jsonschema; these pin the
// choices that script cannot see by validating alone.
#include "authoring/schema.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "needlescreen/pack.h"
#include "test_support.h"

namespace needlescreen::authoring {
namespace {

bool Contains(const std::string& text, std::string_view needle) {
  return text.find(needle) != std::string::npos;
}

TEST(IntakeSchema, AllowsUndeclaredKeysUnlessStrict) {
  EXPECT_FALSE(Contains(IntakeSchema(Builtin(), false), "additionalProperties"));
  EXPECT_TRUE(Contains(IntakeSchema(Builtin(), true), "\"additionalProperties\": false"));
}

TEST(IntakeSchema, NestedAndDottedKeysAndNullForUnknown) {
  std::string schema = IntakeSchema(Builtin(), false);
  EXPECT_TRUE(Contains(schema, "\"$schema\": \"https://json-schema.org/draft/2020-12/schema\""));
  EXPECT_TRUE(Contains(schema, "\"patient\": {"));
  EXPECT_TRUE(Contains(schema, "\"patient.needle_phobia\": {"));
  EXPECT_TRUE(Contains(schema, "\"severe\",\n            null\n"));
  EXPECT_TRUE(Contains(schema, "\"format\": \"date-time\""));
  EXPECT_FALSE(Contains(schema, "\"required\""));  // a missing answer is unknown, not invalid
}

TEST(OutputSchema, NamesThePacksRulesAndTheErrorRecord) {
  std::string schema = OutputSchema(Builtin());
  for (const Rule& r : Builtin().rules) EXPECT_TRUE(Contains(schema, "\"" + r.id + "\"")) << r.id;
  EXPECT_TRUE(Contains(schema, "\"const\": \"error\""));
  EXPECT_TRUE(Contains(schema, "\"const\": \"hamstring-dry-needling\""));
  EXPECT_TRUE(Contains(schema, "\"decided_by\""));
}

}  // namespace
}  // namespace needlescreen::authoring
