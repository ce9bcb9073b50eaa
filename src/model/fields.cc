#include "needlescreen/fields.h"

namespace needlescreen {

std::string_view FieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::kBool:
      return "bool";
    case FieldType::kNumber:
      return "number";
    case FieldType::kString:
      return "string";
    case FieldType::kEnum:
      return "enum";
    case FieldType::kDatetime:
      return "datetime";
    case FieldType::kList:
      return "list";
  }
  return "?";
}

}  // namespace needlescreen
