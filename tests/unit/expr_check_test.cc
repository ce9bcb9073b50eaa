// The type checker: names resolved against a pack's fields and lets, every
// mistake a located error, enum literals validated against the field's values.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "expr/expr.h"

namespace needlescreen::expr {
namespace {

Field MakeField(std::string path, FieldType type, std::vector<std::string> values = {}) {
  Field f;
  f.path = std::move(path);
  f.type = type;
  f.values = std::move(values);
  return f;
}

// A small schema with one field of every type, plus two enums that share
// their values and one that does not.
const std::vector<Field>& TestFields() {
  static const std::vector<Field> fields = {
      MakeField("patient.consent", FieldType::kBool),                                    // 0
      MakeField("patient.age", FieldType::kNumber),                                      // 1
      MakeField("patient.name", FieldType::kString),                                     // 2
      MakeField("patient.needle_phobia", FieldType::kEnum, {"none", "mild", "severe"}),  // 3
      MakeField("patient.anxiety", FieldType::kEnum, {"none", "mild", "severe"}),        // 4
      MakeField("patient.bleeding_disorder", FieldType::kEnum,
                {"none", "controlled", "uncontrolled"}),  // 5
      MakeField("injury.onset", FieldType::kDatetime),    // 6
      MakeField("injury.swelling", FieldType::kBool),     // 7
      MakeField("treatment.sites", FieldType::kList,
                {"proximal", "mid", "medial", "lateral", "distal"}),  // 8
  };
  return fields;
}

constexpr int kPhobia = 3;
constexpr int kOnset = 6;
constexpr int kSites = 8;

struct Checked {
  bool parsed = false;
  std::vector<Node> nodes;
  int root = -1;
  Type type;
  std::vector<Error> errors;

  // The first error's message, or "" when checking succeeded.
  std::string FirstMessage() const { return errors.empty() ? "" : errors.front().message; }
};

// Parses and checks `text` with the test fields and `scope`'s lets (whose
// roots live in `let_nodes`, which the expression's nodes are appended to).
Checked CheckText(std::string_view text, Scope scope = {}, std::vector<Node> let_nodes = {}) {
  Checked c;
  c.nodes = std::move(let_nodes);
  scope.fields = &TestFields();
  Error parse_error;
  c.root = Parse(text, c.nodes, parse_error);
  c.parsed = c.root >= 0;
  EXPECT_TRUE(c.parsed) << text << ": " << parse_error.message;
  if (!c.parsed) return c;
  c.type = Check(c.nodes, c.root, scope, c.errors);
  return c;
}

Kind KindOf(std::string_view text) {
  Checked c = CheckText(text);
  EXPECT_TRUE(c.errors.empty()) << text << ": " << c.FirstMessage();
  return c.type.kind;
}

// --- names ------------------------------------------------------------------

TEST(ExprCheck, ResolvesAFieldPathToItsSlot) {
  Checked c = CheckText("patient.needle_phobia");
  ASSERT_TRUE(c.errors.empty()) << c.FirstMessage();
  EXPECT_EQ(c.nodes[c.root].op, Op::kField);
  EXPECT_EQ(c.nodes[c.root].ref, kPhobia);
  EXPECT_EQ(c.type.kind, Kind::kEnum);
  EXPECT_EQ(c.type.field, kPhobia);
}

TEST(ExprCheck, EveryFieldTypeHasItsKind) {
  EXPECT_EQ(KindOf("patient.consent"), Kind::kBool);
  EXPECT_EQ(KindOf("patient.age"), Kind::kNumber);
  EXPECT_EQ(KindOf("patient.name"), Kind::kString);
  EXPECT_EQ(KindOf("patient.bleeding_disorder"), Kind::kEnum);
  EXPECT_EQ(KindOf("injury.onset"), Kind::kDatetime);
  EXPECT_EQ(KindOf("treatment.sites"), Kind::kList);
  EXPECT_EQ(KindOf("now"), Kind::kDatetime);
  EXPECT_EQ(KindOf("72h"), Kind::kDuration);
}

TEST(ExprCheck, UnknownNameSuggestsTheNearestField) {
  Checked c = CheckText("patient.consent and patient.needle_phobai == \"mild\"");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 20u);
  EXPECT_EQ(c.errors[0].message,
            "unknown name 'patient.needle_phobai'; did you mean 'patient.needle_phobia'?");
  EXPECT_EQ(c.type.kind, Kind::kError);
}

TEST(ExprCheck, BareLastComponentSuggestsTheFullPath) {
  Checked c = CheckText("consent");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].message, "unknown name 'consent'; did you mean 'patient.consent'?");
}

