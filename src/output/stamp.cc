#include "output/stamp.h"

namespace needlescreen::output {
namespace {

void StringOrNull(JsonEmitter& j, const std::string& text) {
  if (text.empty()) {
    j.Null();
  } else {
    j.String(text);
  }
}

}  // namespace

void ReviewMembers(JsonEmitter& j, const PackReview& review) {
  j.PlainKey("approval_date");
  StringOrNull(j, review.approval_date);
  j.PlainKey("last_review_date");
  StringOrNull(j, review.last_review_date);
  j.PlainKey("effective_period");
  if (review.effective_start.empty() && review.effective_end.empty()) {
    j.Null();
    return;
  }
  j.BeginObject();
  j.PlainKey("start");
  StringOrNull(j, review.effective_start);
  j.PlainKey("end");
  StringOrNull(j, review.effective_end);
  j.EndObject();
}

void AppendReviewCells(const PackReview& review, std::string& out) {
  for (const std::string* cell : {&review.approval_date, &review.last_review_date,
                                  &review.effective_start, &review.effective_end}) {
    out.push_back(',');
    out += *cell;
  }
}

}  // namespace needlescreen::output
