// Terminal-safe text (text.h Printable): the only place that decides which
// characters a terminal is never sent.
#include "common/text.h"

#include <fmt/format.h>

namespace needlescreen {
namespace {

// Unicode §3.9, table 3-7: the well-formed UTF-8 sequences by lead byte.
// The second byte's range excludes overlong forms (E0, F0), surrogates (ED)
// and code points past U+10FFFF (F4); later bytes are 80..BF.
struct LeadByte {
  unsigned first = 0, last = 0;  // the lead bytes this row covers
  unsigned length = 0;           // bytes in the sequence
  unsigned second_lo = 0x80, second_hi = 0xbf;
};
constexpr LeadByte kTable37[] = {
    {0xc2, 0xdf, 2}, {0xe0, 0xe0, 3, 0xa0}, {0xe1, 0xec, 3}, {0xed, 0xed, 3, 0x80, 0x9f},
    {0xee, 0xef, 3}, {0xf0, 0xf0, 4, 0x90}, {0xf1, 0xf3, 4}, {0xf4, 0xf4, 4, 0x80, 0x8f},
};

// The length of the well-formed UTF-8 sequence at the start of `s`, or 0 when
// it is not one.
size_t SequenceLength(std::string_view s) {
  auto byte = [&](size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0u; };
  const unsigned b = byte(0);
  if (b < 0x80) return 1;
  for (const LeadByte& row : kTable37) {
    if (b < row.first || b > row.last) continue;
    if (byte(1) < row.second_lo || byte(1) > row.second_hi) return 0;
    for (size_t i = 2; i < row.length; ++i) {
      if (byte(i) < 0x80 || byte(i) > 0xbf) return 0;
    }
    return row.length;
  }
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
