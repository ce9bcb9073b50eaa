// Typed errors for records, streams and rule tests, in the shape of leveldb's
// Status and abseil's StatusOr: a code to branch on, where it happened, and
// the message a person reads. Nothing is encoded in a string to be parsed
// back: a caller that needs the line, the field or the bare message asks for it.
#ifndef NEEDLESCREEN_STATUS_H_
#define NEEDLESCREEN_STATUS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace needlescreen {

// What went wrong, coarsely, for callers that act on it (an exit code, a
// retry); the message says the rest.
enum class StatusCode : uint8_t {
  kOk = 0,
  // A record's field holds a value its type does not accept, is given twice,
  // or has the wrong shape; or a record is not a mapping of fields.
  kInvalidValue,
  // The input is not well-formed in its format (JSON, YAML or CSV syntax).
  kSyntax,
  // A field the pack does not declare, under --strict.
  kUnknownField,
  // Over a documented limit (--max-record-bytes, a document size, a date range).
  kTooLarge,
  // The stream itself could not be read.
  kIoError,
};

// "ok", "invalid_value", "syntax", "unknown_field", "too_large", "io_error".
std::string_view StatusCodeName(StatusCode code);

// Where an error is: any member may be unset (0 or empty) when the input has
// no such notion (a JSON document has no per-record line; a stream error has
// no field).
struct ErrorPosition {
  uint64_t record = 0;  // 1-based record number in the run
  uint64_t line = 0;    // 1-based line where the record starts
  std::string field;    // the field's dotted path (an unknown one escaped as Printable)
  // What the error is about when that is not one field ("fields a, b",
  // "the screening time"); rendered where a field would be. Empty with `field`.
  std::string subject;
};

// The result of an operation that can fail. A default-constructed Status is
// OK. Cheap to copy when OK; an error owns its message and field path.
// Thread-compatible (const methods may be called concurrently).
class Status {
 public:
  Status() = default;

  // An error. `message` says what was expected, never the offending value
  // (SPEC §6); `code` must not be kOk.
  static Status Error(StatusCode code, std::string message, ErrorPosition position = {}) {
    Status s;
    s.code_ = code;
    s.message_ = std::move(message);
    s.position_ = std::move(position);
    return s;
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // The message without its position ("expected true or false"); "" when OK.
  const std::string& message() const { return message_; }
  const ErrorPosition& position() const { return position_; }

  // The same error at another position (a caller that knows the line or the
  // record number adds it; members already set are kept).
  Status At(const ErrorPosition& outer) const;

  // The message as the CLI and the `error` output field print it (SPEC §4):
  // "line 9, field patient.needle_phobia: expected one of ...", "line 4:
  // invalid JSON ...", "field x: ..." or the bare message, by what is set.
  // The record number is not part of it (it has its own output key).
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  ErrorPosition position_;
};

// A value, or the error that stopped it being made. Accessing value() of an
// error is a programming error (checked by assert in debug builds).
template <typename T>
class StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}          // NOLINT: implicit, as abseil's
  StatusOr(Status status) : status_(std::move(status)) {}  // NOLINT: must not be OK

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const T& operator*() const& { return *value_; }
  T& operator*() & { return *value_; }
  const T* operator->() const { return &*value_; }
  T* operator->() { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace needlescreen

#endif  // NEEDLESCREEN_STATUS_H_
