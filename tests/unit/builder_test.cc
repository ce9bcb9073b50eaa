// RecordBuilder's key lookup, the one every reader resolves keys through:
// nested and dotted keys, a name that is both a field and a group, and keys
// with empty segments.
#include "records/builder.h"

#include <gtest/gtest.h>

#include <string>

#include "needlescreen/pack.h"
#include "test_support.h"

namespace needlescreen::records {
namespace {

using B = RecordBuilder;

// Fields `a` and `a.b` (a field named like a group), declared in `order`.
Pack FieldAndGroup(bool field_first) {
  const std::string a = "  - {path: a, type: bool}\n";
  const std::string ab = "  - {path: a.b, type: bool}\n";
  PackLoad load =
      LoadPack({{"p.yaml", "pack: p\nversion: 1.0.0\nfields:\n" + (field_first ? a + ab : ab + a) +
                               "rules:\n  - {id: r, outcome: info, message: m}\n"}});
  EXPECT_TRUE(load.pack);
  return load.pack ? std::move(*load.pack) : Pack{};
}

TEST(RecordBuilder, DottedAndNestedKeysResolveToTheSameField) {
  ReadOptions options;
  B builder(Builtin(), options);
  const int consent = Builtin().FieldIndex("patient.consent");
  EXPECT_EQ(builder.Resolve(B::kRootGroup, "patient.consent"), consent);
  const int patient = builder.Resolve(B::kRootGroup, "patient");
  ASSERT_LE(patient, -2);
  EXPECT_EQ(builder.Resolve(B::GroupOf(patient), "consent"), consent);
  EXPECT_EQ(builder.FieldIndex("patient.consent"), consent);
  EXPECT_EQ(builder.FieldIndex("patient"), -1);  // a group is no field
}

TEST(RecordBuilder, UnknownKeysAndEmptySegmentsResolveToNothing) {
  ReadOptions options;
  B builder(Builtin(), options);
  for (const char* key : {"patient.shoe_size", "shoe", "", ".", "patient.", ".patient.consent",
                          "patient..consent", "patient.consent.", "patient.consent.x"}) {
    EXPECT_EQ(builder.Resolve(B::kRootGroup, key), B::kNoChild) << key;
  }
}

TEST(RecordBuilder, PathOfNamesTheKeyUnderItsGroup) {
  ReadOptions options;
  B builder(Builtin(), options);
  const int patient = B::GroupOf(builder.Resolve(B::kRootGroup, "patient"));
  EXPECT_EQ(builder.PathOf(patient, "shoe.size"), "patient.shoe.size");
  EXPECT_EQ(builder.PathOf(B::kRootGroup, "shoe"), "shoe");
}

TEST(RecordBuilder, ANameThatIsBothAFieldAndAGroupReachesBoth) {
  for (bool field_first : {true, false}) {
    const Pack pack = FieldAndGroup(field_first);
    ReadOptions options;
    B builder(pack, options);
    const int a = pack.FieldIndex("a"), ab = pack.FieldIndex("a.b");
    ASSERT_GE(a, 0);
    ASSERT_GE(ab, 0);
    EXPECT_EQ(builder.Resolve(B::kRootGroup, "a"), a) << field_first;
    EXPECT_EQ(builder.Resolve(B::kRootGroup, "a.b"), ab) << field_first;
    EXPECT_EQ(builder.FieldIndex("a.b"), ab) << field_first;
  }
}

}  // namespace
}  // namespace needlescreen::records
