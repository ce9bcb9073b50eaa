// "Did you mean" hints: the bounded edit distance, the one threshold rule,
// ties, the work budget, enum and list values, and the wording.
#include "common/spellcheck.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/text.h"
#include "model/field_hint.h"

namespace needlescreen {
namespace {

std::string Hint(std::string_view typed, const std::vector<std::string>& candidates) {
  return DidYouMean(SpellcheckString(typed, candidates));
}

TEST(EditDistance, CountsInsertionsDeletionsAndReplacements) {
  struct Case {
    const char* a;
    const char* b;
    size_t distance;
  };
  const Case cases[] = {
      {"", "", 0},
      {"abc", "abc", 0},
      {"", "abc", 3},
      {"abc", "", 3},
      {"sever", "severe", 1},
      {"phobai", "phobia", 2},
      {"kitten", "sitting", 3},
      {"chekc", "check", 2},
      {"consent", "patient.consent", 8},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(EditDistance(c.a, c.b), c.distance) << c.a << " / " << c.b;
    EXPECT_EQ(EditDistance(c.b, c.a), c.distance) << c.b << " / " << c.a;
  }
}

TEST(EditDistance, WithoutReplacementsAReplacementIsADeletionAndAnInsertion) {
  EXPECT_EQ(EditDistance("abc", "abd", /*allow_replacements=*/false), 2u);
  EXPECT_EQ(EditDistance("abc", "abd", /*allow_replacements=*/true), 1u);
}

TEST(EditDistance, AboveTheCeilingIsCeilingPlusOne) {
  EXPECT_EQ(EditDistance("kitten", "sitting", true, 3), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting", true, 2), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting", true, 0), 1u);
  EXPECT_EQ(EditDistance("a", "abcdefgh", true, 3), 4u);  // the length gap alone
  EXPECT_EQ(EditDistance("abc", "abc", true, 0), 0u);
}

TEST(EditDistance, CeilingBoundsTheWorkOnLongWords) {
  // Two 1 MB words: a full table would be 10^12 cells; the band is 7 wide.
  const std::string a(1 << 20, 'a');
  std::string b = a;
  b[b.size() / 2] = 'b';
  EXPECT_EQ(EditDistance(a, b, true, 3), 1u);
  EXPECT_EQ(EditDistance(a, std::string(1 << 20, 'b'), true, 3), 4u);
  EXPECT_EQ(EditDistanceCells(a.size(), b.size(), 3), (a.size() + 1) * 7);
  EXPECT_EQ(EditDistanceCells(3, 5, SIZE_MAX), 4u * 6);  // no ceiling: the whole table
}

TEST(MaxHintDistance, AThirdOfTheWordRoundedUpNeverAllOfItAtMostThree) {
  const std::pair<std::string_view, size_t> cases[] = {
      {"", 0},       {"x", 0},       {"ab", 1},
      {"doc", 1},    {"test", 2},    {"chekc", 2},
      {"schema", 2}, {"consnet", 3}, {"clinician.dry_needling_certifed", 3},
  };
  for (const auto& [typed, distance] : cases) EXPECT_EQ(MaxHintDistance(typed), distance) << typed;
}

TEST(SpellcheckString, FindsTheNearestWithinTheThreshold) {
  const std::vector<std::string> commands = {"check", "rules", "interview", "template", "schema"};
  EXPECT_EQ(Hint("chekc", commands), "; did you mean 'check'?");
  EXPECT_EQ(Hint("interveiw", commands), "; did you mean 'interview'?");
  EXPECT_EQ(Hint("rule", commands), "; did you mean 'rules'?");
  EXPECT_EQ(Hint("records.yaml", commands), "");
  EXPECT_EQ(Hint("mising", {"decision", "rules", "missing"}), "; did you mean 'missing'?");
  EXPECT_EQ(Hint("zebra", {"pack", "version", "title", "source", "rules"}), "");
}

TEST(SpellcheckString, ShortWordsGetNoFarFetchedHint) {
  EXPECT_EQ(Hint("x", {"a", "id", "xy"}), "");  // one letter: no hint at all
  EXPECT_EQ(Hint("ab", {"ax"}), "; did you mean 'ax'?");
  EXPECT_EQ(Hint("ab", {"xy", "abcd"}), "");
  EXPECT_EQ(Hint("doc", {"dot"}), "; did you mean 'dot'?");
  EXPECT_EQ(Hint("doc", {"lint", "test", "dt"}), "");  // two edits of a three-letter word
  EXPECT_EQ(Hint("tset", {"lint", "test", "doc"}), "; did you mean 'test'?");
}

TEST(SpellcheckString, NeverMoreThanThreeEditsHoweverLongTheWord) {
  const std::string path = "complaint.hamstring_tightness";
  EXPECT_EQ(Hint("complaint.hamstring_tightnes", {path}), "; did you mean '" + path + "'?");
  EXPECT_EQ(Hint("complaint.hamstring_tigh", {path}), "");  // five edits
}

TEST(SpellcheckString, TheLastSegmentOfAPathIsANearMissWhateverItsLength) {
  EXPECT_EQ(Hint("consent", {"patient.age", "patient.consent"}),
            "; did you mean 'patient.consent'?");
  EXPECT_EQ(Hint("x", {"group.x"}), "; did you mean 'group.x'?");
  EXPECT_EQ(Hint("consent", {"patient.consent_form"}), "");
}

TEST(SpellcheckString, OfEquallyNearCandidatesTheFirstWins) {
  EXPECT_EQ(Hint("cat", {"bat", "cot", "car"}), "; did you mean 'bat'?");
  EXPECT_EQ(Hint("cat", {"car", "cot", "bat"}), "; did you mean 'car'?");
  // A nearer one later still wins.
  EXPECT_EQ(Hint("patient.consnet", {"patient.consents", "patient.consent"}),
            "; did you mean 'patient.consent'?");
  // Two paths ending in the typed word: the first.
  EXPECT_EQ(Hint("onset", {"injury.onset", "pain.onset"}), "; did you mean 'injury.onset'?");
}

TEST(SpellcheckString, NoCandidatesNoHint) {
  EXPECT_EQ(SpellcheckString("check", {}), std::nullopt);
  EXPECT_EQ(SpellcheckString("check", {""}), std::nullopt);
  EXPECT_EQ(SpellcheckString("", {"a", "b"}), std::nullopt);
}

TEST(SpellcheckString, ASpentBudgetGivesNoHint) {
  SpellcheckBudget budget;
  budget.cells = 0;
  EXPECT_EQ(SpellcheckString("chekc", {"check"}, &budget), std::nullopt);
  // A last-segment match costs nothing.
  EXPECT_EQ(SpellcheckString("consent", {"patient.consent"}, &budget), "patient.consent");
}

TEST(SpellcheckString, EachComparisonIsChargedItsBandedCells) {
  SpellcheckBudget budget;
  budget.cells = 1000;
  EXPECT_EQ(SpellcheckString("chekc", {"check"}, &budget), "check");
  EXPECT_EQ(budget.cells, 1000 - EditDistanceCells(5, 5, 2));
  // A candidate the lengths rule out costs nothing.
  EXPECT_EQ(SpellcheckString("chekc", {"interview"}, &budget), std::nullopt);
  EXPECT_EQ(budget.cells, 1000 - EditDistanceCells(5, 5, 2));
}

TEST(SpellcheckString, ThousandsOfLongNamesCostABoundedTime) {
  // A hostile pack: 4096 names of 128 bytes (the name limit) that all share a
  // long prefix, and 4096 unknown names of the same shape. Unbounded, that is
  // 4096 * 4096 comparisons of 129 * 129 cells (2.8 * 10^11).
  std::vector<std::string> names;
  for (int i = 0; i < 4096; ++i)
    names.push_back(std::string(120, 'n') + std::to_string(10'000'000 + i));
  SpellcheckBudget budget;
  int hints = 0;
  for (int i = 0; i < 4096; ++i) {
    const std::string typed = std::string(120, 'n') + std::to_string(20'000'000 + i);
    hints += SpellcheckString(typed, names, &budget) ? 1 : 0;
  }
  EXPECT_GT(hints, 0);     // the first ones still get a hint
  EXPECT_LT(hints, 4096);  // then the budget is spent
  EXPECT_LE(budget.cells, SpellcheckBudget::kDefaultCells);
}

Field MakeField(FieldType type, std::vector<std::string> values) {
  Field f;
  f.path = "patient.needle_phobia";
  f.type = type;
  f.values = std::move(values);
  return f;
}

TEST(NearestValue, EnumValueIgnoringCaseAsDecodingDoes) {
  const Field phobia = MakeField(FieldType::kEnum, {"none", "mild", "severe"});
  EXPECT_EQ(NearestValue(phobia, "mlid"), "mild");
  EXPECT_EQ(NearestValue(phobia, " MLID "), "mild");
  EXPECT_EQ(NearestValue(phobia, "sever"), "severe");
  EXPECT_EQ(NearestValue(phobia, "Mild"), std::nullopt);  // a value: nothing to hint
  EXPECT_EQ(NearestValue(phobia, "terrified"), std::nullopt);
  const Field upper = MakeField(FieldType::kEnum, {"ACL", "PCL"});
  EXPECT_EQ(NearestValue(upper, "acll"), "ACL");  // the pack's spelling
}

TEST(NearestValue, ListHintsTheFirstItemThatIsNoValue) {
  const Field sites = MakeField(FieldType::kList, {"medial", "lateral", "proximal"});
  EXPECT_EQ(NearestValue(sites, "medial; latral"), "lateral");
  EXPECT_EQ(NearestValue(sites, "medail;proximl"), "medial");
  EXPECT_EQ(NearestValue(sites, ";medial;"), std::nullopt);
}

TEST(NearestValue, OtherTypesGetNone) {
  EXPECT_EQ(NearestValue(MakeField(FieldType::kBool, {}), "yse"), std::nullopt);
  EXPECT_EQ(NearestValue(MakeField(FieldType::kString, {"mild"}), "mlid"), std::nullopt);
}

TEST(DidYouMean, WordsTheHintOrNothing) {
  EXPECT_EQ(DidYouMean(std::nullopt), "");
  EXPECT_EQ(DidYouMean("patient.consent"), "; did you mean 'patient.consent'?");
}

TEST(DidYouMean, TerminalTextStaysEscapedThroughPrintable) {
  // The CLI prints hints through Printable: a typed or declared ESC [2J must
  // reach the terminal as text, never clear the screen.
  const std::string typed = "chec\x1b[2J";
  const std::string line =
      "unknown command '" + typed + "'" + DidYouMean(std::string_view("check\x1b[2J"));
  EXPECT_EQ(Printable(line), "unknown command 'chec\\x1b[2J'; did you mean 'check\\x1b[2J'?");
}

}  // namespace
}  // namespace needlescreen
