// ScreenOptions::local_times (src/screen/screen.cc, issue 15): the datetimes
// a screen fills into its strings (message placeholders, --explain readings
// and lets) are local with their offset for text, UTC for the machine
// formats, and the decision and its times do not change. Its own file, apart
// from screen_test.cc, so that it stands alone with its pack.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

#include "needlescreen/pack.h"
#include "needlescreen/record.h"
#include "needlescreen/screen.h"
#include "needlescreen/time.h"
#include "test_support.h"

namespace needlescreen {
namespace {

// Sydney for one test, the previous TZ restored after it.
class InSydney : public ::testing::Test {
 protected:
  void SetUp() override {
    tz_.emplace("Australia/Sydney");
    PackLoad load = LoadPack({{"pack.yaml", std::string(kPack)}});
    for (const Diagnostic& d : load.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
    ASSERT_TRUE(load.pack.has_value());
    pack_.emplace(std::move(*load.pack));
  }
  void TearDown() override { tz_.reset(); }

  // An onset at 09:00 Sydney time (no offset: local, SPEC §4), screened at
  // 15:30 the next day.
  Result Screen(bool local_times) const {
    const Pack& pack = *pack_;
    Record record(pack.fields.size());
    Slot& onset = record.slots[pack.FieldIndex("onset")];
    onset.known = true;
    onset.seconds = ParseDatetime("2026-11-23T09:00").value().time_since_epoch().count();
    Result r;
    ScreenOptions options;
    options.explain = true;
    options.local_times = local_times;
    Screener(pack).Screen(record, ParseDatetime("2026-11-24T15:30").value(), options, r);
    return r;
  }

  static constexpr std::string_view kPack = R"(pack: local-times
version: 0.1.0
fields:
  - path: onset
    type: datetime
let:
  window_ends: onset + 72h
rules:
  - id: acute
    outcome: wait
    when: window_ends > now
    message: Began {onset}; the window ends {window_ends}.
    resume: window_ends
)";

  std::optional<Pack> pack_;
  std::optional<ScopedTz> tz_;
};

TEST_F(InSydney, LocalTimesFillMessagesInTheLocalZone) {
  Result r = Screen(/*local_times=*/true);
  ASSERT_EQ(r.reasons.size(), 1u);
  EXPECT_EQ(r.reasons[0].message,
            "Began 2026-11-23 09:00 +11:00; the window ends 2026-11-26 09:00 +11:00.");
}

TEST_F(InSydney, WithoutLocalTimesMessagesStayUtc) {
  Result r = Screen(/*local_times=*/false);
  ASSERT_EQ(r.reasons.size(), 1u);
  EXPECT_EQ(r.reasons[0].message,
            "Began 2026-11-22T22:00:00Z; the window ends 2026-11-25T22:00:00Z.");
}

TEST_F(InSydney, LocalTimesReachTheExplanation) {
  Result local = Screen(/*local_times=*/true);
  Result utc = Screen(/*local_times=*/false);
  ASSERT_EQ(local.trace.size(), 1u);
  ASSERT_EQ(utc.trace.size(), 1u);
  // `onset`, then `now`.
  ASSERT_EQ(local.trace[0].readings.size(), 2u);
  EXPECT_EQ(local.trace[0].readings[0].value, "2026-11-23 09:00 +11:00");
  EXPECT_EQ(local.trace[0].readings[1].value, "2026-11-24 15:30 +11:00");
  ASSERT_EQ(local.trace[0].lets.size(), 1u);
  EXPECT_EQ(local.trace[0].lets[0].value, "2026-11-26 09:00 +11:00");
  ASSERT_EQ(utc.trace[0].readings.size(), 2u);
  EXPECT_EQ(utc.trace[0].readings[0].value, "2026-11-22T22:00:00Z");
  EXPECT_EQ(utc.trace[0].readings[1].value, "2026-11-24T04:30:00Z");
  ASSERT_EQ(utc.trace[0].lets.size(), 1u);
  EXPECT_EQ(utc.trace[0].lets[0].value, "2026-11-25T22:00:00Z");
}

TEST_F(InSydney, OnlyTheRenderingChanges) {
  Result local = Screen(/*local_times=*/true);
  Result utc = Screen(/*local_times=*/false);
  EXPECT_EQ(local.decision, Decision::kWait);
  EXPECT_EQ(local.decision, utc.decision);
  EXPECT_EQ(local.verdicts, utc.verdicts);
  EXPECT_EQ(local.screened_at, utc.screened_at);
  ASSERT_TRUE(local.resume_after.has_value());
  EXPECT_EQ(local.resume_after, utc.resume_after);
  EXPECT_EQ(FormatDatetime(*local.resume_after), "2026-11-25T22:00:00Z");
}

}  // namespace
}  // namespace needlescreen