TEST(ExprCheck, UnknownNameFarFromEverythingHasNoHint) {
  Checked c = CheckText("zzzzzzzz");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 0u);
  EXPECT_EQ(c.errors[0].message, "unknown name 'zzzzzzzz'");
}

TEST(ExprCheck, UnknownNameMaySuggestALet) {
  std::vector<Node> nodes;
  Error parse_error;
  Scope scope;
  scope.fields = &TestFields();
  int let_root = Parse("injury.swelling", nodes, parse_error);
  std::vector<Error> errors;
  Type let_type = Check(nodes, let_root, scope, errors);
  ASSERT_TRUE(errors.empty());
  scope.let_names = {"acute_signs"};
  scope.let_roots = {let_root};
  scope.let_types = {let_type};

  Checked c = CheckText("acute_sign", scope, nodes);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].message, "unknown name 'acute_sign'; did you mean 'acute_signs'?");
}

TEST(ExprCheck, ResolvesALetNameToTheLetAndItsType) {
  std::vector<Node> nodes;
  Error parse_error;
  Scope scope;
  scope.fields = &TestFields();
  int let_root = Parse("hours_between(injury.onset, now)", nodes, parse_error);
  std::vector<Error> errors;
  Type let_type = Check(nodes, let_root, scope, errors);
  ASSERT_TRUE(errors.empty());
  ASSERT_EQ(let_type.kind, Kind::kNumber);
  scope.let_names = {"hours_since_onset"};
  scope.let_roots = {let_root};
  scope.let_types = {let_type};

  Checked ok = CheckText("hours_since_onset < 72", scope, nodes);
  ASSERT_TRUE(ok.errors.empty()) << ok.FirstMessage();
  const Node& left = ok.nodes[ok.nodes[ok.root].a];
  EXPECT_EQ(left.op, Op::kLet);
  EXPECT_EQ(left.ref, 0);

  Checked bad = CheckText("hours_since_onset and true", scope, nodes);
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].message, "'and' needs true/false operands, found a number");
}

TEST(ExprCheck, InvalidLetDoesNotCascade) {
  Scope scope;
  scope.let_names = {"broken"};
  scope.let_roots = {-1};
  scope.let_types = {Type{Kind::kError}};
  Checked c = CheckText("broken and patient.consent", scope);
  EXPECT_TRUE(c.errors.empty()) << c.FirstMessage();
  EXPECT_EQ(c.type.kind, Kind::kError);
}

TEST(ExprCheck, ReportsEveryUnknownNameInOneExpression) {
  Checked c = CheckText("alpha or beta");
  ASSERT_EQ(c.errors.size(), 2u);
  EXPECT_EQ(c.errors[0].offset, 0u);
  EXPECT_EQ(c.errors[1].offset, 9u);
  EXPECT_EQ(c.errors[0].message, "unknown name 'alpha'");
  EXPECT_EQ(c.errors[1].message, "unknown name 'beta'");
}

// --- logic and comparison ---------------------------------------------------

TEST(ExprCheck, LogicalOperatorsYieldBool) {
  EXPECT_EQ(KindOf("patient.consent and not injury.swelling or false"), Kind::kBool);
}

TEST(ExprCheck, AndWithANumberOperandIsAMismatch) {
  Checked c = CheckText("patient.consent and patient.age");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 20u);  // points at the bad operand
  EXPECT_EQ(c.errors[0].message, "'and' needs true/false operands, found a number");
}

TEST(ExprCheck, OrWithAStringOperandIsAMismatch) {
  Checked c = CheckText("patient.name or patient.consent");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 0u);
  EXPECT_EQ(c.errors[0].message, "'or' needs true/false operands, found a string");
}

