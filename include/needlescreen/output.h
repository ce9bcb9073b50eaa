// Writers for screening results: text for a clinician, JSON / JSON Lines for
// pipelines (SPEC §4). They append to a caller-owned buffer and never print.
#ifndef NEEDLESCREEN_OUTPUT_H_
#define NEEDLESCREEN_OUTPUT_H_

#include <optional>
#include <string>
#include <string_view>

#include "needlescreen/pack.h"
#include "needlescreen/reader.h"
#include "needlescreen/result.h"
#include "needlescreen/screen.h"

namespace needlescreen {

enum class OutputFormat : uint8_t { kText, kJson, kJsonLines, kCsv };

// "text", "json", "jsonl", "csv"; nullopt for anything else.
std::optional<OutputFormat> ParseOutputFormat(std::string_view name);

struct OutputOptions {
  OutputFormat format = OutputFormat::kJsonLines;
  bool color = false;      // ANSI colour (text only)
  bool explain = false;    // include every rule's verdict and readings
  bool with_file = false;  // name the input file in each record (several inputs)
};

// Writes what precedes the first record (`[` for json, the header for csv).
void WriteBegin(const OutputOptions& options, std::string& out);
// Writes what follows the last record.
void WriteEnd(const OutputOptions& options, std::string& out);

// Writes one screened record. `first` tells the JSON array writer whether a
// separator is needed.
void WriteResult(const Screener& screener, const RecordInfo& info, const Result& result,
                 const OutputOptions& options, bool first, std::string& out);

// Writes one record that could not be read (decision "error").
void WriteError(const Pack& pack, const RecordInfo& info, std::string_view error,
                const OutputOptions& options, bool first, std::string& out);

}  // namespace needlescreen

#endif  // NEEDLESCREEN_OUTPUT_H_
