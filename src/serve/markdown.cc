#include "serve/markdown.h"

#include "common/text.h"

namespace needlescreen::serve {
namespace {

// What opens markup inside a line: emphasis, code, links and images, raw
// HTML and entities, table cells, strikethrough, and GFM's autolinks of
// `http://`, `www.` and `a@b`. What opens a block (`#`, `-`, `+`, `1.`, `>`) only
// does so at the start of a line, where this text never is: line breaks
// become spaces and the card's own text begins every line.
constexpr std::string_view kMarkdownPunctuation = "\\`*_{}[]()<>|~&:@.";

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

}  // namespace

std::string CardText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    if (size_t hidden = HiddenControlLength(text.substr(i), cp); hidden > 0) {
      out += ' ';
      i += hidden;
      continue;
    }
    out += IsControl(static_cast<unsigned char>(text[i])) ? ' ' : text[i];
    ++i;
  }
  return out;
}

std::string MarkdownText(std::string_view text) {
  std::string plain = CardText(text);
  std::string out;
  out.reserve(plain.size() + plain.size() / 4);
  for (char c : plain) {
    if (kMarkdownPunctuation.find(c) != std::string_view::npos) out += '\\';
    out += c;
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
