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

// The length of the invisible control that `s` starts with, or 0, with its
// code point in `cp`: a C1 control (U+0080..U+009F; a terminal may read
// U+009B as CSI), a bidirectional control (U+061C, U+200E, U+200F,
// U+202A..U+202E, U+2066..U+2069) or a line/paragraph separator (U+2028,
// U+2029: line breaks to YAML 1.1 and to JavaScript before ES2019). These
// are what Printable and the JSON writer escape beyond ASCII controls. Looks
// at three bytes at most (the JSON writer's per-byte path).
inline size_t HiddenControlLength(std::string_view s, uint32_t& cp) {
  auto at = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  const unsigned c = at(0), c1 = at(1), c2 = at(2);
  if (c == 0xc2 && c1 >= 0x80 && c1 <= 0x9f) {
    cp = c1;
    return 2;
  }
  if (c == 0xd8 && c1 == 0x9c) {
    cp = 0x061c;
    return 2;
  }
  if (c == 0xe2 && ((c1 == 0x80 && (c2 == 0x8e || c2 == 0x8f || (c2 >= 0xa8 && c2 <= 0xae))) ||
                    (c1 == 0x81 && c2 >= 0xa6 && c2 <= 0xa9))) {
    cp = 0x2000 | (c1 & 0x3f) << 6 | (c2 & 0x3f);
    return 3;
  }
  return 0;
}

// How Printable treats a line feed.
enum class LineBreaks : uint8_t {
  kEscape,  // shown as `\n`: an id or an answer must not start a line of its own
  kKeep,    // kept: multi-line prose the pack author wrote (a disclaimer, help)
};

// `s` made safe to show on a terminal. Every text that reaches a terminal
// from a record, a rule pack, a typed answer or a file name goes through it
// (issue 13): an ESC in an id could recolour or rewrite the screen, a C1 CSI
// (U+009B) does the same on terminals that honour it, and a bidirectional
// override (U+202E) makes `P-0042` display as something else.
//
// Shown as visible escapes:
//   - C0 controls and DEL: `\n`, `\r`, else `\xHH` (ESC is `\x1b`); a line
//     feed is kept with LineBreaks::kKeep. TAB is kept: it moves the cursor
//     and cannot redraw anything, and diagnostics align their carets with it.
//   - C1 controls U+0080..U+009F: `\u009b`.
//   - bidirectional controls U+061C, U+200E, U+200F, U+202A..U+202E,
//     U+2066..U+2069, and the separators U+2028, U+2029 (line breaks to YAML
//     comments and to some viewers): `\u202e`.
//   - bytes that are not well-formed UTF-8 (stray or missing continuation
//     bytes, overlong forms, surrogates, above U+10FFFF): `\xHH` per byte.
// Everything else (ASCII text, accented names, any script, emoji) is
// unchanged. A backslash stays a backslash, so Printable(Printable(s)) ==
// Printable(s) and the result is for reading, not for decoding back.
//
// Why escape rather than replace with '?': the educator sees which character
// the record held (`P-\x1b[31m0042`, `\u202e`) and can find it in the file;
// a '?' hides the difference between a typo, a control and a broken byte.
//
// For terminal text only: machine outputs (JSON, JSON Lines, CSV, YAML) keep
// the exact value. Allocates the result; thread-safe.
std::string Printable(std::string_view s, LineBreaks breaks = LineBreaks::kEscape);

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
