// Located problems in rule files: collected, never thrown (CONVENTIONS "Errors").
#ifndef NEEDLESCREEN_DIAGNOSTIC_H_
#define NEEDLESCREEN_DIAGNOSTIC_H_

#include <cstdint>
#include <string>
#include <vector>

namespace needlescreen {

enum class Severity : uint8_t { kError, kWarning };

// One problem at a position in a rule file. `line` and `column` are 1-based;
// 0 means the position is not known (e.g. the file could not be read).
struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
  std::string source_line;  // the text of `line`, for the caret display
};

using Diagnostics = std::vector<Diagnostic>;

// True when any diagnostic is an error (warnings alone do not invalidate a pack).
bool HasErrors(const Diagnostics& diagnostics);

// `file:line:col: error: message`, then the source line and a caret under the
// column when the line is known. Ends with a newline.
std::string FormatDiagnostic(const Diagnostic& diagnostic);

}  // namespace needlescreen

#endif  // NEEDLESCREEN_DIAGNOSTIC_H_
