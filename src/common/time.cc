// ISO 8601 datetimes (record values, `--at`) and duration literals (the rule
// language), SPEC §2 and §4.
#include "needlescreen/time.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <ctime>
#include <iterator>
#include <string>
#include <vector>

#include "common/text.h"

namespace needlescreen {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads the text left to right. Each ISO 8601 component has a fixed width, so
// digits are read by count: "9:00" or "2026-1-5" fail rather than being
// guessed at.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ == text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }

  // Consumes the next character when it is one of `chars`.
  bool Accept(std::string_view chars) {
    if (AtEnd() || chars.find(text_[pos_]) == std::string_view::npos) return false;
    ++pos_;
    return true;
  }

  // Reads exactly `n` digits into `out`.
  bool Digits(int n, int& out) {
    if (text_.size() - pos_ < static_cast<size_t>(n)) return false;
    int value = 0;
    for (int i = 0; i < n; ++i) {
      const char c = text_[pos_ + i];
      if (!IsDigit(c)) return false;
      value = value * 10 + (c - '0');
    }
    pos_ += n;
    out = value;
    return true;
  }

  // Skips one or more digits; false when there is none.
  bool SkipDigits() {
    const size_t start = pos_;
    while (!AtEnd() && IsDigit(text_[pos_])) ++pos_;
    return pos_ > start;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

// A wall-clock reading, before any zone is applied.
struct Civil {
  std::chrono::year_month_day date{};
  int hour = 0;
  int minute = 0;
  int second = 0;
};

bool ParseDate(Cursor& c, Civil& out) {
  int y = 0, m = 0, d = 0;
  if (!c.Digits(4, y) || !c.Accept("-") || !c.Digits(2, m) || !c.Accept("-") || !c.Digits(2, d)) {
    return false;
  }
  out.date = std::chrono::year{y} / m / d;
  // ok() rejects 2026-02-30 and month 13. A year below 1000 in intake data is
  // a typing error, not a date anyone was treated on.
  return y >= 1000 && out.date.ok();
}

// `HH:MM[:SS[.fff]]`. Seconds stop at 59: a leap second cannot be stored in
// a sys_seconds and no clinical time depends on one.
bool ParseTime(Cursor& c, Civil& out) {
  if (!c.Digits(2, out.hour) || !c.Accept(":") || !c.Digits(2, out.minute)) return false;
  if (c.Accept(":")) {
    if (!c.Digits(2, out.second)) return false;
    // Sub-second precision is meaningless for screening; drop it (header contract).
    if (c.Accept(".") && !c.SkipDigits()) return false;
  }
  return out.hour < 24 && out.minute < 60 && out.second < 60;
}

// `Z`, `±HH`, `±HHMM` or `±HH:MM`, east of UTC positive.
bool ParseOffset(Cursor& c, minutes& out) {
  if (c.Accept("Zz")) {
    out = minutes{0};
    return true;
  }
  const bool negative = c.Peek() == '-';
  if (!c.Accept("+-")) return false;
  int h = 0, m = 0;
  if (!c.Digits(2, h)) return false;
  if (c.Accept(":") || IsDigit(c.Peek())) {
    if (!c.Digits(2, m)) return false;
  }
  // Real zones span -12:00..+14:00; ±18:00 is the bound java.time also uses,
  // so anything past it is a typing error.
  if (m >= 60 || h * 60 + m > 18 * 60) return false;
  out = minutes{negative ? -(h * 60 + m) : h * 60 + m};
  return true;
}

TimePoint FromUtc(const Civil& t) {
  return std::chrono::sys_days{t.date} + hours{t.hour} + minutes{t.minute} + seconds{t.second};
}

// SPEC §4: no offset means local time. mktime applies TZ including daylight
// saving (tm_isdst = -1 lets it decide); a time in a spring-forward gap is
// moved by the zone's shift and an ambiguous fall-back time takes one of its
// two readings, as every libc does.
std::optional<TimePoint> FromLocal(const Civil& t) {
  std::tm tm{};
  tm.tm_year = static_cast<int>(t.date.year()) - 1900;
  tm.tm_mon = static_cast<int>(static_cast<unsigned>(t.date.month())) - 1;
  tm.tm_mday = static_cast<int>(static_cast<unsigned>(t.date.day()));
  tm.tm_hour = t.hour;
  tm.tm_min = t.minute;
  tm.tm_sec = t.second;
  tm.tm_isdst = -1;
  const std::tm wanted = tm;
  const std::time_t result = std::mktime(&tm);
  if (result == static_cast<std::time_t>(-1)) {
    // -1 is both the error value and one real instant; accept it only when
    // that instant is what was asked for.
    std::tm check{};
    if (localtime_r(&result, &check) == nullptr || check.tm_year != wanted.tm_year ||
        check.tm_mon != wanted.tm_mon || check.tm_mday != wanted.tm_mday ||
        check.tm_hour != wanted.tm_hour || check.tm_min != wanted.tm_min ||
        check.tm_sec != wanted.tm_sec) {
      return std::nullopt;
    }
  }
  return TimePoint{seconds{result}};
}

struct DurationUnit {
  char suffix;
  int64_t seconds;
};

// Largest first: FormatDuration takes the first that divides exactly.
constexpr DurationUnit kDurationUnits[] = {
    {'w', 604800}, {'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}};

// A century is far beyond any clinical interval and keeps every sum of a
// datetime and a duration well inside int64 seconds.
constexpr int64_t kMaxDurationSeconds = int64_t{36525} * 86400;

// The instants ParseDatetime returns (its header contract): a year typed
// from 1000, still from 1000 in UTC, and at most 9999 once an offset or the
// local zone is applied.
constexpr TimePoint kEarliestRead{std::chrono::sys_days{std::chrono::year{1000} / 1 / 1}};

std::optional<TimePoint> InReadRange(std::optional<TimePoint> t) {
  if (t && (*t < kEarliestRead || *t > kLatestDatetime)) return std::nullopt;
  return t;
}

}  // namespace

// The canonical export form `YYYY-MM-DDTHH:MM:SSZ`, read without the general
// parser: it is most of the datetimes in a batch (CSV profile).
std::optional<TimePoint> ParseCanonicalUtc(std::string_view t) {
  static constexpr char kShape[] = "0000-00-00T00:00:00Z";
  for (size_t i = 0; i < 20; ++i) {
    bool digit = t[i] >= '0' && t[i] <= '9';
    if (kShape[i] == '0' ? !digit : t[i] != kShape[i]) return std::nullopt;
  }
  auto num = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) v = v * 10 + (t[i] - '0');
    return v;
  };
  Civil c;
  c.date = std::chrono::year{num(0, 4)} / num(5, 2) / num(8, 2);
  c.hour = num(11, 2);
  c.minute = num(14, 2);
  c.second = num(17, 2);
  if (num(0, 4) < 1000 || !c.date.ok() || c.hour > 23 || c.minute > 59 || c.second > 59) {
    return std::nullopt;
  }
  return FromUtc(c);
}

std::optional<TimePoint> ParseDatetime(std::string_view text) {
  if (text.size() == 20) {
    if (auto t = ParseCanonicalUtc(text)) return t;
  }
  Cursor c(Trim(text));
  Civil t;
  if (!ParseDate(c, t)) return std::nullopt;
  if (c.AtEnd()) return InReadRange(FromLocal(t));  // date only: local midnight
  if (!c.Accept("Tt ") || !ParseTime(c, t)) return std::nullopt;
  if (c.AtEnd()) return InReadRange(FromLocal(t));
  minutes offset{0};
  if (!ParseOffset(c, offset) || !c.AtEnd()) return std::nullopt;
  return InReadRange(FromUtc(t) - offset);
}

namespace {

// The unit words of a span, each with its length in seconds.
struct SpanUnit {
  std::string_view word;
  int64_t seconds;
};

constexpr SpanUnit kSpanUnits[] = {
    {"s", 1},        {"sec", 1},       {"secs", 1},      {"second", 1},  {"seconds", 1},
    {"m", 60},       {"min", 60},      {"mins", 60},     {"minute", 60}, {"minutes", 60},
    {"h", 3600},     {"hr", 3600},     {"hrs", 3600},    {"hour", 3600}, {"hours", 3600},
    {"d", 86400},    {"day", 86400},   {"days", 86400},  {"w", 604800},  {"wk", 604800},
    {"wks", 604800}, {"week", 604800}, {"weeks", 604800}};

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string Lowered(std::string_view text) {
  std::string out(Trim(text));
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The words of `text`: runs of digits or of letters, apart from blanks and
// commas; `:` stays inside a run of digits (a clock time). nullopt when any
// other character appears.
std::optional<std::vector<std::string_view>> Words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == ',') {
      ++i;
      continue;
    }
    const size_t start = i;
    if (IsDigit(c)) {
      while (i < text.size() && (IsDigit(text[i]) || text[i] == ':')) ++i;
    } else if (IsLetter(c)) {
      while (i < text.size() && IsLetter(text[i])) ++i;
    } else {
      return std::nullopt;
    }
    words.push_back(text.substr(start, i - start));
  }
  return words;
}

