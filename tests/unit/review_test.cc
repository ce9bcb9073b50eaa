// A pack's review dates (issue 19): read strictly, stamped, and judged
// against the screening time at the period's exact edges.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "needlescreen/pack.h"
#include "needlescreen/time.h"

namespace needlescreen {
namespace {

constexpr std::string_view kHead =
    "pack: p\nversion: '1'\nfields:\n  - {path: a, type: bool}\n"
    "rules:\n  - {id: r, outcome: swap, when: a, message: m, source: s}\n";

PackLoad Load(std::string_view extra) {
  return LoadPack({{"p.yaml", std::string(kHead) + std::string(extra)}});
}

TimePoint At(std::string_view text) { return *ParseDatetime(text); }

std::string Errors(const PackLoad& load) {
  std::string out;
  for (const Diagnostic& d : load.diagnostics) out += FormatDiagnostic(d);
  return out;
}

TEST(Review, ReadsTheFourDatesAsWritten) {
  PackLoad load = Load(
      "approval_date: 2026-01-10\nlast_review_date: 2026-06-01\n"
      "effective_period: {start: 2026-01-15, end: 2026-12-31}\n");
  ASSERT_TRUE(load.pack) << Errors(load);
  const PackReview& r = load.pack->review;
  EXPECT_EQ(r.approval_date, "2026-01-10");
  EXPECT_EQ(r.last_review_date, "2026-06-01");
  EXPECT_EQ(r.effective_start, "2026-01-15");
  EXPECT_EQ(r.effective_end, "2026-12-31");
  EXPECT_EQ(ReviewSummary(r),
            "approved 2026-01-10, last reviewed 2026-06-01, in effect from 2026-01-15 to "
            "2026-12-31");
}

TEST(Review, ADateEndIncludesItsWholeDayAndNotASecondMore) {
  setenv("TZ", "UTC", 1);
  PackLoad load = Load("effective_period: {start: 2026-01-15, end: 2026-12-31}\n");
  ASSERT_TRUE(load.pack) << Errors(load);
  const PackReview& r = load.pack->review;
  EXPECT_EQ(EffectAt(r, At("2026-01-14T23:59:59Z")), Effect::kNotYet);
  EXPECT_EQ(EffectAt(r, At("2026-01-15T00:00:00Z")), Effect::kInEffect);
  EXPECT_EQ(EffectAt(r, At("2026-12-31T23:59:59Z")), Effect::kInEffect);
  EXPECT_EQ(EffectAt(r, At("2027-01-01T00:00:00Z")), Effect::kEnded);
  EXPECT_EQ(EffectProblem(*load.pack, At("2027-01-01T00:00:00Z")),
            "the rule pack p 1 is in effect from 2026-01-15 to 2026-12-31; the screening time "
            "2027-01-01T00:00:00Z is after its end");
  EXPECT_EQ(EffectProblem(*load.pack, At("2026-06-01T00:00:00Z")), "");
}

TEST(Review, ADatetimeBoundIsWrittenBackInUtc) {
  PackLoad load = Load("effective_period: {end: '2027-01-01T02:00:00+02:00'}\n");
  ASSERT_TRUE(load.pack) << Errors(load);
  EXPECT_EQ(load.pack->review.effective_end, "2027-01-01T00:00:00Z");
  EXPECT_EQ(EffectAt(load.pack->review, At("2027-01-01T00:00:00Z")), Effect::kInEffect);
  EXPECT_EQ(EffectAt(load.pack->review, At("2027-01-01T00:00:01Z")), Effect::kEnded);
}

TEST(Review, NoDatesMeansAlwaysInEffect) {
  PackLoad load = Load("");
  ASSERT_TRUE(load.pack) << Errors(load);
  EXPECT_TRUE(load.pack->review.empty());
  EXPECT_EQ(ReviewSummary(load.pack->review), "");
  EXPECT_EQ(EffectAt(load.pack->review, kLatestDatetime), Effect::kInEffect);
}

// Every malformed value is an error at its line and column: nothing loads.
TEST(Review, MalformedDatesAreLoadErrors) {
  struct Case {
    std::string_view text;
    std::string_view needle;
  };
  const Case cases[] = {
      {"approval_date: 2026-02-30\n", "p.yaml:7:16: error: 'approval_date' must be a date"},
      {"approval_date: 26-11-30\n", "'approval_date' must be a date written YYYY-MM-DD"},
      {"last_review_date: '2026-11-30T10:00:00Z'\n", "'last_review_date' must be a date"},
      {"last_review_date: [2026-11-30]\n", "last_review_date must be a single value"},
      {"effective_period: 2026-11-30\n", "effective_period must be a mapping"},
      {"effective_period: {}\n", "effective_period must be a mapping"},
      {"effective_period: {start: 2026-01-01, until: 2026-12-31}\n",
       "unknown key 'until' in effective_period"},
      {"effective_period: {start: 2026-12-31, end: 2026-01-01}\n",
       "effective_period ends before it starts"},
      {"effective_period: {end: soon}\n", "effective_period end must be a date"},
      {"approval_date: 2026-11-30\napproval_date: 2026-11-30\n", "duplicate key 'approval_date'"},
      {"approved: 2026-11-30\n", "unknown key 'approved'"},
  };
  for (const Case& c : cases) {
    PackLoad load = Load(c.text);
    EXPECT_FALSE(load.pack) << c.text;
    EXPECT_NE(Errors(load).find(c.needle), std::string::npos) << c.text << Errors(load);
  }
}

TEST(Review, FilesOfOnePackMustAgree) {
  const std::string first = std::string(kHead) + "last_review_date: 2026-06-01\n";
  PackLoad same =
      LoadPack({{"a.yaml", first}, {"b.yaml", "pack: p\nlast_review_date: 2026-06-01\n"}});
  EXPECT_TRUE(same.pack) << Errors(same);
  PackLoad other =
      LoadPack({{"a.yaml", first}, {"b.yaml", "pack: p\nlast_review_date: 2026-07-01\n"}});
  EXPECT_FALSE(other.pack);
  EXPECT_NE(Errors(other).find("b.yaml:2:19: error: 'last_review_date' is already set"),
            std::string::npos)
      << Errors(other);
}

TEST(Review, TheBuiltInPackHasRealDates) {
  PackLoad load = LoadBuiltinPack();
  ASSERT_TRUE(load.pack);
  const PackReview& r = load.pack->review;
  EXPECT_EQ(r.approval_date, "2026-11-25");
  EXPECT_EQ(r.last_review_date, "2026-11-30");
  EXPECT_EQ(r.effective_end, "2027-11-30");
  EXPECT_LE(r.approval_date, r.last_review_date);
}

}  // namespace
}  // namespace needlescreen
