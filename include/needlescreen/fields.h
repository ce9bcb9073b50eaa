// The intake field model: what a record's fields are (type, allowed values,
// question), shared by the expression language, the pack loader and the
// readers. It sits below all of them so that none has to include another's
// header to know what a field is.
#ifndef NEEDLESCREEN_FIELDS_H_
#define NEEDLESCREEN_FIELDS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace needlescreen {

enum class FieldType : uint8_t { kBool, kNumber, kString, kEnum, kDatetime, kList };

// "bool", "number", "string", "enum", "datetime" or "list".
std::string_view FieldTypeName(FieldType type);

// Where a pack element was declared: file name and 1-based line and column.
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;
};

// One intake field. Its index in Pack::fields is the slot a record's value
// is decoded into.
struct Field {
  std::string path;  // dotted path, e.g. "patient.needle_phobia"
  FieldType type = FieldType::kString;
  std::vector<std::string> values;  // allowed values of an enum, or of a list's items
  std::string unit;
  std::string question;
  std::string help;
  SourcePos pos;  // line 0 for an engine field the pack does not declare
  // `id` and `screened_at` are the engine's own record fields: every pack has
  // them (a pack may declare them, with their engine types, to give a question
  // and help); true when the pack did not and the engine added it.
  bool implicit = false;
};

// The engine's record fields, read from every record whatever the pack
// declares: the record's identifier (a string) and its screening time.
inline constexpr std::string_view kIdField = "id";
inline constexpr std::string_view kScreenedAtField = "screened_at";

}  // namespace needlescreen

#endif  // NEEDLESCREEN_FIELDS_H_
