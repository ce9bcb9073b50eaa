// libyaml (Debian's libyaml-dev, the reference C parser) behind a small RAII
// wrapper: the strict YAML gate for rule files, rule-test files and saved
// interviews, and the event stream the YAML record reader is built on.
//
// Why libyaml and not yaml-cpp alone: yaml-cpp 0.7 accepts YAML that YAML 1.2
// rejects (one unclosed `"` silently swallows the rest of a rule file, and the
// rules after it vanish). libyaml rejects it, reports where, and its event API
// lets the record reader screen a long list item by item instead of building
// the whole tree first. Rule packs keep yaml-cpp's tree for their reader (they
// are small and its node marks feed the located diagnostics); libyaml runs on
// the same bytes first, so a file it rejects is never read by yaml-cpp.
#ifndef NEEDLESCREEN_COMMON_YAML_EVENTS_H_
#define NEEDLESCREEN_COMMON_YAML_EVENTS_H_

#include <yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace needlescreen {

// A YAML syntax error as libyaml reports it. Positions are 0-based. The
// message is built only from libyaml's fixed problem and context strings,
// never from the input's text (SPEC §6: no patient values in diagnostics).
struct YamlSyntaxError {
  uint64_t line = 0;
  uint64_t column = 0;
  uint64_t index = 0;   // characters read before the problem
  std::string message;  // e.g. "found unexpected end of stream"
  // Where the construct the error is in began (e.g. the opening quote of a
  // quoted scalar that never closes), when libyaml names one.
  std::optional<uint64_t> context_line;
  std::optional<uint64_t> context_column;
  std::string context;  // e.g. "while scanning a quoted scalar"

  // "found unexpected end of stream at line 9, column 1, while scanning a
  // quoted scalar that starts at line 4, column 3" with 1-based positions
  // offset by `base_line` (the document's first line in its file, 1-based).
  // Without `columns` (record errors: a column can tell a value's length,
  // SPEC §6) only lines are named.
  std::string Describe(uint64_t base_line, bool columns = true) const;
  // True when the error is inside one token (a quoted scalar, a tag...) that
  // starts at the context position: the scanner's contexts. The parser's
  // ("while parsing a block mapping") only name the enclosing collection.
  bool InToken() const { return context_line && context.rfind("while scanning", 0) == 0; }
  // The position a diagnostic should point at: the start of the broken token
  // (an unclosed quote is found at the end of the input, but it is the opening
  // quote that needs fixing), else the problem itself.
  uint64_t PointLine() const { return InToken() ? *context_line : line; }
  uint64_t PointColumn() const { return InToken() ? *context_column : column; }
};

// Pulls libyaml events from a string (which must outlive the parser).
class YamlEventParser {
 public:
  explicit YamlEventParser(std::string_view text);
  ~YamlEventParser();
  YamlEventParser(const YamlEventParser&) = delete;
  YamlEventParser& operator=(const YamlEventParser&) = delete;

  // The next event, valid until the following Next() or destruction; nullptr
  // once the input is broken (then error() says where and why). After an
  // error libyaml cannot resume: every further call returns nullptr.
  const yaml_event_t* Next();
  const std::optional<YamlSyntaxError>& error() const { return error_; }

 private:
  void TakeError();

  std::string_view text_;
  // Zeroed before libyaml fills them: nothing holds an indeterminate value,
  // even when yaml_parser_initialize fails (once per stream, not per event).
  yaml_parser_t parser_{};
  yaml_event_t event_{};  // meaningful only while has_event_
  bool has_event_ = false;
  std::optional<YamlSyntaxError> error_;
};

// The first syntax error in a whole YAML stream (all its documents), or
// nullopt when libyaml accepts every byte of it.
std::optional<YamlSyntaxError> CheckYamlSyntax(std::string_view text);

// True for a plain scalar YAML reads as null (``, `~`, `null`, `Null`, `NULL`)
// or one tagged `!!null`: a missing value, i.e. unknown.
bool IsYamlNull(const yaml_event_t& scalar);

// The text of a scalar event.
inline std::string_view ScalarText(const yaml_event_t& event) {
  return {reinterpret_cast<const char*>(event.data.scalar.value), event.data.scalar.length};
}

}  // namespace needlescreen

#endif  // NEEDLESCREEN_COMMON_YAML_EVENTS_H_
