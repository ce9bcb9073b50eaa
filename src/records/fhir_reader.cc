// FHIR R4 intake: a QuestionnaireResponse, or a Bundle of them, as records
// (reader.h, InputFormat::kFhir, says what is read and what is an error).
// Parsed with simdjson's DOM API and its error codes, as the JSON reader is.
// Fail closed (SPEC §1.2): whatever this reader does not understand in a way
// that could change a value (a nested item, a modifierExtension, a second
// answer, a value of another type) is the record's error, never guessed at.
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "common/text.h"
#include "records/builder.h"
#include "records/readers.h"

namespace needlescreen::records {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

constexpr std::string_view kResponse = "QuestionnaireResponse";

// The members of an object that this reader reads. JSON lets a key appear
// twice and parsers disagree on which one wins: a key read twice is an error.
class Members {
 public:
  Members(simdjson::dom::object object, std::initializer_list<std::string_view> wanted) {
    for (std::string_view key : wanted) keys_[size_++] = key;
    for (auto member : object) {
      for (size_t i = 0; i < size_; ++i) {
        if (member.key != keys_[i]) continue;
        if (count_[i]++ > 0) twice_ = keys_[i];
        values_[i] = member.value;
      }
    }
  }
  // The member `key` (one of those wanted), or nullopt when absent.
  std::optional<element> Get(std::string_view key) const {
    for (size_t i = 0; i < size_; ++i) {
      if (keys_[i] == key && count_[i] > 0) return values_[i];
    }
    return std::nullopt;
  }
  // A key given twice ("" when none): one of the wanted keys, never input.
  std::string_view twice() const { return twice_; }

