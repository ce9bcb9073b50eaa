// JSON (one object or an array of objects) and JSON Lines records, parsed with
// simdjson's DOM API and its error codes (no exceptions cross into us).
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <optional>
#include <vector>

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
      builder_.Fail(StatusCode::kInvalidValue, "expected a JSON object of fields");
    } else {
      Walk(object, RecordBuilder::kRootGroup);
    }
  }

 private:
  // Keys resolve through the builder's schema tree: no path is built or
  // hashed unless a key is unknown (the JSON Lines profile).
  void Walk(simdjson::dom::object object, int group) {
    for (auto member : object) {
      int child = builder_.Resolve(group, member.key);
      if (child >= 0) {
        Value(child, member.value);
      } else if (child == RecordBuilder::kNoChild) {
        builder_.Unknown(builder_.PathOf(group, member.key));
      } else if (member.value.type() == element_type::OBJECT) {
        Walk(static_cast<simdjson::dom::object>(member.value), RecordBuilder::GroupOf(child));
      } else if (member.value.type() != element_type::NULL_VALUE) {
        builder_.FailPath(builder_.PathOf(group, member.key), StatusCode::kInvalidValue,
                          "expected a mapping of its fields");
      }
    }
  }

  void Value(int field, element value) {
    if (!builder_.Claim(field)) return;
    FieldType type = builder_.field(field).type;
    switch (value.type()) {
      case element_type::NULL_VALUE:
        return;  // null is missing, i.e. unknown
      case element_type::STRING:
        return builder_.SetText(field, static_cast<std::string_view>(value));
      case element_type::BOOL:
        return Bool(field, static_cast<bool>(value));
      case element_type::INT64:
      case element_type::UINT64:
      case element_type::DOUBLE:
        return Number(field, type, value);
      case element_type::ARRAY:
        return List(field, static_cast<simdjson::dom::array>(value));
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
    auto* end = fmt::format_to_n(buffer, sizeof buffer, "{}", d).out;
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

  bool Broken(uint64_t line, StatusCode code, std::string message) {
    return emitter_.Broken(line, code, std::move(message));
  }

 private:
  RecordBuilder& builder_;
  JsonWalker walker_;
  RecordEmitter emitter_;
};

// Where each element of a top-level JSON array starts and ends, and its
// 1-based line, found by a scan that tracks strings and nesting: simdjson's DOM
// keeps no positions, and a broken element must not take the others with it.
struct ElementSpan {
  size_t begin = 0, end = 0;
  uint64_t line = 0;
};

// A break in the array itself (not inside one element): where and what.
struct ArrayBreak {
  uint64_t line = 0;
  std::string message;
  bool at_end = false;  // the input ended inside the array
};

struct ArrayLayout {
  std::vector<ElementSpan> spans;
  std::optional<ArrayBreak> broken;
};

// Scans a document that starts with `[`. Issue 12: an unclosed array, a
// trailing or doubled comma, or text after the array is reported, never
// passed over: a truncated export must not look like a clean run.
class ArrayScanner {
 public:
  explicit ArrayScanner(std::string_view text) : text_(text) {}

  ArrayLayout Scan() {
    for (i_ = 0; i_ < text_.size() && !layout_.broken; ++i_) Step(text_[i_]);
    if (!layout_.broken && depth_ > 0) {
      Break(in_string_ ? "the input ends inside a string, and the JSON array is not closed"
                       : "the input ends before the JSON array is closed (no ']')");
      layout_.broken->at_end = true;
    }
    if (!layout_.spans.empty() && layout_.spans.back().end == 0) {
      layout_.spans.back().end = text_.size();
    }
    return std::move(layout_);
  }

 private:
  void Step(char c) {
    if (c == '\n') ++line_;
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == '"') {
        in_string_ = false;
      }
      return;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      in_scalar_ = false;
      return;
    }
    if (closed_) return Break("unexpected text after the end of the JSON array");
    if (depth_ == 1) return TopLevel(c);
    Nested(c);
  }

  // Between the elements of the array: an element starts, or `,` or `]`.
  void TopLevel(char c) {
    if (in_scalar_ && c != ',' && c != ']') return;  // `42`, `null`: one token
    in_scalar_ = false;
    if (c == ',') {
      if (expect_element_)
        return Break(layout_.spans.empty() ? "a ',' before the first element"
                                           : "two ',' with no element between");
      layout_.spans.back().end = i_;
      expect_element_ = true;
      return;
    }
    if (c == ']') {
      if (expect_element_ && !layout_.spans.empty()) {
        return Break("a ',' after the last element (trailing comma)");
      }
      if (!layout_.spans.empty()) layout_.spans.back().end = i_;
      depth_ = 0;
      closed_ = true;
      return;
    }
    if (!expect_element_) return Break("expected ',' or ']' after an element");
    layout_.spans.push_back({i_, 0, line_});
    expect_element_ = false;
    in_scalar_ = c != '{' && c != '[' && c != '"';
    Nested(c);
  }

  void Nested(char c) {
    if (c == '"') {
      in_string_ = true;
    } else if (c == '[' || c == '{') {
      if (depth_++ == 0) expect_element_ = true;  // the array itself opens
    } else if (c == ']' || c == '}') {
      --depth_;
    }
  }

  // The element open at a break ends there: `[{...} x` still screens `{...}`.
  void Break(std::string message) {
    if (!layout_.spans.empty() && layout_.spans.back().end == 0) layout_.spans.back().end = i_;
    layout_.broken = ArrayBreak{line_, std::move(message)};
  }

  std::string_view text_;
  ArrayLayout layout_;
  size_t i_ = 0;
  uint64_t line_ = 1;
  int depth_ = 0;
  bool in_string_ = false, escaped_ = false, expect_element_ = false, closed_ = false;
  bool in_scalar_ = false;  // inside a bare top-level element (number, true, null)
};

