// `rules lint` on a pack's review dates (issue 19): a pack past its end or
// never reviewed still loads, but an educator should hear about it before a
// clinician does.
#include <fmt/format.h>

#include "authoring/lint.h"

namespace needlescreen::authoring {
namespace {

class ReviewLinter {
 public:
  ReviewLinter(const Pack& pack, const pack::PackSites& sites, TimePoint now, Diagnostics& out)
      : review_(pack.review),
        sites_(sites.review),
        first_(sites.files.front()),
        now_(now),
        out_(out) {}

  void Run() {
    NeverReviewed();
    Period();
    Order();
    Future(review_.approval_date, sites_.approval_date, "approval_date");
    Future(review_.last_review_date, sites_.last_review_date, "last_review_date");
  }

 private:
  void Warn(const pack::Site& site, std::string message) {
    Diagnostic d = site.file ? site.Error(std::move(message)) : first_.At(0, 0, std::move(message));
    d.severity = Severity::kWarning;
    out_.push_back(std::move(d));
  }

  void NeverReviewed() {
    if (!review_.last_review_date.empty()) return;
    Warn({},
         "the pack was never reviewed: give last_review_date (YYYY-MM-DD), and "
         "effective_period {start, end} for when it is due again");
  }

  void Period() {
    switch (EffectAt(review_, now_)) {
      case Effect::kEnded:
        Warn(sites_.effective_end,
             fmt::format("the pack's effective period ended {} (it is now {}): it is due for "
                         "review; check, interview and serve warn, and refuse with --strict",
                         review_.effective_end, FormatDatetime(now_)));
        break;
      case Effect::kNotYet:
        Warn(sites_.effective_start,
             fmt::format("the pack's effective period starts {} (it is now {}): check, "
                         "interview and serve warn until then, and refuse with --strict",
                         review_.effective_start, FormatDatetime(now_)));
        break;
      case Effect::kInEffect:
        break;
    }
  }

  // The dates are YYYY-MM-DD, so their text order is their time order.
  void Order() {
    if (review_.approval_date.empty() || review_.last_review_date.empty()) return;
    if (review_.last_review_date >= review_.approval_date) return;
    Warn(sites_.last_review_date,
         fmt::format("last_review_date {} is before approval_date {}: a review follows the "
                     "approval",
                     review_.last_review_date, review_.approval_date));
  }

  void Future(const std::string& date, const pack::Site& site, std::string_view key) {
    if (date.empty() || date <= FormatDatetime(now_).substr(0, 10)) return;
    Warn(site, fmt::format("{} {} is in the future (it is now {}): a typing error?", key, date,
                           FormatDatetime(now_)));
  }

  const PackReview& review_;
  const pack::ReviewSites& sites_;
  const pack::SourceFile& first_;
  TimePoint now_;
  Diagnostics& out_;
};

}  // namespace

void LintReview(const Pack& pack, const pack::PackSites& sites, TimePoint now, Diagnostics& out) {
  ReviewLinter(pack, sites, now, out).Run();
}

}  // namespace needlescreen::authoring
