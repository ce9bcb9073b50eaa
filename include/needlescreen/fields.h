// The intake field model: what a record's fields are (type, allowed values,
// question), shared by the expression language, the pack loader and the
// readers. It sits below all of them so that none has to include another's
// header to know what a field is.
//
// Plain data and one pure function. Nothing here prints, locks or throws
// (copying a Field allocates, so std::bad_alloc can escape a copy). A const
// Field may be read by any number of threads at once; writing one while
// another thread reads it is the caller's race.
#ifndef NEEDLESCREEN_FIELDS_H_
#define NEEDLESCREEN_FIELDS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace needlescreen {

// A field's type, as the pack's `type:` key names it. Which Slot member holds
// a value of each type is said at Slot (record.h).
enum class FieldType : uint8_t { kBool, kNumber, kString, kEnum, kDatetime, kList };

// "bool", "number", "string", "enum", "datetime" or "list": a view of a
// string literal, valid for the whole program; "?" for a value outside the
// enum. Never allocates or throws; safe from any thread.
std::string_view FieldTypeName(FieldType type);

// Where a pack element was declared: the rule file's name as given to
// LoadPack (PackSource::name) and 1-based line and column; line 0 when it
// has no place in a file.
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;
};

// One intake field. Its index in Pack::fields is the slot a record's value
// is decoded into. A Field is a value: it owns all its strings and refers to
// nothing else. In a loaded Pack, `path` is unique, `values` holds at most
// 64 entries (a list slot is a 64-bit set) and names are at most 128 bytes;
// a Field built by hand carries none of these guarantees.
struct Field {
  std::string path;  // dotted path, e.g. "patient.needle_phobia"
  FieldType type = FieldType::kString;
  std::vector<std::string> values;  // allowed values of an enum, or of a list's items
  std::string unit;                 // shown after a number ("kg"); "" = none
  std::string question;             // the interview's prompt; "" = none
  std::string help;                 // shown for `?` in the interview; "" = none
  // Plausible range (number and datetime fields), as expressions written in
  // the pack: a number, or a datetime that may read `now` (e.g. `now`,
  // `now - 43800d`); "" = unbounded. A value outside is never used: the
  // screen treats it as unknown and says what is wrong (issue 15).
  std::string min;
  std::string max;
  SourcePos pos;  // line 0 for an engine field the pack does not declare
  // `id` and `screened_at` are the engine's own record fields: every pack has
  // them (a pack may declare them, with their engine types, to give a question
  // and help); true when the pack did not and the engine added it.
  bool implicit = false;
};

// The engine's record fields, read from every record whatever the pack
// declares: the record's identifier (a string) and its screening time (a
// datetime). LoadPack adds them to every pack that does not declare them, so
// Pack::FieldIndex finds both in any loaded pack.
inline constexpr std::string_view kIdField = "id";
inline constexpr std::string_view kScreenedAtField = "screened_at";

}  // namespace needlescreen

#endif  // NEEDLESCREEN_FIELDS_H_