 private:
  static constexpr size_t kMaxKeys = 6;
  std::array<std::string_view, kMaxKeys> keys_{};
  std::array<element, kMaxKeys> values_{};
  std::array<int, kMaxKeys> count_{};
  size_t size_ = 0;
  std::string_view twice_;
};

std::string Twice(std::string_view key) {
  return fmt::format("the member \"{}\" is given twice", key);
}

std::optional<std::string_view> StringOf(const std::optional<element>& value) {
  std::string_view text;
  if (!value || value->get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
  return text;
}

// What an answer to a field of this type holds, for messages.
std::string ExpectedAnswer(const Field& field) {
  switch (field.type) {
    case FieldType::kBool:
      return "valueBoolean (true or false)";
    case FieldType::kNumber:
      return "valueDecimal or valueInteger";
    case FieldType::kString:
      return fmt::format("valueString (text of at most {} bytes)", kMaxStringBytes);
    case FieldType::kEnum:
    case FieldType::kList:
      return fmt::format("valueCoding with a code, one of {}", fmt::join(field.values, ", "));
    case FieldType::kDatetime:
      return "valueDateTime with a time of day (e.g. 2026-11-24T21:00:00Z)";
  }
  return {};
}

// Decodes one QuestionnaireResponse into the builder, after Begin().
class ResponseDecoder {
 public:
  explicit ResponseDecoder(RecordBuilder& builder)
      : builder_(builder), id_field_(builder.FieldIndex(kIdField)) {}

  void Decode(element resource) {
    simdjson::dom::object object;
    if (resource.get_object().get(object) != simdjson::SUCCESS) {
      return builder_.Fail(StatusCode::kInvalidValue, "expected a FHIR resource (a JSON object)");
    }
    Members m(object, {"resourceType", "id", "status", "item", "modifierExtension"});
    if (!m.twice().empty()) return builder_.Fail(StatusCode::kInvalidValue, Twice(m.twice()));
    // The type is never echoed: whatever the input put there may be anything.
    if (StringOf(m.Get("resourceType")) != kResponse) {
      return builder_.Fail(StatusCode::kInvalidValue,
                           "expected a QuestionnaireResponse (resourceType)");
    }
    if (m.Get("modifierExtension")) {
      return builder_.Fail(StatusCode::kInvalidValue,
                           "a modifierExtension, which this reader does not understand");
    }
    if (StringOf(m.Get("status")) == "entered-in-error") {
      return builder_.Fail(StatusCode::kInvalidValue,
                           "status entered-in-error: the response is not to be used");
    }
    unknown_seen_.clear();
    if (auto items = m.Get("item")) Items(*items);
    // The resource's id names even a record that failed: the error can be
    // traced to it.
    if (id_field_ < 0 || builder_.slot(id_field_).known) return;
    if (auto id = StringOf(m.Get("id"))) {
      if (builder_.CheckText(id_field_, *id)) builder_.SetText(id_field_, *id);
    } else if (m.Get("id")) {
      builder_.WrongShape(id_field_);
    }
  }

 private:
  void Items(element items) {
    simdjson::dom::array array;
    if (items.get_array().get(array) != simdjson::SUCCESS) {
      return builder_.Fail(StatusCode::kInvalidValue, "expected item to be an array of items");
    }
    for (element item : array) {
      Item(item);
      if (builder_.failed()) return;
    }
  }

  void Item(element item) {
    simdjson::dom::object object;
    if (item.get_object().get(object) != simdjson::SUCCESS) {
      return builder_.Fail(StatusCode::kInvalidValue, "an item is not a JSON object");
    }
    Members m(object, {"linkId", "answer", "item", "extension", "modifierExtension"});
    std::optional<std::string_view> link = StringOf(m.Get("linkId"));
    if (!link) return builder_.Fail(StatusCode::kInvalidValue, "an item has no linkId (text)");
    const std::string path = Printable(*link);  // a key, not a value; still made inert
    if (!m.twice().empty()) return Fail(path, Twice(m.twice()));
    if (m.Get("item")) {
      return Fail(path, "a nested item: items must be flat, one per field (linkId = field path)");
    }
    if (m.Get("modifierExtension")) {
      return Fail(path, "a modifierExtension, which this reader does not understand");
    }
    const int field = builder_.FieldIndex(*link);
    if (field < 0) return Unknown(*link, path);
    if (!builder_.Claim(field)) return;  // "given twice in one record"
    const bool empty_list = EmptyListMark(m.Get("extension"));
    simdjson::dom::array answers;
    const std::optional<element> answer = m.Get("answer");
    if (answer && answer->get_array().get(answers) != simdjson::SUCCESS) {
      return Fail(path, "expected answer to be an array of answers");
    }
    const size_t count = answer ? answers.size() : 0;
    if (empty_list) return EmptyList(field, path, count);
    if (count == 0) return;  // no answer: unknown (SPEC §1.2)
    const Field& f = builder_.field(field);
    if (f.type != FieldType::kList) {
      if (count > 1) return Fail(path, "several answers for a field that takes one");
      return Answer(field, path, *answers.begin());
    }
    builder_.StartList(field);
    for (element a : answers) {
      Answer(field, path, a);
      if (builder_.failed()) return;
    }
  }

  void Unknown(std::string_view link, const std::string& path) {
    if (std::find(unknown_seen_.begin(), unknown_seen_.end(), link) != unknown_seen_.end()) {
      return Fail(path, "given twice in one record");
    }
    unknown_seen_.emplace_back(link);
    builder_.Unknown(link);
  }

  // The kFhirEmptyListExtension on an item, valueBoolean true.
  static bool EmptyListMark(const std::optional<element>& extensions) {
    simdjson::dom::array array;
    if (!extensions || extensions->get_array().get(array) != simdjson::SUCCESS) return false;
    for (element e : array) {
      simdjson::dom::object object;
      if (e.get_object().get(object) != simdjson::SUCCESS) continue;
      Members m(object, {"url", "valueBoolean"});
      bool value = false;
      if (StringOf(m.Get("url")) == kFhirEmptyListExtension && m.Get("valueBoolean") &&
          m.Get("valueBoolean")->get_bool().get(value) == simdjson::SUCCESS && value) {
        return true;
      }
    }
    return false;
  }

  void EmptyList(int field, const std::string& path, size_t answers) {
    if (builder_.field(field).type != FieldType::kList) {
      return Fail(path, "the empty-list extension on a field that is not a list");
    }
    if (answers > 0) return Fail(path, "both answers and the empty-list extension");
    builder_.StartList(field);
  }

  void Answer(int field, const std::string& path, element answer) {
    simdjson::dom::object object;
    if (answer.get_object().get(object) != simdjson::SUCCESS) {
      return Fail(path, "an answer is not a JSON object");
    }
    std::string_view key;
    element value;
    for (auto member : object) {
      if (member.key == "item") return Fail(path, "a nested item under an answer");
      if (member.key == "modifierExtension") {
        return Fail(path, "a modifierExtension, which this reader does not understand");
      }
      if (!member.key.starts_with("value")) continue;
      if (!key.empty()) return Fail(path, "an answer with more than one value[x]");
      key = member.key;
      value = member.value;
    }
    if (key.empty()) return Fail(path, "an answer with no value[x]");
    if (!Value(field, path, key, value) && !builder_.failed()) WrongType(field, path);
  }

  // False when `key` is not a value[x] the field takes (or its JSON type is
  // not that value[x]'s).
  bool Value(int field, const std::string& path, std::string_view key, element value) {
    const Field& f = builder_.field(field);
    Slot& slot = builder_.slot(field);
    switch (f.type) {
      case FieldType::kBool:
        if (key != "valueBoolean" || value.get_bool().get(slot.boolean) != simdjson::SUCCESS) {
          return false;
        }
        slot.known = true;
        return true;
      case FieldType::kNumber:
        return Number(field, key, value);
      case FieldType::kString:
        return key == "valueString" && Text(field, value, false);
      case FieldType::kEnum:
      case FieldType::kList:
        return key == "valueCoding" && Coding(field, path, value);
      case FieldType::kDatetime:
        if (key == "valueDate") {
          Fail(path, "a valueDate, a day without a time: expected " + ExpectedAnswer(f));
          return true;
        }
        return key == "valueDateTime" && DateTime(field, path, value);
    }
    return false;
  }

  bool Number(int field, std::string_view key, element value) {
    const element_type type = value.type();
    const bool integer = type == element_type::INT64 || type == element_type::UINT64;
    if (!(key == "valueInteger" && integer) &&
        !(key == "valueDecimal" && (integer || type == element_type::DOUBLE))) {
      return false;
    }
    double d = 0;
    if (value.get_double().get(d) != simdjson::SUCCESS || !std::isfinite(d)) return false;
    Slot& slot = builder_.slot(field);
    slot.number = d;
    slot.known = true;
    return true;
  }

  // A string value into a string, enum or list field.
  bool Text(int field, element value, bool item) {
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) return false;
    if (!builder_.CheckText(field, text)) return true;  // its own error
    if (item) {
      builder_.AddItem(field, text);
    } else {
      builder_.SetText(field, text);
    }
    return true;
  }

  bool Coding(int field, const std::string& path, element value) {
    simdjson::dom::object object;
    if (value.get_object().get(object) != simdjson::SUCCESS) return false;
    // `system` and `display` are not read: the code is the pack's value.
    Members m(object, {"code"});
    if (!m.twice().empty()) {
      Fail(path, Twice(m.twice()));
      return true;
    }
    std::optional<element> code = m.Get("code");
    return code && Text(field, *code, builder_.field(field).type == FieldType::kList);
  }

  bool DateTime(int field, const std::string& path, element value) {
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) return false;
    // FHIR's dateTime may be a year, a month or a day; a screen's times are
    // instants (SPEC §4), and midnight is not what a form meant by a day.
    if (text.find('T') == std::string_view::npos) {
      Fail(path, "a valueDateTime without a time of day: expected " +
                     ExpectedAnswer(builder_.field(field)));
      return true;
    }
    if (builder_.CheckText(field, text)) builder_.SetText(field, text);
    return true;
  }

