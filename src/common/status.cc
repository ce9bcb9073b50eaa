#include "needlescreen/status.h"

#include <fmt/format.h>

namespace needlescreen {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidValue:
      return "invalid_value";
    case StatusCode::kSyntax:
      return "syntax";
    case StatusCode::kUnknownField:
      return "unknown_field";
    case StatusCode::kTooLarge:
      return "too_large";
    case StatusCode::kIoError:
      return "io_error";
  }
  return "?";
}

Status Status::At(const ErrorPosition& outer) const {
  Status s = *this;
  if (s.position_.record == 0) s.position_.record = outer.record;
  if (s.position_.line == 0) s.position_.line = outer.line;
  if (s.position_.field.empty() && s.position_.subject.empty()) {
    s.position_.field = outer.field;
    s.position_.subject = outer.subject;
  }
  return s;
}

// SPEC §4: "line 9, field patient.needle_phobia: expected one of ...": the
// line, then what in the record, then what was expected.
std::string Status::ToString() const {
  std::string out;
  if (position_.line > 0) {
    fmt::format_to(std::back_inserter(out), "line {}", position_.line);
  }
  std::string_view what = position_.subject;
  if (!position_.field.empty()) {
    out += out.empty() ? "field " : ", field ";
    out += position_.field;
  } else if (!what.empty()) {
    out += out.empty() ? "" : ", ";
    out += what;
  }
  if (!out.empty()) out += ": ";
  out += message_;
  return out;
}

}  // namespace needlescreen