std::optional<int64_t> UnitSeconds(std::string_view word) {
  for (const SpanUnit& u : kSpanUnits) {
    if (u.word == word) return u.seconds;
  }
  return std::nullopt;
}

// `36 hours`, `1d 12h`, `a day and 12 hours`: pairs of a count and a unit.
std::optional<seconds> SpanOfWords(const std::vector<std::string_view>& words) {
  int64_t total = 0;
  size_t i = 0;
  bool any = false;
  while (i < words.size()) {
    if (any && words[i] == "and") ++i;
    if (i + 1 >= words.size()) return std::nullopt;
    uint64_t count = 1;
    const std::string_view n = words[i];
    if (n != "a" && n != "an") {
      if (n.size() > 9) return std::nullopt;
      const auto [end, error] = std::from_chars(n.data(), n.data() + n.size(), count);
      if (error != std::errc{} || end != n.data() + n.size()) return std::nullopt;
    }
    const std::optional<int64_t> unit = UnitSeconds(words[i + 1]);
    if (!unit) return std::nullopt;
    total += static_cast<int64_t>(count) * *unit;  // < 10^9 * 604800: no overflow
    if (total > kMaxDurationSeconds) return std::nullopt;
    i += 2;
    any = true;
  }
  if (!any) return std::nullopt;
  return seconds{total};
}

