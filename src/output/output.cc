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

// The machine formats take the pack's text rendered once; text and html
// write their own (null).
std::unique_ptr<const output::Fragments> FragmentsFor(const Pack& pack,
                                                      const OutputOptions& options) {
  if (options.format == OutputFormat::kText || options.format == OutputFormat::kHtml) {
    return nullptr;
  }
  return std::make_unique<const output::Fragments>(pack);
}

// The one dispatch on the format, for ResultWriter and the free functions.
void WriteErrorRecord(const Pack& pack, const output::Fragments* fragments, const RecordInfo& info,
                      const Status& status, const OutputOptions& options, bool first,
                      std::string& out) {
  const std::string error = ErrorText(info, status);
  switch (options.format) {
    case OutputFormat::kText:
      return output::WriteTextError(info, error, options, out);
    case OutputFormat::kHtml:
      return output::WriteHtmlError(pack, info, error, options, out);
    case OutputFormat::kJson:
      if (!first) out += ",";
      return output::WriteJsonError(*fragments, info, error, options, true, 1, out);
    case OutputFormat::kJsonLines:
      output::WriteJsonError(*fragments, info, error, options, false, 0, out);
      out += '\n';
      return;
    case OutputFormat::kCsv:
      return output::WriteCsvErrorRow(*fragments, info, error, options, out);
  }
}

void WriteRecord(const Screener& screener, const output::Fragments* fragments,
                 const RecordInfo& info, const Record& record, const Result& result,
                 const OutputOptions& options, bool first, std::string& out) {
  if (result.decision == Decision::kError) {
    return WriteErrorRecord(screener.pack(), fragments, info, result.error, options, first, out);
  }
  switch (options.format) {
    case OutputFormat::kText:
      return output::WriteTextResult(screener, info, result, options, out);
    case OutputFormat::kHtml:
      return output::WriteHtmlResult(screener, info, record, result, options, out);
    case OutputFormat::kJson:
      if (!first) out += ",";
      return output::WriteJsonResult(*fragments, screener, info, result, options, true, 1, out);
    case OutputFormat::kJsonLines:
      output::WriteJsonResult(*fragments, screener, info, result, options, false, 0, out);
      out += '\n';
      return;
    case OutputFormat::kCsv:
      return output::WriteCsvRow(*fragments, screener, info, result, options, out);
  }
}

}  // namespace

std::optional<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "text") return OutputFormat::kText;
  if (name == "json") return OutputFormat::kJson;
  if (name == "jsonl" || name == "ndjson") return OutputFormat::kJsonLines;
  if (name == "csv") return OutputFormat::kCsv;
  if (name == "html") return OutputFormat::kHtml;
  return std::nullopt;
}

void WriteBegin(const Pack& pack, const OutputOptions& options, std::string& out) {
  if (options.format == OutputFormat::kJson) out += "[";
  if (options.format == OutputFormat::kCsv && !options.no_header) {
    output::WriteCsvHeader(options, out);
  }
  if (options.format == OutputFormat::kHtml) output::WriteHtmlBegin(pack, out);
}

void WriteEnd(const OutputOptions& options, std::string& out) {
  if (options.format == OutputFormat::kJson) out += "\n]\n";
  if (options.format == OutputFormat::kHtml) output::WriteHtmlEnd(out);
}

void WriteResult(const Screener& screener, const RecordInfo& info, const Record& record,
                 const Result& result, const OutputOptions& options, bool first, std::string& out) {
  auto fragments = FragmentsFor(screener.pack(), options);
  WriteRecord(screener, fragments.get(), info, record, result, options, first, out);
}

void WriteError(const Pack& pack, const RecordInfo& info, const Status& error,
                const OutputOptions& options, bool first, std::string& out) {
  auto fragments = FragmentsFor(pack, options);
  WriteErrorRecord(pack, fragments.get(), info, error, options, first, out);
}

ResultWriter::ResultWriter(const Screener& screener, const OutputOptions& options)
    : screener_(screener), options_(options), cache_(FragmentsFor(screener.pack(), options)) {}

ResultWriter::~ResultWriter() = default;

void ResultWriter::Result(const RecordInfo& info, const Record& record,
                          const needlescreen::Result& result, bool first, std::string& out) const {
  WriteRecord(screener_, cache_.get(), info, record, result, options_, first, out);
}

void ResultWriter::Error(const RecordInfo& info, const Status& error, bool first,
                         std::string& out) const {
  WriteErrorRecord(screener_.pack(), cache_.get(), info, error, options_, first, out);
}

}  // namespace needlescreen
