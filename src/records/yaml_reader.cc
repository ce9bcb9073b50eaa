// YAML records: one mapping, a list of mappings, or `---`-separated documents,
// read from libyaml's events (common/yaml_events.h says why libyaml).
//
// Documents are split on their `---` lines before parsing, so one broken
// document is an error record and the next document is still read
// (SPEC §1.5). Within a document a list is screened item by item as its events
// arrive: the items before a syntax error are screened, the item the error is
// in is an error record, and reading resumes at the next line that starts an
// item of the same list (`-` at the list's column) after the broken item
// (README "Input"). libyaml cannot resume after an error, so a fresh parser
// starts on that line; where no such line follows, the document ends there.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <istream>
#include <memory>
#include <optional>
#include <utility>

#include "common/yaml_events.h"
#include "records/builder.h"
#include "records/readers.h"

namespace needlescreen::records {
namespace {

// A `---` line starts a document (and ends the one before): the split points
// that let reading go on after a broken document. The line itself stays in
// the document it starts, so libyaml judges what follows it on the line
// (`--- id: A` is invalid YAML). `...` is left to libyaml: splitting there
// would accept streams it rejects (a document after `...` without `---`).
bool StartsDocument(std::string_view line) {
  if (line.size() < 3 || line.substr(0, 3) != "---") return false;
  return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r';
}

// libyaml's reader rejects a whole document for one byte that is not UTF-8 or
// is a control character YAML does not allow, and finds it up to 16 KiB ahead
// of the item it is parsing: the items before it would be lost with it. So
// each such byte is swapped for a noncharacter before parsing, and a scalar
// holding one makes its record an error naming the field (as JSON and CSV
// report bad text); one outside any scalar (a comment) is an error record of
// its own. No record holding a bad byte is screened, and a run with one
// anywhere is never clean.
constexpr std::string_view kBadUtf8Mark = "\xF4\x8F\xBF\xBF";     // U+10FFFF
constexpr std::string_view kBadControlMark = "\xF4\x8F\xBF\xBE";  // U+10FFFE

// The length of the valid UTF-8 sequence at `s[i]` and its code point, or 0.
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t& cp) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t n = c < 0x80                 ? 1
             : c >= 0xC2 && c <= 0xDF ? 2
             : c >= 0xE0 && c <= 0xEF ? 3
             : c >= 0xF0 && c <= 0xF4 ? 4
                                      : 0;
  if (n == 0 || i + n > s.size()) return 0;
  cp = n == 1 ? c : c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// YAML 1.2 §5.1: the printable characters (tab and line breaks included).
bool YamlPrintable(uint32_t cp) {
  if (cp < 0x20) return cp == '\t' || cp == '\n' || cp == '\r';
  if (cp >= 0x7F && cp <= 0x9F) return cp == 0x85;
  return cp != 0xFFFE && cp != 0xFFFF;
}

// `text` with every byte libyaml's reader would reject replaced by a mark, or
// nullopt when there is none (the common case: nothing is copied).
std::optional<std::string> MarkUnreadable(std::string_view text) {
  std::optional<std::string> out;
  size_t copied = 0;
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    size_t n = DecodeUtf8(text, i, cp);
    if (n != 0 && YamlPrintable(cp)) {
      i += n;
      continue;
    }
    if (!out) out.emplace();
    out->append(text, copied, i - copied);
    out->append(n == 0 ? kBadUtf8Mark : kBadControlMark);
    i += n == 0 ? 1 : n;
    copied = i;
  }
  if (out) out->append(text, copied, text.size() - copied);
  return out;
}

size_t CountMarks(std::string_view text) {
  size_t count = 0;
  for (std::string_view mark : {kBadUtf8Mark, kBadControlMark}) {
    for (size_t at = text.find(mark); at != std::string_view::npos; at = text.find(mark, at + 1)) {
      ++count;
    }
  }
  return count;
}

// What is wrong with a scalar's text, or nullptr.
const char* BadText(std::string_view text) {
  if (text.find(kBadUtf8Mark) != std::string_view::npos) return "not valid UTF-8";
  if (text.find(kBadControlMark) != std::string_view::npos) {
    return "holds a control character YAML does not allow";
  }
  if (text.find('\0') != std::string_view::npos) return "contains a NUL byte";  // a "\0" escape
  return nullptr;
}

