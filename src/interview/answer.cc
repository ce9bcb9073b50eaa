// Typed answers at an interview prompt: what a clinician types, read into a
// field's slot. Stored values are decoded by DecodeText, the same decoder the
// record readers use, so an answer means what the same text in a record means.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>

#include "common/text.h"
#include "needlescreen/interview.h"

namespace needlescreen {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = Lower(c);
  return out;
}

bool IsValue(const Field& field, std::string_view text) {
  const std::string lowered = Lowered(text);
  return std::ranges::any_of(field.values,
                             [&](const std::string& v) { return Lowered(v) == lowered; });
}

// A 1-based choice number in range, or 0.
size_t ChoiceNumber(const Field& field, std::string_view text) {
  size_t n = 0;
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, n);
  if (error != std::errc{} || stop != end || n == 0 || n > field.values.size()) return 0;
  return n;
}

// An enum or list item given by number or by name, as the value's own text.
std::optional<std::string> Choice(const Field& field, std::string_view text) {
  if (size_t n = ChoiceNumber(field, text)) return field.values[n - 1];
  if (IsValue(field, text)) return std::string(text);
  return std::nullopt;
}

bool ParseList(const Field& field, std::string_view text, std::string& items) {
  if (Lowered(text) == "none" && !IsValue(field, "none")) return true;  // a known, empty list
  while (true) {
    size_t comma = text.find_first_of(",;");
    std::string_view item = Trim(text.substr(0, comma));
    if (!item.empty()) {
      std::optional<std::string> value = Choice(field, item);
      if (!value) return false;
      items += *value + ";";
    }
    if (comma == std::string_view::npos) return !items.empty();
    text.remove_prefix(comma + 1);
  }
}

// A number, optionally followed by the field's unit ("72 kg", "72kg").
std::string_view WithoutUnit(const Field& field, std::string_view text) {
  if (field.unit.empty() || text.size() <= field.unit.size()) return text;
  std::string_view tail = text.substr(text.size() - field.unit.size());
  if (Lowered(tail) != Lowered(field.unit)) return text;
  return Trim(text.substr(0, text.size() - field.unit.size()));
}

std::string ValuesText(const Field& field) {
  return fmt::format("{}", fmt::join(field.values, ", "));
}

}  // namespace

ReplyKind ClassifyReply(std::string_view line) {
  std::string word = Lowered(Trim(line));
  if (word.empty() || word == "skip") return ReplyKind::kSkip;
  if (word == "?") return ReplyKind::kHelp;
  if (word == "back") return ReplyKind::kBack;
  if (word == "done") return ReplyKind::kDone;
  return ReplyKind::kAnswer;
}

std::string ParseAnswer(const Field& field, std::string_view text, TimePoint now, Slot& slot) {
  text = Trim(text);
  std::string decoded;
  bool ok = !text.empty();
  switch (field.type) {
    case FieldType::kBool:
    case FieldType::kString:
      decoded = text;
      break;
    case FieldType::kNumber:
      decoded = WithoutUnit(field, text);
      break;
    case FieldType::kEnum:
      if (auto value = Choice(field, text)) decoded = *value;
      ok = ok && !decoded.empty();
      break;
    case FieldType::kList:
      ok = ok && ParseList(field, text, decoded);
      break;
    case FieldType::kDatetime: {
      std::optional<TimePoint> when = ok ? ParseWhen(text, now) : std::nullopt;
      ok = when.has_value();
      if (ok) decoded = FormatDatetime(*when);
      break;
    }
  }
  Slot parsed;
  if (!ok || !DecodeText(field, decoded, parsed).empty()) return ExpectedAnswer(field);
  if (field.type == FieldType::kList && decoded.empty()) {
    parsed.known = true;  // `none`: DecodeText reads empty text as unknown
    parsed.bits = 0;
  }
  slot = std::move(parsed);
  return {};
}

std::string AnswerHint(const Field& field) {
  switch (field.type) {
    case FieldType::kBool:
      return "y/n";
    case FieldType::kNumber:
      return field.unit.empty() ? "a number" : fmt::format("a number, in {}", field.unit);
    case FieldType::kString:
      return "text";
    case FieldType::kEnum:
      return fmt::format("1-{} or a name", field.values.size());
    case FieldType::kList:
      return "numbers or names, separated by commas";
    case FieldType::kDatetime:
      return "ISO 8601, or e.g. 36 hours ago, yesterday 09:00, now";
  }
  return {};
}

std::string ExpectedAnswer(const Field& field) {
  switch (field.type) {
    case FieldType::kBool:
      return "expected y or n (yes/no)";
    case FieldType::kNumber:
      return field.unit.empty() ? "expected a number"
                                : fmt::format("expected a number, in {}", field.unit);
    case FieldType::kString:
      return "expected text";
    case FieldType::kEnum:
      return fmt::format("expected a number from 1 to {}, or one of {}", field.values.size(),
                         ValuesText(field));
    case FieldType::kList:
      return fmt::format(
          "expected numbers from 1 to {} or names ({}), separated by commas; none for no item",
          field.values.size(), ValuesText(field));
    case FieldType::kDatetime:
      return "expected an ISO 8601 datetime (2026-11-24T09:00:00Z; no offset = local time), or a "
             "time before the screening time: 36 hours ago, 2 days ago, 1d 12h ago, yesterday "
             "09:00, "
             "today 08:30, now";
  }
  return {};
}

}  // namespace needlescreen
