// Format detection and dispatch to the per-format readers.
#include "needlescreen/reader.h"

#include "records/builder.h"
#include "records/readers.h"

namespace needlescreen {

std::optional<InputFormat> ParseInputFormat(std::string_view name) {
  if (name == "yaml" || name == "yml") return InputFormat::kYaml;
  if (name == "json") return InputFormat::kJson;
  if (name == "jsonl" || name == "ndjson") return InputFormat::kJsonLines;
  if (name == "csv") return InputFormat::kCsv;
  if (name == "fhir") return InputFormat::kFhir;
  return std::nullopt;
}

std::optional<InputFormat> InputFormatFromPath(std::string_view path) {
  if (path.ends_with(".fhir.json")) return InputFormat::kFhir;
  auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  return ParseInputFormat(path.substr(dot + 1));
}

InputFormat SniffInputFormat(std::string_view head) {
  size_t start = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (start == std::string_view::npos) return InputFormat::kYaml;
  if (head[start] == '[') return InputFormat::kJson;
  if (head[start] == '#' || head[start] == '-') return InputFormat::kYaml;  // comment, `---`, list
  // CR-only line ends (old spreadsheet exports) end the first line too.
  std::string_view first = head.substr(start, head.find_first_of("\r\n", start) - start);
  if (head[start] == '{') {
    // A FHIR resource names its type first (FHIR's JSON convention, which
    // servers follow): `{ "resourceType"`.
    size_t key = head.find_first_not_of(" \t\r\n", start + 1);
    if (key != std::string_view::npos && head.substr(key).starts_with("\"resourceType\"")) {
      return InputFormat::kFhir;
    }
    // A JSON Lines record closes on its own line; a pretty-printed object does not.
    size_t last = first.find_last_not_of(" \t\r");
    return last != std::string_view::npos && first[last] == '}' ? InputFormat::kJsonLines
                                                                : InputFormat::kJson;
  }
  if (first.find(',') != std::string_view::npos && first.find(':') == std::string_view::npos) {
    return InputFormat::kCsv;
  }
  return InputFormat::kYaml;
}

Status ReadRecords(std::istream& in, std::string_view file_name, InputFormat format,
                   const Pack& pack, const ReadOptions& options, uint64_t* next_record,
                   const RecordSink& sink) {
  if (format == InputFormat::kJsonLines || format == InputFormat::kCsv) {
    return records::ReadLines(in, file_name, format, pack, options, next_record, sink);
  }
  records::RecordBuilder builder(pack, options);
  if (format == InputFormat::kJson) {
    return records::ReadJson(in, file_name, builder, next_record, sink);
  }
  if (format == InputFormat::kFhir) {
    return records::ReadFhir(in, file_name, builder, next_record, sink);
  }
  return records::ReadYaml(in, file_name, builder, next_record, sink);
}

void ApplyDefaults(const Record& defaults, Record& record) {
  for (size_t i = 0; i < record.slots.size() && i < defaults.slots.size(); ++i) {
    if (!record.slots[i].known && defaults.slots[i].known) record.slots[i] = defaults.slots[i];
  }
}

}  // namespace needlescreen
