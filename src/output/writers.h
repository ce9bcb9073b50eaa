// The per-format writers behind output.h (output.cc dispatches); those that
// take a pack's Fragments are in fragments.h.
#ifndef NEEDLESCREEN_OUTPUT_WRITERS_H_
#define NEEDLESCREEN_OUTPUT_WRITERS_H_

#include <string>
#include <string_view>

#include "common/text.h"
#include "needlescreen/output.h"

namespace needlescreen::output {

// A decision as a clinician reads it first (text and html): its word in
// capitals, never colour alone, and what it means for the session, e.g.
// "WAIT", "do not needle now; re-screen later". Views of literals.
struct Headline {
  std::string_view word;
  std::string_view meaning;
};
Headline HeadlineFor(Decision decision);

// What qualifies the headings of cautions and notes (issue 15), by what they
// are for: "" now, " (for the session after the wait)", " (once the screen
// clears)"; "" for kNotNeedling and kNone, which show none.
std::string_view AdviceQualifier(AdviceFor advice);

void WriteTextResult(const Screener& screener, const RecordInfo& info, const Result& result,
                     const OutputOptions& options, std::string& out);
// `check --counterfactual` (issue 19): the "would proceed" block of a
// record (and for incomplete, what each missing answer would decide); nothing
// when Result::counterfactual was not searched.
void WriteTextCounterfactual(const Pack& pack, const Result& result, const OutputOptions& options,
                             std::string& out);
void WriteTextError(const RecordInfo& info, std::string_view error, const OutputOptions& options,
                    std::string& out);

// `s` as HTML text, appended to `out`: first Printable (C0 and C1 controls,
// DEL, bidirectional controls, U+2028/2029 and bytes that are not UTF-8
// become visible escapes such as `\x1b`; a line feed is kept with
// LineBreaks::kKeep), then `&`, `<`, `>`, `"` and `'` as character
// references, so the text is inert in element content and in quoted
// attribute values alike. Every text from a record, a pack or a file name
// reaches the page through it.
void AppendHtmlText(std::string& out, std::string_view s, LineBreaks breaks = LineBreaks::kEscape);

// The html report (output.h): its head and header, one <section> per
// record, its closing tags.
void WriteHtmlBegin(const Pack& pack, std::string& out);
void WriteHtmlResult(const Screener& screener, const RecordInfo& info, const Record& record,
                     const Result& result, const OutputOptions& options, std::string& out);
void WriteHtmlError(const Pack& pack, const RecordInfo& info, std::string_view error,
                    const OutputOptions& options, std::string& out);
void WriteHtmlEnd(std::string& out);

// RFC 4180: the cell in double quotes, inner quotes doubled; a cell that
// begins with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'` inside the
// quotes (OWASP CSV Injection), so no spreadsheet reads it as a formula.
void QuotedCell(std::string& out, std::string_view s);
// ",<pack id>,<version>,<digest>": the stamp of every CSV row (resume_when and
// alternatives follow it).
std::string CsvStamp(const Pack& pack);

void WriteCsvHeader(const OutputOptions& options, std::string& out);

}  // namespace needlescreen::output

#endif  // NEEDLESCREEN_OUTPUT_WRITERS_H_
