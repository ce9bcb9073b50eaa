// Three-valued evaluation (SPEC §1.2): unknown is not false, comparisons with
// an unknown operand are unknown, known() never is, and only fields that can
// change a result are asked for.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expr/expr.h"
#include "needlescreen/record.h"
#include "needlescreen/time.h"

namespace needlescreen::expr {
namespace {

constexpr Truth F = Truth::kFalse;
constexpr Truth T = Truth::kTrue;
constexpr Truth U = Truth::kUnknown;

Field MakeField(std::string path, FieldType type, std::vector<std::string> values = {}) {
  Field f;
  f.path = std::move(path);
  f.type = type;
  f.values = std::move(values);
  return f;
}

enum FieldId { kA, kB, kAge, kLimit, kName, kOther, kPhobia, kOnset, kSeen, kSites, kFieldCount };

const std::vector<Field>& TestFields() {
  static const std::vector<Field> fields = {
      MakeField("a", FieldType::kBool),
      MakeField("b", FieldType::kBool),
      MakeField("patient.age", FieldType::kNumber),
      MakeField("patient.limit", FieldType::kNumber),
      MakeField("patient.name", FieldType::kString),
      MakeField("patient.other_name", FieldType::kString),
      MakeField("patient.needle_phobia", FieldType::kEnum, {"none", "mild", "severe"}),
      MakeField("injury.onset", FieldType::kDatetime),
      MakeField("injury.seen", FieldType::kDatetime),
      MakeField("treatment.sites", FieldType::kList,
                {"proximal", "mid", "medial", "lateral", "distal"}),
  };
  return fields;
}

int64_t Epoch(std::string_view iso) {
  std::optional<TimePoint> t = ParseDatetime(iso);
  EXPECT_TRUE(t.has_value()) << iso;
  return t ? t->time_since_epoch().count() : 0;
}

// One record and screening time, with the pack-like lets `acute` (a or b) and
// `hours_since_onset`, against which expressions are compiled and evaluated.
class Evaluator {
 public:
  Evaluator() : record_(kFieldCount) {
    scope_.fields = &TestFields();
    AddLet("acute", "a or b");
    AddLet("hours_since_onset", "hours_between(injury.onset, now)");
    now_ = Epoch("2026-11-24T21:00:00Z");
  }

  Slot& slot(FieldId id) {
    Slot& s = record_.slots[id];
    s.known = true;
    return s;
  }
  void SetBool(FieldId id, Truth t) {
    if (t == U) {
      record_.slots[id].known = false;
    } else {
      slot(id).boolean = t == T;
    }
  }
  void SetNumber(FieldId id, double v) { slot(id).number = v; }
  void SetText(FieldId id, std::string v) { slot(id).text = std::move(v); }
  void SetEnum(FieldId id, uint32_t index) { slot(id).index = index; }
  void SetDatetime(FieldId id, std::string_view iso) { slot(id).seconds = Epoch(iso); }
  void SetList(FieldId id, uint64_t bits) { slot(id).bits = bits; }
  void Forget(FieldId id) { record_.slots[id].known = false; }
  void SetNow(std::string_view iso) { now_ = Epoch(iso); }

  int Compile(std::string_view text) {
    Error parse_error;
    int root = Parse(text, nodes_, parse_error);
    EXPECT_GE(root, 0) << text << ": " << parse_error.message;
    if (root < 0) return -1;
    std::vector<Error> errors;
    Check(nodes_, root, scope_, errors);
    EXPECT_TRUE(errors.empty()) << text << ": " << errors.front().message;
    return errors.empty() ? root : -1;
  }

  Value Run(std::string_view text) {
    int root = Compile(text);
    if (root < 0) return Value{};
    return Eval(Ctx(), root);
  }

  Truth Verdict(std::string_view text) {
    Value v = Run(text);
    // A boolean's `known` and `truth` must agree.
    EXPECT_EQ(v.known, v.truth != U) << text;
    return v.truth;
  }

