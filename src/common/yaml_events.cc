#include "common/yaml_events.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace needlescreen {

std::string YamlSyntaxError::Describe(uint64_t base_line, bool columns) const {
  auto at = [&](uint64_t l, uint64_t c) {
    return columns ? fmt::format("line {}, column {}", base_line + l, c + 1)
                   : fmt::format("line {}", base_line + l);
  };
  std::string out = message + " at " + at(line, column);
  if (!context.empty()) {
    out += ", " + context;
    if (context_line) out += " that starts at " + at(*context_line, *context_column);
  }
  return out;
}

YamlEventParser::YamlEventParser(std::string_view text) : text_(text) {
  // yaml_parser_initialize fails only when it cannot allocate its buffers.
  if (!yaml_parser_initialize(&parser_)) throw std::bad_alloc();
  yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text_.data()),
                               text_.size());
}

YamlEventParser::~YamlEventParser() {
  if (has_event_) yaml_event_delete(&event_);
  yaml_parser_delete(&parser_);
}

const yaml_event_t* YamlEventParser::Next() {
  if (has_event_) {
    yaml_event_delete(&event_);
    has_event_ = false;
  }
  if (error_) return nullptr;
  if (!yaml_parser_parse(&parser_, &event_)) {
    TakeError();
    return nullptr;
  }
  has_event_ = true;
  return &event_;
}

void YamlEventParser::TakeError() {
  if (parser_.error == YAML_MEMORY_ERROR) throw std::bad_alloc();
  YamlSyntaxError e;
  e.message = parser_.problem ? parser_.problem : "invalid YAML";
  if (parser_.error == YAML_READER_ERROR) {
    // Reader errors (bad UTF-8, control characters) carry a byte offset only.
    size_t offset = std::min(parser_.problem_offset, text_.size());
    std::string_view before = text_.substr(0, offset);
    e.line = std::count(before.begin(), before.end(), '\n');
    size_t nl = before.rfind('\n');
    e.column = nl == std::string_view::npos ? offset : offset - nl - 1;
    e.index = offset;
  } else {
    e.line = parser_.problem_mark.line;
    e.column = parser_.problem_mark.column;
    e.index = parser_.problem_mark.index;
    if (parser_.context) {
      e.context = parser_.context;
      e.context_line = parser_.context_mark.line;
      e.context_column = parser_.context_mark.column;
    }
  }
  error_ = std::move(e);
}

std::optional<YamlSyntaxError> CheckYamlSyntax(std::string_view text) {
  YamlEventParser parser(text);
  while (const yaml_event_t* event = parser.Next()) {
    if (event->type == YAML_STREAM_END_EVENT) return std::nullopt;
  }
  return parser.error();
}

bool IsYamlNull(const yaml_event_t& scalar) {
  const auto& s = scalar.data.scalar;
  if (s.tag && std::strcmp(reinterpret_cast<const char*>(s.tag), YAML_NULL_TAG) == 0) return true;
  if (s.style != YAML_PLAIN_SCALAR_STYLE || !s.plain_implicit) return false;
  std::string_view text = ScalarText(scalar);
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

}  // namespace needlescreen