TEST(ExprCheck, NotOfADatetimeIsAMismatch) {
  Checked c = CheckText("not injury.onset");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 4u);
  EXPECT_EQ(c.errors[0].message, "'not' needs true/false operands, found a datetime");
}

TEST(ExprCheck, NumberEqualsStringIsAMismatch) {
  Checked c = CheckText("patient.age == \"x\"");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 12u);  // the operator
  EXPECT_EQ(c.errors[0].message, "cannot compare a number with a string");
}

TEST(ExprCheck, BoolEqualsNumberIsAMismatch) {
  Checked c = CheckText("patient.consent != 1");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].message, "cannot compare true/false with a number");
}

TEST(ExprCheck, WellTypedEqualitiesPass) {
  EXPECT_EQ(KindOf("patient.consent == false"), Kind::kBool);
  EXPECT_EQ(KindOf("patient.age == 36"), Kind::kBool);
  EXPECT_EQ(KindOf("patient.name != \"Ann\""), Kind::kBool);
  EXPECT_EQ(KindOf("injury.onset == now"), Kind::kBool);
  EXPECT_EQ(KindOf("now - injury.onset == 72h"), Kind::kBool);
}

TEST(ExprCheck, EnumsWithTheSameValuesCompare) {
  EXPECT_EQ(KindOf("patient.needle_phobia == patient.anxiety"), Kind::kBool);
}

TEST(ExprCheck, EnumsWithDifferentValuesDoNotCompare) {
  Checked c = CheckText("patient.needle_phobia == patient.bleeding_disorder");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].message,
            "cannot compare a value of patient.needle_phobia with a value of "
            "patient.bleeding_disorder");
}

TEST(ExprCheck, ListFieldsCannotBeComparedWithEquals) {
  Checked c = CheckText("treatment.sites == treatment.sites");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].message,
            "cannot compare the list treatment.sites with the list treatment.sites");
}

TEST(ExprCheck, OrderingNeedsNumbersDatetimesOrDurationsOfOneKind) {
  EXPECT_EQ(KindOf("patient.age >= 18"), Kind::kBool);
  EXPECT_EQ(KindOf("injury.onset < now"), Kind::kBool);
  EXPECT_EQ(KindOf("now - injury.onset < 72h"), Kind::kBool);

  Checked mixed = CheckText("injury.onset < 72h");
  ASSERT_EQ(mixed.errors.size(), 1u);
  EXPECT_EQ(mixed.errors[0].offset, 13u);
  EXPECT_EQ(mixed.errors[0].message,
            "cannot order a datetime against a duration; '<' and friends take numbers, "
            "datetimes or durations of one kind");

  Checked strings = CheckText("patient.name > \"A\"");
  ASSERT_EQ(strings.errors.size(), 1u);
  EXPECT_NE(strings.errors[0].message.find("cannot order a string against a string"),
            std::string::npos);
}

TEST(ExprCheck, EnumsCannotBeOrdered) {
  Checked c = CheckText("patient.needle_phobia > \"mild\"");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].message.find("cannot order a value of patient.needle_phobia"),
            std::string::npos);
}

// --- enum literals ----------------------------------------------------------

TEST(ExprCheck, StringComparedWithEnumBecomesAnEnumValue) {
  Checked c = CheckText("patient.needle_phobia == \"severe\"");
  ASSERT_TRUE(c.errors.empty()) << c.FirstMessage();
  const Node& literal = c.nodes[c.nodes[c.root].b];
  EXPECT_EQ(literal.op, Op::kEnumLit);
  EXPECT_EQ(literal.index, 2u);
  EXPECT_EQ(literal.type.kind, Kind::kEnum);
  EXPECT_EQ(literal.type.field, kPhobia);
}

TEST(ExprCheck, EnumLiteralOnTheLeftIsCoercedToo) {
  Checked c = CheckText("\"mild\" != patient.needle_phobia");
  ASSERT_TRUE(c.errors.empty()) << c.FirstMessage();
  const Node& literal = c.nodes[c.nodes[c.root].a];
  EXPECT_EQ(literal.op, Op::kEnumLit);
  EXPECT_EQ(literal.index, 1u);
}

