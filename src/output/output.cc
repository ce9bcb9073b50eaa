#include "needlescreen/output.h"

#include "output/writers.h"

namespace needlescreen {

std::optional<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "text") return OutputFormat::kText;
  if (name == "json") return OutputFormat::kJson;
  if (name == "jsonl" || name == "ndjson") return OutputFormat::kJsonLines;
  if (name == "csv") return OutputFormat::kCsv;
  return std::nullopt;
}

void WriteBegin(const OutputOptions& options, std::string& out) {
  if (options.format == OutputFormat::kJson) out += "[";
  if (options.format == OutputFormat::kCsv) output::WriteCsvHeader(options, out);
}

void WriteEnd(const OutputOptions& options, std::string& out) {
  if (options.format == OutputFormat::kJson) out += "\n]\n";
}

void WriteResult(const Screener& screener, const RecordInfo& info, const Result& result,
                 const OutputOptions& options, bool first, std::string& out) {
  switch (options.format) {
    case OutputFormat::kText:
      return output::WriteTextResult(screener, info, result, options, out);
    case OutputFormat::kJson:
      if (!first) out += ",";
      return output::WriteJsonResult(screener, info, result, options, true, 1, out);
    case OutputFormat::kJsonLines:
      output::WriteJsonResult(screener, info, result, options, false, 0, out);
      out += '\n';
      return;
    case OutputFormat::kCsv:
      return output::WriteCsvResult(screener, info, result, options, out);
  }
}

void WriteError(const Pack& pack, const RecordInfo& info, std::string_view error,
                const OutputOptions& options, bool first, std::string& out) {
  switch (options.format) {
    case OutputFormat::kText:
      return output::WriteTextError(info, error, options, out);
    case OutputFormat::kJson:
      if (!first) out += ",";
      return output::WriteJsonError(pack, info, error, options, true, 1, out);
    case OutputFormat::kJsonLines:
      output::WriteJsonError(pack, info, error, options, false, 0, out);
      out += '\n';
      return;
    case OutputFormat::kCsv:
      return output::WriteCsvError(info, error, options, out);
  }
}

}  // namespace needlescreen