// Unwinds from deep inside a record to the document loop on a syntax error.
struct SyntaxBroken {};

// Resynchronising re-parses from a later line; the bytes parsed in all are
// bounded so that a document full of errors still reads in linear time.
constexpr uint64_t kReparseFactor = 4;

// One document's records, pulled from libyaml's events.
class YamlDocument {
 public:
  YamlDocument(RecordBuilder& builder, RecordEmitter& emitter, std::string_view text,
               uint64_t first_line)
      : builder_(builder), emitter_(emitter), text_(text), first_line_(first_line) {}

  // Emits every record of the document; false when the sink asked to stop.
  bool Read() {
    std::optional<std::string> marked = MarkUnreadable(text_);
    if (marked) text_ = *marked;
    if (!ReadMarked()) return false;
    size_t marks = marked ? CountMarks(*marked) : 0;
    if (marks > marks_seen_) {
      size_t first = text_.find(kBadUtf8Mark);
      if (first == std::string_view::npos) first = text_.find(kBadControlMark);
      std::string_view before = text_.substr(0, first);
      return emitter_.Broken(first_line_ + std::count(before.begin(), before.end(), '\n'),
                             StatusCode::kSyntax,
                             "invalid YAML: text that is not valid UTF-8, or a control "
                             "character YAML does not allow, outside any value");
    }
    return true;
  }

 private:
  bool ReadMarked() {
    size_t offset = 0;
    uint64_t base = first_line_;  // file line of text_[offset]
    // Read after a caught SyntaxBroken; clang-tidy's analyzer does not follow
    // exceptions, so it sees only `return Stream()` (a false positive).
    // NOLINTNEXTLINE(clang-analyzer-deadcode.DeadStores)
    uint64_t budget = kReparseFactor * text_.size() + (1 << 20);
    while (true) {
      YamlEventParser parser(text_.substr(offset));
      parser_ = &parser;
      // parser_ must not outlive `parser` (the analyzer found it left dangling).
      class Reset {
       public:
        explicit Reset(YamlEventParser*& target) : target_(target) {}
        ~Reset() { target_ = nullptr; }
        Reset(const Reset&) = delete;
        Reset& operator=(const Reset&) = delete;

       private:
        YamlEventParser*& target_;
      } reset(parser_);
      in_item_ = false;
      base_ = base;
      try {
        return Stream();
      } catch (const SyntaxBroken&) {
      }
      const YamlSyntaxError& error = *parser.error();
      if (!ReportError(error)) return false;
      // The next item of a block list after the broken one, if any.
      if (!list_column_) return true;
      // Not inside the broken item, nor inside the token it broke in (the
      // lines an unclosed quote swallowed may look like items, and are).
      uint64_t after = in_item_ ? item_line_ - base : error.line;
      if (error.InToken()) after = std::max(after, *error.context_line);
      auto next = NextItemLine(offset, after, *list_column_);
      if (!next) return true;
      uint64_t spent = std::min<uint64_t>(error.index, text_.size());
      budget = spent > budget ? 0 : budget - spent;
      if (budget == 0) {
        return emitter_.Broken(base + next->second, StatusCode::kSyntax,
                               "invalid YAML: too many syntax errors; the rest of this "
                               "document was not read");
      }
      offset = next->first;
      base += next->second;
    }
  }

  const yaml_event_t& Next() {
    const yaml_event_t* event = parser_->Next();
    if (event == nullptr) throw SyntaxBroken{};
    if (event->type == YAML_SCALAR_EVENT) Inspect(*event);
    return *event;
  }

  // Every scalar, read or skipped, keys too: a bad byte anywhere in a record
  // makes it an error (Item() words it when no field-named error came first).
  void Inspect(const yaml_event_t& scalar) {
    std::string_view text = ScalarText(scalar);
    if (BadText(text) == nullptr) return;
    marks_seen_ += CountMarks(text);
    item_bad_ = true;
  }

  uint64_t LineOf(const yaml_event_t& event) const { return base_ + event.start_mark.line; }

