// Located problems in rule files: collected, never thrown (CONVENTIONS "Errors").
//
// Diagnostics are plain values. The functions here keep no state and may run
// on many threads at once; they throw nothing but std::bad_alloc (they build
// strings) and print nothing: the caller writes what they return.
#ifndef NEEDLESCREEN_DIAGNOSTIC_H_
#define NEEDLESCREEN_DIAGNOSTIC_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace needlescreen {

// An error makes what was loaded unusable (no pack, no test file); a warning
// is reported and changes nothing.
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
// `file` names the file as the caller gave it (PackSource::name, or the path
// that was read); "<rules>" when no file was given at all. `message` names
// the problem and may quote the file's text, never a patient's value. The
// library's diagnostics have their message clipped to kMaxMessageBytes and
// their line set by SetSourceLine; a Diagnostic built elsewhere may hold
// anything: FormatDiagnostic bounds and escapes it all the same.
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

// True when any diagnostic is an error (warnings alone do not invalidate a
// pack); false for an empty list. Never allocates or throws.
bool HasErrors(const Diagnostics& diagnostics);

// Sets `d.source_line` to at most kMaxQuotedLineBytes of `line` around
// `d.column` (cut at UTF-8 character boundaries, "..." marking each cut) and
// `d.caret` to where the column falls in it. A line that fits is copied
// whole and `d.caret` set to 0 (the caret goes under `d.column`). Changes no
// other member; `line` is copied, not referred to.
void SetSourceLine(Diagnostic& d, std::string_view line);

// `text` cut to kMaxMessageBytes (at a character boundary, ending "..."); a
// text that fits is returned unchanged.
std::string ClipMessage(std::string text);

// `file:line:col: error: message` (or `file: warning: message` when the line
// is 0), then the source line and a caret under the column when the line and
// its text are known. Ends with a newline. The message and the line are
// clipped as above, so the result is at most about 1 KB plus the file name;
// the file name, the message and the line are made terminal-safe (control
// and bidirectional characters shown as escapes), because all three come
// from the rule file.
std::string FormatDiagnostic(const Diagnostic& diagnostic);

// The first `limit` diagnostics formatted, in order, then (when there are
// more) one line "... and N more errors and M more warnings (not shown)".
// The text returned for a list of any length is bounded; "" for an empty
// list.
std::string FormatDiagnostics(const Diagnostics& diagnostics,
                              size_t limit = kMaxPrintedDiagnostics);

}  // namespace needlescreen

#endif  // NEEDLESCREEN_DIAGNOSTIC_H_
