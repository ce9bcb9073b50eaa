// Writers for screening results: text for a clinician, JSON / JSON Lines for
// pipelines (SPEC §4). They append to a caller-owned buffer and never print.
#ifndef NEEDLESCREEN_OUTPUT_H_
#define NEEDLESCREEN_OUTPUT_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "needlescreen/pack.h"
#include "needlescreen/reader.h"
#include "needlescreen/result.h"
#include "needlescreen/screen.h"
#include "needlescreen/status.h"

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
// separator is needed. A result the screener decided `error` (Result::error)
// is written as WriteError writes a record that could not be read, its
// message prefixed with `line N, `.
void WriteResult(const Screener& screener, const RecordInfo& info, const Result& result,
                 const OutputOptions& options, bool first, std::string& out);

// Writes one record that could not be read (decision "error"): its `error`
// text is `error` located at info.line (Status::ToString).
void WriteError(const Pack& pack, const RecordInfo& info, const Status& error,
                const OutputOptions& options, bool first, std::string& out);

namespace output {
struct Fragments;
}

// The writer for a whole run: the same output as the functions above, with
// the pack's fixed JSON fragments rendered once. Immutable after construction;
// may be shared by threads. The screener must outlive it.
class ResultWriter {
 public:
  ResultWriter(const Screener& screener, const OutputOptions& options);
  ~ResultWriter();
  ResultWriter(const ResultWriter&) = delete;
  ResultWriter& operator=(const ResultWriter&) = delete;

  // As WriteResult (an `error` result as Error, located at info.line).
  void Result(const RecordInfo& info, const needlescreen::Result& result, bool first,
              std::string& out) const;
  void Error(const RecordInfo& info, const Status& error, bool first, std::string& out) const;
  const OutputOptions& options() const { return options_; }

 private:
  const Screener& screener_;
  OutputOptions options_;
  std::unique_ptr<const output::Fragments> cache_;  // null for text
};

}  // namespace needlescreen

#endif  // NEEDLESCREEN_OUTPUT_H_