  // The error record: the item it broke, or the document at the error.
  bool ReportError(const YamlSyntaxError& error) {
    std::string message = "invalid YAML: " + error.Describe(base_, false);
    if (in_item_) {
      builder_.Refail(StatusCode::kSyntax, std::move(message));
      return emitter_.Emit();
    }
    return emitter_.Broken(base_ + error.PointLine(), StatusCode::kSyntax, std::move(message));
  }

  // The byte offset and line (relative to `offset`'s line) of the first line
  // after relative line `after` that starts a list item at `column`.
  std::optional<std::pair<size_t, uint64_t>> NextItemLine(size_t offset, uint64_t after,
                                                          uint64_t column) const {
    uint64_t line = 0;
    for (size_t pos = offset; pos < text_.size(); ++line) {
      size_t end = text_.find('\n', pos);
      if (end == std::string_view::npos) end = text_.size();
      std::string_view s = text_.substr(pos, end - pos);
      if (line > after && s.size() > column && s[column] == '-' &&
          s.find_first_not_of(' ') == column &&
          (s.size() == column + 1 || s[column + 1] == ' ' || s[column + 1] == '\t' ||
           s[column + 1] == '\r')) {
        return std::make_pair(pos, line);
      }
      pos = end + 1;
    }
    return std::nullopt;
  }

  bool Stream() {
    list_column_.reset();
    Next();  // STREAM-START
    for (const yaml_event_t* e = &Next(); e->type == YAML_DOCUMENT_START_EVENT; e = &Next()) {
      if (!Root(Next())) return false;
      Next();  // DOCUMENT-END
    }
    return true;
  }

  bool Root(const yaml_event_t& event) {
    switch (event.type) {
      case YAML_SCALAR_EVENT:
        if (IsYamlNull(event)) return true;  // an empty document holds no record
        return emitter_.Broken(LineOf(event), StatusCode::kInvalidValue,
                               "expected a mapping of field paths to values");
      case YAML_SEQUENCE_START_EVENT:
        if (event.data.sequence_start.style != YAML_FLOW_SEQUENCE_STYLE) {
          list_column_ = event.start_mark.column;
        }
        return List();
      default:
        return Item(event);
    }
  }

  bool List() {
    for (const yaml_event_t* e = &Next(); e->type != YAML_SEQUENCE_END_EVENT; e = &Next()) {
      if (!Item(*e)) return false;
    }
    return true;
  }

  // One record: a mapping, or an error record for anything else.
  bool Item(const yaml_event_t& event) {
    item_line_ = LineOf(event);
    in_item_ = true;
    builder_.Begin(item_line_);
    item_bad_ = false;
    if (event.type == YAML_SCALAR_EVENT) Inspect(event);
    if (event.type == YAML_MAPPING_START_EVENT) {
      Walk(RecordBuilder::kRootGroup);
    } else {
      builder_.Fail(StatusCode::kInvalidValue,
                    event.type == YAML_ALIAS_EVENT
                        ? "an alias (*name) cannot stand for a record; write the record out"
                        : "expected a mapping of field paths to values");
      Skip(event);
    }
    if (item_bad_)
      builder_.Fail(
          StatusCode::kSyntax,
          "a key or value holds bytes that are not valid UTF-8 text or are control characters");
    in_item_ = false;
    return emitter_.Emit();
  }

  // Consumes the rest of a node whose first event was `event`.
  void Skip(const yaml_event_t& event) {
    if (event.type != YAML_MAPPING_START_EVENT && event.type != YAML_SEQUENCE_START_EVENT) return;
    for (int depth = 1; depth > 0;) {
      const yaml_event_t& e = Next();
      if (e.type == YAML_MAPPING_START_EVENT || e.type == YAML_SEQUENCE_START_EVENT) ++depth;
      if (e.type == YAML_MAPPING_END_EVENT || e.type == YAML_SEQUENCE_END_EVENT) --depth;
    }
  }

  // Nested mappings (`patient: {consent: true}`) and dotted keys
  // (`patient.consent: true`) both reach the field `patient.consent`: keys
  // resolve through the builder's schema tree, as JSON keys do.
  void Walk(int group) {
    for (const yaml_event_t* key = &Next(); key->type != YAML_MAPPING_END_EVENT; key = &Next()) {
      if (key->type != YAML_SCALAR_EVENT) {
        builder_.Fail(StatusCode::kInvalidValue, "expected field names as keys");
        Skip(*key);
        Skip(Next());
        continue;
      }
      std::string name(ScalarText(*key));  // the event is gone after Next()
      Member(group, name, Next());
    }
  }

