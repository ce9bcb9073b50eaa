// Source spans of parsed nodes (Node::begin/end): --explain and rule docs
// quote parts of a condition exactly as written.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "expr/expr.h"

namespace needlescreen::expr {
namespace {

std::string Span(std::string_view text, const Node& n) {
  return std::string(text.substr(n.begin, n.end - n.begin));
}

struct Parsed {
  std::vector<Node> nodes;
  int root = -1;
};

Parsed ParseOk(std::string_view text) {
  Parsed p;
  Error error;
  p.root = Parse(text, p.nodes, error);
  EXPECT_GE(p.root, 0) << error.message;
  return p;
}

TEST(ExprSpan, BinaryNodeSpansBothOperands) {
  std::string_view text = "a.b == 1 and c < 72h";
  Parsed p = ParseOk(text);
  const Node& root = p.nodes[p.root];
  EXPECT_EQ(Span(text, root), text);
  EXPECT_EQ(Span(text, p.nodes[root.a]), "a.b == 1");
  EXPECT_EQ(Span(text, p.nodes[root.b]), "c < 72h");
  EXPECT_EQ(root.offset, 9u);  // diagnostics still point at the operator
}

TEST(ExprSpan, ParenthesesBelongToTheSpan) {
  std::string_view text = "not (a or b) and c";
  Parsed p = ParseOk(text);
  const Node& root = p.nodes[p.root];
  EXPECT_EQ(Span(text, p.nodes[root.a]), "not (a or b)");
  EXPECT_EQ(Span(text, p.nodes[p.nodes[root.a].a]), "(a or b)");
}

TEST(ExprSpan, CallsListsAndStringsEndAtTheirClosingToken) {
  std::string_view text = R"(hours_between(x, now) < 3 or y in ["a", 'b'])";
  Parsed p = ParseOk(text);
  const Node& root = p.nodes[p.root];
  EXPECT_EQ(Span(text, p.nodes[p.nodes[root.a].a]), "hours_between(x, now)");
  const Node& in = p.nodes[root.b];
  EXPECT_EQ(Span(text, in), R"(y in ["a", 'b'])");
  EXPECT_EQ(Span(text, p.nodes[in.b]), R"(["a", 'b'])");
  EXPECT_EQ(Span(text, p.nodes[p.nodes[in.b].items[0]]), R"("a")");
}

TEST(ExprSpan, TrailingBlanksAreNotPartOfTheSpan) {
  std::string_view text = "  - x   ";
  Parsed p = ParseOk(text);
  EXPECT_EQ(Span(text, p.nodes[p.root]), "- x");
}

TEST(ExprSpan, OptimizeKeepsTheSpanOfFusedComparisons) {
  std::vector<Field> fields(1);
  fields[0].path = "p.flag";
  fields[0].type = FieldType::kBool;
  std::string_view text = "p.flag == false";
  Parsed p = ParseOk(text);
  Scope scope;
  scope.fields = &fields;
  std::vector<Error> errors;
  Check(p.nodes, p.root, scope, errors);
  ASSERT_TRUE(errors.empty());
  Optimize(p.nodes, p.root);
  ASSERT_EQ(p.nodes[p.root].op, Op::kFieldIs);
  EXPECT_EQ(Span(text, p.nodes[p.root]), text);
}

}  // namespace
}  // namespace needlescreen::expr