  void WrongType(int field, const std::string& path) {
    builder_.slot(field).known = false;
    Fail(path, "an answer of the wrong type: expected " + ExpectedAnswer(builder_.field(field)));
  }

  void Fail(std::string_view path, std::string message) {
    builder_.FailPath(path, StatusCode::kInvalidValue, std::move(message));
  }

  RecordBuilder& builder_;
  int id_field_;
  std::vector<std::string> unknown_seen_;  // unknown linkIds of this record
};

// The 1-based line where each element of the top-level object's "entry"
// array starts: simdjson's DOM keeps no positions. The text is JSON simdjson
// accepted (so no string holds a raw line end).
class EntryLineScanner {
 public:
  explicit EntryLineScanner(std::string_view text) : text_(text) {}

  // Empty when there is no such array spelled plainly.
  std::vector<uint64_t> Scan() {
    for (i_ = 0; i_ < text_.size(); ++i_) {
      const char c = text_[i_];
      if (c == '\n') ++line_;
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ':') continue;
      if (in_entries_ && depth_ == 2 && expect_element_ && c != ']') {
        lines_.push_back(line_);
        expect_element_ = false;
      }
      if (c == '"') {
        String();
        continue;
      }
      if (Structural(c)) return lines_;
      // Only a key directly followed by its value's '[' opens the entries.
      if (depth_ == 1) after_entry_key_ = false;
    }
    return lines_;
  }

 private:
  // Skips the string starting at i_, noting whether it is the key "entry".
  void String() {
    const size_t begin = i_ + 1;
    for (++i_; i_ < text_.size() && text_[i_] != '"'; ++i_) {
      if (text_[i_] == '\\') ++i_;
    }
    if (depth_ == 1 && !in_entries_) after_entry_key_ = text_.substr(begin, i_ - begin) == "entry";
  }

  // Brackets and commas; true when the entry array just closed.
  bool Structural(char c) {
    if (c == '{' || c == '[') {
      ++depth_;
      if (depth_ == 2 && c == '[' && after_entry_key_) in_entries_ = expect_element_ = true;
    } else if (c == '}' || c == ']') {
      if (--depth_ == 1 && in_entries_) return true;
    } else if (c == ',' && in_entries_ && depth_ == 2) {
      expect_element_ = true;
    }
    return false;
  }

  std::string_view text_;
  size_t i_ = 0;
  uint64_t line_ = 1;
  int depth_ = 0;
  bool after_entry_key_ = false, in_entries_ = false, expect_element_ = false;
  std::vector<uint64_t> lines_;
};