std::string JsonError(simdjson::error_code code) {
  return fmt::format("invalid JSON: {}", simdjson::error_message(code));
}

}  // namespace

std::string TooLong(size_t limit) {
  return fmt::format("record longer than {} bytes (the limit; see --max-record-bytes)", limit);
}

namespace {

// The elements of a top-level JSON array, each parsed on its own: one broken
// element is one error record and the others are still screened, and the
// parser's memory is that of one element, not of the whole array (a tape
// of 8 bytes per token would be several times a 64 MiB document; issue 13).
void ReadElements(std::string_view text, size_t max_record_bytes, simdjson::dom::parser& parser,
                  JsonRecords& records) {
  ArrayLayout layout = ArrayScanner(text).Scan();
  simdjson::padded_string element_text;
  for (size_t k = 0; k < layout.spans.size(); ++k) {
    const ElementSpan& span = layout.spans[k];
    const std::string_view bytes = text.substr(span.begin, span.end - span.begin);
    // A truncated last element and the unclosed array are one break: one record.
    bool last = k + 1 == layout.spans.size() && layout.broken && layout.broken->at_end;
    if (bytes.size() > max_record_bytes && !last) {
      if (!records.Broken(span.line, StatusCode::kTooLarge, TooLong(max_record_bytes))) return;
      continue;
    }
    element_text = simdjson::padded_string(bytes);
    element item;
    auto error = parser.parse(element_text).get(item);
    if (error == simdjson::SUCCESS) {
      if (!records.One(item, span.line)) return;
      continue;
    }
    std::string message = JsonError(error);
    if (last) message += "; " + layout.broken->message;
    if (!records.Broken(span.line, StatusCode::kSyntax, message)) return;
    if (last) return;
  }
  if (layout.broken) {
    records.Broken(layout.broken->line, StatusCode::kSyntax,
                   "invalid JSON: " + layout.broken->message);
  }
}

}  // namespace

bool ReadBounded(std::istream& in, size_t limit, std::string& text) {
  char block[1 << 16];
  bool within = true;
  while (in.read(block, sizeof block) || in.gcount() > 0) {
    auto got = static_cast<size_t>(in.gcount());
    if (within && text.size() + got <= limit) {
      text.append(block, got);
    } else {
      within = false;
      text = std::string();  // release it
    }
  }
  return within;
}

Status ReadJson(std::istream& in, std::string_view file, RecordBuilder& builder,
                uint64_t* next_record, const RecordSink& sink) {
  std::string text;
  bool within = ReadBounded(in, kMaxDocumentBytes, text);
  if (in.bad()) return Status::Error(StatusCode::kIoError, "read error");
  JsonRecords records(builder, next_record, file, sink);
  if (!within) {
    records.Broken(1, StatusCode::kTooLarge,
                   fmt::format("JSON document larger than {} bytes", kMaxDocumentBytes));
    return {};
  }
  simdjson::dom::parser parser;
  const size_t start = std::min(text.find_first_not_of(" \t\r\n"), text.size());
  const uint64_t line =
      1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(start), '\n');
  if (start < text.size() && text[start] == '[') {
    ReadElements(text, builder.max_record_bytes(), parser, records);  // SPEC §1.5
    return {};
  }
  // One record: limited as a JSON Lines record is.
  if (text.size() - start > builder.max_record_bytes()) {
    records.Broken(line, StatusCode::kTooLarge, TooLong(builder.max_record_bytes()));
    return {};
  }
  element root;
  if (auto error = parser.parse(text).get(root); error != simdjson::SUCCESS) {
    records.Broken(1, StatusCode::kSyntax, JsonError(error));
    return {};
  }
  records.One(root, line);
  return {};
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
  if (error != simdjson::SUCCESS) return impl_->builder.Fail(StatusCode::kSyntax, JsonError(error));
  impl_->walker.Build(root);
}

}  // namespace needlescreen::records
