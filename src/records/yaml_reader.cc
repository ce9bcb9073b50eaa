// YAML records: one mapping, a list of mappings, or `---`-separated documents.
// Documents are split on their `---` lines before parsing, so one malformed
// document is one error record and the others are still screened (SPEC §1.5).
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "records/builder.h"
#include "records/readers.h"

namespace needlescreen::records {
namespace {

bool IsDocumentMarker(std::string_view line) {
  if (line.size() < 3 || (line.substr(0, 3) != "---" && line.substr(0, 3) != "...")) return false;
  return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r';
}

// yaml-cpp appends the offending text to some messages ("unknown escape
// character: Q", "invalid unicode: 1234567"): SPEC §6 forbids echoing it.
std::string Sanitized(const std::string& message) {
  size_t colon = message.find(':');
  return colon == std::string::npos ? message : message.substr(0, colon);
}

class YamlReader {
 public:
  YamlReader(RecordBuilder& builder, uint64_t* next_record, std::string_view file,
             const RecordSink& sink)
      : builder_(builder), emitter_(builder, next_record, file, sink) {}

  // Emits one error record for a document that cannot be read at all.
  bool Broken(uint64_t line, std::string message) { return emitter_.Broken(line, message); }

  // Parses one document whose first line is `first_line` (1-based).
  bool Document(const std::string& text, uint64_t first_line) {
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      // The line of the error, kept within the document (yaml-cpp reports the
      // end of input one line past it).
      uint64_t last = first_line + std::count(text.begin(), text.end(), '\n') - 1;
      uint64_t line = first_line + (e.mark.line < 0 ? 0 : e.mark.line);
      return Broken(std::min(line, std::max(last, first_line)),
                    "invalid YAML: " + Sanitized(e.msg));
    }
    if (!root.IsDefined() || root.IsNull()) return true;  // an empty document holds no record
    if (root.IsSequence()) {
      for (const YAML::Node& item : root) {
        if (!One(item, first_line)) return false;
      }
      return true;
    }
    return One(root, first_line);
  }

 private:
  static uint64_t LineOf(const YAML::Node& node, uint64_t first_line) {
    return first_line + (node.Mark().line < 0 ? 0 : node.Mark().line);
  }

  bool One(const YAML::Node& node, uint64_t first_line) {
    builder_.Begin(LineOf(node, first_line));
    if (!node.IsMap()) {
      builder_.Fail("expected a mapping of field paths to values");
    } else {
      Walk(node, "");
    }
    return emitter_.Emit();
  }

  // Nested mappings (`patient: {consent: true}`) and dotted keys
  // (`patient.consent: true`) both reach the field `patient.consent`.
  void Walk(const YAML::Node& map, const std::string& prefix) {
    for (const auto& kv : map) {
      if (!kv.first.IsScalar()) {
        builder_.Fail("expected field names as keys");
        continue;
      }
      std::string path = prefix.empty() ? kv.first.Scalar() : prefix + "." + kv.first.Scalar();
      int field = builder_.FieldIndex(path);
      if (field >= 0) {
        Value(field, kv.second);
      } else if (kv.second.IsMap() && builder_.IsGroup(path)) {
        Walk(kv.second, path);
      } else if (builder_.IsGroup(path)) {
        if (!kv.second.IsNull())
          builder_.Fail(fmt::format("field {}: expected a mapping of its fields", path));
      } else {
        builder_.Unknown(path);
      }
    }
  }

  void Value(int field, const YAML::Node& value) {
    if (!builder_.Claim(field)) return;
    if (value.IsNull()) return;  // `key:` or `key: null` is missing, i.e. unknown
    if (value.IsScalar()) {
      // yaml-cpp passes bytes through: the checks JSON and CSV get are made here.
      if (builder_.CheckText(field, value.Scalar())) builder_.SetText(field, value.Scalar());
      return;
    }
    if (!value.IsSequence()) return builder_.WrongShape(field);
    builder_.StartList(field);
    for (const YAML::Node& item : value) {
      if (!item.IsScalar()) return builder_.WrongShape(field);
      if (!builder_.CheckText(field, item.Scalar())) return;
      builder_.AddItem(field, item.Scalar());
    }
  }

  RecordBuilder& builder_;
  RecordEmitter emitter_;
};

}  // namespace

std::string ReadYaml(std::istream& in, std::string_view file, RecordBuilder& builder,
                     uint64_t* next_record, const RecordSink& sink) {
  YamlReader reader(builder, next_record, file, sink);
  std::string document, line;
  uint64_t line_number = 0, first_line = 1;
  bool has_content = false;
  bool oversized = false;  // past the limit: its bytes are dropped, it becomes one error
  auto finish = [&]() {
    if (oversized) {
      return reader.Broken(first_line, fmt::format("YAML document larger than {} bytes (the limit)",
                                                   kMaxDocumentBytes));
    }
    return !has_content || reader.Document(document, first_line);
  };
  while (std::getline(in, line)) {
    ++line_number;
    if (IsDocumentMarker(line)) {
      if (!finish()) return "";
      document.clear();
      has_content = oversized = false;
      first_line = line_number + 1;
      // Content after `--- ` on the marker line belongs to the new document.
      std::string_view rest = std::string_view(line).substr(3);
      if (line.compare(0, 3, "---") == 0 && rest.find_first_not_of(" \t\r") != std::string::npos) {
        document = std::string(rest);
        document.push_back('\n');
        first_line = line_number;
        has_content = true;
      }
      continue;
    }
    if (oversized) continue;
    if (document.size() + line.size() > kMaxDocumentBytes) {
      oversized = true;
      document = std::string();  // release it
      continue;
    }
    document += line;
    document.push_back('\n');
    size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string::npos && line[first] != '#') has_content = true;
  }
  if (in.bad()) return "read error";
  finish();
  return "";
}

}  // namespace needlescreen::records
