// An intake record decoded into the pack's typed field slots.
//
// Errors are returned, never thrown or printed: every function here returns
// "" on success or a message saying what was expected. Only std::bad_alloc
// can escape (strings are allocated), and nothing else is thrown. The
// functions keep no state: they may run on many threads at once on
// different slots (a datetime without an offset is read in the local zone,
// so no thread may change TZ meanwhile).
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
// bool -> boolean, number -> number (finite), string -> text (at most
// kMaxStringBytes), enum -> index into Field::values, datetime -> seconds
// since the epoch (UTC), list -> bit i set when Field::values[i] is in the
// list (0 is a known, empty list). `known` false means missing (unknown):
// the other members then hold whatever an earlier record or a failed decode
// left there, and must not be read. A Slot does not know its field; the
// caller pairs them (Record: by index).
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
// The Record does not refer to its pack: whoever screens it must have sized
// it to that pack (Screener::Screen does not check, and reads slots by field
// index). Plain data: a copy is deep; not synchronised.
struct Record {
  std::vector<Slot> slots;

  // `field_count` unknown slots (pass pack.fields.size()).
  explicit Record(size_t field_count = 0) : slots(field_count) {}
  // Makes every slot unknown, keeping the slots' memory. Never throws.
  void Clear() {
    for (Slot& s : slots) s.known = false;
  }
};

// Longest value a string field accepts (SPEC §6: limits on hostile input).
inline constexpr size_t kMaxStringBytes = 4096;

// Decodes `text` as a value of `field` into `slot`. Returns "" on success
// (the slot known, or unknown for an empty text), or ExpectedText(field)
// ("expected one of none, mild, severe") on failure, with no trace of the
// value itself (SPEC §6); the slot is then unknown. Lists split on ';'
// (";" alone is a known, empty list). Booleans accept true/false/yes/no/y/n/1/0
// in any case; enum and list values match case-insensitively (ASCII);
// numbers must be finite (no inf, nan); a string longer than kMaxStringBytes
// is a failure; datetimes are read by ParseDatetime (time.h). Whitespace
// around values is ignored; an empty text leaves the slot unknown and is no
// error (SPEC §4: an empty cell is missing).
std::string DecodeText(const Field& field, std::string_view text, Slot& slot);

// Adds one list item to a list slot (for YAML and JSON sequences); the same
// result convention as DecodeText. The first item added to an unknown slot
// starts a new list; an empty item only makes the list known. On failure (a
// field that is not a list, an item that is not one of its values) the slot
// becomes unknown and loses the items added before: the caller treats the
// whole value as bad and stops adding.
std::string DecodeListItem(const Field& field, std::string_view item, Slot& slot);

// What a field of this type expects, for messages: "expected true or false
// (yes/no, y/n, 1/0)"; enums and lists name the pack's values. Holds no
// record value.
std::string ExpectedText(const Field& field);

// Renders a slot's value for messages and explanations: "unknown" for an
// unknown slot (or an enum index out of range), booleans as yes/no, enum and
// list values by name (a list ", "-separated in Field::values order, "" when
// empty), datetimes as FormatDatetime writes them (as FormatLocalDatetime
// does when `local_time`: text for people), numbers in their shortest
// round-trip form (36, 36.6), strings as they are. The result is the
// patient's value, unescaped: it belongs in a message or --explain, never
// in an error, and the writer escapes it for its format.
std::string RenderSlot(const Field& field, const Slot& slot, bool local_time = false);

}  // namespace needlescreen

#endif  // NEEDLESCREEN_RECORD_H_
