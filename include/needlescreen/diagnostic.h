// Located problems in rule files: collected, never thrown (CONVENTIONS "Errors").
#ifndef NEEDLESCREEN_DIAGNOSTIC_H_
#define NEEDLESCREEN_DIAGNOSTIC_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace needlescreen {

enum class Severity : uint8_t { kError, kWarning };

// Bounds on what one diagnostic holds and prints, whatever the rule file
// (issue 13: a 151 KB one-line pack once wrote its line once per error).
// A quoted source line keeps this many bytes around the column ...
inline constexpr size_t kMaxQuotedLineBytes = 120;
// ... and a message this many bytes (names quoted in it are the file's text).
inline constexpr size_t kMaxMessageBytes = 512;
// Lists of diagnostics print this many, then one line saying how many more.
inline constexpr size_t kMaxPrintedDiagnostics = 50;

// One problem at a position in a rule file. `line` and `column` are 1-based;
// 0 means the position is not known (e.g. the file could not be read).
struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
  // The text of `line`, for the caret display. SetSourceLine keeps a window of
  // it (with "..." where it was cut) and sets `caret` to the caret's 1-based
  // byte position in that window; `caret` 0 means `column` is that position.
  std::string source_line;
  int caret = 0;
};

using Diagnostics = std::vector<Diagnostic>;

// True when any diagnostic is an error (warnings alone do not invalidate a pack).
bool HasErrors(const Diagnostics& diagnostics);

// Sets `d.source_line` to at most kMaxQuotedLineBytes of `line` around
// `d.column` (cut at UTF-8 character boundaries, "..." marking each cut) and
// `d.caret` to where the column falls in it.
void SetSourceLine(Diagnostic& d, std::string_view line);

// `text` cut to kMaxMessageBytes (at a character boundary, ending "...").
std::string ClipMessage(std::string text);

// `file:line:col: error: message`, then the source line and a caret under the
// column when the line is known. Ends with a newline. The message and the line
// are clipped as above, so the result is at most about 1 KB plus the file name.
std::string FormatDiagnostic(const Diagnostic& diagnostic);

// The first `limit` diagnostics formatted, then (when there are more) one line
// "and N more errors and M more warnings (not shown)". The text printed for a
// list of any length is bounded.
std::string FormatDiagnostics(const Diagnostics& diagnostics,
                              size_t limit = kMaxPrintedDiagnostics);

}  // namespace needlescreen

#endif  // NEEDLESCREEN_DIAGNOSTIC_H_
