// The per-format writers behind output.h (output.cc dispatches); those that
// take a pack's Fragments are in fragments.h.
#ifndef NEEDLESCREEN_OUTPUT_WRITERS_H_
#define NEEDLESCREEN_OUTPUT_WRITERS_H_

#include <string>
#include <string_view>

#include "needlescreen/output.h"

namespace needlescreen::output {

void WriteTextResult(const Screener& screener, const RecordInfo& info, const Result& result,
                     const OutputOptions& options, std::string& out);
void WriteTextError(const RecordInfo& info, std::string_view error, const OutputOptions& options,
                    std::string& out);

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
