// JSON (one object or an array of objects) and JSON Lines records, parsed with
// simdjson's DOM API and its error codes (no exceptions cross into us).
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <iterator>

#include "records/builder.h"
#include "records/readers.h"

namespace needlescreen::records {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Fills a RecordBuilder from a parsed JSON value.
class JsonWalker {
 public:
  explicit JsonWalker(RecordBuilder& builder) : builder_(builder) {}

  void Build(element value) {
    simdjson::dom::object object;
    if (value.get_object().get(object) != simdjson::SUCCESS) {
      builder_.Fail("expected a JSON object of fields");
    } else {
      Walk(object, 0);
    }
  }

 private:
  // Keys resolve group by group through the schema tree: no path is built
  // or hashed unless a key is unknown (the JSON Lines profile).
  void Walk(simdjson::dom::object object, int group) {
    for (auto member : object) {
      int child = Resolve(group, member.key);
      if (child >= 0) {
        Value(child, member.value);
      } else if (child == RecordBuilder::kNoChild) {
        builder_.Unknown(PathOf(group, member.key));
      } else if (member.value.type() == element_type::OBJECT) {
        Walk(simdjson::dom::object(member.value), RecordBuilder::GroupOf(child));
      } else if (member.value.type() != element_type::NULL_VALUE) {
        builder_.Fail(
            fmt::format("field {}: expected a mapping of its fields", PathOf(group, member.key)));
      }
    }
  }

  // A dotted key (`"patient.consent": true`) descends one segment at a time.
  int Resolve(int group, std::string_view key) const {
    int child = builder_.Child(group, key);
    if (child != RecordBuilder::kNoChild || key.find('.') == std::string_view::npos) return child;
    child = RecordBuilder::GroupRef(group);
    while (!key.empty()) {
      if (child > RecordBuilder::kNoChild || child == RecordBuilder::kNoChild) {
        return RecordBuilder::kNoChild;
      }
      size_t dot = key.find('.');
      child = builder_.Child(RecordBuilder::GroupOf(child), key.substr(0, dot));
      key.remove_prefix(dot == std::string_view::npos ? key.size() : dot + 1);
    }
    return child;
  }

  std::string PathOf(int group, std::string_view key) const {
    const std::string& prefix = builder_.GroupPath(group);
    return prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
  }

  void Value(int field, element value) {
    if (!builder_.Claim(field)) return;
    FieldType type = builder_.field(field).type;
    switch (value.type()) {
      case element_type::NULL_VALUE:
        return;  // null is missing, i.e. unknown
      case element_type::STRING:
        return builder_.SetText(field, std::string_view(value));
      case element_type::BOOL:
        return Bool(field, bool(value));
      case element_type::INT64:
      case element_type::UINT64:
      case element_type::DOUBLE:
        return Number(field, type, value);
      case element_type::ARRAY:
        return List(field, simdjson::dom::array(value));
      case element_type::OBJECT:
        return builder_.WrongShape(field);
    }
  }

  void Bool(int field, bool b) {
    if (builder_.field(field).type != FieldType::kBool) return builder_.WrongShape(field);
    Slot& s = builder_.slot(field);
    s.known = true;
    s.boolean = b;
  }

  void Number(int field, FieldType type, element value) {
    double d = 0;
    if (value.get_double().get(d) != simdjson::SUCCESS) return builder_.WrongShape(field);
    if (type == FieldType::kNumber) {
      Slot& s = builder_.slot(field);
      s.known = true;
      s.number = d;
      return;
    }
    // 1/0 for booleans and numeric ids decode as they would from CSV.
    char buffer[64];
    auto end = fmt::format_to_n(buffer, sizeof buffer, "{}", d).out;
    builder_.SetText(field, std::string_view(buffer, end - buffer));
  }

  void List(int field, simdjson::dom::array items) {
    builder_.StartList(field);
    for (element item : items) {
      std::string_view text;
      if (item.get_string().get(text) != simdjson::SUCCESS) return builder_.WrongShape(field);
      builder_.AddItem(field, text);
    }
  }

  RecordBuilder& builder_;
};

// Emits records of a JSON document.
class JsonRecords {
 public:
  JsonRecords(RecordBuilder& builder, uint64_t* next_record, std::string_view file,
              const RecordSink& sink)
      : builder_(builder), walker_(builder), emitter_(builder, next_record, file, sink) {}

  bool One(element value, uint64_t line) {
    builder_.Begin(line);
    walker_.Build(value);
    return emitter_.Emit();
  }

