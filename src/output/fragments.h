// Output fragments of a pack rendered once (JSON objects of rules, fields and
// alternatives; the CSV rule-set stamp), for the per-record fast paths.
#ifndef NEEDLESCREEN_OUTPUT_FRAGMENTS_H_
#define NEEDLESCREEN_OUTPUT_FRAGMENTS_H_

#include <string>
#include <vector>

#include "needlescreen/output.h"

namespace needlescreen::output {

struct Fragments {
  explicit Fragments(const Pack& pack);

  std::vector<std::string> rule_ids;       // "id" quoted
  std::vector<std::string> reason_prefix;  // {"rule": .., "outcome": .., "message":
  std::vector<std::string> other_prefix;   // {"rule": .., "message":
  std::vector<std::string> source_suffix;  // , "source": ..}
  std::vector<std::string> reason_static;  // whole object when the message is static
  std::vector<std::string> other_static;
  std::vector<std::string> missing_prefix;  // {"field": .., "question": .., "rules": [
  std::vector<std::string> alternatives;    // {"id": .., "name": ..}
  std::string ruleset;                      // "ruleset": {...}
  std::string csv_stamp;                    // ,id,version,digest\n (CSV row end)
};

// One compact JSON Lines record, newline included.
void WriteJsonLineFast(const Fragments& cache, const Screener& screener, const RecordInfo& info,
                       const Result& result, bool with_file, std::string& out);

// One CSV row and one CSV error row, newline included.
void WriteCsvRow(const Fragments& fragments, const Screener& screener, const RecordInfo& info,
                 const Result& result, const OutputOptions& options, std::string& out);
void WriteCsvErrorRow(const Fragments& fragments, const RecordInfo& info, std::string_view error,
                      const OutputOptions& options, std::string& out);

}  // namespace needlescreen::output

#endif  // NEEDLESCREEN_OUTPUT_FRAGMENTS_H_