  void Member(int group, std::string_view key, const yaml_event_t& value) {
    const int child = builder_.Resolve(group, key);
    if (child >= 0) return Value(child, value);
    if (child == RecordBuilder::kNoChild) {
      builder_.Unknown(builder_.PathOf(group, key));
      return Skip(value);
    }
    if (value.type == YAML_MAPPING_START_EVENT) return Walk(RecordBuilder::GroupOf(child));
    if (value.type != YAML_SCALAR_EVENT || !IsYamlNull(value)) {
      builder_.FailPath(builder_.PathOf(group, key), StatusCode::kInvalidValue,
                        "expected a mapping of its fields");
    }
    Skip(value);
  }

  void Value(int field, const yaml_event_t& value) {
    if (!builder_.Claim(field)) return Skip(value);
    switch (value.type) {
      case YAML_SCALAR_EVENT:
        if (IsYamlNull(value)) return;  // `key:` or `key: null` is missing, i.e. unknown
        Text(field, ScalarText(value), false);
        return;
      case YAML_SEQUENCE_START_EVENT:
        return Items(field);
      case YAML_ALIAS_EVENT:
        return builder_.FailPath(builder_.field(field).path, StatusCode::kInvalidValue,
                                 "an alias (*name) is not read in records; write the value out");
      default:
        builder_.WrongShape(field);
        return Skip(value);
    }
  }

  void Items(int field) {
    builder_.StartList(field);
    bool good = builder_.field(field).type == FieldType::kList;
    for (const yaml_event_t* e = &Next(); e->type != YAML_SEQUENCE_END_EVENT; e = &Next()) {
      if (!good) {
        Skip(*e);
      } else if (e->type != YAML_SCALAR_EVENT) {
        builder_.WrongShape(field);
        good = false;
        Skip(*e);
      } else {
        good = Text(field, ScalarText(*e), true);
      }
    }
  }

  // Decodes a value or list item; false (and the field's error) for bad text.
  bool Text(int field, std::string_view text, bool item) {
    if (const char* bad = BadText(text)) {
      builder_.FailPath(builder_.field(field).path, StatusCode::kInvalidValue, bad);
      return false;
    }
    if (item) {
      builder_.AddItem(field, text);
    } else {
      builder_.SetText(field, text);
    }
    return true;
  }

  RecordBuilder& builder_;
  RecordEmitter& emitter_;
  std::string_view text_;
  uint64_t first_line_;
  YamlEventParser* parser_ = nullptr;
  uint64_t base_ = 0;
  bool in_item_ = false;
  bool item_bad_ = false;  // a scalar of this item held a mark or NUL
  size_t marks_seen_ = 0;  // marks met in scalars (the others are outside values)
  uint64_t item_line_ = 0;
  std::optional<uint64_t> list_column_;  // a block list's column: where items can resume
};

// Reads lines of at most `limit` bytes: a longer line is cut to nothing and
// flagged, and its bytes are dropped as they arrive (never held; SPEC §6).
class BoundedLines {
 public:
  BoundedLines(std::istream& in, size_t limit) : in_(in), limit_(limit) {}

  // False at the end of input. `too_long` tells that the line was dropped.
  bool Next(std::string& line, bool& too_long) {
    line.clear();
    too_long = false;
    bool any = false;
    while (true) {
      if (pos_ == size_ && !Fill()) return any;
      any = true;
      const char* start = buffer_ + pos_;
      const void* nl = std::memchr(start, '\n', size_ - pos_);
      size_t n = nl ? static_cast<const char*>(nl) - start : size_ - pos_;
      if (!too_long && line.size() + n > limit_) {
        too_long = true;
        line = std::string();  // release it
      }
      if (!too_long) line.append(start, n);
      pos_ += n;
      if (nl) {
        ++pos_;
        return true;
      }
    }
  }

  bool bad() const { return in_.bad(); }

