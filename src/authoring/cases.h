// Generated boundary cases (`needlescreen rules cases`, SPEC §7, issue 19):
// a rule-test file whose cases sit on each side of every comparison in a
// pack's conditions, with the expectations the engine gives them, for an
// educator to review and keep. The file is what `rules test` reads, and
// passes it by construction: every expectation is the screen's own result.
//
// Nothing here prints or reads the clock: the same pack and screening time
// give the same file, byte for byte. Not thread-safe (one generator per call).
#ifndef NEEDLESCREEN_AUTHORING_CASES_H_
#define NEEDLESCREEN_AUTHORING_CASES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "authoring/analysis.h"
#include "authoring/coverage.h"
#include "needlescreen/pack.h"
#include "needlescreen/record.h"
#include "needlescreen/time.h"
#include "screen/boundary.h"

namespace needlescreen::authoring {

// The screening time of generated cases when none is given: fixed, so the
// file does not depend on the day it was generated (the time the README's
// rule-test examples use).
inline constexpr std::string_view kDefaultCasesAt = "2026-11-24T21:00:00Z";

// The boundary machinery lives with the screen, which `check
// --counterfactual` shares (screen/boundary.h); a case gives a field one of
// its BoundaryValues.
using screen::BoundaryValues;
using screen::FindProbes;
using screen::Probe;
using CaseValue = screen::BoundaryValue;

// Bounds on the work and the output, so a hostile pack (hundreds of fields,
// thousands of rules) costs bounded time and memory.
struct CaseLimits {
  size_t max_values_per_field = 16;
  size_t max_cases = 2000;
  // Below the 4 MiB rules test reads, with room for the last case.
  size_t max_bytes = size_t{3} * 1024 * 1024;
  // Fields changed at once from the baseline while searching for a verdict.
  int max_changes = 4;
  // Roughly, expression nodes evaluated: each screen costs the pack's nodes
  // plus its fields times its rules (an unknown rule's missing fields are
  // merged into one list). The search for a baseline takes half at most;
  // writing a case is a screen too. 3e8 is a few seconds at most.
  uint64_t work = 300'000'000;
};

// One case written: its name and its record, as a YAML mapping at column 0
// (fields nested by path, unknown ones left out; `{}` when none is known),
// which `check` reads back to the same record under the pack it was made for.
struct GeneratedCase {
  std::string name;
  std::string record_yaml;
};

struct GeneratedCases {
  std::string yaml;  // the rule-test file
  size_t cases = 0;
  std::vector<GeneratedCase> written;  // the cases of `yaml`, in its order
  bool baseline_proceeds = false;      // a record deciding proceed was found to vary
  Coverage coverage;                   // of the cases written (FinishCoverage done)
  // Reachable verdicts and condition states no case reached: "rule
  // acute-injury-window unknown", "condition alternative ice when offered".
  std::vector<std::string> not_reached;
  // Limits that cut the work short, in words; empty when none did.
  std::vector<std::string> limits_hit;
};

// Generates the boundary cases of `pack` (loaded) screened at `at`: a
// baseline record (one deciding proceed when the search finds one), the
// baseline with one field varied through its BoundaryValues (in a context
// that makes a rule depend on the field where the baseline does not), and,
// for every verdict or condition state coverage still misses, the smallest
// change of the baseline found that reaches it. Identical records are
// written once. Never throws but std::bad_alloc.
GeneratedCases GenerateCases(const Pack& pack, TimePoint at, const CaseLimits& limits = {});

}  // namespace needlescreen::authoring

#endif  // NEEDLESCREEN_AUTHORING_CASES_H_
