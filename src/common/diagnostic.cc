#include "needlescreen/diagnostic.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/text.h"

namespace needlescreen {
namespace {

constexpr std::string_view kCut = "...";

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// `pos` moved back to the start of the UTF-8 character it falls in.
size_t CharStart(std::string_view s, size_t pos) {
  while (pos > 0 && pos < s.size() && IsContinuation(s[pos])) --pos;
  return pos;
}

std::string Plural(size_t n, std::string_view word) {
  return fmt::format("{} more {}{}", n, word, n == 1 ? "" : "s");
}

}  // namespace

bool HasErrors(const Diagnostics& diagnostics) {
  return std::ranges::any_of(diagnostics,
                             [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

void SetSourceLine(Diagnostic& d, std::string_view line) {
  if (line.size() <= kMaxQuotedLineBytes) {
    d.source_line = std::string(line);
    d.caret = 0;
    return;
  }
  // The window is centred on the column, or ends at the line's end.
  size_t at = d.column > 0 ? static_cast<size_t>(d.column - 1) : 0;
  size_t start = at > kMaxQuotedLineBytes / 2 ? at - kMaxQuotedLineBytes / 2 : 0;
  start = std::min(start, line.size() - kMaxQuotedLineBytes);
  size_t end = CharStart(line, start + kMaxQuotedLineBytes);
  start = CharStart(line, start);
  std::string text = start > 0 ? std::string(kCut) : std::string();
  text += line.substr(start, end - start);
  if (end < line.size()) text += kCut;
  d.source_line = std::move(text);
  d.caret = static_cast<int>(at - start + 1 + (start > 0 ? kCut.size() : 0));
}

std::string ClipMessage(std::string text) {
  if (text.size() <= kMaxMessageBytes) return text;
  text.resize(CharStart(text, kMaxMessageBytes - kCut.size()));
  return text += kCut;
}

// Everything from the pack (its file name, the quoted line, names inside the
// message) is shown terminal-safe: a rule file must not drive the author's
// terminal (issue 13).
std::string FormatDiagnostic(const Diagnostic& d) {
  const char* kind = d.severity == Severity::kError ? "error" : "warning";
  std::string message = Printable(ClipMessage(d.message));
  std::string file = Printable(d.file);
  std::string out;
  if (d.line > 0) {
    out = fmt::format("{}:{}:{}: {}: {}\n", file, d.line, d.column, kind, message);
  } else {
    out = fmt::format("{}: {}: {}\n", file, kind, message);
  }
  if (d.line > 0 && !d.source_line.empty()) {
    Diagnostic shown = d;
    // A diagnostic built without SetSourceLine may hold a whole long line.
    if (d.caret == 0) SetSourceLine(shown, d.source_line);
    const auto caret = static_cast<size_t>(shown.caret > 0 ? shown.caret : shown.column);
    const std::string_view line = shown.source_line;
    // The pad is as wide as what is shown before the caret: tabs are kept so
    // it lines up in a terminal, a UTF-8 character is one column, and an
    // escaped control byte is as wide as its escape.
    const std::string before =
        Printable(line.substr(0, std::min(caret > 0 ? caret - 1 : 0, line.size())));
    std::string pad;
    for (char c : before) {
      if (c == '\t') {
        pad.push_back('\t');
      } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        pad.push_back(' ');
      }
    }
    out += fmt::format("  {}\n  {}^\n", Printable(line), pad);
  }
  return out;
}

std::string FormatDiagnostics(const Diagnostics& diagnostics, size_t limit) {
  std::string out;
  size_t errors = 0, warnings = 0;
  for (size_t i = 0; i < diagnostics.size(); ++i) {
    if (i < limit) {
      out += FormatDiagnostic(diagnostics[i]);
    } else {
      ++(diagnostics[i].severity == Severity::kError ? errors : warnings);
    }
  }
  if (errors + warnings == 0) return out;
  std::string more = errors > 0 ? Plural(errors, "error") : "";
  if (warnings > 0) more += (errors > 0 ? " and " : "") + Plural(warnings, "warning");
  return out + fmt::format("... and {} (not shown)\n", more);
}

}  // namespace needlescreen
