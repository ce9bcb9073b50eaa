#include "needlescreen/diagnostic.h"

#include <fmt/format.h>

namespace needlescreen {

bool HasErrors(const Diagnostics& diagnostics) {
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Severity::kError) return true;
  }
  return false;
}

std::string FormatDiagnostic(const Diagnostic& d) {
  const char* kind = d.severity == Severity::kError ? "error" : "warning";
  std::string out;
  if (d.line > 0) {
    out = fmt::format("{}:{}:{}: {}: {}\n", d.file, d.line, d.column, kind, d.message);
  } else {
    out = fmt::format("{}: {}: {}\n", d.file, kind, d.message);
  }
  if (d.line > 0 && !d.source_line.empty()) {
    // Tabs are kept so the caret lines up under the same column in a terminal.
    std::string pad;
    for (int i = 0; i + 1 < d.column && i < static_cast<int>(d.source_line.size()); ++i) {
      pad.push_back(d.source_line[i] == '\t' ? '\t' : ' ');
    }
    out += fmt::format("  {}\n  {}^\n", d.source_line, pad);
  }
  return out;
}

}  // namespace needlescreen
