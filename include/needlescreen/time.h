// Datetimes and durations as the rule language and the records use them.
#ifndef NEEDLESCREEN_TIME_H_
#define NEEDLESCREEN_TIME_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace needlescreen {

using TimePoint = std::chrono::sys_seconds;

// Parses ISO 8601: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `T` or a
// space, and an optional `Z` or `±HH[:MM]` offset. A datetime with no offset is
// local time (the TZ environment variable), as SPEC §4 says. Impossible dates
// (2026-02-30, 25:00) are rejected. Fractions of a second are dropped.
std::optional<TimePoint> ParseDatetime(std::string_view text);

// `2026-11-26T09:00:00Z`: always UTC, always seconds.
std::string FormatDatetime(TimePoint t);
// The same, appended to `out` (no allocation once `out` has capacity).
void AppendDatetime(TimePoint t, std::string& out);

// Parses a duration literal: a non-negative integer followed by `s`, `m`, `h`,
// `d` or `w` (`72h`, `14d`, `30m`).
std::optional<std::chrono::seconds> ParseDuration(std::string_view text);

// `3d`, `36h`, `90m`: the largest unit (w, d, h, m, s) that divides it exactly.
std::string FormatDuration(std::chrono::seconds d);

// The current time, truncated to seconds.
TimePoint Now();

}  // namespace needlescreen

#endif  // NEEDLESCREEN_TIME_H_
