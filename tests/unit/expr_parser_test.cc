// The expression parser: precedence, literals, and located parse errors.
#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "expr/expr.h"

namespace needlescreen::expr {
namespace {

std::string Show(const std::vector<Node>& nodes, int i);

std::string Join(const std::vector<Node>& nodes, const std::vector<int>& items,
                 std::string_view sep) {
  std::string out;
  for (size_t k = 0; k < items.size(); ++k) {
    if (k > 0) out += sep;
    out += Show(nodes, items[k]);
  }
  return out;
}

const char* BinaryName(Op op) {
  switch (op) {
    case Op::kAnd:
      return "and";
    case Op::kOr:
      return "or";
    case Op::kEq:
      return "==";
    case Op::kNe:
      return "!=";
    case Op::kLt:
      return "<";
    case Op::kLe:
      return "<=";
    case Op::kGt:
      return ">";
    case Op::kGe:
      return ">=";
    case Op::kIn:
      return "in";
    case Op::kNotIn:
      return "not-in";
    case Op::kAdd:
      return "+";
    case Op::kSub:
      return "-";
    default:
      return nullptr;
  }
}

// The parse tree as an S-expression, so precedence reads at a glance:
// `a or b and c` -> "(or a (and b c))".
std::string Show(const std::vector<Node>& nodes, int i) {
  const Node& n = nodes[i];
  if (const char* name = BinaryName(n.op)) {
    return "(" + std::string(name) + " " + Show(nodes, n.a) + " " + Show(nodes, n.b) + ")";
  }
  switch (n.op) {
    case Op::kBoolLit:
      return n.boolean ? "true" : "false";
    case Op::kNumberLit: {
      std::ostringstream out;
      out << n.number;
      return out.str();
    }
    case Op::kStringLit:
      return "\"" + n.text + "\"";
    case Op::kDurationLit:
      return std::to_string(n.seconds) + "s";
    case Op::kName:
      return n.text;
    case Op::kNow:
      return "now";
    case Op::kNot:
      return "(not " + Show(nodes, n.a) + ")";
    case Op::kNeg:
      return "(neg " + Show(nodes, n.a) + ")";
    case Op::kListLit:
      return "[" + Join(nodes, n.items, " ") + "]";
    case Op::kCall:
      return n.text + "(" + Join(nodes, n.items, ", ") + ")";
    default:
      return "?";
  }
}

// Parses `text` and shows its tree, or "error@<offset>: <message>".
std::string Tree(std::string_view text) {
  std::vector<Node> nodes;
  Error error;
  int root = Parse(text, nodes, error);
  if (root < 0) return "error@" + std::to_string(error.offset) + ": " + error.message;
  return Show(nodes, root);
}

struct ParseFailure {
  bool failed = false;
  uint32_t offset = 0;
  std::string message;
};

ParseFailure Fail(std::string_view text) {
  std::vector<Node> nodes;
  Error error;
  ParseFailure f;
  f.failed = Parse(text, nodes, error) < 0;
  f.offset = error.offset;
  f.message = error.message;
  return f;
}

// --- precedence -------------------------------------------------------------

TEST(ExprParser, AndBindsTighterThanOr) {
  EXPECT_EQ(Tree("a or b and c"), "(or a (and b c))");
  EXPECT_EQ(Tree("a and b or c"), "(or (and a b) c)");
}

TEST(ExprParser, NotBindsTighterThanAnd) {
  EXPECT_EQ(Tree("not a and b"), "(and (not a) b)");
  EXPECT_EQ(Tree("a and not b"), "(and a (not b))");
}

TEST(ExprParser, ComparisonBindsTighterThanNot) {
  EXPECT_EQ(Tree("not a == b"), "(not (== a b))");
  EXPECT_EQ(Tree("not x in [1]"), "(not (in x [1]))");
}

TEST(ExprParser, AdditionBindsTighterThanComparison) {
  EXPECT_EQ(Tree("a + 72h < b"), "(< (+ a 259200s) b)");
  EXPECT_EQ(Tree("now - a >= 3d - 1h"), "(>= (- now a) (- 259200s 3600s))");
}

TEST(ExprParser, UnaryMinusBindsTighterThanAddition) {
  EXPECT_EQ(Tree("-a + b"), "(+ (neg a) b)");
  EXPECT_EQ(Tree("a - -b"), "(- a (neg b))");
}

TEST(ExprParser, BinaryOperatorsAssociateToTheLeft) {
  EXPECT_EQ(Tree("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(Tree("a or b or c"), "(or (or a b) c)");
  EXPECT_EQ(Tree("a and b and c"), "(and (and a b) c)");
}

TEST(ExprParser, NotNests) { EXPECT_EQ(Tree("not not a"), "(not (not a))"); }

TEST(ExprParser, ParenthesesOverridePrecedence) {
  EXPECT_EQ(Tree("(a or b) and c"), "(and (or a b) c)");
  EXPECT_EQ(Tree("not (a and b)"), "(not (and a b))");
  EXPECT_EQ(Tree("a - (b - c)"), "(- a (- b c))");
  EXPECT_EQ(Tree("((a))"), "a");
}

TEST(ExprParser, AllComparisonOperatorsParse) {
  EXPECT_EQ(Tree("a == 1"), "(== a 1)");
  EXPECT_EQ(Tree("a != 1"), "(!= a 1)");
  EXPECT_EQ(Tree("a < 1"), "(< a 1)");
  EXPECT_EQ(Tree("a <= 1"), "(<= a 1)");
  EXPECT_EQ(Tree("a > 1"), "(> a 1)");
  EXPECT_EQ(Tree("a >= 1"), "(>= a 1)");
}

TEST(ExprParser, WhitespaceIsOptionalAroundOperators) {
  EXPECT_EQ(Tree("a<=1"), "(<= a 1)");
  EXPECT_EQ(Tree("  a\n==\t1  "), "(== a 1)");
}

// --- literals and names -----------------------------------------------------

TEST(ExprParser, ParsesBooleanNumberAndStringLiterals) {
  EXPECT_EQ(Tree("true"), "true");
  EXPECT_EQ(Tree("false"), "false");
  EXPECT_EQ(Tree("36"), "36");
  EXPECT_EQ(Tree("2.5"), "2.5");
  EXPECT_EQ(Tree("\"severe\""), "\"severe\"");
  EXPECT_EQ(Tree("'severe'"), "\"severe\"");
}

TEST(ExprParser, StringLiteralsHonourBackslashEscapes) {
  EXPECT_EQ(Tree(R"("say \"hi\"")"), "\"say \"hi\"\"");
  EXPECT_EQ(Tree(R"('it\'s')"), "\"it's\"");
}

TEST(ExprParser, DurationsAreConvertedToSeconds) {
  EXPECT_EQ(Tree("45s"), "45s");
  EXPECT_EQ(Tree("30m"), "1800s");
  EXPECT_EQ(Tree("72h"), "259200s");
  EXPECT_EQ(Tree("14d"), "1209600s");
  EXPECT_EQ(Tree("2w"), "1209600s");
}

TEST(ExprParser, DurationWithUnknownUnitIsAnError) {
  ParseFailure f = Fail("a < 72x");
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.offset, 4u);
  EXPECT_EQ(f.message, "expected a duration such as 30m, 72h, 14d or 2w");
  EXPECT_TRUE(Fail("72hours").failed);
}

TEST(ExprParser, FractionalDurationIsAnError) {
  ParseFailure f = Fail("now - 1.5h");
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.offset, 6u);
  EXPECT_EQ(f.message, "a duration must be a whole number with a unit (72h)");
}

TEST(ExprParser, DottedPathIsOneName) {
  std::vector<Node> nodes;
  Error error;
  int root = Parse("patient.needle_phobia", nodes, error);
  ASSERT_GE(root, 0) << error.message;
  EXPECT_EQ(nodes[root].op, Op::kName);
  EXPECT_EQ(nodes[root].text, "patient.needle_phobia");
  EXPECT_EQ(Tree("a.b.c_d2 == x.y"), "(== a.b.c_d2 x.y)");
}

TEST(ExprParser, NowIsItsOwnNode) {
  EXPECT_EQ(Tree("now"), "now");
  EXPECT_EQ(Tree("nowhere"), "nowhere");
}

TEST(ExprParser, DoubledDotEndsAName) {
  ParseFailure f = Fail("patient..consent");
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.offset, 7u);
  EXPECT_EQ(f.message, "unexpected character");
}

TEST(ExprParser, NodesRecordTheirByteOffsets) {
  std::vector<Node> nodes;
  Error error;
  int root = Parse("ab and  cd == 3", nodes, error);
  ASSERT_GE(root, 0);
  const Node& conj = nodes[root];
  EXPECT_EQ(conj.op, Op::kAnd);
  EXPECT_EQ(conj.offset, 3u);
  EXPECT_EQ(nodes[conj.a].offset, 0u);
  const Node& eq = nodes[conj.b];
  EXPECT_EQ(eq.offset, 11u);  // the operator
  EXPECT_EQ(nodes[eq.a].offset, 8u);
  EXPECT_EQ(nodes[eq.b].offset, 14u);
}

TEST(ExprParser, ParseAppendsToASharedArena) {
  std::vector<Node> nodes;
  Error error;
  int first = Parse("a and b", nodes, error);
  size_t after_first = nodes.size();
  int second = Parse("c", nodes, error);
  ASSERT_GE(first, 0);
  ASSERT_GE(second, 0);
  EXPECT_EQ(static_cast<size_t>(second), after_first);
  EXPECT_EQ(Show(nodes, first), "(and a b)");
  EXPECT_EQ(Show(nodes, second), "c");
}

// --- lists and calls --------------------------------------------------------

TEST(ExprParser, ListLiteralsHoldItemsInOrder) {
  EXPECT_EQ(Tree(R"(x in ["mild", "severe"])"), R"((in x ["mild" "severe"]))");
  EXPECT_EQ(Tree("x in [1, 2, 3]"), "(in x [1 2 3])");
  EXPECT_EQ(Tree("x in []"), "(in x [])");
}

TEST(ExprParser, NotInIsOneOperator) {
  EXPECT_EQ(Tree(R"(x not in ["a"])"), R"((not-in x ["a"]))");
}

TEST(ExprParser, MembershipInAListField) {
  EXPECT_EQ(Tree(R"("medial" in treatment.sites)"), R"((in "medial" treatment.sites))");
}

TEST(ExprParser, FunctionCallsKeepTheirArguments) {
  EXPECT_EQ(Tree("known(injury.onset)"), "known(injury.onset)");
  EXPECT_EQ(Tree("hours_between(injury.onset, now)"), "hours_between(injury.onset, now)");
  EXPECT_EQ(Tree("f()"), "f()");
  EXPECT_EQ(Tree("known(a or b)"), "known((or a b))");
}

TEST(ExprParser, CallsBindAsPrimaries) {
  EXPECT_EQ(Tree("days_between(a, now) > 42 and known(b)"),
            "(and (> days_between(a, now) 42) known(b))");
}

// --- errors -----------------------------------------------------------------

TEST(ExprParser, UnterminatedStringPointsAtItsQuote) {
  ParseFailure f = Fail(R"(x == "severe)");
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.offset, 5u);
  EXPECT_EQ(f.message, "unterminated string literal");
}

