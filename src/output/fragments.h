// A pack's text as the machine writers print it, rendered once per pack: every
// record repeats the same rule ids, sources, questions and rule-set stamp, and
// escaping them once keeps the per-record path to the record's own values
// (SPEC §5). Built by ResultWriter for a run, or per call by the free writers.
#ifndef NEEDLESCREEN_OUTPUT_FRAGMENTS_H_
#define NEEDLESCREEN_OUTPUT_FRAGMENTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/output.h"

namespace needlescreen::output {

// Every string below is a JSON string literal, quotes included, as
// AppendJsonString writes it (JsonEmitter::Rendered writes it as it is), but
// the compact_* objects and csv_stamp. Built in json_writer.cc, whose record
// writer renders the compact objects.
struct Fragments {
  explicit Fragments(const Pack& pack);

  struct RuleText {
    std::string id;
    std::string outcome;
    std::string source;
    std::string when;     // "always" for a rule without `when` (--explain)
    std::string message;  // empty when the message has placeholders: rendered per record
    // For a message without placeholders, the whole finding object rendered
    // compact, as `reasons` writes it (with the outcome) and as `cautions` and
    // `notes` write it; empty otherwise (JsonEmitter::Reuse).
    std::string compact_reason;
    std::string compact_finding;
  };
  struct FieldText {
    std::string path;
    std::string question;
    std::string below_min;  // ImplausibleText, quoted ("" when the field has no min)
    std::string above_max;  // the same for max
  };
  struct AlternativeText {
    std::string id;
    std::string name;
  };

  std::vector<RuleText> rules;                // by index into Pack::rules
  std::vector<FieldText> fields;              // by index into Pack::fields
  std::vector<std::string> lets;              // names, by index into Pack::lets
  std::vector<AlternativeText> alternatives;  // by index into Pack::alternatives
  std::string ruleset_id;
  std::string ruleset_version;
  std::string ruleset_digest;
  const PackReview* review = nullptr;  // the pack's, which outlives the writers
  std::string compact_ruleset;         // the `ruleset` object rendered compact
  std::string csv_stamp;               // ,id,version,digest (before the CSV row's last columns)
  std::string csv_review;              // the review cells, the CSV row's last (output/stamp.h)
};

// The JSON output record of SPEC §4, without a newline: compact on one line
// (JSON Lines), or pretty with two spaces per level from `indent` levels on
// (the JSON array). `fragments` must be those of the screener's pack.
void WriteJsonResult(const Fragments& fragments, const Screener& screener, const RecordInfo& info,
                     const Result& result, const OutputOptions& options, bool pretty, int indent,
                     std::string& out);
// The same for a record that could not be screened (decision "error").
void WriteJsonError(const Fragments& fragments, const RecordInfo& info, std::string_view error,
                    const OutputOptions& options, bool pretty, int indent, std::string& out);

class JsonEmitter;

// The `counterfactual` member of a JSON output record (`check
// --counterfactual`, issue 19): null when Result::counterfactual was not
// searched (proceed), else its sets, `decides` and the search's state.
void WriteJsonCounterfactual(JsonEmitter& j, const Fragments& fragments, const Pack& pack,
                             const Result& result);

// One CSV row and one CSV error row, newline included.
void WriteCsvRow(const Fragments& fragments, const Screener& screener, const RecordInfo& info,
                 const Result& result, const OutputOptions& options, std::string& out);
void WriteCsvErrorRow(const Fragments& fragments, const RecordInfo& info, std::string_view error,
                      const OutputOptions& options, std::string& out);

}  // namespace needlescreen::output

#endif  // NEEDLESCREEN_OUTPUT_FRAGMENTS_H_
