#include "serve/markdown.h"

namespace needlescreen::serve {
namespace {

// What opens markup inside a line: emphasis, code, links and images, raw
// HTML and entities, table cells, strikethrough, and GFM's autolinks of
// `http://` and `a@b`. What opens a block (`#`, `-`, `+`, `1.`, `>`) only
// does so at the start of a line, where this text never is: line breaks
// become spaces and the card's own text begins every line.
constexpr std::string_view kMarkdownPunctuation = "\\`*_{}[]()<>|~&:@";

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

}  // namespace

std::string MarkdownText(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (IsControl(u)) {
      out += ' ';
    } else {
      if (kMarkdownPunctuation.find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

std::string MarkdownCode(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '`' || IsControl(static_cast<unsigned char>(c))) c = ' ';
  }
  return out;
}

}  // namespace needlescreen::serve