TEST(ExprCheck, EnumLiteralsMatchCaseInsensitively) {
  Checked c = CheckText("patient.needle_phobia == \"Severe\"");
  ASSERT_TRUE(c.errors.empty()) << c.FirstMessage();
  EXPECT_EQ(c.nodes[c.nodes[c.root].b].index, 2u);
}

TEST(ExprCheck, EnumLiteralNotInValuesListsTheValues) {
  Checked c = CheckText("patient.needle_phobia == \"sever\"");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 25u);  // the literal's opening quote
  EXPECT_EQ(c.errors[0].message,
            "'sever' is not a value of patient.needle_phobia; expected one of none, mild, severe");
  EXPECT_EQ(c.type.kind, Kind::kError);
}

TEST(ExprCheck, EnumComparedWithANonLiteralStringIsAMismatch) {
  Checked c = CheckText("patient.needle_phobia == patient.name");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].message, "cannot compare a value of patient.needle_phobia with a string");
}

// --- membership -------------------------------------------------------------

TEST(ExprCheck, EnumInListLiteralBecomesABitSet) {
  Checked c = CheckText(R"(patient.needle_phobia in ["mild", "severe"])");
  ASSERT_TRUE(c.errors.empty()) << c.FirstMessage();
  EXPECT_EQ(c.type.kind, Kind::kBool);
  const Node& list = c.nodes[c.nodes[c.root].b];
  EXPECT_EQ(list.bits, 0b110u);
  EXPECT_EQ(list.type.kind, Kind::kLiteralList);
  EXPECT_EQ(list.type.field, kPhobia);
}

TEST(ExprCheck, EnumInListLiteralWithABadValueNamesIt) {
  Checked c = CheckText(R"(patient.bleeding_disorder not in ["none", "controled"])");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 42u);
  EXPECT_EQ(c.errors[0].message,
            "'controled' is not a value of patient.bleeding_disorder; expected one of none, "
            "controlled, uncontrolled");
}

TEST(ExprCheck, EnumInListLiteralOfNumbersIsAMismatch) {
  Checked c = CheckText("patient.needle_phobia in [1, 2]");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 26u);
  EXPECT_EQ(c.errors[0].message, "expected a string value of the enum");
}

TEST(ExprCheck, StringInListFieldBecomesAnEnumValue) {
  Checked c = CheckText(R"("medial" in treatment.sites)");
  ASSERT_TRUE(c.errors.empty()) << c.FirstMessage();
  const Node& literal = c.nodes[c.nodes[c.root].a];
  EXPECT_EQ(literal.op, Op::kEnumLit);
  EXPECT_EQ(literal.index, 2u);
  EXPECT_EQ(literal.type.field, kSites);
}

TEST(ExprCheck, BadValueInListFieldListsTheValues) {
  Checked c = CheckText(R"("knee" in treatment.sites)");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 0u);
  EXPECT_EQ(c.errors[0].message,
            "'knee' is not a value of treatment.sites; expected one of proximal, mid, medial, "
            "lateral, distal");
}

TEST(ExprCheck, NumberInListFieldIsAMismatch) {
  Checked c = CheckText("patient.age in treatment.sites");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].message, "a number cannot be in the list treatment.sites");
}

TEST(ExprCheck, EnumOfAnotherFieldInListFieldIsAMismatch) {
  Checked c = CheckText("patient.needle_phobia in treatment.sites");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].message,
            "a value of patient.needle_phobia cannot be in the list treatment.sites");
}

TEST(ExprCheck, InNeedsAListOnTheRight) {
  Checked c = CheckText("patient.age in patient.age");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 15u);
  EXPECT_EQ(c.errors[0].message, "'in' needs a list on its right, found a number");
}

TEST(ExprCheck, ListLiteralItemsMustMatchTheLeftSide) {
  EXPECT_EQ(KindOf("patient.age in [18, 21]"), Kind::kBool);
  EXPECT_EQ(KindOf(R"(patient.name in ["a", "b"])"), Kind::kBool);
  Checked c = CheckText(R"(patient.age in [18, "x"])");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 20u);
  EXPECT_EQ(c.errors[0].message, "list item is a string, but the left side is a number");
}

