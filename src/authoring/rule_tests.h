// Rule test cases (`needlescreen rules test`, SPEC §4): YAML files of records
// with the decision an educator or rule author expects, run through the same
// record decoding and Screener as `check`, with rule coverage.
#ifndef NEEDLESCREEN_AUTHORING_RULE_TESTS_H_
#define NEEDLESCREEN_AUTHORING_RULE_TESTS_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "authoring/coverage.h"
#include "needlescreen/diagnostic.h"
#include "needlescreen/pack.h"
#include "needlescreen/record.h"
#include "needlescreen/result.h"
#include "needlescreen/status.h"
#include "needlescreen/time.h"

namespace needlescreen::authoring {

// What a case expects. Lists hold ids / paths as written; an unset optional is
// not checked. Lists are compared as sets, but for `resume_when`, which is
// compared in order (the order the output shows the texts in).
struct Expectation {
  Decision decision = Decision::kProceed;
  std::optional<std::vector<std::string>> rules;     // true refer/swap/wait rules (reasons)
  std::optional<std::vector<std::string>> cautions;  // true caution rules
  std::optional<std::vector<std::string>> notes;     // true info rules
  std::optional<std::vector<std::string>> missing;   // blocking missing field paths
  bool checks_resume_after = false;
  std::optional<TimePoint> resume_after;                 // nullopt: expects none
  std::optional<std::vector<std::string>> resume_when;   // texts shown, in order
  std::optional<std::vector<std::string>> alternatives;  // alternative ids offered
  std::vector<std::pair<int, Truth>> verdicts;           // rule index -> its verdict
};

struct TestCase {
  std::string name;
  std::string file;
  int line = 0;                 // 1-based line of the case in its file
  std::optional<TimePoint> at;  // screening time, unless the record has screened_at
  Record record;                // decoded as `check` decodes it, `set` defaults applied
  Status record_error;          // not OK: the record cannot be read (decision error)
  Expectation expect;
};

// The cases of some test files, or why they cannot run. Any error among the
// diagnostics means no case may run (exit 3).
struct TestSuite {
  std::vector<TestCase> cases;
  Diagnostics diagnostics;
};

// Reads test files: each path is a file, or a directory whose *.yaml / *.yml
// files are read in name order. Records, `set` values, rule ids and field
// paths are checked against `pack`; every problem is a located diagnostic.
TestSuite LoadTests(const std::vector<std::string>& paths, const Pack& pack);

// Parses one test file's text (named `source.name` in diagnostics), appending
// its cases and problems to `suite`.
void ParseTests(const PackSource& source, const Pack& pack, TestSuite& suite);

// One expectation that did not hold, rendered for the diff.
struct Difference {
  std::string key;  // "decision", "rules", "cautions", "notes", "missing", "resume_after",
                    // "resume_when", "alternatives", "verdicts.<rule>"
  std::string expected;
  std::string actual;
};

struct CaseResult {
  const TestCase* test = nullptr;
  std::vector<Difference> differences;  // empty: passed
  std::string summary;                  // the actual result's one-line summary
  bool passed() const { return differences.empty(); }
};

struct TestRun {
  std::vector<CaseResult> results;  // in case order
  int passed = 0;
  int failed = 0;
  Coverage coverage;
};

// Screens every case against `pack` (at its `at`, else `now`) and compares.
// The cases must outlive the returned run (results point at them).
TestRun RunTests(const Pack& pack, const std::vector<TestCase>& cases, TimePoint now);

}  // namespace needlescreen::authoring

#endif  // NEEDLESCREEN_AUTHORING_RULE_TESTS_H_
