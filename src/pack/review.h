// Reading a pack's review dates (issue 19): approval_date, last_review_date
// and effective_period, the vocabulary of FHIR knowledge artifacts.
#ifndef NEEDLESCREEN_PACK_REVIEW_H_
#define NEEDLESCREEN_PACK_REVIEW_H_

#include <yaml-cpp/yaml.h>

#include <functional>

#include "needlescreen/pack.h"
#include "pack/sites.h"

namespace needlescreen::pack {

// Reads the review keys of one rule file's root mapping into `review`,
// appending an error at the value for a date that is not `YYYY-MM-DD` (or a
// bound that is not a date or datetime), a period that ends before it
// starts or has neither bound, an unknown key in the period, and a key an
// earlier file of the pack set to something else. `at` gives a node's site;
// `sites` receives where each value read was written.
void ReadReview(const YAML::Node& root, const std::function<Site(const YAML::Node&)>& at,
                PackReview& review, ReviewSites& sites, Diagnostics& diagnostics);

// Sets each position in `at` still unset to where `sites` says its review
// date was written (rules diff shows both packs' places).
void ReviewPositions(const ReviewSites& sites, Pack::MetaPositions& at);

}  // namespace needlescreen::pack

#endif  // NEEDLESCREEN_PACK_REVIEW_H_