TEST(ExprCheck, ListLiteralsHoldOnlyStringsOrNumbers) {
  Checked c = CheckText("patient.consent in [true]");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 20u);
  EXPECT_EQ(c.errors[0].message, "list literals hold strings or numbers, found true/false");
}

TEST(ExprCheck, BoolInAnEmptyListLiteralIsAMismatch) {
  Checked c = CheckText("patient.consent in []");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].message, "true/false cannot be in a list literal");
}

// Regression: `x in lst` with a let `lst: ["mild", "severe"]` type-checked, but
// the let's items were never checked or encoded, so it was always false.
TEST(ExprCheck, ListLiteralThroughALetIsRejected) {
  std::vector<Node> nodes;
  Error parse_error;
  Scope scope;
  scope.fields = &TestFields();
  int let_root = Parse(R"(["mild", "severe"])", nodes, parse_error);
  std::vector<Error> errors;
  Type let_type = Check(nodes, let_root, scope, errors);
  ASSERT_TRUE(errors.empty());
  ASSERT_EQ(let_type.kind, Kind::kLiteralList);
  scope.let_names = {"risky"};
  scope.let_roots = {let_root};
  scope.let_types = {let_type};

  Checked c = CheckText("patient.needle_phobia in risky", scope, nodes);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 25u);
  EXPECT_EQ(c.errors[0].message, "write the list literal after 'in' itself, not through a let");
  EXPECT_EQ(c.type.kind, Kind::kError);
}

// --- datetime arithmetic ----------------------------------------------------

TEST(ExprCheck, DatetimePlusDurationIsADatetime) {
  EXPECT_EQ(KindOf("injury.onset + 72h"), Kind::kDatetime);
  EXPECT_EQ(KindOf("now - 14d"), Kind::kDatetime);
}

TEST(ExprCheck, DurationPlusDatetimeIsADatetime) {
  EXPECT_EQ(KindOf("72h + injury.onset"), Kind::kDatetime);
}

TEST(ExprCheck, DatetimeMinusDatetimeIsADuration) {
  EXPECT_EQ(KindOf("now - injury.onset"), Kind::kDuration);
}

TEST(ExprCheck, DurationsAndNumbersAddWithinTheirKind) {
  EXPECT_EQ(KindOf("72h + 30m - 1d"), Kind::kDuration);
  EXPECT_EQ(KindOf("patient.age + 1 - 2.5"), Kind::kNumber);
  EXPECT_EQ(KindOf("-patient.age"), Kind::kNumber);
  EXPECT_EQ(KindOf("-72h"), Kind::kDuration);
}

TEST(ExprCheck, DatetimePlusDatetimeIsAMismatch) {
  Checked c = CheckText("injury.onset + now");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 13u);
  EXPECT_EQ(c.errors[0].message, "cannot add a datetime to a datetime");
}

TEST(ExprCheck, DurationMinusDatetimeIsAMismatch) {
  Checked c = CheckText("72h - injury.onset");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].message, "cannot subtract a datetime from a duration");
}

TEST(ExprCheck, NumberPlusDurationIsAMismatch) {
  Checked c = CheckText("patient.age + 1h");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].message, "cannot add a duration to a number");
}

TEST(ExprCheck, NegatingADatetimeIsAMismatch) {
  Checked c = CheckText("-injury.onset");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 0u);
  EXPECT_EQ(c.errors[0].message, "cannot negate a datetime");
}

// --- functions --------------------------------------------------------------

TEST(ExprCheck, HoursAndDaysBetweenAreNumbers) {
  Checked c = CheckText("hours_between(injury.onset, now)");
  ASSERT_TRUE(c.errors.empty()) << c.FirstMessage();
  EXPECT_EQ(c.type.kind, Kind::kNumber);
  const Node& call = c.nodes[c.root];
  EXPECT_EQ(call.op, Op::kHoursBetween);
  EXPECT_EQ(c.nodes[call.a].ref, kOnset);
  EXPECT_EQ(c.nodes[call.b].op, Op::kNow);
  EXPECT_EQ(KindOf("days_between(injury.onset, now + 1d) > 42"), Kind::kBool);
}

