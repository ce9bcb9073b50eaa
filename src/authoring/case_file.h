// Writing generated cases as a rule-test file (the format `rules test`
// reads, README "Testing rules"): each case's record and what the screen
// gave it. Internal to the case generator.
#ifndef NEEDLESCREEN_AUTHORING_CASE_FILE_H_
#define NEEDLESCREEN_AUTHORING_CASE_FILE_H_

#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/record.h"
#include "needlescreen/result.h"

namespace needlescreen::authoring {

// The record as the `record:` mapping of a case, indented for a case of the
// `cases` list: fields grouped by the path before their last dot, in pack
// order (`patient: {consent: true, needle_phobia: none}`), unknown fields
// left out; ` {}` when none is known. Starts with the space after `record:`
// or a line break, ends with a line break. Also a key that tells records
// apart.
std::string CaseRecordYaml(const Pack& pack, const Record& record);

// One case of the `cases` list: name (quoted), `record` (CaseRecordYaml's
// text), and `expect` holding everything `result` decided: decision, rules,
// cautions, notes, blocking missing fields; resume_after and resume_when on
// wait; alternatives on swap; the verdicts of `verdict_rules` (indexes into
// Pack::rules).
std::string CaseYaml(const Pack& pack, std::string_view name, const std::string& record_yaml,
                     const Result& result, const std::vector<int>& verdict_rules);

}  // namespace needlescreen::authoring

#endif  // NEEDLESCREEN_AUTHORING_CASE_FILE_H_