std::vector<uint64_t> EntryLines(std::string_view text) { return EntryLineScanner(text).Scan(); }

// The records of one FHIR document.
class FhirDocument {
 public:
  FhirDocument(RecordBuilder& builder, uint64_t* next_record, std::string_view file,
               const RecordSink& sink)
      : builder_(builder), decoder_(builder), emitter_(builder, next_record, file, sink) {}

  // `text` is the whole document; its resource starts at `start`, on `line`.
  void Read(std::string_view text, size_t start, element root, uint64_t line) {
    simdjson::dom::object object;
    if (root.get_object().get(object) != simdjson::SUCCESS) return Expected(line);
    Members m(object, {"resourceType", "type", "entry", "modifierExtension"});
    if (!m.twice().empty()) {
      emitter_.Broken(line, StatusCode::kInvalidValue, Twice(m.twice()));
      return;
    }
    std::optional<std::string_view> type = StringOf(m.Get("resourceType"));
    if (type == kResponse) {
      if (text.size() - start > builder_.max_record_bytes()) {
        emitter_.Broken(line, StatusCode::kTooLarge, TooLong(builder_.max_record_bytes()));
        return;
      }
      One(root, line);
      return;
    }
    if (type != "Bundle") return Expected(line);
    if (m.Get("modifierExtension")) {
      emitter_.Broken(line, StatusCode::kInvalidValue,
                      "a modifierExtension on the Bundle, which this reader does not understand");
      return;
    }
    std::optional<std::string_view> bundle_type = StringOf(m.Get("type"));
    if (bundle_type != "searchset" && bundle_type != "collection") {
      emitter_.Broken(line, StatusCode::kInvalidValue,
                      "expected a Bundle of type searchset or collection");
      return;
    }
    std::optional<element> entry = m.Get("entry");
    if (!entry) return;  // no entries: no record (as `[]` in JSON)
    simdjson::dom::array entries;
    if (entry->get_array().get(entries) != simdjson::SUCCESS) {
      emitter_.Broken(line, StatusCode::kInvalidValue, "expected entry to be an array");
      return;
    }
    Entries(entries, text, line);
  }