TEST(ExprCheck, HoursBetweenWithANumberIsAMismatch) {
  Checked c = CheckText("hours_between(patient.age, now)");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 14u);  // the offending argument
  EXPECT_EQ(c.errors[0].message, "hours_between() takes datetimes, found a number");
}

TEST(ExprCheck, DaysBetweenWithADurationIsAMismatch) {
  Checked c = CheckText("days_between(injury.onset, 72h)");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 27u);
  EXPECT_EQ(c.errors[0].message, "days_between() takes datetimes, found a duration");
}

TEST(ExprCheck, BetweenNeedsTwoArguments) {
  Checked c = CheckText("days_between(now)");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 0u);
  EXPECT_EQ(c.errors[0].message, "days_between() takes two datetimes");
}

TEST(ExprCheck, KnownTakesAnythingAndIsBool) {
  Checked c = CheckText("known(injury.onset)");
  ASSERT_TRUE(c.errors.empty()) << c.FirstMessage();
  EXPECT_EQ(c.type.kind, Kind::kBool);
  EXPECT_EQ(c.nodes[c.root].op, Op::kKnown);
  EXPECT_EQ(c.nodes[c.nodes[c.root].a].ref, kOnset);
  EXPECT_EQ(KindOf("known(treatment.sites) and known(patient.age + 1)"), Kind::kBool);
}

TEST(ExprCheck, KnownNeedsExactlyOneArgument) {
  EXPECT_EQ(CheckText("known()").FirstMessage(), "known() takes one argument");
  EXPECT_EQ(CheckText("known(patient.age, patient.name)").FirstMessage(),
            "known() takes one argument");
}

TEST(ExprCheck, KnownReportsAnUnknownNameInside) {
  Checked c = CheckText("known(patient.consnet)");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 6u);
  EXPECT_EQ(c.errors[0].message, "unknown name 'patient.consnet'; did you mean 'patient.consent'?");
}

TEST(ExprCheck, UnknownFunctionListsTheKnownOnes) {
  Checked c = CheckText("patient.consent and weeks_between(injury.onset, now) > 2");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].offset, 20u);
  EXPECT_EQ(c.errors[0].message,
            "unknown function 'weeks_between'; expected known, hours_between or days_between");
}

// --- helpers ----------------------------------------------------------------

TEST(ExprCheck, TypeNamesReadAsPlainEnglish) {
  const std::vector<Field>& f = TestFields();
  EXPECT_EQ(TypeName({Kind::kBool}, f), "true/false");
  EXPECT_EQ(TypeName({Kind::kNumber}, f), "a number");
  EXPECT_EQ(TypeName({Kind::kString}, f), "a string");
  EXPECT_EQ(TypeName({Kind::kEnum, kPhobia}, f), "a value of patient.needle_phobia");
  EXPECT_EQ(TypeName({Kind::kEnum}, f), "an enum");
  EXPECT_EQ(TypeName({Kind::kDatetime}, f), "a datetime");
  EXPECT_EQ(TypeName({Kind::kDuration}, f), "a duration");
  EXPECT_EQ(TypeName({Kind::kList, kSites}, f), "the list treatment.sites");
  EXPECT_EQ(TypeName({Kind::kLiteralList}, f), "a list literal");
  EXPECT_EQ(TypeName({Kind::kError}, f), "an invalid expression");
}

TEST(ExprCheck, CheckingTwiceGivesTheSameTypes) {
  Checked c = CheckText(R"(known(injury.onset) and patient.needle_phobia == "mild")");
  ASSERT_TRUE(c.errors.empty());
  Scope scope;
  scope.fields = &TestFields();
  std::vector<Error> again;
  Type t = Check(c.nodes, c.root, scope, again);
  EXPECT_TRUE(again.empty());
  EXPECT_EQ(t.kind, Kind::kBool);
}

}  // namespace
}  // namespace needlescreen::expr
