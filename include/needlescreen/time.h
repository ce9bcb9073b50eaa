// Datetimes and durations as the rule language and the records use them.
//
// Parsers return nullopt for text they do not accept; nothing here throws
// except std::bad_alloc from the functions that return a std::string, and
// nothing prints. No function keeps state; all may run on many threads at
// once, with one caveat: ParseDatetime reads a time without an offset in the
// local zone (mktime, the TZ environment variable), so no thread may change
// TZ (setenv, tzset) while another parses.
#ifndef NEEDLESCREEN_TIME_H_
#define NEEDLESCREEN_TIME_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace needlescreen {

// An instant, in whole seconds since 1970-01-01T00:00:00Z (UTC, no leap
// seconds).
using TimePoint = std::chrono::sys_seconds;

// The datetimes needlescreen writes: 0001-01-01T00:00:00Z to
// 9999-12-31T23:59:59Z, the four-digit years of ISO 8601 without expansion
// and of `needlescreen schema output` (issue 13).
inline constexpr TimePoint kEarliestDatetime{std::chrono::sys_days{std::chrono::year{1} / 1 / 1}};
inline constexpr TimePoint kLatestDatetime{
    std::chrono::sys_days{std::chrono::year{9999} / 12 / 31} + std::chrono::seconds{86399}};

// True when `t` lies in [kEarliestDatetime, kLatestDatetime] (constexpr;
// never throws). A time
// computed from a record (a resume time: onset + duration, now + duration)
// must be checked before it is written.
constexpr bool InDatetimeRange(TimePoint t) {
  return t >= kEarliestDatetime && t <= kLatestDatetime;
}

// Parses ISO 8601: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `T` or a
// space, and an optional `Z` or `±HH[[:]MM]` offset of at most 18 hours.
// Blanks around the text are ignored. A datetime with no offset (a date alone
// is its midnight) is local time (the TZ environment variable), as SPEC §4
// says; a local time in a daylight-saving gap or overlap is resolved as
// mktime does. Impossible dates (2026-02-30, 25:00, second 60) are rejected.
// Fractions of a second are dropped. Returns nullopt for anything else.
// The year is written with four digits from 1000 (an earlier year in intake
// data is a typing error), and the instant, in UTC, must lie in
// 1000-01-01T00:00:00Z..9999-12-31T23:59:59Z: an offset or the local zone can
// move 9999-12-31T23:00:00-05:00 into year 10000, which could not be written
// back. So every datetime read is written by FormatDatetime as text that
// ParseDatetime reads again to the same instant.
std::optional<TimePoint> ParseDatetime(std::string_view text);

// A time as a person types it at a prompt or in `--at` (issue 16):
//   - ParseDatetime's ISO 8601 (no offset: local time);
//   - `now`;
//   - a span before `now`, ending in `ago`: whole numbers each followed by a
//     unit, s/sec/second(s), m/min/minute(s), h/hr/hour(s), d/day(s),
//     w/wk/week(s), with or without a blank between, separated by blanks,
//     commas or `and`; `a`/`an` count as 1 (`36h ago`, `36 hours ago`,
//     `1d 12h ago`, `2 days ago`, `1 day and 12 hours ago`, `an hour ago`);
//     each number at most 9 digits, the sum at most a century;
//   - `today HH:MM` / `yesterday HH:MM` (also `H:MM`, `HH:MM:SS`, an `at`
//     between): that wall-clock time on the local date of `now`, or of the day
//     before, resolved in the local zone as ParseDatetime resolves it.
// Case and blanks around the text are ignored. nullopt for anything else (a
// bare `today` says no time). Reads TZ like ParseDatetime; never throws but
// std::bad_alloc.
std::optional<TimePoint> ParseWhen(std::string_view text, TimePoint now);

// `2026-11-26T09:00:00Z`: always UTC, always seconds, any TimePoint. Within
// InDatetimeRange the year has four digits; outside it the year is written
// as it is (a sign, five digits), which no reader of needlescreen's output
// accepts: callers check InDatetimeRange first where arithmetic can leave it.
std::string FormatDatetime(TimePoint t);
// The same, appended to `out` (no allocation once `out` has capacity; what
// `out` held is kept).
void AppendDatetime(TimePoint t, std::string& out);

// `2026-11-26 09:00 +11:00`: the instant as a clock on the wall shows it in
// the local zone (the TZ environment variable, daylight saving included,
// through localtime_r), for people to read: text output and the interview
// (issue 15). Machine formats (JSON, JSON Lines, CSV, saved intake) keep
// FormatDatetime. Minutes are always written, `:SS` only when the seconds are
// not zero (`09:00:30`); the offset east of UTC follows as `+HH:MM`
// (`+00:00` in UTC, never `Z`), with `:SS` for the historical local mean
// times whose offset is not whole minutes. needlescreen never reads this
// form back. Where `t` is outside InDatetimeRange, localtime_r fails, or the
// local year would leave 0001-9999, writes FormatDatetime's UTC form instead,
// which is always right. Like ParseDatetime it reads TZ: no thread may change
// TZ (setenv, tzset) while another formats.
std::string FormatLocalDatetime(TimePoint t);
// The same, appended to `out` (what `out` held is kept).
void AppendLocalDatetime(TimePoint t, std::string& out);

// Parses a duration literal: a non-negative integer of digits only (no sign,
// no blank inside) followed by a lower-case `s`, `m`, `h`, `d` or `w` (`72h`,
// `14d`, `30m`); blanks around it are ignored. nullopt for anything else,
// and for more than 36525 days (a century keeps every datetime + duration
// inside int64 seconds).
std::optional<std::chrono::seconds> ParseDuration(std::string_view text);

// `3d`, `36h`, `90m`: the largest unit (w, d, h, m, s) that divides it
// exactly; "0s" for zero, a leading `-` for a negative duration (any value,
// INT64_MIN included). ParseDuration reads back every non-negative result
// up to its bound.
std::string FormatDuration(std::chrono::seconds d);

// The current time of the system clock (wall time, which can step back),
// truncated to seconds. Never fails.
TimePoint Now();

}  // namespace needlescreen

#endif  // NEEDLESCREEN_TIME_H_