// `09:00`, `9:00`, `09:00:30` after `today` or `yesterday`.
std::optional<TimePoint> DayAndClock(bool yesterday, std::string_view clock, TimePoint now) {
  Cursor c(clock);
  int h = 0, m = 0, sec = 0;
  const bool two = clock.size() >= 2 && clock[1] != ':';
  if (!c.Digits(two ? 2 : 1, h) || !c.Accept(":") || !c.Digits(2, m)) return std::nullopt;
  if (c.Accept(":") && !c.Digits(2, sec)) return std::nullopt;
  if (!c.AtEnd() || h > 23 || m > 59 || sec > 59) return std::nullopt;
  const std::time_t since_epoch = std::chrono::system_clock::to_time_t(now);
  std::tm local{};
  if (localtime_r(&since_epoch, &local) == nullptr) return std::nullopt;
  std::chrono::sys_days day = std::chrono::year{local.tm_year + 1900} /
                              std::chrono::month{static_cast<unsigned>(local.tm_mon + 1)} /
                              std::chrono::day{static_cast<unsigned>(local.tm_mday)};
  if (yesterday) day -= days{1};
  return InReadRange(FromLocal(Civil{std::chrono::year_month_day{day}, h, m, sec}));
}

}  // namespace

std::optional<TimePoint> ParseWhen(std::string_view text, TimePoint now) {
  const std::string lowered = Lowered(text);
  if (lowered == "now") return now;
  const std::optional<std::vector<std::string_view>> words = Words(lowered);
  if (!words || words->empty()) return ParseDatetime(text);
  const std::vector<std::string_view>& w = *words;
  if (w.back() == "ago") {
    const std::optional<seconds> span = SpanOfWords({w.begin(), w.end() - 1});
    if (!span) return std::nullopt;
    return InReadRange(now - *span);
  }
  if (w.front() == "today" || w.front() == "yesterday") {
    const size_t clock = w.size() == 3 && w[1] == "at" ? 2 : 1;
    if (w.size() != clock + 1) return std::nullopt;
    return DayAndClock(w.front() == "yesterday", w[clock], now);
  }
  return ParseDatetime(text);
}