  // The paths CollectUnknownFields reports, in the order reported.
  std::vector<std::string> Missing(std::string_view text) {
    int root = Compile(text);
    std::vector<std::string> out;
    if (root < 0) return out;
    CollectUnknownFields(Ctx(), root, [&](int f) { out.push_back(TestFields()[f].path); });
    return out;
  }

  std::string Render(std::string_view text) {
    int root = Compile(text);
    if (root < 0) return "";
    return RenderValue(Eval(Ctx(), root), nodes_[root].type, TestFields());
  }

 private:
  Context Ctx() const {
    Context ctx;
    ctx.nodes = &nodes_;
    ctx.let_roots = &scope_.let_roots;
    ctx.record = &record_;
    ctx.now = now_;
    return ctx;
  }

  void AddLet(std::string name, std::string_view text) {
    int root = Compile(text);
    scope_.let_names.push_back(std::move(name));
    scope_.let_roots.push_back(root);
    scope_.let_types.push_back(nodes_[root].type);
  }

  std::vector<Node> nodes_;
  Scope scope_;
  Record record_;
  int64_t now_ = 0;
};

struct BinaryCase {
  Truth a;
  Truth b;
  Truth expected;
};

// --- logic ------------------------------------------------------------------

TEST(ExprEval, AndFollowsTheKleeneTableOnRecordValues) {
  const BinaryCase cases[] = {
      {F, F, F}, {F, T, F}, {F, U, F},  // a false
      {T, F, F}, {T, T, T}, {T, U, U},  // a true
      {U, F, F}, {U, T, U}, {U, U, U},  // a unknown
  };
  for (const BinaryCase& c : cases) {
    Evaluator e;
    e.SetBool(kA, c.a);
    e.SetBool(kB, c.b);
    EXPECT_EQ(e.Verdict("a and b"), c.expected) << TruthName(c.a) << " and " << TruthName(c.b);
  }
}

TEST(ExprEval, OrFollowsTheKleeneTableOnRecordValues) {
  const BinaryCase cases[] = {
      {F, F, F}, {F, T, T}, {F, U, U},  // a false
      {T, F, T}, {T, T, T}, {T, U, T},  // a true
      {U, F, U}, {U, T, T}, {U, U, U},  // a unknown
  };
  for (const BinaryCase& c : cases) {
    Evaluator e;
    e.SetBool(kA, c.a);
    e.SetBool(kB, c.b);
    EXPECT_EQ(e.Verdict("a or b"), c.expected) << TruthName(c.a) << " or " << TruthName(c.b);
  }
}

TEST(ExprEval, NotOfUnknownIsUnknown) {
  const struct {
    Truth a;
    Truth expected;
  } cases[] = {{F, T}, {T, F}, {U, U}};
  for (const auto& c : cases) {
    Evaluator e;
    e.SetBool(kA, c.a);
    EXPECT_EQ(e.Verdict("not a"), c.expected) << "not " << TruthName(c.a);
  }
}

TEST(ExprEval, FalseAndUnknownIsFalse) {
  Evaluator e;
  e.SetBool(kA, F);
  EXPECT_EQ(e.Verdict("a and patient.age > 18"), F);
  EXPECT_EQ(e.Verdict("patient.age > 18 and a"), F);
}

TEST(ExprEval, TrueOrUnknownIsTrue) {
  Evaluator e;
  e.SetBool(kA, T);
  EXPECT_EQ(e.Verdict("a or patient.age > 18"), T);
  EXPECT_EQ(e.Verdict("patient.age > 18 or a"), T);
}

TEST(ExprEval, LetsEvaluateLikeTheirExpression) {
  Evaluator e;
  e.SetBool(kA, U);
  e.SetBool(kB, T);
  EXPECT_EQ(e.Verdict("acute"), T);
  e.SetBool(kB, F);
  EXPECT_EQ(e.Verdict("acute"), U);
  EXPECT_EQ(e.Verdict("not acute"), U);
}

// --- comparisons ------------------------------------------------------------

TEST(ExprEval, ComparisonsWithAnUnknownOperandAreUnknown) {
  Evaluator e;
  const char* expressions[] = {
      "patient.age < 18",
      "patient.age == patient.age",
      "18 >= patient.age",
      "patient.age != 18",
      "patient.name == \"Ann\"",
      "patient.needle_phobia == \"severe\"",
      "patient.needle_phobia != \"severe\"",
      "injury.onset < now",
      "now - injury.onset < 72h",
      "a == true",
      "a != false",
      "patient.age + 1 > 0",
      "-patient.age < 0",
  };
  for (const char* text : expressions) EXPECT_EQ(e.Verdict(text), U) << text;
}

TEST(ExprEval, ComparisonsWithOneKnownAndOneUnknownOperandAreUnknown) {
  Evaluator e;
  e.SetNumber(kAge, 40);
  EXPECT_EQ(e.Verdict("patient.age < patient.limit"), U);
  EXPECT_EQ(e.Verdict("patient.limit == patient.age"), U);
}

TEST(ExprEval, ComparisonsOnKnownValues) {
  Evaluator e;
  e.SetNumber(kAge, 40);
  e.SetNumber(kLimit, 40);
  e.SetText(kName, "Ann");
  e.SetEnum(kPhobia, 1);  // mild
  e.SetBool(kA, F);
  struct Case {
    const char* text;
    Truth expected;
  };
  const Case cases[] = {
      {"patient.age == 40", T},
      {"patient.age != 40", F},
      {"patient.age < 40", F},
      {"patient.age <= 40", T},
      {"patient.age > 39.5", T},
      {"patient.age >= 40.5", F},
      {"patient.age == patient.limit", T},
      {"patient.name == \"Ann\"", T},
      {"patient.name != \"ann\"", T},  // strings compare exactly
      {"patient.needle_phobia == \"mild\"", T},
      {"patient.needle_phobia == \"MILD\"", T},  // enum literals are case-insensitive
      {"patient.needle_phobia != \"severe\"", T},
      {"\"none\" == patient.needle_phobia", F},
      {"a == false", T},
      {"a != true", T},
  };
  for (const Case& c : cases) EXPECT_EQ(e.Verdict(c.text), c.expected) << c.text;
}

// --- known() ----------------------------------------------------------------

TEST(ExprEval, KnownIsNeverUnknown) {
  Evaluator e;
  const char* expressions[] = {
      "known(a)",
      "known(patient.age)",
      "known(patient.age < 18)",
      "known(injury.onset + 72h)",
      "known(treatment.sites)",
      "not known(patient.needle_phobia)",
      "known(acute)",
  };
  for (const char* text : expressions) EXPECT_NE(e.Verdict(text), U) << text;
  EXPECT_EQ(e.Verdict("known(patient.age)"), F);
  EXPECT_EQ(e.Verdict("not known(patient.age)"), T);
}

TEST(ExprEval, KnownIsTrueOnceTheValueIsThere) {
  Evaluator e;
  e.SetNumber(kAge, 0);
  e.SetBool(kA, F);
  EXPECT_EQ(e.Verdict("known(patient.age)"), T);
  EXPECT_EQ(e.Verdict("known(a)"), T);  // a known false is still known
  EXPECT_EQ(e.Verdict("known(patient.age) and patient.age < 18"), T);
}

TEST(ExprEval, KnownGuardsAnUnknownComparison) {
  Evaluator e;
  EXPECT_EQ(e.Verdict("known(injury.onset) and hours_between(injury.onset, now) < 72"), F);
}

// --- membership -------------------------------------------------------------

TEST(ExprEval, EnumInListLiteral) {
  Evaluator e;
  EXPECT_EQ(e.Verdict(R"(patient.needle_phobia in ["mild", "severe"])"), U);
  EXPECT_EQ(e.Verdict(R"(patient.needle_phobia not in ["mild", "severe"])"), U);
  e.SetEnum(kPhobia, 2);  // severe
  EXPECT_EQ(e.Verdict(R"(patient.needle_phobia in ["mild", "severe"])"), T);
  EXPECT_EQ(e.Verdict(R"(patient.needle_phobia not in ["mild", "severe"])"), F);
  e.SetEnum(kPhobia, 0);  // none
  EXPECT_EQ(e.Verdict(R"(patient.needle_phobia in ["mild", "severe"])"), F);
  EXPECT_EQ(e.Verdict(R"(patient.needle_phobia not in ["mild", "severe"])"), T);
  EXPECT_EQ(e.Verdict("patient.needle_phobia in []"), F);
}

TEST(ExprEval, ValueInListField) {
  Evaluator e;
  EXPECT_EQ(e.Verdict(R"("medial" in treatment.sites)"), U);
  EXPECT_EQ(e.Verdict(R"("medial" not in treatment.sites)"), U);
  e.SetList(kSites, (1u << 0) | (1u << 2));  // proximal, medial
  EXPECT_EQ(e.Verdict(R"("medial" in treatment.sites)"), T);
  EXPECT_EQ(e.Verdict(R"("proximal" in treatment.sites)"), T);
  EXPECT_EQ(e.Verdict(R"("distal" in treatment.sites)"), F);
  EXPECT_EQ(e.Verdict(R"("distal" not in treatment.sites)"), T);
  e.SetList(kSites, 0);  // an empty list is known
  EXPECT_EQ(e.Verdict(R"("medial" in treatment.sites)"), F);
}

TEST(ExprEval, NumbersAndStringsInListLiterals) {
  Evaluator e;
  EXPECT_EQ(e.Verdict("patient.age in [18, 21]"), U);
  e.SetNumber(kAge, 21);
  e.SetText(kName, "b");
  EXPECT_EQ(e.Verdict("patient.age in [18, 21]"), T);
  EXPECT_EQ(e.Verdict("patient.age not in [18, 21]"), F);
  EXPECT_EQ(e.Verdict("patient.age in [18, 20 + 2]"), F);
  EXPECT_EQ(e.Verdict(R"(patient.name in ["a", "b"])"), T);
  EXPECT_EQ(e.Verdict(R"(patient.name in ["A", "B"])"), F);
}

// Regression: an unknown field inside a list literal was read as 0 / "", so
// `0 in [unknown]` was true and `7 in [unknown]` false instead of unknown.
TEST(ExprEval, UnknownItemInAListLiteralMakesMembershipUnknown) {
  Evaluator e;
  e.SetNumber(kAge, 0);
  EXPECT_EQ(e.Verdict("patient.age in [patient.limit, 5]"), U);
  EXPECT_EQ(e.Verdict("patient.age not in [patient.limit, 5]"), U);
  e.SetNumber(kAge, 7);
  EXPECT_EQ(e.Verdict("patient.age in [patient.limit, 5]"), U);
  e.SetText(kName, "");
  EXPECT_EQ(e.Verdict("patient.name in [patient.other_name]"), U);
}

TEST(ExprEval, KnownMatchInAListLiteralDecidesDespiteUnknownItems) {
  Evaluator e;
  e.SetNumber(kAge, 5);
  EXPECT_EQ(e.Verdict("patient.age in [patient.limit, 5]"), T);
  EXPECT_EQ(e.Verdict("patient.age not in [patient.limit, 5]"), F);
  e.SetNumber(kLimit, 7);
  e.SetNumber(kAge, 6);
  EXPECT_EQ(e.Verdict("patient.age in [patient.limit, 5]"), F);
}

// --- datetimes and durations ------------------------------------------------

TEST(ExprEval, DatetimesFromDifferentOffsetsAreTheSameInstant) {
  Evaluator e;
  e.SetDatetime(kOnset, "2026-11-24T09:00:00+01:00");
  e.SetDatetime(kSeen, "2026-11-24T03:00:00-05:00");
  EXPECT_EQ(e.Verdict("injury.onset == injury.seen"), T);
  EXPECT_EQ(e.Run("injury.onset").seconds, Epoch("2026-11-24T08:00:00Z"));
}

TEST(ExprEval, DatetimePlusDurationAcrossOffsets) {
  Evaluator e;
  e.SetDatetime(kOnset, "2026-11-24T09:00:00+01:00");
  Value resume = e.Run("injury.onset + 72h");
  ASSERT_TRUE(resume.known);
  EXPECT_EQ(resume.seconds, Epoch("2026-11-27T08:00:00Z"));
  EXPECT_EQ(e.Render("injury.onset + 72h"), "2026-11-27T08:00:00Z");
  EXPECT_EQ(e.Run("72h + injury.onset").seconds, resume.seconds);
  EXPECT_EQ(e.Run("injury.onset - 30m").seconds, Epoch("2026-11-24T07:30:00Z"));
  EXPECT_EQ(e.Run("now - 2w").seconds, Epoch("2026-11-10T21:00:00Z"));
}

TEST(ExprEval, DatetimeMinusDatetimeIsTheElapsedDuration) {
  Evaluator e;
  e.SetDatetime(kOnset, "2026-11-24T09:00:00+01:00");  // 08:00Z
  Value elapsed = e.Run("now - injury.onset");         // now is 21:00Z
  ASSERT_TRUE(elapsed.known);
  EXPECT_EQ(elapsed.seconds, 13 * 3600);
  EXPECT_EQ(e.Render("now - injury.onset"), "13h");
  EXPECT_EQ(e.Run("injury.onset - now").seconds, -13 * 3600);
  EXPECT_EQ(e.Verdict("now - injury.onset < 72h"), T);
  EXPECT_EQ(e.Verdict("now - injury.onset > 13h - 1s"), T);
}

TEST(ExprEval, DurationArithmetic) {
  Evaluator e;
  EXPECT_EQ(e.Run("72h + 30m - 1d").seconds, 48 * 3600 + 1800);
  EXPECT_EQ(e.Run("-72h").seconds, -72 * 3600);
  EXPECT_EQ(e.Verdict("3d == 72h"), T);
  EXPECT_EQ(e.Verdict("1w > 6d"), T);
}

TEST(ExprEval, ArithmeticWithAnUnknownOperandIsUnknown) {
  Evaluator e;
  EXPECT_FALSE(e.Run("injury.onset + 72h").known);
  EXPECT_FALSE(e.Run("now - injury.onset").known);
  EXPECT_FALSE(e.Run("patient.age + 1").known);
  EXPECT_FALSE(e.Run("-patient.age").known);
  EXPECT_EQ(e.Render("injury.onset + 72h"), "unknown");
}

TEST(ExprEval, HoursAndDaysBetweenAreFractional) {
  Evaluator e;
  e.SetDatetime(kOnset, "2026-11-23T09:00:00Z");  // 36 h before now
  Value hours = e.Run("hours_between(injury.onset, now)");
  ASSERT_TRUE(hours.known);
  EXPECT_DOUBLE_EQ(hours.number, 36.0);
  EXPECT_DOUBLE_EQ(e.Run("days_between(injury.onset, now)").number, 1.5);
  EXPECT_DOUBLE_EQ(e.Run("hours_between(now, injury.onset)").number, -36.0);
  EXPECT_DOUBLE_EQ(e.Run("hours_since_onset").number, 36.0);
  e.SetDatetime(kOnset, "2026-11-24T20:30:00Z");
  EXPECT_DOUBLE_EQ(e.Run("hours_between(injury.onset, now)").number, 0.5);
}

TEST(ExprEval, HoursBetweenAcrossOffsets) {
  Evaluator e;
  e.SetDatetime(kOnset, "2026-11-24T09:00:00+01:00");
  e.SetDatetime(kSeen, "2026-11-24T09:00:00-05:00");
  EXPECT_DOUBLE_EQ(e.Run("hours_between(injury.onset, injury.seen)").number, 6.0);
  EXPECT_DOUBLE_EQ(e.Run("days_between(injury.seen, injury.onset)").number, -0.25);
}

TEST(ExprEval, BetweenWithAnUnknownDatetimeIsUnknown) {
  Evaluator e;
  EXPECT_FALSE(e.Run("hours_between(injury.onset, now)").known);
  EXPECT_FALSE(e.Run("days_between(now, injury.onset)").known);
  EXPECT_EQ(e.Verdict("hours_between(injury.onset, now) < 72"), U);
  EXPECT_EQ(e.Verdict("hours_since_onset < 72"), U);
}

TEST(ExprEval, AcuteWindowEndsAtExactlySeventyTwoHours) {
  struct Case {
    const char* now;
    Truth within;
  };
  const Case cases[] = {
      {"2026-11-24T09:00:00Z", T},       // onset itself
      {"2026-11-27T08:59:59Z", T},       // one second short
      {"2026-11-27T09:00:00Z", F},       // exactly 72 h: the window is over
      {"2026-11-27T10:00:00+01:00", F},  // the same instant in another zone
      {"2026-11-27T09:00:01Z", F},       // past it
      {"2026-11-24T08:00:00Z", T},       // before onset: negative hours
  };
  for (const Case& c : cases) {
    Evaluator e;
    e.SetDatetime(kOnset, "2026-11-24T09:00:00Z");
    e.SetNow(c.now);
    EXPECT_EQ(e.Verdict("hours_between(injury.onset, now) < 72"), c.within) << c.now;
    EXPECT_EQ(e.Verdict("now - injury.onset < 72h"), c.within) << c.now;
    EXPECT_EQ(e.Verdict("hours_since_onset < 72"), c.within) << c.now;
  }
}

TEST(ExprEval, NowIsTheScreeningTime) {
  Evaluator e;
  e.SetNow("2026-11-24T22:00:00+01:00");
  EXPECT_EQ(e.Run("now").seconds, Epoch("2026-11-24T21:00:00Z"));
  EXPECT_EQ(e.Render("now"), "2026-11-24T21:00:00Z");
}

// --- which fields are asked for ---------------------------------------------

TEST(ExprEval, TrueOrUnknownAsksForNothing) {
  Evaluator e;
  e.SetBool(kA, T);
  EXPECT_TRUE(e.Missing("a or b").empty());
  EXPECT_TRUE(e.Missing("b or a").empty());
}

TEST(ExprEval, UnknownAndFalseAsksForNothing) {
  Evaluator e;
  e.SetBool(kB, F);
  EXPECT_TRUE(e.Missing("a and b").empty());
  EXPECT_TRUE(e.Missing("b and patient.age > 18").empty());
}

TEST(ExprEval, UnknownAndTrueAsksForTheUnknownSideOnly) {
  Evaluator e;
  e.SetBool(kB, T);
  EXPECT_EQ(e.Missing("a and b"), (std::vector<std::string>{"a"}));
  EXPECT_EQ(e.Missing("b and a"), (std::vector<std::string>{"a"}));
}

TEST(ExprEval, UnknownOrFalseAsksForTheUnknownSideOnly) {
  Evaluator e;
  e.SetBool(kA, F);
  EXPECT_EQ(e.Missing("a or b"), (std::vector<std::string>{"b"}));
}

TEST(ExprEval, BothUnknownAsksForBoth) {
  Evaluator e;
  EXPECT_EQ(e.Missing("a and b"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(e.Missing("not (a or b)"), (std::vector<std::string>{"a", "b"}));
}

TEST(ExprEval, KnownAsksForNothing) {
  Evaluator e;
  EXPECT_TRUE(e.Missing("known(injury.onset)").empty());
  EXPECT_TRUE(e.Missing("not known(injury.onset)").empty());
}

TEST(ExprEval, UnknownComparisonAsksForItsUnknownOperands) {
  Evaluator e;
  e.SetNumber(kAge, 40);
  EXPECT_EQ(e.Missing("patient.age < patient.limit"), (std::vector<std::string>{"patient.limit"}));
  EXPECT_EQ(e.Missing("hours_between(injury.onset, now) < 72"),
            (std::vector<std::string>{"injury.onset"}));
  EXPECT_EQ(e.Missing(R"("medial" in treatment.sites)"),
            (std::vector<std::string>{"treatment.sites"}));
  EXPECT_EQ(e.Missing(R"(patient.needle_phobia in ["mild"])"),
            (std::vector<std::string>{"patient.needle_phobia"}));
}

TEST(ExprEval, UnknownItemOfAListLiteralIsAskedFor) {
  Evaluator e;
  e.SetNumber(kAge, 7);
  EXPECT_EQ(e.Missing("patient.age in [patient.limit, 5]"),
            (std::vector<std::string>{"patient.limit"}));
  e.SetNumber(kAge, 5);
  EXPECT_TRUE(e.Missing("patient.age in [patient.limit, 5]").empty());
}

TEST(ExprEval, MissingLooksThroughLets) {
  Evaluator e;
  e.SetBool(kA, F);
  e.SetBool(kB, U);
  EXPECT_EQ(e.Missing("acute and hours_since_onset < 72"),
            (std::vector<std::string>{"b", "injury.onset"}));
  e.SetBool(kB, F);  // no acute signs: the onset no longer matters
  EXPECT_TRUE(e.Missing("acute and hours_since_onset < 72").empty());
}

TEST(ExprEval, CollectFieldsReportsEveryFieldReadAndNow) {
  std::vector<Node> nodes;
  Error parse_error;
  Scope scope;
  scope.fields = &TestFields();
  int root =
      Parse("a or (patient.age in [patient.limit, 1] and injury.onset < now)", nodes, parse_error);
  ASSERT_GE(root, 0);
  std::vector<Error> errors;
  Check(nodes, root, scope, errors);
  ASSERT_TRUE(errors.empty());
  std::vector<int> seen;
  CollectFields(nodes, {}, root, [&](int f) { seen.push_back(f); });
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<int>{-1, kA, kAge, kLimit, kOnset}));
}

// --- rendering --------------------------------------------------------------

TEST(ExprEval, RenderValueNamesValuesForMessages) {
  Evaluator e;
  e.SetBool(kA, T);
  e.SetBool(kB, F);
  e.SetEnum(kPhobia, 2);
  e.SetList(kSites, (1u << 0) | (1u << 4));
  e.SetNumber(kAge, 36);
  e.SetText(kName, "Ann");
  EXPECT_EQ(e.Render("a"), "yes");
  EXPECT_EQ(e.Render("b"), "no");
  EXPECT_EQ(e.Render("patient.needle_phobia"), "severe");
  EXPECT_EQ(e.Render("treatment.sites"), "proximal, distal");
  EXPECT_EQ(e.Render("patient.age"), "36");
  EXPECT_EQ(e.Render("patient.name"), "Ann");
  EXPECT_EQ(e.Render("3d"), "3d");
  EXPECT_EQ(e.Render("patient.limit"), "unknown");
  e.SetList(kSites, 0);
  EXPECT_EQ(e.Render("treatment.sites"), "none");
}

TEST(ExprEval, RenderValueRoundsNumbersToOneDecimal) {
  Evaluator e;
  e.SetDatetime(kOnset, "2026-11-23T08:40:00Z");  // 36 h 20 min before now
  EXPECT_EQ(e.Render("hours_between(injury.onset, now)"), "36.3");
  e.SetNumber(kAge, 2.04);
  EXPECT_EQ(e.Render("patient.age"), "2");
  e.SetNumber(kAge, -1.5);
  EXPECT_EQ(e.Render("patient.age"), "-1.5");
}

}  // namespace
}  // namespace needlescreen::expr
