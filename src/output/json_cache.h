// JSON fragments of a pack rendered once, for the fast JSON Lines writer.
#ifndef NEEDLESCREEN_OUTPUT_JSON_CACHE_H_
#define NEEDLESCREEN_OUTPUT_JSON_CACHE_H_

#include <string>
#include <vector>

#include "needlescreen/output.h"

namespace needlescreen::output {

struct JsonCache {
  explicit JsonCache(const Pack& pack);

  std::vector<std::string> rule_ids;       // "id" quoted
  std::vector<std::string> reason_prefix;  // {"rule": .., "outcome": .., "message":
  std::vector<std::string> other_prefix;   // {"rule": .., "message":
  std::vector<std::string> source_suffix;  // , "source": ..}
  std::vector<std::string> reason_static;  // whole object when the message is static
  std::vector<std::string> other_static;
  std::vector<std::string> missing_prefix;  // {"field": .., "question": .., "rules": [
  std::vector<std::string> alternatives;    // {"id": .., "name": ..}
  std::string ruleset;                      // "ruleset": {...}
};

// One compact JSON Lines record, newline included.
void WriteJsonLineFast(const JsonCache& cache, const Screener& screener, const RecordInfo& info,
                       const Result& result, bool with_file, std::string& out);

}  // namespace needlescreen::output

#endif  // NEEDLESCREEN_OUTPUT_JSON_CACHE_H_
