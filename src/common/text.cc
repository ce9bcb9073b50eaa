// Terminal-safe text (text.h Printable): the only place that decides which
// characters a terminal is never sent.
#include "common/text.h"

#include <fmt/format.h>

namespace needlescreen {
namespace {

// The length of the well-formed UTF-8 sequence at the start of `s` (Unicode
// §3.9, table 3-7), or 0 when it is not one.
size_t SequenceLength(std::string_view s) {
  auto byte = [&](size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0u; };
  auto cont = [&](size_t i, unsigned lo = 0x80, unsigned hi = 0xbf) {
    return byte(i) >= lo && byte(i) <= hi;
  };
  const unsigned b = byte(0);
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b == 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;        // no overlong form
  if (b == 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;  // no surrogate
  if (b >= 0xe1 && b <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b == 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b >= 0xf1 && b <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b == 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;  // <= U+10FFFF
  return 0;
}

}  // namespace

std::string Printable(std::string_view s, LineBreaks breaks) {
  std::string out;
  out.reserve(s.size());
  while (!s.empty()) {
    const auto c = static_cast<unsigned char>(s.front());
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
      s.remove_prefix(1);
      continue;
    }
    const size_t n = SequenceLength(s);
    if (c == '\t' || (c == '\n' && breaks == LineBreaks::kKeep)) {
      out.push_back(static_cast<char>(c));
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (n <= 1) {
      fmt::format_to(std::back_inserter(out), "\\x{:02x}", c);  // C0, DEL, a broken byte
    } else if (uint32_t cp = 0; HiddenControlLength(s, cp) != 0) {
      fmt::format_to(std::back_inserter(out), "\\u{:04x}", cp);
    } else {
      out.append(s.data(), n);
    }
    s.remove_prefix(n == 0 ? 1 : n);
  }
  return out;
}

}  // namespace needlescreen
