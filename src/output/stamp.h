// The review dates in the rule-set stamp of every output (issue 19), written
// once here for the JSON outputs, CSV and the CDS Hooks cards.
#ifndef NEEDLESCREEN_OUTPUT_STAMP_H_
#define NEEDLESCREEN_OUTPUT_STAMP_H_

#include <string>

#include "needlescreen/pack.h"
#include "output/json_emitter.h"

namespace needlescreen::output {

// The members `approval_date`, `last_review_date` and `effective_period`
// (`{"start", "end"}`) of an open JSON object, each null when the pack does
// not say; the texts are PackReview's. Throws only std::bad_alloc.
void ReviewMembers(JsonEmitter& j, const PackReview& review);

// The CSV cells `,approval_date,last_review_date,effective_start,effective_end`
// (empty when the pack does not say), appended to `out`. The texts need no
// quoting: PackReview holds only dates and UTC datetimes. Throws only
// std::bad_alloc.
void AppendReviewCells(const PackReview& review, std::string& out);

// Their CSV header names, with the leading comma.
inline constexpr std::string_view kReviewCsvColumns =
    ",ruleset_approval_date,ruleset_last_review_date,ruleset_effective_start,"
    "ruleset_effective_end";

}  // namespace needlescreen::output

#endif  // NEEDLESCREEN_OUTPUT_STAMP_H_
