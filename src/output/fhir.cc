#include "output/fhir.h"

#include <fmt/format.h>

namespace needlescreen::output {
namespace {

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// RFC 3986 unreserved characters stay; every other byte is %XX.
std::string PercentEncode(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (IsAsciiAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

}  // namespace

std::string FhirQuestionnaireUrl(const Pack& pack) {
  return "urn:needlescreen:pack:" + PercentEncode(pack.id);
}

std::string FhirQuestionnaireReference(const Pack& pack) {
  return FhirQuestionnaireUrl(pack) + "|" + PercentEncode(pack.version);
}

std::string FhirName(std::string_view pack_id) {
  std::string name;
  bool word_start = true;
  for (char c : pack_id) {
    if (!IsAsciiAlnum(c)) {
      word_start = true;
      continue;
    }
    name += word_start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    word_start = false;
  }
  if (name.empty() || !(name[0] >= 'A' && name[0] <= 'Z')) name.insert(0, "Pack");
  return name;
}

std::string_view FhirItemType(const Field& field) {
  switch (field.type) {
    case FieldType::kBool:
      return "boolean";
    case FieldType::kNumber:
      return "decimal";
    case FieldType::kString:
      return "string";
    case FieldType::kEnum:
    case FieldType::kList:
      return "choice";
    case FieldType::kDatetime:
      return "dateTime";
  }
  return "string";
}

}  // namespace needlescreen::output