 private:
  void Expected(uint64_t line) {
    emitter_.Broken(line, StatusCode::kInvalidValue,
                    "expected a FHIR QuestionnaireResponse or a Bundle of them (resourceType)");
  }

  bool One(element resource, uint64_t line) {
    builder_.Begin(line);
    decoder_.Decode(resource);
    return emitter_.Emit();
  }

  void Entries(simdjson::dom::array entries, std::string_view text, uint64_t line) {
    std::vector<uint64_t> lines = EntryLines(text);
    if (lines.size() != entries.size()) lines.assign(entries.size(), line);
    size_t k = 0;
    for (element entry : entries) {
      if (!Entry(entry, lines[k++])) return;
    }
  }

  // One record for one entry; false when the sink stops.
  bool Entry(element entry, uint64_t line) {
    simdjson::dom::object object;
    if (entry.get_object().get(object) != simdjson::SUCCESS) {
      return emitter_.Broken(line, StatusCode::kInvalidValue, "a Bundle entry is not an object");
    }
    Members m(object, {"resource"});
    if (!m.twice().empty()) {
      return emitter_.Broken(line, StatusCode::kInvalidValue, Twice(m.twice()));
    }
    std::optional<element> resource = m.Get("resource");
    if (!resource) {
      return emitter_.Broken(line, StatusCode::kInvalidValue,
                             "a Bundle entry with no resource (expected a QuestionnaireResponse)");
    }
    // The limit on one record holds for each resource of a Bundle too.
    if (simdjson::minify(*resource).size() > builder_.max_record_bytes()) {
      return emitter_.Broken(line, StatusCode::kTooLarge, TooLong(builder_.max_record_bytes()));
    }
    return One(*resource, line);
  }

  RecordBuilder& builder_;
  ResponseDecoder decoder_;
  RecordEmitter emitter_;
};

}  // namespace

Status ReadFhir(std::istream& in, std::string_view file, RecordBuilder& builder,
                uint64_t* next_record, const RecordSink& sink) {
  const size_t limit = std::max(kMaxFhirBundleBytes, builder.max_record_bytes());
  std::string text;
  const bool within = ReadBounded(in, limit, text);
  if (in.bad()) return Status::Error(StatusCode::kIoError, "read error");
  RecordEmitter emitter(builder, next_record, file, sink);
  if (!within) {
    emitter.Broken(1, StatusCode::kTooLarge,
                   fmt::format("FHIR document larger than {} bytes", limit));
    return {};
  }
  const size_t start = std::min(text.find_first_not_of(" \t\r\n"), text.size());
  const uint64_t line =
      1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(start), '\n');
  simdjson::dom::parser parser;
  element root;
  if (auto error = parser.parse(text).get(root); error != simdjson::SUCCESS) {
    emitter.Broken(line, StatusCode::kSyntax,
                   fmt::format("invalid JSON: {}", simdjson::error_message(error)));
    return {};
  }
  FhirDocument(builder, next_record, file, sink).Read(text, start, root, line);
  return {};
}

}  // namespace needlescreen::records
