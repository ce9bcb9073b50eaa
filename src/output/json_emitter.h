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

class JsonEmitter {
 public:
  // `pretty`: newline and two-space indentation per level, starting at `indent`.
  JsonEmitter(std::string& out, bool pretty, int indent = 0)
      : out_(out), pretty_(pretty), depth_(indent) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  void Key(std::string_view key);
  void String(std::string_view s);
  void Number(uint64_t n);
  void Bool(bool b);
  void Null();

 private:
  void Open(char c);
  void Close(char c);
  void BeforeValue();
  void Newline();

  std::string& out_;
  bool pretty_;
  int depth_;
  bool first_ = true;       // no member written yet in the current container
  bool after_key_ = false;  // the next value follows a key on the same line
};

}  // namespace needlescreen::output

#endif  // NEEDLESCREEN_OUTPUT_JSON_EMITTER_H_
