#include "pack/source.h"

#include <algorithm>
#include <cctype>

namespace needlescreen::pack {
namespace {
bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
}  // namespace

SourceFile::SourceFile(std::string name, std::string_view text)
    : name_(std::move(name)), text_(text) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

std::string_view SourceFile::Line(int line) const {
  if (line < 0 || static_cast<size_t>(line) >= line_starts_.size()) return {};
  size_t start = line_starts_[line];
  size_t end = text_.find('\n', start);
  if (end == std::string_view::npos) end = text_.size();
  std::string_view s = text_.substr(start, end - start);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

Diagnostic SourceFile::At(int line, int column, std::string message, Severity severity) const {
  Diagnostic d;
  d.severity = severity;
  d.file = name_;
  d.line = line + 1;
  d.column = column + 1;
  d.message = ClipMessage(std::move(message));
  SetSourceLine(d, Line(line));  // a window of it: one-line packs can be megabytes long
  return d;
}

// Where a scalar's content begins: after an opening quote, or on the line after
// a block indicator (`|`, `>`), else at the mark itself.
size_t SourceFile::ScalarStart(size_t pos) const {
  if (pos >= text_.size()) return pos;
  char c = text_[pos];
  if (c == '"' || c == '\'') return pos + 1;
  if (c == '|' || c == '>') {
    size_t nl = text_.find('\n', pos);
    if (nl == std::string_view::npos) return pos;
    size_t s = nl + 1;
    while (s < text_.size() && (text_[s] == ' ' || text_[s] == '\t')) ++s;
    return s;
  }
  return pos;
}

Diagnostic SourceFile::InScalar(size_t scalar_pos, std::string_view value, size_t offset,
                                std::string message) const {
  size_t start = ScalarStart(scalar_pos);
  size_t s = start;
  // Walk the value and the file together; runs of whitespace may differ (line
  // folding, indentation). If they diverge (escapes), point at the scalar start.
  for (size_t i = 0; i < offset && i < value.size(); ++i) {
    if (IsSpace(value[i])) {
      while (s < text_.size() && IsSpace(text_[s])) ++s;
      while (i + 1 < offset && IsSpace(value[i + 1])) ++i;
    } else if (s < text_.size() && text_[s] == value[i]) {
      ++s;
    } else {
      s = start;
      break;
    }
  }
  if (offset < value.size() && !IsSpace(value[offset])) {
    while (s < text_.size() && IsSpace(text_[s]) && s != start) ++s;
  }
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), s);
  int line = static_cast<int>(it - line_starts_.begin()) - 1;
  int column = static_cast<int>(s - line_starts_[line]);
  return At(line, column, std::move(message));
}

}  // namespace needlescreen::pack
