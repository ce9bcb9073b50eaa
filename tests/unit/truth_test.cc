#include "needlescreen/truth.h"

#include <gtest/gtest.h>

namespace needlescreen {
namespace {

constexpr Truth F = Truth::kFalse;
constexpr Truth T = Truth::kTrue;
constexpr Truth U = Truth::kUnknown;

struct BinaryCase {
  Truth a;
  Truth b;
  Truth expected;
};

// Every pair of the nine, so a missing row cannot hide (SPEC §1.2).
TEST(Truth, AndIsKleeneConjunction) {
  const BinaryCase cases[] = {
      {F, F, F}, {F, T, F}, {F, U, F},  // false wins over everything
      {T, F, F}, {T, T, T}, {T, U, U},  // unknown wins over true
      {U, F, F}, {U, T, U}, {U, U, U},
  };
  for (const BinaryCase& c : cases) {
    EXPECT_EQ(And(c.a, c.b), c.expected) << TruthName(c.a) << " and " << TruthName(c.b);
  }
}

TEST(Truth, OrIsKleeneDisjunction) {
  const BinaryCase cases[] = {
      {F, F, F}, {F, T, T}, {F, U, U},  // unknown wins over false
      {T, F, T}, {T, T, T}, {T, U, T},  // true wins over everything
      {U, F, U}, {U, T, T}, {U, U, U},
  };
  for (const BinaryCase& c : cases) {
    EXPECT_EQ(Or(c.a, c.b), c.expected) << TruthName(c.a) << " or " << TruthName(c.b);
  }
}

TEST(Truth, NotLeavesUnknownUnknown) {
  struct UnaryCase {
    Truth a;
    Truth expected;
  };
  const UnaryCase cases[] = {{F, T}, {T, F}, {U, U}};
  for (const UnaryCase& c : cases) {
    EXPECT_EQ(Not(c.a), c.expected) << "not " << TruthName(c.a);
  }
}

TEST(Truth, AndAndOrAreCommutative) {
  const Truth all[] = {F, T, U};
  for (Truth a : all) {
    for (Truth b : all) {
      EXPECT_EQ(And(a, b), And(b, a)) << TruthName(a) << ", " << TruthName(b);
      EXPECT_EQ(Or(a, b), Or(b, a)) << TruthName(a) << ", " << TruthName(b);
    }
  }
}

TEST(Truth, DeMorganHoldsInThreeValuedLogic) {
  const Truth all[] = {F, T, U};
  for (Truth a : all) {
    for (Truth b : all) {
      EXPECT_EQ(Not(And(a, b)), Or(Not(a), Not(b))) << TruthName(a) << ", " << TruthName(b);
      EXPECT_EQ(Not(Or(a, b)), And(Not(a), Not(b))) << TruthName(a) << ", " << TruthName(b);
    }
  }
}

TEST(Truth, FromBoolNeverGivesUnknown) {
  EXPECT_EQ(FromBool(true), T);
  EXPECT_EQ(FromBool(false), F);
}

TEST(Truth, NamesAreTheWordsTheOutputUses) {
  EXPECT_EQ(TruthName(T), "true");
  EXPECT_EQ(TruthName(F), "false");
  EXPECT_EQ(TruthName(U), "unknown");
}

TEST(Truth, TablesAreUsableAtCompileTime) {
  static_assert(And(T, U) == U);
  static_assert(Or(F, U) == U);
  static_assert(Not(U) == U);
  SUCCEED();
}

}  // namespace
}  // namespace needlescreen
