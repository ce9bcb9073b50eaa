// Screener (src/screen/screen.cc) beyond the built-in pack's clinical cases:
// what it does when a time it would write is out of range (issue 13).
#include "needlescreen/screen.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

#include "needlescreen/pack.h"
#include "needlescreen/record.h"
#include "needlescreen/time.h"

namespace needlescreen {
namespace {

constexpr std::string_view kPack = R"(pack: resume-range
version: 0.1.0
fields:
  - path: id
    type: string
  - path: onset
    type: datetime
  - path: late
    type: bool
  - path: early
    type: bool
  - path: soon
    type: bool
rules:
  - id: after-onset
    outcome: wait
    when: known(onset) and not (early or soon)
    message: Wait after the onset.
    resume: onset + 28d
    resume_when: once healed
  - id: a-century-on
    outcome: wait
    when: late
    message: Wait a century.
    resume: onset + 36525d + 36525d
  - id: long-before
    outcome: wait
    when: early
    message: Wait for the past.
    resume: onset - 36525d - 36525d - 36525d - 36525d - 36525d - 36525d - 36525d - 36525d - 36525d - 36525d
  - id: tomorrow
    outcome: wait
    when: soon
    message: Wait a day.
    resume: now + 1d
  - id: severe
    outcome: swap
    when: late and early
    message: Swap.
)";

class ResumeRange : public ::testing::Test {
 protected:
  void SetUp() override {
    PackLoad load = LoadPack({{"pack.yaml", std::string(kPack)}});
    for (const Diagnostic& d : load.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
    ASSERT_TRUE(load.pack.has_value());
    pack_.emplace(std::move(*load.pack));
  }

  Record Make(std::string_view onset, bool late = false, bool early = false,
              bool soon = false) const {
    const Pack& pack = *pack_;
    Record r(pack.fields.size());
    Slot& o = r.slots[pack.FieldIndex("onset")];
    o.known = true;
    o.seconds = ParseDatetime(onset).value().time_since_epoch().count();
    for (auto [path, value] : {std::pair{"late", late}, {"early", early}, {"soon", soon}}) {
      Slot& s = r.slots[pack.FieldIndex(path)];
      s.known = true;
      s.boolean = value;
    }
    return r;
  }

  Result Screen(std::string_view onset, bool late = false, bool early = false, bool soon = false,
                std::string_view now = "2026-11-24T21:00:00Z") const {
    return Screener(*pack_).Screen(Make(onset, late, early, soon), ParseDatetime(now).value());
  }

  std::optional<Pack> pack_;
};

TEST_F(ResumeRange, AResumeTimeUpToTheLastSecondOf9999IsAWait) {
  Result r = Screen("9999-12-03T23:59:59Z");
  EXPECT_EQ(r.decision, Decision::kWait);
  EXPECT_EQ(FormatDatetime(r.resume_after.value()), "9999-12-31T23:59:59Z");
  EXPECT_TRUE(r.error.ok());
}

TEST_F(ResumeRange, AResumeTimeAfter9999IsAnErrorNamingTheField) {
  Result r = Screen("9999-12-31T00:00:00Z");
  EXPECT_EQ(r.decision, Decision::kError);
  EXPECT_EQ(r.error.ToString(),
            "field onset: too late to compute resume_after for rule after-onset (it would fall "
            "after 9999-12-31)");
  EXPECT_FALSE(r.resume_after.has_value());
  EXPECT_TRUE(r.resume_when.empty());
  EXPECT_EQ(Screener(*pack_).Summary(r), "error: " + r.error.ToString());
}

TEST_F(ResumeRange, TheLatestResumeTimeNamesItsRule) {
  Result r = Screen("2026-11-24T00:00:00Z", /*late=*/false);
  EXPECT_EQ(r.decision, Decision::kWait);
  r = Screen("9900-01-01T00:00:00Z", /*late=*/true);  // after-onset's is in range
  EXPECT_EQ(r.decision, Decision::kError);
  EXPECT_NE(r.error.ToString().find("for rule a-century-on"), std::string::npos)
      << r.error.ToString();
}

TEST_F(ResumeRange, AResumeTimeBeforeYearOneIsAnError) {
  Result r = Screen("1000-06-01T00:00:00Z", false, /*early=*/true);
  EXPECT_EQ(r.decision, Decision::kError);
  EXPECT_EQ(r.error.ToString(),
            "field onset: too early to compute resume_after for rule long-before (it would fall "
            "before 0001-01-01)");
}

TEST_F(ResumeRange, TheScreeningTimeIsNamedWhenTheResumeTimeComesFromIt) {
  Result r = Screen("2026-11-24T00:00:00Z", false, false, /*soon=*/true, "9999-12-31T12:00:00Z");
  EXPECT_EQ(r.decision, Decision::kError);
  EXPECT_EQ(r.error.ToString(),
            "the screening time: too late to compute resume_after for rule tomorrow (it would "
            "fall after 9999-12-31)");
}

TEST_F(ResumeRange, OnSwapNoResumeTimeIsWrittenSoNoneIsChecked) {
  Result r = Screen("9999-12-31T00:00:00Z", /*late=*/true, /*early=*/true);
  EXPECT_EQ(r.decision, Decision::kSwap);
  EXPECT_TRUE(r.error.ok());
}

TEST_F(ResumeRange, AReusedResultForgetsTheError) {
  Result r;
  Screener screener(*pack_);
  Record record = Make("9999-12-31T00:00:00Z");
  TimePoint now = ParseDatetime("2026-11-24T21:00:00Z").value();
  screener.Screen(record, now, {}, r);
  EXPECT_EQ(r.decision, Decision::kError);
  record.slots[pack_->FieldIndex("onset")].seconds = now.time_since_epoch().count();
  screener.Screen(record, now, {}, r);
  EXPECT_EQ(r.decision, Decision::kWait);
  EXPECT_TRUE(r.error.ok());
}

}  // namespace
}  // namespace needlescreen
