// --explain's deciding parts and let values (screen/explain.cc): the parts of
// a compound condition whose values gave its verdict, Kleene logic read
// backwards (SPEC §1.2).
#include "screen/explain.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/screen.h"

namespace needlescreen {
namespace {

constexpr std::string_view kPack = R"yaml(pack: explain-test
version: 1.0.0
fields:
  - {path: a, type: bool}
  - {path: b, type: bool}
  - {path: c, type: bool}
  - {path: onset, type: datetime}
let:
  either: a or b
  hours: hours_between(onset, now)
rules:
  - {id: all, outcome: wait, when: "a and b and c", message: m}
  - {id: any, outcome: swap, when: "a or b or c", message: m}
  - {id: none, outcome: swap, when: "not (a or b)", message: m}
  - {id: lets, outcome: wait, when: "either and hours < 72", message: m}
  - {id: atom, outcome: caution, when: "a == false", message: m}
  - {id: always, outcome: info, message: m}
)yaml";

const Pack& TestPack() {
  static const Pack pack = [] {
    PackLoad load = LoadPack({{"explain.yaml", std::string(kPack)}});
    EXPECT_TRUE(load.pack.has_value());
    return std::move(*load.pack);
  }();
  return pack;
}

// Screens a record given as path=value pairs ("" leaves a field unknown).
Result Explain(const std::vector<std::pair<std::string, std::string>>& values) {
  const Pack& pack = TestPack();
  Record record(pack.fields.size());
  for (const auto& [path, text] : values) {
    int f = pack.FieldIndex(path);
    EXPECT_EQ(DecodeText(pack.fields[f], text, record.slots[f]), "");
  }
  Result result;
  Screener(pack).Screen(record, *ParseDatetime("2026-11-24T21:00:00Z"), {true}, result);
  return result;
}

std::string Parts(const Result& r, int rule) {
  std::string out;
  for (const DecidingPart& p : r.trace[rule].decided_by) {
    out += (out.empty() ? "" : "; ") + p.expr + "=" + std::string(TruthName(p.value));
  }
  return out;
}

TEST(Explain, FalseAndIsDecidedByItsFalseOperands) {
  Result r = Explain({{"a", "true"}, {"b", "false"}, {"c", "false"}});
  EXPECT_EQ(Parts(r, 0), "b=false; c=false");
}

TEST(Explain, TrueAndIsDecidedByEveryOperand) {
  Result r = Explain({{"a", "true"}, {"b", "true"}, {"c", "true"}});
  EXPECT_EQ(Parts(r, 0), "a=true; b=true; c=true");
}

TEST(Explain, TrueOrIsDecidedByItsTrueOperandsEvenWithUnknowns) {
  Result r = Explain({{"b", "true"}});
  EXPECT_EQ(r.verdicts[1], Truth::kTrue);
  EXPECT_EQ(Parts(r, 1), "b=true");
}

TEST(Explain, UnknownIsDecidedByTheUnknownOperands) {
  Result r = Explain({{"a", "true"}, {"b", "true"}});
  EXPECT_EQ(r.verdicts[0], Truth::kUnknown);
  EXPECT_EQ(Parts(r, 0), "c=unknown");
  r = Explain({{"a", "false"}});
  EXPECT_EQ(Parts(r, 1), "b=unknown; c=unknown");
}

TEST(Explain, NotFlipsTheValueLookedFor) {
  Result r = Explain({{"a", "false"}, {"b", "true"}});
  EXPECT_EQ(r.verdicts[2], Truth::kFalse);
  EXPECT_EQ(Parts(r, 2), "b=true");  // `not (a or b)` is false because b is true
}

TEST(Explain, LetsAreLeavesAndTheirValuesAreListed) {
  Result r = Explain({{"a", "true"}, {"onset", "2026-11-23T09:00:00Z"}});
  EXPECT_EQ(Parts(r, 3), "either=true; hours < 72=true");
  const auto& lets = r.trace[3].lets;
  ASSERT_EQ(lets.size(), 2u);
  EXPECT_EQ(TestPack().lets[lets[0].let].name, "either");
  EXPECT_EQ(lets[0].value, "true");  // a condition reads true/false, not yes/no
  EXPECT_EQ(lets[1].value, "36");
}

TEST(Explain, UnknownLetHasNoValue) {
  Result r = Explain({{"a", "true"}});
  const auto& lets = r.trace[3].lets;
  ASSERT_EQ(lets.size(), 2u);
  EXPECT_FALSE(lets[1].known);
  EXPECT_EQ(lets[1].value, "");
}

TEST(Explain, SimpleConditionIsItsOwnPartAndAlwaysHasNone) {
  Result r = Explain({{"a", "true"}});
  EXPECT_EQ(Parts(r, 4), "a == false=false");
  EXPECT_TRUE(r.trace[5].decided_by.empty());
  EXPECT_TRUE(r.trace[5].lets.empty());
}

TEST(Explain, FoldBlanksJoinsLinesOfAFoldedCondition) {
  EXPECT_EQ(screen::FoldBlanks("  a\n  and\tb  "), "a and b");
  EXPECT_EQ(screen::FoldBlanks(""), "");
}

}  // namespace
}  // namespace needlescreen
