#include "needlescreen/time.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "test_support.h"

namespace needlescreen {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// Parses and formats back, so expectations read as UTC datetimes instead of
// epoch seconds.
std::string AsUtc(std::string_view text) {
  const std::optional<TimePoint> t = ParseDatetime(text);
  return t ? FormatDatetime(*t) : "rejected";
}

struct DatetimeCase {
  const char* text;
  const char* utc;
};

void ExpectUtc(const std::vector<DatetimeCase>& cases) {
  for (const DatetimeCase& c : cases) EXPECT_EQ(AsUtc(c.text), c.utc) << c.text;
}

void ExpectRejected(const std::vector<const char*>& texts) {
  for (const char* text : texts) EXPECT_FALSE(ParseDatetime(text).has_value()) << text;
}

TEST(ParseDatetime, AppliesOffsets) {
  ExpectUtc({
      {"2026-11-24T21:00:00Z", "2026-11-24T21:00:00Z"},
      {"2026-11-24T21:00:00z", "2026-11-24T21:00:00Z"},
      {"2026-11-24T21:00:00+05:30", "2026-11-24T15:30:00Z"},
      {"2026-11-24T21:00:00+0530", "2026-11-24T15:30:00Z"},
      {"2026-11-24T21:00:00+05", "2026-11-24T16:00:00Z"},
      {"2026-11-24T21:00:00-08:00", "2026-11-25T05:00:00Z"},
      {"2026-11-24T21:00-08", "2026-11-25T05:00:00Z"},
      {"2026-11-24T21:00:00-00:00", "2026-11-24T21:00:00Z"},
      {"2026-11-24T21:00:00+18:00", "2026-11-24T03:00:00Z"},
      {"2026-11-24T21:00:00-18:00", "2026-11-25T15:00:00Z"},
  });
}

TEST(ParseDatetime, RejectsOffsetsBeyondEighteenHours) {
  ExpectRejected({"2026-11-24T21:00:00+18:01", "2026-11-24T21:00:00-18:30",
                  "2026-11-24T21:00:00+19", "2026-11-24T21:00:00+99:00"});
}

TEST(ParseDatetime, RejectsMalformedOffsets) {
  ExpectRejected({"2026-11-24T21:00:00+", "2026-11-24T21:00:00+5", "2026-11-24T21:00:00+5:30",
                  "2026-11-24T21:00:00+05:3", "2026-11-24T21:00:00+053",
                  "2026-11-24T21:00:00+05:60", "2026-11-24T21:00:00 Z", "2026-11-24T21:00:00UTC",
                  "2026-11-24T21:00:00ZZ"});
}

TEST(ParseDatetime, AcceptsEitherSeparatorAndOptionalSeconds) {
  ExpectUtc({
      {"2026-11-24T21:07:09Z", "2026-11-24T21:07:09Z"},
      {"2026-11-24t21:07:09Z", "2026-11-24T21:07:09Z"},
      {"2026-11-24 21:07:09Z", "2026-11-24T21:07:09Z"},
      {"2026-11-24T21:07Z", "2026-11-24T21:07:00Z"},
  });
}

TEST(ParseDatetime, DropsFractionWithoutRounding) {
  ExpectUtc({
      {"2026-11-24T21:00:00.5Z", "2026-11-24T21:00:00Z"},
      {"2026-11-24T21:00:59.999999999Z", "2026-11-24T21:00:59Z"},
      {"2026-11-24T21:00:00.123+01:00", "2026-11-24T20:00:00Z"},
  });
}

TEST(ParseDatetime, TrimsSurroundingWhitespace) {
  ExpectUtc({{"  2026-11-24T21:00:00Z\n", "2026-11-24T21:00:00Z"},
             {"\t2026-11-24 21:00Z ", "2026-11-24T21:00:00Z"}});
}

TEST(ParseDatetime, AcceptsLeapDay) {
  ExpectUtc({{"2028-02-29T12:00:00Z", "2028-02-29T12:00:00Z"},
             {"2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z"}});
}

TEST(ParseDatetime, RejectsImpossibleDate) {
  ExpectRejected({"2026-02-30T00:00:00Z", "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
                  "2026-04-31T00:00:00Z", "2026-01-32T00:00:00Z", "2026-00-10T00:00:00Z",
                  "2026-13-01T00:00:00Z", "2026-01-00T00:00:00Z", "2026-02-30"});
}

TEST(ParseDatetime, AcceptsTimeBoundaries) {
  ExpectUtc({
      {"2026-12-31T23:59:59Z", "2026-12-31T23:59:59Z"},
      {"2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"},
      {"1000-01-01T00:00:00Z", "1000-01-01T00:00:00Z"},
      {"9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"},
  });
}

TEST(ParseDatetime, RejectsTimeOutOfRange) {
  ExpectRejected({"2026-11-24T24:00:00Z", "2026-11-24T25:00Z", "2026-11-24T23:60:00Z",
                  "2026-11-24T23:59:60Z", "2026-11-24T23:59:99Z"});
}

TEST(ParseDatetime, RejectsYearsOutsideFourDigits) {
  ExpectRejected({"0999-12-31T00:00:00Z", "0000-01-01T00:00:00Z", "999-01-01T00:00:00Z",
                  "10000-01-01T00:00:00Z", "+2026-01-01T00:00:00Z", "-2026-01-01T00:00:00Z"});
}

// Issue 13: an offset or the local zone must not carry a datetime out of the
// years it can be written in (9999-12-31T23:00:00-05:00 is 10000-01-01 UTC).
TEST(ParseDatetime, RejectsInstantsOutsideTheWritableYearsInUtc) {
  ExpectRejected({"9999-12-31T23:00:00-05:00", "9999-12-31T23:59:59-00:01",
                  "1000-01-01T00:00:00+01:00", "1000-01-01T00:59:59+01:00"});
  ExpectUtc({{"9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"},
             {"9999-12-31T23:59:59+00:00", "9999-12-31T23:59:59Z"},
             {"9999-12-31T23:00:00+05:00", "9999-12-31T18:00:00Z"},
             {"1000-01-01T00:00:00-01:00", "1000-01-01T01:00:00Z"},
             {"1000-01-01T01:00:00+01:00", "1000-01-01T00:00:00Z"}});
  ScopedTz tz("America/New_York");
  ExpectRejected({"9999-12-31T20:00:00", "9999-12-31T19:00:01"});
  ExpectUtc(
      {{"9999-12-31", "9999-12-31T05:00:00Z"}, {"9999-12-31T18:59:59", "9999-12-31T23:59:59Z"}});
}

TEST(InDatetimeRange, IsYearsOneTo9999) {
  using std::chrono::sys_days;
  using std::chrono::year;
  EXPECT_TRUE(InDatetimeRange(kEarliestDatetime));
  EXPECT_TRUE(InDatetimeRange(kLatestDatetime));
  EXPECT_FALSE(InDatetimeRange(kEarliestDatetime - seconds{1}));
  EXPECT_FALSE(InDatetimeRange(kLatestDatetime + seconds{1}));
  EXPECT_EQ(FormatDatetime(kEarliestDatetime), "0001-01-01T00:00:00Z");
  EXPECT_EQ(FormatDatetime(kLatestDatetime), "9999-12-31T23:59:59Z");
  EXPECT_EQ(kLatestDatetime + seconds{1}, TimePoint{sys_days{year{10000} / 1 / 1}});
}

TEST(ParseDatetime, RejectsMalformedText) {
  ExpectRejected({"",
                  "   ",
                  "tomorrow",
                  "2026",
                  "2026-11",
                  "2026-1-05",
                  "2026-01-5",
                  "2026/01/05",
                  "20260105",
                  "2026-01-05x",
                  "2026-01-05T",
                  "2026-01-05T9:00",
                  "2026-01-05T09",
                  "2026-01-05T0900",
                  "2026-01-05T09:00:",
                  "2026-01-05T09:00:5",
                  "2026-01-05T09:00:00.",
                  "2026-01-05T09:00.5",
                  "2026-01-05T09:00:00Zjunk",
                  "2026-01-05  09:00",
                  "2026-01-05_09:00",
                  "2026-01-05T09:00:00 +01:00",
                  "2026-01-05T09:00:00,5Z"});
}

TEST(ParseDatetime, ReadsTimeWithoutOffsetAsLocal) {
  ScopedTz tz("America/New_York");
  ExpectUtc({
      {"2026-11-24T21:00:00", "2026-11-25T02:00:00Z"},  // EST, -05:00
      {"2026-07-01T12:00", "2026-07-01T16:00:00Z"},     // EDT, -04:00
      {"2026-07-01 12:00:30.25", "2026-07-01T16:00:30Z"},
  });
}

TEST(ParseDatetime, ReadsDateOnlyAsLocalMidnight) {
  ScopedTz tz("America/New_York");
  ExpectUtc({{"2026-11-24", "2026-11-24T05:00:00Z"},
             {"2026-07-01", "2026-07-01T04:00:00Z"},
             {"2028-02-29", "2028-02-29T05:00:00Z"}});
}

TEST(ParseDatetime, IgnoresTzWhenOffsetGiven) {
  ScopedTz tz("America/New_York");
  ExpectUtc({{"2026-11-24T21:00:00Z", "2026-11-24T21:00:00Z"},
             {"2026-11-24T21:00:00+05:30", "2026-11-24T15:30:00Z"}});
}

TEST(ParseDatetime, FollowsTzChanges) {
  {
    ScopedTz tz("UTC");
    EXPECT_EQ(AsUtc("2026-11-24T21:00"), "2026-11-24T21:00:00Z");
  }
  {
    ScopedTz tz("Asia/Kolkata");
    EXPECT_EQ(AsUtc("2026-11-24T21:00"), "2026-11-24T15:30:00Z");
  }
}

TEST(FormatDatetime, WritesUtcToTheSecond) {
  EXPECT_EQ(FormatDatetime(TimePoint{}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatDatetime(TimePoint{seconds{-1}}), "1969-12-31T23:59:59Z");
  const TimePoint t = std::chrono::sys_days{std::chrono::year{2026} / 11 / 26} + hours{9};
  EXPECT_EQ(FormatDatetime(t), "2026-11-26T09:00:00Z");
}

TEST(FormatDatetime, RoundTripsThroughParse) {
  for (const char* text : {"2026-11-26T09:00:00Z", "2028-02-29T23:59:59Z", "1000-01-01T00:00:00Z",
                           "9999-12-31T23:59:59Z"}) {
    EXPECT_EQ(AsUtc(text), text);
  }
}

// Issue 15: text and the interview show times in the local zone with their
// offset. Each zone is checked one second either side of its daylight-saving
// changes, read from the C library's tzdata (Debian's tzdata package).
std::string Local(std::string_view utc) { return FormatLocalDatetime(ParseDatetime(utc).value()); }

TEST(FormatLocalDatetime, WritesUtcWithAZeroOffset) {
  ScopedTz tz("UTC");
  EXPECT_EQ(Local("2026-11-26T09:00:00Z"), "2026-11-26 09:00 +00:00");
  EXPECT_EQ(Local("2026-11-26T09:00:30Z"), "2026-11-26 09:00:30 +00:00");
  EXPECT_EQ(Local("2026-11-26T23:59:59Z"), "2026-11-26 23:59:59 +00:00");
  std::string out = "at ";
  AppendLocalDatetime(ParseDatetime("2026-11-26T09:00:00Z").value(), out);
  EXPECT_EQ(out, "at 2026-11-26 09:00 +00:00");
}

TEST(FormatLocalDatetime, FollowsSydneyAcrossBothDaylightSavingChanges) {
  ScopedTz tz("Australia/Sydney");
  // Summer time ends 2026-04-05 03:00 AEDT: clocks go back to 02:00 AEST.
  EXPECT_EQ(Local("2026-04-04T15:59:59Z"), "2026-04-05 02:59:59 +11:00");
  EXPECT_EQ(Local("2026-04-04T16:00:00Z"), "2026-04-05 02:00 +10:00");
  // Summer time starts 2026-10-04 02:00 AEST: clocks go forward to 03:00 AEDT.
  EXPECT_EQ(Local("2026-10-03T15:59:59Z"), "2026-10-04 01:59:59 +10:00");
  EXPECT_EQ(Local("2026-10-03T16:00:00Z"), "2026-10-04 03:00 +11:00");
  // The example: 09:00 in Sydney in November is 22:00 UTC the day before.
  EXPECT_EQ(Local("2026-11-25T22:00:00Z"), "2026-11-26 09:00 +11:00");
}

TEST(FormatLocalDatetime, FollowsNewYorkAcrossBothDaylightSavingChanges) {
  ScopedTz tz("America/New_York");
  // 2026-03-08 02:00 EST becomes 03:00 EDT.
  EXPECT_EQ(Local("2026-03-08T06:59:59Z"), "2026-03-08 01:59:59 -05:00");
  EXPECT_EQ(Local("2026-03-08T07:00:00Z"), "2026-03-08 03:00 -04:00");
  // 2026-11-01 02:00 EDT becomes 01:00 EST: 01:30 happens twice, and only
  // the offset tells the two apart.
  EXPECT_EQ(Local("2026-11-01T05:30:00Z"), "2026-11-01 01:30 -04:00");
  EXPECT_EQ(Local("2026-11-01T06:30:00Z"), "2026-11-01 01:30 -05:00");
}

TEST(FormatLocalDatetime, WritesOffsetsThatAreNotWholeHours) {
  {
    ScopedTz tz("Asia/Kolkata");
    EXPECT_EQ(Local("2026-11-24T15:30:00Z"), "2026-11-24 21:00 +05:30");
  }
  {
    ScopedTz tz("America/St_Johns");  // -03:30 in winter
    EXPECT_EQ(Local("2026-01-15T12:00:00Z"), "2026-01-15 08:30 -03:30");
  }
  {
    // Before 1895 Sydney kept local mean time, +10:04:52: the offset's
    // seconds are written rather than rounded away.
    ScopedTz tz("Australia/Sydney");
    EXPECT_EQ(Local("1890-01-01T00:00:00Z"), "1890-01-01 10:04:52 +10:04:52");
  }
}

// A time printed for a person is the same instant the machine formats carry:
// read back with its offset, it is the UTC time again.
TEST(FormatLocalDatetime, NamesTheSameInstantAsFormatDatetime) {
  ScopedTz tz("Australia/Sydney");
  for (const char* utc : {"2026-04-04T15:59:59Z", "2026-04-04T16:00:00Z", "2026-10-03T16:00:00Z",
                          "2026-11-25T22:00:00Z"}) {
    std::string local = Local(utc);
    // `2026-11-26 09:00 +11:00` -> `2026-11-26 09:00+11:00`, which ParseDatetime reads.
    local.erase(local.rfind(' '), 1);
    EXPECT_EQ(AsUtc(local), utc) << local;
  }
}

// Years 0001-9999 stay safe: where the local year would leave them (or the
// instant is outside them) the UTC form is written instead.
TEST(FormatLocalDatetime, FallsBackToUtcOutsideTheWritableYears) {
  {
    ScopedTz tz("UTC");
    EXPECT_EQ(FormatLocalDatetime(kEarliestDatetime), "0001-01-01 00:00 +00:00");
    EXPECT_EQ(FormatLocalDatetime(kLatestDatetime), "9999-12-31 23:59:59 +00:00");
  }
  {
    // 9999-12-31T13:00:00Z is already 10000-01-01 00:00 in Sydney (+11:00).
    ScopedTz tz("Australia/Sydney");
    EXPECT_EQ(FormatLocalDatetime(kLatestDatetime - hours{11}), "9999-12-31 23:59:59 +11:00");
    const TimePoint next_year = kLatestDatetime - hours{11} + seconds{1};
    EXPECT_EQ(FormatLocalDatetime(next_year), "9999-12-31T13:00:00Z");
    EXPECT_EQ(FormatLocalDatetime(kLatestDatetime), "9999-12-31T23:59:59Z");
  }
  {
    ScopedTz tz("America/New_York");  // still year 0 in New York
    EXPECT_EQ(FormatLocalDatetime(kEarliestDatetime), "0001-01-01T00:00:00Z");
  }
  for (TimePoint outside : {kLatestDatetime + seconds{1}, kEarliestDatetime - seconds{1}}) {
    EXPECT_EQ(FormatLocalDatetime(outside), FormatDatetime(outside));
  }
  EXPECT_EQ(FormatLocalDatetime(kLatestDatetime + seconds{1}), "10000-01-01T00:00:00Z");
}

// SPEC §4 and issue 15: the acute window is measured in real hours. Local
// times without an offset are read through mktime, so a window across a
// daylight-saving change is one hour shorter (spring) or longer (autumn)
// on the wall clock than in real time.
TEST(ParseDatetime, MeasuresLocalTimesAcrossDaylightSavingInRealHours) {
  {
    ScopedTz tz("Australia/Sydney");
    const TimePoint onset = ParseDatetime("2026-10-03T09:00").value();   // AEST, +10:00
    const TimePoint screen = ParseDatetime("2026-10-06T08:30").value();  // AEDT, +11:00
    EXPECT_EQ(screen - onset, hours{70} + minutes{30});
    EXPECT_EQ(FormatLocalDatetime(onset + hours{72}), "2026-10-06 10:00 +11:00");
    const TimePoint autumn_onset = ParseDatetime("2026-04-03T09:00").value();        // AEDT
    EXPECT_EQ(ParseDatetime("2026-04-06T08:00").value() - autumn_onset, hours{72});  // AEST
    EXPECT_EQ(FormatLocalDatetime(autumn_onset + hours{72}), "2026-04-06 08:00 +10:00");
  }
  {
    ScopedTz tz("America/New_York");
    const TimePoint onset = ParseDatetime("2026-10-31T09:00").value();        // EDT, -04:00
    EXPECT_EQ(ParseDatetime("2026-11-03T08:00").value() - onset, hours{72});  // EST
    EXPECT_EQ(FormatLocalDatetime(onset + hours{72}), "2026-11-03 08:00 -05:00");
  }
}

TEST(ParseDuration, ReadsEachUnit) {
  struct Case {
    const char* text;
    seconds expected;
  };
  const Case cases[] = {
      {"0s", seconds{0}},    {"45s", seconds{45}},    {"30m", minutes{30}},
      {"72h", hours{72}},    {"14d", hours{14 * 24}}, {"2w", hours{14 * 24}},
      {" 72h\n", hours{72}}, {"007m", minutes{7}},    {"36525d", hours{36525 * 24}},
  };
  for (const Case& c : cases) {
    const std::optional<seconds> d = ParseDuration(c.text);
    ASSERT_TRUE(d.has_value()) << c.text;
    EXPECT_EQ(*d, c.expected) << c.text;
  }
}

TEST(ParseDuration, RejectsMalformedText) {
  for (const char* text : {"", "h", "72", "72 h", "-1h", "+1h", "1.5h", "72H", "72hh", "1y",
                           "0x10s", "h72", "7 2h", "1e3s"}) {
    EXPECT_FALSE(ParseDuration(text).has_value()) << text;
  }
}

TEST(ParseDuration, RejectsMoreThanACentury) {
  for (const char* text : {"36526d", "5219w", "876601h", "99999999999999999999s",
                           "18446744073709551615s", "18446744073709551616w"}) {
    EXPECT_FALSE(ParseDuration(text).has_value()) << text;
  }
}

TEST(FormatDuration, UsesLargestExactUnit) {
  struct Case {
    seconds d;
    const char* text;
  };
  const Case cases[] = {
      {seconds{0}, "0s"},   {seconds{59}, "59s"},     {seconds{60}, "1m"},
      {minutes{90}, "90m"}, {seconds{3601}, "3601s"}, {hours{25}, "25h"},
      {hours{72}, "3d"},    {hours{14 * 24}, "2w"},   {hours{15 * 24}, "15d"},
      {hours{-72}, "-3d"},  {seconds{-90}, "-90s"},
  };
  for (const Case& c : cases) EXPECT_EQ(FormatDuration(c.d), c.text) << c.d.count();
}

TEST(FormatDuration, RoundTripsThroughParse) {
  for (const char* text : {"0s", "59s", "90m", "25h", "3d", "2w", "36525d"}) {
    const std::optional<seconds> d = ParseDuration(text);
    ASSERT_TRUE(d.has_value()) << text;
    EXPECT_EQ(FormatDuration(*d), text);
  }
}

TEST(FormatDuration, HandlesMostNegativeValue) {
  EXPECT_EQ(FormatDuration(seconds{INT64_MIN}), "-9223372036854775808s");
}

TEST(Now, FollowsTheSystemClock) {
  const auto before = std::chrono::floor<seconds>(std::chrono::system_clock::now());
  const TimePoint now = Now();
  const auto after = std::chrono::system_clock::now();
  EXPECT_GE(now, before);
  EXPECT_LE(now, after);
}

// Issue 16: the times a clinician types, at a prompt and in --at.
TEST(ParseWhen, ReadsSpansInWordsAndLetters) {
  ScopedTz tz("UTC");
  const TimePoint now = *ParseDatetime("2026-11-24T21:00:00Z");
  struct Case {
    const char* text;
    seconds before;
  };
  const Case cases[] = {
      {"36h ago", hours{36}},
      {"36 hours ago", hours{36}},
      {"36 Hours Ago", hours{36}},
      {"  2 days ago ", hours{48}},
      {"1 day ago", hours{24}},
      {"1d 12h ago", hours{36}},
      {"1d12h ago", hours{36}},
      {"1 day, 12 hours ago", hours{36}},
      {"1 day and 12 hours ago", hours{36}},
      {"an hour ago", hours{1}},
      {"a week ago", hours{168}},
      {"2 wks ago", hours{336}},
      {"30 mins ago", minutes{30}},
      {"90 min ago", minutes{90}},
      {"45 seconds ago", seconds{45}},
      {"3 hrs ago", hours{3}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ParseWhen(c.text, now), now - c.before) << c.text;
  }
  EXPECT_EQ(ParseWhen("now", now), now);
  EXPECT_EQ(ParseWhen(" NOW ", now), now);
}

TEST(ParseWhen, ReadsTodayAndYesterdayOnTheLocalClock) {
  ScopedTz tz("Australia/Sydney");  // +11:00 in November
  // 2026-11-25 08:00 in Sydney.
  const TimePoint now = *ParseDatetime("2026-11-24T21:00:00Z");
  EXPECT_EQ(ParseWhen("today 08:30", now), ParseDatetime("2026-11-24T21:30:00Z"));
  EXPECT_EQ(ParseWhen("today 7:05", now), ParseDatetime("2026-11-24T20:05:00Z"));
  EXPECT_EQ(ParseWhen("yesterday 09:00", now), ParseDatetime("2026-11-23T22:00:00Z"));
  EXPECT_EQ(ParseWhen("Yesterday at 23:59:30", now), ParseDatetime("2026-11-24T12:59:30Z"));
  // In UTC the same instant is still the 24th.
  ScopedTz utc("UTC");
  EXPECT_EQ(ParseWhen("yesterday 09:00", now), ParseDatetime("2026-11-23T09:00:00Z"));
}

TEST(ParseWhen, KeepsIsoAndRejectsTheRest) {
  ScopedTz tz("UTC");
  const TimePoint now = *ParseDatetime("2026-11-24T21:00:00Z");
  EXPECT_EQ(ParseWhen("2026-11-20T10:00:00Z", now), ParseDatetime("2026-11-20T10:00:00Z"));
  EXPECT_EQ(ParseWhen("2026-11-20", now), ParseDatetime("2026-11-20"));
  for (const char* bad : {"",
                          "ago",
                          "36 ago",
                          "hours ago",
                          "36 fortnights ago",
                          "36h",
                          "-36h ago",
                          "1.5 hours ago",
                          "1000000000 seconds ago",
                          "36525d 1s ago",
                          "today",
                          "yesterday",
                          "today 24:00",
                          "today 09:60",
                          "today 9",
                          "today 09:00 pm",
                          "tomorrow 09:00",
                          "36h ago\x1b[2J",
                          "and 3h ago",
                          "3h and ago",
                          "a ago",
                          "36 hours hours ago"}) {
    EXPECT_EQ(ParseWhen(bad, now), std::nullopt) << bad;
  }
  // A century is the longest span (ParseDuration's bound).
  EXPECT_EQ(ParseWhen("36525 days ago", now), now - hours{24 * 36525});
}

}  // namespace
}  // namespace needlescreen