std::string FormatDatetime(TimePoint t) {
  std::string out;
  AppendDatetime(t, out);
  return out;
}

void AppendDatetime(TimePoint t, std::string& out) {
  const auto day = std::chrono::floor<days>(t);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time{t - day};
  // Written digit by digit: this runs for every output record (screened_at),
  // and a format string parse per call showed in the CSV profile.
  char text[20] = {'0', '0', '0', '0', '-', '0', '0', '-', '0', '0',
                   'T', '0', '0', ':', '0', '0', ':', '0', '0', 'Z'};
  auto put = [&text](int at, int width, int64_t value) {
    for (int i = at + width - 1; i >= at; --i, value /= 10)
      text[i] = static_cast<char>('0' + value % 10);
  };
  int year = static_cast<int>(date.year());
  if (year < 0 || year > 9999) {
    out += fmt::format("{}-{:02}-{:02}T{:02}:{:02}:{:02}Z", year,
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                       time.hours().count(), time.minutes().count(), time.seconds().count());
    return;
  }
  put(0, 4, year);
  put(5, 2, static_cast<unsigned>(date.month()));
  put(8, 2, static_cast<unsigned>(date.day()));
  put(11, 2, time.hours().count());
  put(14, 2, time.minutes().count());
  put(17, 2, time.seconds().count());
  out.append(text, sizeof text);
}

std::string FormatLocalDatetime(TimePoint t) {
  std::string out;
  AppendLocalDatetime(t, out);
  return out;
}

void AppendLocalDatetime(TimePoint t, std::string& out) {
  const auto since_epoch = static_cast<std::time_t>(t.time_since_epoch().count());
  std::tm local{};
  // The zone rules are libc's (tzdata), never ours. When it cannot convert,
  // UTC is the fallback: less convenient for a reader, never wrong.
  if (!InDatetimeRange(t) || localtime_r(&since_epoch, &local) == nullptr ||
      local.tm_year < 1 - 1900 || local.tm_year > 9999 - 1900) {
    AppendDatetime(t, out);
    return;
  }
  auto it = std::back_inserter(out);
  fmt::format_to(it, "{:04}-{:02}-{:02} {:02}:{:02}", local.tm_year + 1900, local.tm_mon + 1,
                 local.tm_mday, local.tm_hour, local.tm_min);
  if (local.tm_sec != 0) fmt::format_to(it, ":{:02}", local.tm_sec);
  const int64_t offset = local.tm_gmtoff;  // seconds east of UTC
  const int64_t magnitude = offset < 0 ? -offset : offset;
  fmt::format_to(it, " {}{:02}:{:02}", offset < 0 ? '-' : '+', magnitude / 3600,
                 magnitude / 60 % 60);
  if (magnitude % 60 != 0) fmt::format_to(it, ":{:02}", magnitude % 60);
}

std::optional<seconds> ParseDuration(std::string_view text) {
  text = Trim(text);
  if (text.size() < 2) return std::nullopt;
  int64_t unit = 0;
  for (const DurationUnit& u : kDurationUnits) {
    if (text.back() == u.suffix) unit = u.seconds;
  }
  if (unit == 0) return std::nullopt;
  const std::string_view digits = text.substr(0, text.size() - 1);
  // from_chars into an unsigned type takes digits only: no sign, space or point.
  uint64_t count = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
  if (error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  if (count > static_cast<uint64_t>(kMaxDurationSeconds / unit)) return std::nullopt;
  return seconds{static_cast<int64_t>(count) * unit};
}

std::string FormatDuration(seconds d) {
  const int64_t n = d.count();
  if (n == 0) return "0s";
  // Differences of datetimes can be negative; work on the magnitude so that
  // INT64_MIN does not overflow.
  const uint64_t magnitude = n < 0 ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
  const char* sign = n < 0 ? "-" : "";
  for (const DurationUnit& u : kDurationUnits) {
    const auto unit = static_cast<uint64_t>(u.seconds);
    if (magnitude % unit == 0) return fmt::format("{}{}{}", sign, magnitude / unit, u.suffix);
  }
  return {};  // unreachable: the last unit is one second
}

TimePoint Now() { return std::chrono::floor<seconds>(std::chrono::system_clock::now()); }

}  // namespace needlescreen