TEST(ExprParser, SingleEqualsAsksForDoubleEquals) {
  ParseFailure f = Fail("patient.consent = false");
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.offset, 16u);
  EXPECT_EQ(f.message, "use '==' to compare");
}

TEST(ExprParser, ChainedComparisonsAreRejected) {
  ParseFailure f = Fail("1 < x < 3");
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.offset, 6u);
  EXPECT_EQ(f.message, "comparisons do not chain; combine them with 'and'");
  EXPECT_TRUE(Fail("a == b == c").failed);
}

TEST(ExprParser, MissingClosingParenthesisIsReportedAtTheEnd) {
  ParseFailure f = Fail("(a or b");
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.offset, 7u);
  EXPECT_EQ(f.message, "expected ')'");
}

TEST(ExprParser, MissingClosingParenthesisOfACall) {
  ParseFailure f = Fail("known(a");
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.offset, 7u);
  EXPECT_EQ(f.message, "expected ',' or ')' after the argument");
}

TEST(ExprParser, UnclosedListIsAnError) {
  ParseFailure f = Fail("x in [1, 2");
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.offset, 10u);
  EXPECT_EQ(f.message, "expected ',' or ']' in the list");
}

TEST(ExprParser, StrayClosingParenthesisIsATrailingToken) {
  ParseFailure f = Fail("a and b)");
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.offset, 7u);
  EXPECT_EQ(f.message, "expected an operator or the end");
}

