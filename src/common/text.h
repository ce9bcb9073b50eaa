// Small text helpers shared by the readers and the time parser.
#ifndef NEEDLESCREEN_COMMON_TEXT_H_
#define NEEDLESCREEN_COMMON_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace needlescreen {

constexpr bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Strips ASCII whitespace from both ends. A plain loop: find_first_not_of
// calls memchr once per character, which showed in the CSV profile.
constexpr std::string_view Trim(std::string_view s) {
  if (s.empty() || (!IsAsciiSpace(s.front()) && !IsAsciiSpace(s.back()))) return s;
  size_t begin = 0, end = s.size();
  while (begin < end && IsAsciiSpace(s[begin])) ++begin;
  while (end > begin && IsAsciiSpace(s[end - 1])) --end;
  return s.substr(begin, end - begin);
}

// `s` with control characters (and DEL) shown as '?': text from records must
// not drive the clinician's terminal (an ESC in an id could recolour or
// rewrite the screen).
inline std::string Printable(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

// Appends the decimal digits of `n` (fmt's format string machinery showed in
// the per-record output profile).
inline void AppendUint(std::string& out, uint64_t n) {
  char digits[20];
  int i = 20;
  do {
    digits[--i] = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n != 0);
  out.append(digits + i, 20 - i);
}

}  // namespace needlescreen

#endif  // NEEDLESCREEN_COMMON_TEXT_H_
