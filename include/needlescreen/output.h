// Writers for screening results: text for a clinician, JSON / JSON Lines for
// pipelines (SPEC §4), a printable HTML report (SPEC §7). They append to a
// caller-owned buffer and never print.
//
// Every writer only appends to `out` (what it held is kept) and cannot fail:
// nothing is returned, nothing but std::bad_alloc is thrown. Text from a
// record or a pack is escaped for the format (terminal-safe text, JSON
// string escapes, quoted CSV cells with a formula guard, HTML entities with
// controls shown as visible escapes). The free functions
// keep no state and may run on many threads at once, each with its own `out`.
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

// kJson is one array of every record; kJsonLines and kCsv one line (row) per
// record, so they stream. kHtml is one self-contained page (no script, no
// external resource) with a <section> per record, each printed on its own
// page; it streams too.
enum class OutputFormat : uint8_t { kText, kJson, kJsonLines, kCsv, kHtml };

// "text", "json", "jsonl" (or "ndjson"), "csv", "html", exactly (lower
// case); nullopt for anything else. Never throws.
std::optional<OutputFormat> ParseOutputFormat(std::string_view name);

// How a run's output looks; the same options must go to every call of one
// output (WriteBegin, each record, WriteEnd).
struct OutputOptions {
  OutputFormat format = OutputFormat::kJsonLines;
  bool color = false;      // ANSI colour (text only)
  bool explain = false;    // include Result::trace (screen with ScreenOptions::explain)
  bool with_file = false;  // name the input file in each record (several inputs)
  // csv: no header row (`check --no-header`: a shard whose output joins one
  // that has it). Other formats ignore it.
  bool no_header = false;
  // text, json, jsonl: write Result::counterfactual (`check
  // --counterfactual`; fill it with CounterfactualFinder). csv and html have
  // no place for it: `check` refuses the pair.
  bool counterfactual = false;
};

// Writes what precedes the first record: `[` for json, the header for csv
// (unless OutputOptions::no_header);
// for html the document's head (title, Content-Security-Policy, the one
// <style>) and the report's header naming `pack` (id, version, digest,
// title, source), up to the opening of the records' container (each record
// carries the disclaimer and the stamp on its own page);
// nothing for text and jsonl. `pack` is the pack that screens the records.
// Writes no wall-clock time (goldens are deterministic).
void WriteBegin(const Pack& pack, const OutputOptions& options, std::string& out);
// Writes what follows the last record: `\n]\n` for json; for html the
// closing tags of the records' container, the body and the document;
// nothing otherwise.
void WriteEnd(const OutputOptions& options, std::string& out);

// Writes one screened record. `first` tells the JSON array writer whether a
// separator is needed (html starts every record after the first on a new
// printed page through its style, and needs no `first`). A result the
// screener decided `error` (Result::error) is written as WriteError writes a
// record that could not be read, its message prefixed with `line N, `.
// `result` must come from `screener`'s Screen() of `record` (its indexes are
// into screener.pack(); `record` is sized to that pack), and `info` names
// that record. Only html reads `record`: its "answers given" are the known
// slots (the engine's id and screened_at aside, which it shows elsewhere) of
// the record as read, --set defaults applied: an implausible answer the
// screen did not use (Result::masked) is shown as given, marked not used.
// The output holds the record's values: it is patient data. Text and html
// write the screening and resume times in local time (FormatLocalDatetime,
// reading TZ), the other formats in UTC; the times inside messages and
// --explain readings are as the screener rendered them, so screen with
// ScreenOptions::local_times for text and html only (issue 15).
void WriteResult(const Screener& screener, const RecordInfo& info, const Record& record,
                 const Result& result, const OutputOptions& options, bool first, std::string& out);

// Writes one record that could not be read (decision "error"): its `error`
// text is `error` located at info.line (Status::ToString), escaped for the
// format. The message must hold no patient value (the readers' never do).
void WriteError(const Pack& pack, const RecordInfo& info, const Status& error,
                const OutputOptions& options, bool first, std::string& out);

// One line naming `result`'s decision for a person, as text's headline
// says it (`SWAP  use a gentler technique instead of dry needling`); for
// wait with when to re-screen, in local time (`WAIT  do not needle now;
// re-screen after 2026-11-26 20:00 +11:00, once bleeding has resolved`). No
// line break, no colour; escaped for a terminal. The interview's last line
// (issue 16). Appends to `out`; nothing but std::bad_alloc is thrown.
void AppendDecisionLine(const Result& result, std::string& out);

namespace output {
struct Fragments;
}

// The writer for a whole run: the same output as the functions above, with
// the pack's fixed JSON fragments rendered once. Immutable after construction;
// may be shared by threads. The screener must outlive it.
// Not copyable. The options are copied. Each call appends to its own `out`;
// `first` and the contracts are those of WriteResult and WriteError.
class ResultWriter {
 public:
  // Renders the fixed fragments for compact JSON Lines and CSV once.
  ResultWriter(const Screener& screener, const OutputOptions& options);
  ~ResultWriter();
  ResultWriter(const ResultWriter&) = delete;
  ResultWriter& operator=(const ResultWriter&) = delete;

  // As WriteResult (an `error` result as Error, located at info.line).
  void Result(const RecordInfo& info, const Record& record, const needlescreen::Result& result,
              bool first, std::string& out) const;
  void Error(const RecordInfo& info, const Status& error, bool first, std::string& out) const;
  // The options given at construction (a copy).
  const OutputOptions& options() const { return options_; }

 private:
  const Screener& screener_;
  OutputOptions options_;
  std::unique_ptr<const output::Fragments> cache_;  // null for text and html
};

}  // namespace needlescreen

#endif  // NEEDLESCREEN_OUTPUT_H_