TEST(ExprParser, TrailingTokensAreRejected) {
  ParseFailure f = Fail("a b");
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.offset, 2u);
  EXPECT_EQ(f.message, "expected an operator or the end");
  EXPECT_EQ(Fail("a == 1 2").offset, 7u);
}

TEST(ExprParser, EmptyExpressionIsAnError) {
  ParseFailure f = Fail("");
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.offset, 0u);
  EXPECT_EQ(f.message, "expected a value, found the end of the expression");
  EXPECT_EQ(Fail("   ").offset, 3u);
}

TEST(ExprParser, OperatorWithoutRightOperandIsAnError) {
  ParseFailure f = Fail("a and");
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.offset, 5u);
  EXPECT_EQ(f.message, "expected a value, found the end of the expression");
  EXPECT_EQ(Fail("a <").message, "expected a value, found the end of the expression");
  EXPECT_EQ(Fail("not").message, "expected a value, found the end of the expression");
}

TEST(ExprParser, KeywordWhereAValueBelongsIsNamed) {
  ParseFailure f = Fail("a and or b");
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.offset, 6u);
  EXPECT_EQ(f.message, "expected a value, found 'or'");
  EXPECT_EQ(Fail("in").message, "expected a value, found 'in'");
}

TEST(ExprParser, NotWithoutInAfterAValueIsAnError) {
  ParseFailure f = Fail("x not y");
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.offset, 6u);
  EXPECT_EQ(f.message, "expected 'in' after 'not'");
}

