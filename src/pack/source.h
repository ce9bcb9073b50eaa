// A rule file's text with line lookup, so diagnostics can show the line and a
// caret, and offsets inside a YAML scalar can be mapped back to the file.
#ifndef NEEDLESCREEN_PACK_SOURCE_H_
#define NEEDLESCREEN_PACK_SOURCE_H_

#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/diagnostic.h"

namespace needlescreen::pack {

class SourceFile {
 public:
  SourceFile(std::string name, std::string_view text);

  const std::string& name() const { return name_; }

  // A diagnostic at 0-based `line` and `column` (as yaml-cpp's Mark counts).
  Diagnostic At(int line, int column, std::string message,
                Severity severity = Severity::kError) const;

  // A diagnostic at byte `offset` of a YAML scalar `value` that starts at
  // byte `scalar_pos` of the file (the Mark of its node).
  Diagnostic InScalar(size_t scalar_pos, std::string_view value, size_t offset,
                      std::string message) const;

 private:
  size_t ScalarStart(size_t pos) const;
  std::string_view Line(int line) const;

  std::string name_;
  std::string_view text_;
  std::vector<size_t> line_starts_;
};

}  // namespace needlescreen::pack

#endif  // NEEDLESCREEN_PACK_SOURCE_H_
