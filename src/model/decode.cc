// Text -> typed slot decoding shared by every record reader (SPEC §4 input),
// and the reverse rendering used by messages and --explain.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <utility>

#include "common/text.h"
#include "needlescreen/record.h"
#include "needlescreen/time.h"

namespace needlescreen {
namespace {

// A list slot is a 64-bit set; the pack loader keeps lists within it.
constexpr size_t kMaxListValues = 64;

// ASCII only, on purpose: pack values are ASCII identifiers, and a
// locale-dependent tolower would make decoding differ between machines.
char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a == b) return true;  // the usual spelling: one memcmp, not a char loop
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

// Index of `text` among `values`, or values.size() when absent.
size_t FindValue(const std::vector<std::string>& values, std::string_view text) {
  size_t i = 0;
  while (i < values.size() && !EqualsIgnoreCase(values[i], text)) ++i;
  return i;
}

bool DecodeBool(std::string_view text, bool& out) {
  // SPEC §4: the spellings CSV exports and paper forms use.
  static constexpr std::pair<std::string_view, bool> kWords[] = {
      {"true", true},   {"yes", true}, {"y", true},  {"1", true},
      {"false", false}, {"no", false}, {"n", false}, {"0", false}};
  for (const auto& [word, value] : kWords) {
    if (EqualsIgnoreCase(text, word)) {
      out = value;
      return true;
    }
  }
  return false;
}

bool DecodeNumber(std::string_view text, double& out) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  // from_chars reads "inf" and "nan"; neither is a measurement, and both
  // would poison comparisons in rules.
  if (error != std::errc{} || stop != end || !std::isfinite(value)) return false;
  out = value;
  return true;
}

bool AddListItem(const Field& field, std::string_view item, uint64_t& bits) {
  const size_t i = FindValue(field.values, item);
  if (i >= field.values.size() || i >= kMaxListValues) return false;
  bits |= uint64_t{1} << i;
  return true;
}

// Items are separated by ';' (a CSV cell cannot hold a comma unquoted);
// empty items are skipped, so ";" is a known, empty list.
bool DecodeList(const Field& field, std::string_view text, uint64_t& bits) {
  bits = 0;
  while (true) {
    const size_t semicolon = text.find(';');
    const std::string_view item = Trim(text.substr(0, semicolon));
    if (!item.empty() && !AddListItem(field, item, bits)) return false;
    if (semicolon == std::string_view::npos) return true;
    text.remove_prefix(semicolon + 1);
  }
}

bool DecodeDatetime(std::string_view text, int64_t& out) {
  const std::optional<TimePoint> t = ParseDatetime(text);
  if (!t) return false;
  out = t->time_since_epoch().count();
  return true;
}

// Decodes non-empty, trimmed text; false when it is not a value of the field.
bool DecodeValue(const Field& field, std::string_view text, Slot& slot) {
  switch (field.type) {
    case FieldType::kBool:
      return DecodeBool(text, slot.boolean);
    case FieldType::kNumber:
      return DecodeNumber(text, slot.number);
    case FieldType::kString:
      if (text.size() > kMaxStringBytes) return false;  // SPEC §6: bounded strings
      slot.text.assign(text);  // assign reuses the capacity of a recycled Record
      return true;
    case FieldType::kEnum: {
      const size_t i = FindValue(field.values, text);
      slot.index = static_cast<uint32_t>(i);
      return i < field.values.size();
    }
    case FieldType::kDatetime:
      return DecodeDatetime(text, slot.seconds);
    case FieldType::kList:
      return DecodeList(field, text, slot.bits);
  }
  return false;
}

std::string RenderList(const Field& field, uint64_t bits) {
  std::string out;
  for (size_t i = 0; i < field.values.size() && i < kMaxListValues; ++i) {
    if ((bits & (uint64_t{1} << i)) == 0) continue;
    if (!out.empty()) out += ", ";
    out += field.values[i];
  }
  return out;
}

}  // namespace

// Failures return ExpectedText only: SPEC §6 forbids echoing the value, which
// may be patient data, into messages that end up in logs.
std::string DecodeText(const Field& field, std::string_view text, Slot& slot) {
  slot.known = false;
  text = Trim(text);
  if (text.empty()) return {};  // SPEC §4: an empty cell is missing, not an error
  if (!DecodeValue(field, text, slot)) return ExpectedText(field);
  slot.known = true;
  return {};
}

std::string DecodeListItem(const Field& field, std::string_view item, Slot& slot) {
  if (field.type != FieldType::kList) {
    slot.known = false;
    return ExpectedText(field);
  }
  // Record::Clear() resets only `known`, so the first item of a reused slot
  // must drop the previous record's bits.
  if (!slot.known) slot.bits = 0;
  item = Trim(item);
  if (!item.empty() && !AddListItem(field, item, slot.bits)) {
    slot.known = false;
    return ExpectedText(field);
  }
  slot.known = true;
  return {};
}

std::string ExpectedText(const Field& field) {
  switch (field.type) {
    case FieldType::kBool:
      return "expected true or false (yes/no, y/n, 1/0)";
    case FieldType::kNumber:
      return "expected a number";
    case FieldType::kString:
      return fmt::format("expected text of at most {} bytes", kMaxStringBytes);
    case FieldType::kEnum:
      return fmt::format("expected one of {}", fmt::join(field.values, ", "));
    case FieldType::kDatetime:
      return "expected an ISO 8601 datetime (e.g. 2026-11-24T21:00:00Z)";
    case FieldType::kList:
      return fmt::format("expected a list of {} (separated by ';')", fmt::join(field.values, ", "));
  }
  return {};
}

std::string RenderSlot(const Field& field, const Slot& slot, bool local_time) {
  if (!slot.known) return "unknown";
  switch (field.type) {
    case FieldType::kBool:
      return slot.boolean ? "yes" : "no";
    case FieldType::kNumber:
      return fmt::format("{}", slot.number);  // shortest round-trip form: 36, 36.6
    case FieldType::kString:
      return slot.text;
    case FieldType::kEnum:
      return slot.index < field.values.size() ? field.values[slot.index] : "unknown";
    case FieldType::kDatetime: {
      const TimePoint t{std::chrono::seconds{slot.seconds}};
      return local_time ? FormatLocalDatetime(t) : FormatDatetime(t);
    }
    case FieldType::kList:
      return RenderList(field, slot.bits);
  }
  return {};
}

}  // namespace needlescreen
