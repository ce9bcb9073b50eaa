// Optimize() must not change any verdict: every expression is evaluated with
// and without it over every combination of known and unknown values.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "expr/expr.h"
#include "needlescreen/record.h"

namespace needlescreen::expr {
namespace {

std::vector<Field> TestFields() {
  std::vector<Field> fields(3);
  fields[0].path = "flag";
  fields[0].type = FieldType::kBool;
  fields[1].path = "level";
  fields[1].type = FieldType::kEnum;
  fields[1].values = {"none", "mild", "severe"};
  fields[2].path = "sites";
  fields[2].type = FieldType::kList;
  fields[2].values = {"proximal", "mid", "medial"};
  return fields;
}

struct Compiled {
  std::vector<Node> nodes;
  int root = -1;
};

Compiled Build(const std::vector<Field>& fields, const std::string& text, bool optimize) {
  Compiled c;
  Error error;
  c.root = Parse(text, c.nodes, error);
  EXPECT_GE(c.root, 0) << text << ": " << error.message;
  Scope scope;
  scope.fields = &fields;
  std::vector<Error> errors;
  Check(c.nodes, c.root, scope, errors);
  EXPECT_TRUE(errors.empty()) << text;
  if (optimize) Optimize(c.nodes, c.root);
  return c;
}

// Every record over: flag in {unknown, no, yes}, level in {unknown, none, mild,
// severe}, sites in {unknown, {}, {medial}, {proximal, mid}}.
std::vector<Record> AllRecords(const std::vector<Field>& fields) {
  std::vector<Record> records;
  const char* flags[] = {"", "no", "yes"};
  const char* levels[] = {"", "none", "mild", "severe"};
  const char* sites[] = {"", ";", "medial", "proximal;mid"};
  for (const char* f : flags) {
    for (const char* l : levels) {
      for (const char* s : sites) {
        Record r(3);
        EXPECT_EQ(DecodeText(fields[0], f, r.slots[0]), "");
        EXPECT_EQ(DecodeText(fields[1], l, r.slots[1]), "");
        EXPECT_EQ(DecodeText(fields[2], s, r.slots[2]), "");
        records.push_back(r);
      }
    }
  }
  return records;
}

TEST(ExprOptimize, FusedComparisonsKeepEveryVerdict) {
  const std::vector<Field> fields = TestFields();
  const std::vector<std::string> expressions = {
      "flag == true",
      "flag == false",
      "false == flag",
      "flag != true",
      "level == \"severe\"",
      "\"mild\" == level",
      "level != \"none\"",
      "\"medial\" in sites",
      "\"mid\" not in sites",
      "not (level == \"mild\") or flag == false",
      "\"proximal\" in sites and level != \"severe\"",
  };
  const std::vector<Record> records = AllRecords(fields);
  for (const std::string& text : expressions) {
    Compiled plain = Build(fields, text, false);
    Compiled fused = Build(fields, text, true);
    for (const Record& record : records) {
      Context a{&plain.nodes, nullptr, &record, 0};
      Context b{&fused.nodes, nullptr, &record, 0};
      EXPECT_EQ(Eval(a, plain.root).truth, Eval(b, fused.root).truth) << text;
      std::vector<int> want, got;
      CollectUnknownFields(a, plain.root, [&](int f) { want.push_back(f); });
      CollectUnknownFields(b, fused.root, [&](int f) { got.push_back(f); });
      EXPECT_EQ(want, got) << text;
    }
  }
}

TEST(ExprOptimize, FusesFieldAgainstConstant) {
  const std::vector<Field> fields = TestFields();
  Compiled c = Build(fields, "level == \"severe\" and \"mid\" in sites", true);
  const Node& root = c.nodes[c.root];
  EXPECT_EQ(c.nodes[root.a].op, Op::kFieldIs);
  EXPECT_EQ(c.nodes[root.b].op, Op::kListHas);
}

}  // namespace
}  // namespace needlescreen::expr
