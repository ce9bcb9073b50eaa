#include "output/json_emitter.h"

#include <fmt/format.h>

#include <cstring>

#include "common/text.h"

namespace needlescreen::output {

namespace {

// Whether one of the eight bytes at `p` needs a look: a control character,
// `"`, `\`, DEL, or a byte of a multi-byte UTF-8 character. Exact, no false
// negative (hasless, haszero and hasmore of "Bit Twiddling Hacks"). Escaping
// byte by byte was the largest cost of a JSON Lines record (callgrind): its
// summary and messages are mostly plain ASCII.
bool MayNeedEscape(const char* p) {
  uint64_t w = 0;  // overwritten whole: the store is optimised away
  std::memcpy(&w, p, sizeof(w));
  constexpr uint64_t kOnes = 0x0101010101010101u;
  constexpr uint64_t kHigh = kOnes * 0x80;
  auto has_less = [](uint64_t x, uint64_t n) { return (x - kOnes * n) & ~x & kHigh; };
  uint64_t controls = has_less(w, 0x20);
  uint64_t quotes = has_less(w ^ (kOnes * '"'), 1);
  uint64_t backslashes = has_less(w ^ (kOnes * '\\'), 1);
  uint64_t above_tilde = ((w + kOnes) | w) & kHigh;
  return (controls | quotes | backslashes | above_tilde) != 0;
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  size_t run = 0;  // copy runs of plain bytes at once
  for (size_t i = 0; i < s.size(); ++i) {
    while (s.size() - i >= 8 && !MayNeedEscape(s.data() + i)) i += 8;
    if (i == s.size()) break;
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') continue;
    uint32_t cp = c;
    size_t length = 1;
    if (c >= 0x80) {
      // Valid JSON raw, but escaped so that `check --format jsonl` on a
      // terminal stays inert (issue 13); a parser reads the same value.
      length = HiddenControlLength(s.substr(i), cp);
      if (length == 0) continue;  // any other UTF-8 is copied as it is
    }
    out.append(s.data() + run, i - run);
    run = i + length;
    switch (cp) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        fmt::format_to(std::back_inserter(out), "\\u{:04x}", cp);
    }
    i += length - 1;
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void JsonEmitter::Key(std::string_view key) {
  BeforeValue();
  AppendJsonString(out_, key);
  out_ += ": ";
  after_key_ = true;
}

void JsonEmitter::String(std::string_view s) {
  BeforeValue();
  AppendJsonString(out_, s);
}

// fmt's format_int: digits by pairs from a table, no format string (every
// record has two numbers).
void JsonEmitter::Number(uint64_t n) {
  BeforeValue();
  fmt::format_int digits(n);
  out_.append(digits.data(), digits.size());
}

}  // namespace needlescreen::output