 private:
  // Takes what the stream has ready rather than a whole block: a pipe that
  // delivers a document and stalls has it screened at once (issue 13).
  bool Fill() {
    std::streambuf* in = in_.rdbuf();
    std::streamsize ready = in->in_avail();
    if (ready <= 0) {
      if (std::char_traits<char>::eq_int_type(in->sgetc(), std::char_traits<char>::eof())) {
        return false;
      }
      ready = in->in_avail();
    }
    const size_t want =
        ready > 0 ? std::min(sizeof buffer_, static_cast<size_t>(ready)) : sizeof buffer_;
    size_ = static_cast<size_t>(in->sgetn(buffer_, static_cast<std::streamsize>(want)));
    pos_ = 0;
    return size_ > 0;
  }

  std::istream& in_;
  size_t limit_;
  char buffer_[1 << 16] = {};  // 64 KiB zeroed once per stream
  size_t pos_ = 0, size_ = 0;
};

// The YAML document being gathered from the stream's lines.
struct PendingDocument {
  std::string text;
  uint64_t first_line = 1;
  bool has_content = false;  // more than comments and directives since the last `---`
  bool oversized = false;    // past a limit: its bytes are dropped, it becomes one error
  uint64_t long_line = 0;    // the first line over the line limit, if that was the limit
};

// Adds line `number` to `document`, unless a limit was passed: then the
// document holds none of its bytes any more and becomes one error.
void AddLine(PendingDocument& document, const std::string& line, uint64_t number, bool too_long) {
  if (document.oversized) return;
  if (too_long || document.text.size() + line.size() > kMaxDocumentBytes) {
    if (document.text.empty()) document.first_line = number;
    if (too_long) document.long_line = number;
    document.oversized = true;
    document.text = std::string();  // release it
    return;
  }
  if (document.text.empty()) document.first_line = number;
  document.text += line;
  document.text.push_back('\n');
  size_t first = line.find_first_not_of(" \t\r");
  if (first != std::string::npos && line[first] != '#' && line[0] != '%') {
    document.has_content = true;
  }
}

// Reads a gathered document, or emits the error record of one too large.
// Every document goes to libyaml, even one of comments only: a bad byte or
// a tab there is an error too (libyaml rejects the stream). False when
// reading stops (the sink said so).
bool FinishDocument(RecordBuilder& builder, RecordEmitter& emitter,
                    const PendingDocument& document) {
  if (document.oversized && document.long_line != 0) {
    return emitter.Broken(
        document.first_line, StatusCode::kTooLarge,
        fmt::format("YAML line {} longer than {} bytes (the limit; see "
                    "--max-record-bytes)",
                    builder.OutputLine(document.long_line), builder.max_record_bytes()));
  }
  if (document.oversized) {
    return emitter.Broken(
        document.first_line, StatusCode::kTooLarge,
        fmt::format("YAML document larger than {} bytes (the limit)", kMaxDocumentBytes));
  }
  return document.text.empty() ||
         YamlDocument(builder, emitter, document.text, document.first_line).Read();
}

}  // namespace

Status ReadYaml(std::istream& in, std::string_view file, RecordBuilder& builder,
                uint64_t* next_record, const RecordSink& sink) {
  RecordEmitter emitter(builder, next_record, file, sink);
  // A line is limited as a JSON Lines record is (--max-record-bytes): no
  // record needs a longer one, and a document of one endless line (a 5 GB
  // sparse file, /dev/zero) is refused without being held (issue 13).
  auto lines = std::make_unique<BoundedLines>(in, builder.max_record_bytes());
  std::string line;
  uint64_t line_number = 0;
  PendingDocument document;
  bool too_long = false;
  while (lines->Next(line, too_long)) {
    ++line_number;
    // `%YAML 1.2` / `%TAG` lines (and comments) before a `---` belong to the
    // document it starts.
    if (StartsDocument(line) && (document.has_content || document.oversized)) {
      if (!FinishDocument(builder, emitter, document)) return {};
      document.text.clear();
      document.has_content = document.oversized = false;
      document.long_line = 0;
      document.first_line = line_number;
    } else if (StartsDocument(line)) {
      document.has_content = true;
    }
    AddLine(document, line, line_number, too_long);
  }
  if (lines->bad()) return Status::Error(StatusCode::kIoError, "read error");
  FinishDocument(builder, emitter, document);
  return {};
}

}  // namespace needlescreen::records
