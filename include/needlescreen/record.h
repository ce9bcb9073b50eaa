// An intake record decoded into the pack's typed field slots.
#ifndef NEEDLESCREEN_RECORD_H_
#define NEEDLESCREEN_RECORD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/fields.h"

namespace needlescreen {

// One field's value. Which member holds it depends on the field's type:
// bool -> boolean, number -> number, string -> text, enum -> index into
// Field::values, datetime -> seconds since the epoch (UTC), list -> bit i set
// when Field::values[i] is in the list. `known` false means missing (unknown).
struct Slot {
  bool known = false;
  bool boolean = false;
  uint32_t index = 0;
  uint64_t bits = 0;
  int64_t seconds = 0;
  double number = 0;
  std::string text;
};

// A record: one slot per pack field, in Pack::fields order. Reuse one Record
// across a batch (Clear() keeps string capacity) to avoid allocation.
struct Record {
  std::vector<Slot> slots;

  explicit Record(size_t field_count = 0) : slots(field_count) {}
  void Clear() {
    for (Slot& s : slots) s.known = false;
  }
};

// Longest value a string field accepts (SPEC §6: limits on hostile input).
inline constexpr size_t kMaxStringBytes = 4096;

// Decodes `text` as a value of `field` into `slot`. Returns "" on success, or
// what was expected ("expected one of none, mild, severe") on failure, with
// no trace of the value itself (SPEC §6). Lists split on ';'. Booleans accept
// true/false/yes/no/y/n/1/0 in any case. Whitespace around values is ignored;
// an empty text leaves the slot unknown.
std::string DecodeText(const Field& field, std::string_view text, Slot& slot);

// Adds one list item to a list slot (for YAML and JSON sequences); the same
// result convention as DecodeText.
std::string DecodeListItem(const Field& field, std::string_view item, Slot& slot);

// What a field of this type expects, for messages: "expected true or false".
std::string ExpectedText(const Field& field);

// Renders a known slot's value for messages and explanations: enum and list
// values by name, datetimes as ISO 8601 UTC, numbers without trailing zeros.
std::string RenderSlot(const Field& field, const Slot& slot);

}  // namespace needlescreen

#endif  // NEEDLESCREEN_RECORD_H_
