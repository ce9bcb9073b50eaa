#include "needlescreen/output.h"

#include <fmt/format.h>

#include "output/fragments.h"
#include "output/writers.h"

namespace needlescreen {
namespace {

// The `error` text of an error record (SPEC §4). Result::error holds no line
// (the screener does not know it): it is located as the readers' errors are.
std::string ErrorText(const RecordInfo& info, const Status& error) {
  ErrorPosition at;
  at.record = info.record;
  at.line = info.line;
  return error.At(at).ToString();
}

}  // namespace

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
  if (result.decision == Decision::kError) {
    return WriteError(screener.pack(), info, result.error, options, first, out);
  }
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

void WriteError(const Pack& pack, const RecordInfo& info, const Status& status,
                const OutputOptions& options, bool first, std::string& out) {
  const std::string error = ErrorText(info, status);
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
      return output::WriteCsvError(pack, info, error, options, out);
  }
}

ResultWriter::ResultWriter(const Screener& screener, const OutputOptions& options)
    : screener_(screener), options_(options) {
  if ((options.format == OutputFormat::kJsonLines && !options.explain) ||
      options.format == OutputFormat::kCsv) {
    cache_ = std::make_unique<output::Fragments>(screener.pack());
  }
}

ResultWriter::~ResultWriter() = default;

void ResultWriter::Result(const RecordInfo& info, const needlescreen::Result& result, bool first,
                          std::string& out) const {
  if (result.decision == Decision::kError) {
    return Error(info, result.error, first, out);
  }
  if (cache_ && options_.format == OutputFormat::kCsv) {
    return output::WriteCsvRow(*cache_, screener_, info, result, options_, out);
  }
  if (cache_) {
    return output::WriteJsonLineFast(*cache_, screener_, info, result, options_.with_file, out);
  }
  WriteResult(screener_, info, result, options_, first, out);
}

void ResultWriter::Error(const RecordInfo& info, const Status& error, bool first,
                         std::string& out) const {
  if (cache_ && options_.format == OutputFormat::kCsv) {
    return output::WriteCsvErrorRow(*cache_, info, ErrorText(info, error), options_, out);
  }
  WriteError(screener_.pack(), info, error, options_, first, out);
}

}  // namespace needlescreen