TEST(ExprParser, UnexpectedCharacterIsLocated) {
  ParseFailure f = Fail("a && b");
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.offset, 2u);
  EXPECT_EQ(f.message, "unexpected character");
  EXPECT_EQ(Fail("a ! b").message, "unexpected character");
  EXPECT_EQ(Fail("@").offset, 0u);
}

TEST(ExprParser, OperatorWhereAValueBelongs) {
  ParseFailure f = Fail("a == )");
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.offset, 5u);
  EXPECT_EQ(f.message, "expected a value");
}

TEST(ExprParser, OnlyTheFirstErrorIsReported) {
  ParseFailure f = Fail("(a = b");
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.offset, 3u);
  EXPECT_EQ(f.message, "use '==' to compare");
}

// --- limits (SPEC §6) -------------------------------------------------------

std::string Nested(int depth) {
  return std::string(static_cast<size_t>(depth), '(') + "a" +
         std::string(static_cast<size_t>(depth), ')');
}

TEST(ExprParser, ModeratelyNestedParenthesesParse) {
  EXPECT_EQ(Tree(Nested(20)), "a");
  std::string nots;
  for (int i = 0; i < 40; ++i) nots += "not ";
  EXPECT_EQ(Fail(nots + "a").failed, false);
}

TEST(ExprParser, NestingBeyondTheLimitIsRefused) {
  ParseFailure f = Fail(Nested(kMaxExprDepth + 1));
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.message, "expression nested more than 64 levels deep");
}

TEST(ExprParser, ThousandsOfNestedParenthesesFailWithoutCrashing) {
  ParseFailure f = Fail(std::string(4000, '('));
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.message, "expression nested more than 64 levels deep");
}

TEST(ExprParser, LongChainsOfNotAndMinusAreDepthLimited) {
  std::string nots;
  for (int i = 0; i < 100; ++i) nots += "not ";
  EXPECT_EQ(Fail(nots + "a").message, "expression nested more than 64 levels deep");
  EXPECT_EQ(Fail(std::string(100, '-') + "1").message,
            "expression nested more than 64 levels deep");
}

TEST(ExprParser, LongFlatExpressionsAreNotDepthLimited) {
  std::string text = "a";
  for (int i = 0; i < 200; ++i) text += " or a";
  EXPECT_FALSE(Fail(text).failed);
}

TEST(ExprParser, ExpressionAtTheLengthLimitParses) {
  std::string text = "a" + std::string(kMaxExprLength - 1, ' ');
  ASSERT_EQ(text.size(), 4096u);
  EXPECT_EQ(Tree(text), "a");
}

TEST(ExprParser, ExpressionOverTheLengthLimitIsRefused) {
  std::string text = "a" + std::string(kMaxExprLength, ' ');
  ParseFailure f = Fail(text);
  EXPECT_TRUE(f.failed);
  EXPECT_EQ(f.offset, 0u);
  EXPECT_EQ(f.message, "expression longer than 4096 characters");
}

}  // namespace
}  // namespace needlescreen::expr
