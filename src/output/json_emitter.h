// A streaming JSON emitter appending to a std::string.
// Why not a library: simdjson 3.0.1 (Debian 12) only parses; the output path
// must stream records without building a DOM and without per-value allocation
// (SPEC §5), and what is needed is string escaping plus commas and indentation.
#ifndef NEEDLESCREEN_OUTPUT_JSON_EMITTER_H_
#define NEEDLESCREEN_OUTPUT_JSON_EMITTER_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace needlescreen::output {

// Appends `s` to `out` as a JSON string literal (quotes included). Control
// characters, DEL, C1 controls, bidirectional controls and U+2028/U+2029 are
// escaped as \uXXXX (the same value to a JSON parser, inert on a terminal);
// other bytes >= 0x80 are copied (input was UTF-8).
void AppendJsonString(std::string& out, std::string_view s);

// A key known when the program is compiled to need no escaping (letters,
// digits, `_`), rendered then with its separator as `, "key": `, so that
// JsonEmitter::PlainKey writes it with one copy: the record writer writes a
// score of keys per record (SPEC §5). Converts implicitly from a literal,
// like std::string_view; a literal that needs escaping does not compile.
class KeyLiteral {
 public:
  consteval KeyLiteral(const char* key) {  // NOLINT(google-explicit-constructor)
    for (char c : std::string_view(", \"")) text_[size_++] = c;
    for (; *key != '\0'; ++key) {
      if (!IsPlain(*key)) throw "KeyLiteral: this key needs JSON escaping";
      if (size_ + 3 >= sizeof(text_)) throw "KeyLiteral: key too long";
      text_[size_++] = *key;
    }
    for (char c : std::string_view("\": ")) text_[size_++] = c;
  }
  // `, "key": `
  std::string_view member() const { return {text_, size_}; }
  // `"key": `
  std::string_view first_member() const { return member().substr(2); }

 private:
  static constexpr bool IsPlain(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  char text_[32] = {};
  size_t size_ = 0;
};

// Writes commas, spaces, newlines and indentation between the values given
// to it, compact (`{"a": 1, "b": [2, 3]}`) or pretty. The small methods are
// defined here and always inlined: an output record is a hundred calls, and
// GCC (LTO, -O3) left them out of line, 2.5% more instructions per record
// (callgrind) than the hand-assembled JSON Lines writer this one replaced.
class JsonEmitter {
 public:
  // `pretty`: newline and two-space indentation per level, starting at `indent`.
  JsonEmitter(std::string& out, bool pretty, int indent = 0)
      : out_(out), pretty_(pretty), depth_(indent) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  // Any key, escaped.
  void Key(std::string_view key);
  // A key of this program's (see KeyLiteral): one copy.
  [[gnu::always_inline]] void PlainKey(const KeyLiteral& key) {
    if (pretty_) {
      if (!first_) out_.push_back(',');
      Newline();
      Append(key.first_member());
    } else {
      Append(first_ ? key.first_member() : key.member());
    }
    first_ = false;
    after_key_ = true;
  }
  void String(std::string_view s);
  // A string known to need no escaping (quotes added): one of this program's
  // names (a decision, a verdict) or a datetime.
  [[gnu::always_inline]] void PlainString(std::string_view s) {
    BeforeValue();
    out_.push_back('"');
    Append(s);
    out_.push_back('"');
  }
  // The same, its text appended by `write(std::string&)` straight to the
  // output (a datetime: no copy through a buffer).
  template <typename Write>
  void PlainStringFrom(Write write) {
    BeforeValue();
    out_.push_back('"');
    write(out_);
    out_.push_back('"');
  }
  // A value already rendered as JSON, e.g. a string quoted by AppendJsonString
  // once per pack instead of once per record.
  [[gnu::always_inline]] void Rendered(std::string_view json) {
    BeforeValue();
    Append(json);
  }
  // A value rendered earlier by a compact emitter (an object fixed by the pack,
  // rendered once): written as it is when this emitter is compact too. False
  // when this emitter is pretty or `compact` is empty: the caller writes the
  // value itself.
  [[gnu::always_inline]] bool Reuse(std::string_view compact) {
    if (pretty_ || compact.empty()) return false;
    Rendered(compact);
    return true;
  }
  void Number(uint64_t n);
  void Bool(bool b) { Rendered(b ? "true" : "false"); }
  void Null() { Rendered("null"); }

 private:
  [[gnu::always_inline]] void Open(char c) {
    BeforeValue();
    out_.push_back(c);
    ++depth_;
    first_ = true;
  }
  [[gnu::always_inline]] void Close(char c) {
    --depth_;
    if (pretty_ && !first_) Newline();
    out_.push_back(c);
    first_ = false;
  }
  [[gnu::always_inline]] void BeforeValue() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (pretty_ && depth_ > 0) {
      if (!first_) out_.push_back(',');
      Newline();
    } else if (!first_) {
      Append(", ");
    }
    first_ = false;
  }
  // std::string's += for a string_view is a template that GCC left out of
  // line: one call more per piece.
  [[gnu::always_inline]] void Append(std::string_view s) { out_.append(s.data(), s.size()); }
  void Newline() {
    out_.push_back('\n');
    out_.append(static_cast<size_t>(depth_) * 2, ' ');
  }

  std::string& out_;
  bool pretty_;
  int depth_;
  bool first_ = true;       // no member written yet in the current container
  bool after_key_ = false;  // the next value follows a key on the same line
};

}  // namespace needlescreen::output

#endif  // NEEDLESCREEN_OUTPUT_JSON_EMITTER_H_