  bool Broken(uint64_t line, std::string message) { return emitter_.Broken(line, message); }

 private:
  RecordBuilder& builder_;
  JsonWalker walker_;
  RecordEmitter emitter_;
};

// 1-based lines where each element of a top-level JSON array starts, found by
// a scan that tracks strings and nesting (simdjson's DOM keeps no positions).
// Where each element of a top-level JSON array starts and ends, and its
// 1-based line, found by a scan that tracks strings and nesting: simdjson's DOM
// keeps no positions, and a broken element must not take the others with it.
struct ElementSpan {
  size_t begin = 0, end = 0;
  uint64_t line = 0;
};

std::vector<ElementSpan> ElementSpans(std::string_view text) {
  std::vector<ElementSpan> spans;
  uint64_t line = 1;
  int depth = 0;
  bool in_string = false, escaped = false, expect_element = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') ++line;
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (depth == 1 && expect_element && !space && c != ']') {
      spans.push_back({i, text.size(), line});
      expect_element = false;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth == 1 && c == '[') expect_element = true;
    } else if (c == ']' || c == '}') {
      if (--depth == 0 && !spans.empty() && spans.back().end == text.size()) spans.back().end = i;
    } else if (c == ',' && depth == 1) {
      if (!spans.empty()) spans.back().end = i;
      expect_element = true;
    }
  }
  return spans;
}

std::string JsonError(simdjson::error_code code) {
  return fmt::format("invalid JSON: {}", simdjson::error_message(code));
}

}  // namespace

namespace {

// A JSON array that does not parse as a whole: each element on its own, so
// one broken element is one error record and the others are still screened.
void ReadElementsOneByOne(std::string_view text, simdjson::dom::parser& parser,
                          JsonRecords& records) {
  for (const ElementSpan& span : ElementSpans(text)) {
    simdjson::padded_string element_text(text.substr(span.begin, span.end - span.begin));
    element item;
    auto error = parser.parse(element_text).get(item);
    bool more = error == simdjson::SUCCESS ? records.One(item, span.line)
                                           : records.Broken(span.line, JsonError(error));
    if (!more) return;
  }
}

}  // namespace

std::string ReadJson(std::istream& in, std::string_view file, RecordBuilder& builder,
                     uint64_t* next_record, const RecordSink& sink) {
  std::string text(std::istreambuf_iterator<char>(in), {});
  if (in.bad()) return "read error";
  JsonRecords records(builder, next_record, file, sink);
  if (text.size() > kMaxDocumentBytes) {
    records.Broken(1, fmt::format("JSON document larger than {} bytes", kMaxDocumentBytes));
    return "";
  }
  simdjson::dom::parser parser;
  element root;
  if (auto error = parser.parse(text).get(root); error != simdjson::SUCCESS) {
    size_t start = text.find_first_not_of(" \t\r\n");
    if (start != std::string::npos && text[start] == '[') {
      ReadElementsOneByOne(text, parser, records);  // SPEC §1.5: lose only the bad ones
    } else {
      records.Broken(1, JsonError(error));
    }
    return "";
  }
  if (root.type() != element_type::ARRAY) {
    size_t start = text.find_first_not_of(" \t\r\n");
    records.One(root,
                1 + std::count(text.begin(), text.begin() + std::min(start, text.size()), '\n'));
    return "";
  }
  std::vector<ElementSpan> spans = ElementSpans(text);
  size_t k = 0;
  for (element item : simdjson::dom::array(root)) {
    if (!records.One(item, k < spans.size() ? spans[k].line : 0)) break;
    ++k;
  }
  return "";
}

struct JsonLineParser::Impl {
  explicit Impl(RecordBuilder& b) : builder(b), walker(b) {}
  RecordBuilder& builder;
  JsonWalker walker;
  simdjson::dom::parser parser;
};

JsonLineParser::JsonLineParser(RecordBuilder& builder) : impl_(std::make_unique<Impl>(builder)) {}
JsonLineParser::~JsonLineParser() = default;

void JsonLineParser::Parse(std::string_view text) {
  element root;
  // The chunk keeps SIMDJSON_PADDING readable bytes after every record, so
  // simdjson can read in place without copying the line.
  auto error = impl_->parser.parse(text.data(), text.size(), false).get(root);
  if (error != simdjson::SUCCESS) return impl_->builder.Fail(JsonError(error));
  impl_->walker.Build(root);
}

}  // namespace needlescreen::records
