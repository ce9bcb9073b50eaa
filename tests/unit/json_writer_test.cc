// The one JSON record writer (output/json_writer.cc): JSON Lines and the
// pretty JSON array hold the same record, key for key and value for value,
// for every decision, with and without --explain; a run's ResultWriter (the
// pack's text quoted once) writes what the free functions write; and a JSON
// Lines record is byte for byte what it was before the writers were merged.

// needlescreen_lib is compiled with simdjson::simdjson's usage requirement
// SIMDJSON_THREADS_ENABLED, which adds a member to dom::parser; unit_tests does
// not get it, and the header's inline parser code must have one layout in the
// whole program (ODR). As in tests/fuzz/targets.cc.
#ifndef SIMDJSON_THREADS_ENABLED
#define SIMDJSON_THREADS_ENABLED 1
#endif
#include <gtest/gtest.h>
#include <simdjson.h>

#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "needlescreen/output.h"
#include "needlescreen/reader.h"
#include "test_support.h"

namespace needlescreen {
namespace {

// Pack text that needs escaping (quotes, backslashes, a control character,
// U+2028, a tab) in every place the writer takes from the pack, messages with
// and without placeholders, a let, an alternative and a resume time.
constexpr std::string_view kPack = R"yaml(pack: json-writer-test
version: "1.0"
fields:
  - {path: a, type: bool, question: "Is \"a\" true? (a \\ and a line\u2028separator)"}
  - {path: n, type: number, question: "How many?"}
  - {path: onset, type: datetime, question: "Since when?"}
let:
  big: n > 2
alternatives:
  - {id: rest, name: "Rest \"first\""}
rules:
  - {id: quoted, outcome: swap, when: a, message: "Static \"quoted\" \\ message", source: "§4 \x1b[31m", alternatives: [rest]}
  - {id: many, outcome: wait, when: n > 1, message: "n is {n}", source: s, resume: onset + 2d, resume_when: "once n \"drops\""}
  - {id: more, outcome: caution, when: big, message: "c\u2028", source: s}
  - {id: note, outcome: info, message: "always\tnote", source: s}
)yaml";

constexpr std::string_view kPackRecords = R"(
{"id": "T-1\u2028", "a": true, "n": 3}
{"id": "T-2", "a": false, "n": 3, "onset": "2026-11-24T09:00:00Z"}
{"id": "T-3", "n": 0}
{"id": "T-4", "a": false, "n": 0}
{"id": "T-5", "a": "x"}
not a record
)";

// Proceed, swap, wait, incomplete, a value the reader rejects, a record the
// screener decides `error` (its resume time would fall after 9999-12-31), a
// line that is not JSON.
constexpr std::string_view kBuiltinRecords = R"(
{"id": "B-001", "patient": {"consent": true, "needle_phobia": "none", "bleeding_disorder": "none", "athlete_level": "recreational"}, "complaint": {"hamstring_tightness": true, "trigger_points": false, "overuse": false}, "injury": {"swelling": false, "bruising": false, "palpable_tear": false}, "treatment": {"sites": ["mid"]}, "clinician": {"dry_needling_certified": true, "emergency_care_current": true}}
{"id": "B-002", "patient": {"consent": true, "needle_phobia": "none", "bleeding_disorder": "uncontrolled", "athlete_level": "none"}, "complaint": {"hamstring_tightness": true, "trigger_points": true, "overuse": false}, "injury": {"swelling": false, "bruising": false, "palpable_tear": false}, "treatment": {"sites": ["mid"]}, "clinician": {"dry_needling_certified": true, "emergency_care_current": true}}
{"id": "B-003", "patient": {"consent": true, "needle_phobia": "none", "bleeding_disorder": "none", "athlete_level": "elite"}, "complaint": {"overuse": true}, "injury": {"swelling": true, "bruising": true, "palpable_tear": true, "onset": "2026-11-24T09:00:00+01:00", "bleeding_resolved": false}, "treatment": {"sites": ["proximal", "medial"]}, "clinician": {"dry_needling_certified": true, "emergency_care_current": true}}
{"id": "B-004", "patient": {"consent": true, "needle_phobia": "none", "bleeding_disorder": "none"}, "complaint": {"hamstring_tightness": true}, "injury": {"swelling": false, "bruising": false, "palpable_tear": false}}
{"id": "B-005", "patient": {"consent": true, "needle_phobia": "terrified"}, "complaint": {"hamstring_tightness": true}}
{"id": "B-006", "patient": {"consent": true, "needle_phobia": "none", "bleeding_disorder": "controlled"}, "complaint": {"hamstring_tightness": true, "overuse": false}, "injury": {"swelling": false, "bruising": true, "palpable_tear": false, "onset": "9999-12-30T10:00:00Z"}, "treatment": {"sites": ["proximal", "mid"]}, "clinician": {"dry_needling_certified": true, "emergency_care_current": true}}
{"id": "B-007", "patient": 
)";

const Pack& TestPack() {
  static const Pack pack = [] {
    PackLoad load = LoadPack({{"pack.yaml", std::string(kPack)}});
    for (const Diagnostic& d : load.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
    return std::move(*load.pack);
  }();
  return pack;
}

// One record as read and screened (with its --explain trace).
struct Screened {
  RecordInfo info;
  Status error;  // the reader's: the record could not be read
  Record record;
  Result result;
};

std::vector<Screened> ScreenLines(const Screener& screener, std::string_view lines) {
  std::istringstream in{std::string(lines.substr(1))};  // the literals begin with a newline
  std::vector<Screened> screened;
  uint64_t next_record = 1;
  TimePoint at = *ParseDatetime("2026-11-24T21:00:00Z");
  ReadRecords(in, "records.jsonl", InputFormat::kJsonLines, screener.pack(), {}, &next_record,
              [&](RecordEvent& event) {
                Screened& s = screened.emplace_back();
                s.info = event.info;
                s.error = event.status;
                if (s.error.ok()) {
                  s.record = *event.record;
                  screener.Screen(s.record, at, {true}, s.result);
                }
                return true;
              });
  return screened;
}

Decision DecisionOf(const Screened& s) {
  return s.error.ok() ? s.result.decision : Decision::kError;
}

// Through the free functions, which quote the pack's text on each call.
std::string Written(const Screener& screener, const Screened& s, const OutputOptions& options) {
  std::string out;
  if (s.error.ok()) {
    WriteResult(screener, s.info, s.record, s.result, options, true, out);
  } else {
    WriteError(screener.pack(), s.info, s.error, options, true, out);
  }
  return out;
}

// Through a run's writer, which quotes the pack's text once.
std::string WrittenInARun(const Screener& screener, const Screened& s,
                          const OutputOptions& options) {
  ResultWriter writer(screener, options);
  std::string out;
  if (s.error.ok()) {
    writer.Result(s.info, s.record, s.result, true, out);
  } else {
    writer.Error(s.info, s.error, true, out);
  }
  return out;
}

// The JSON as a parser reads it, written back compact by simdjson: two texts
// give the same string when they hold the same keys in the same order with
// the same values, whatever their spacing and escapes.
std::string Canonical(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json.data(), json.size());
  simdjson::dom::element root;
  simdjson::error_code error = parser.parse(padded).get(root);
  EXPECT_EQ(error, simdjson::SUCCESS) << json;
  return error == simdjson::SUCCESS ? simdjson::to_string(root) : std::string();
}

// Every record of `lines`, with and without --explain and the file name:
// returns the decisions met.
std::set<Decision> ExpectSameRecordInBothShapes(const Pack& pack, std::string_view lines) {
  Screener screener(pack);
  std::set<Decision> decisions;
  for (const Screened& s : ScreenLines(screener, lines)) {
    decisions.insert(DecisionOf(s));
    for (bool explain : {false, true}) {
      for (bool with_file : {false, true}) {
        OutputOptions options;
        options.format = OutputFormat::kJsonLines;
        options.explain = explain;
        options.with_file = with_file;
        std::string compact = Written(screener, s, options);
        EXPECT_EQ(compact, WrittenInARun(screener, s, options));
        options.format = OutputFormat::kJson;
        std::string pretty = Written(screener, s, options);
        EXPECT_EQ(pretty, WrittenInARun(screener, s, options));

        SCOPED_TRACE(testing::Message() << "record " << s.info.record << ", explain " << explain
                                        << ", with file " << with_file);
        EXPECT_EQ(compact.find('\n'), compact.size() - 1) << compact;
        EXPECT_NE(pretty.find("\n    \""), std::string::npos) << pretty;
        EXPECT_EQ(Canonical(compact), Canonical(pretty));
        EXPECT_EQ(compact.find("\"explain\": ") != std::string::npos,
                  explain && DecisionOf(s) != Decision::kError)
            << compact;
      }
    }
  }
  return decisions;
}

TEST(JsonWriter, JsonLinesAndTheJsonArrayHoldTheSameRecordForEveryDecision) {
  std::set<Decision> all = {Decision::kProceed, Decision::kWait, Decision::kSwap,
                            Decision::kIncomplete, Decision::kError};
  EXPECT_EQ(ExpectSameRecordInBothShapes(Builtin(), kBuiltinRecords), all);
  EXPECT_EQ(ExpectSameRecordInBothShapes(TestPack(), kPackRecords), all);
}

TEST(JsonWriter, JsonLinesRecordIsByteForByteWhatConsumersRead) {
  // Written by needlescreen 836825f (before the two JSON writers became one)
  // for this pack and these records: `check --at 2026-11-24T21:00:00Z`; since
  // issue 15 with `needling_advice` after `notes` and `problem` in `missing`.
  struct Case {
    size_t record;  // index into the screened records
    std::string_view line;
  };
  const Case cases[] = {
      {0,
       R"json({"record": 1, "line": 1, "id": "T-1\u2028", "decision": "swap", "summary": "swap: Static \"quoted\" \\ message (and 1 more)", "reasons": [{"rule": "quoted", "outcome": "swap", "message": "Static \"quoted\" \\ message", "source": "§4 \u001b[31m"}, {"rule": "many", "outcome": "wait", "message": "n is 3", "source": "s"}], "cautions": [{"rule": "more", "message": "c\u2028", "source": "s"}], "notes": [{"rule": "note", "message": "always\tnote", "source": "s"}], "needling_advice": "not_needling", "missing": [], "resume_after": null, "resume_when": [], "alternatives": [{"id": "rest", "name": "Rest \"first\""}], "screened_at": "2026-11-24T21:00:00Z", "ruleset": {"id": "json-writer-test", "version": "1.0", "digest": "sha256:06613762b6f5d65d57d9ed39a0f83cafa3f622a65036bed0e34fdea77494c1a8", "approval_date": null, "last_review_date": null, "effective_period": null}}
)json"},
      {1,
       R"json({"record": 2, "line": 2, "id": "T-2", "decision": "wait", "summary": "wait: n is 3; resume after 2026-11-26T09:00:00Z; once n \"drops\"", "reasons": [{"rule": "many", "outcome": "wait", "message": "n is 3", "source": "s"}], "cautions": [{"rule": "more", "message": "c\u2028", "source": "s"}], "notes": [{"rule": "note", "message": "always\tnote", "source": "s"}], "needling_advice": "after_wait", "missing": [], "resume_after": "2026-11-26T09:00:00Z", "resume_when": ["once n \"drops\""], "alternatives": [], "screened_at": "2026-11-24T21:00:00Z", "ruleset": {"id": "json-writer-test", "version": "1.0", "digest": "sha256:06613762b6f5d65d57d9ed39a0f83cafa3f622a65036bed0e34fdea77494c1a8", "approval_date": null, "last_review_date": null, "effective_period": null}}
)json"},
      {2,
       R"json({"record": 3, "line": 3, "id": "T-3", "decision": "incomplete", "summary": "incomplete: 1 answer needed before screening can clear: a", "reasons": [], "cautions": [], "notes": [{"rule": "note", "message": "always\tnote", "source": "s"}], "needling_advice": "once_cleared", "missing": [{"field": "a", "question": "Is \"a\" true? (a \\ and a line\u2028separator)", "rules": ["quoted"], "blocking": true, "problem": null}], "resume_after": null, "resume_when": [], "alternatives": [], "screened_at": "2026-11-24T21:00:00Z", "ruleset": {"id": "json-writer-test", "version": "1.0", "digest": "sha256:06613762b6f5d65d57d9ed39a0f83cafa3f622a65036bed0e34fdea77494c1a8", "approval_date": null, "last_review_date": null, "effective_period": null}}
)json"},
      {4,
       R"json({"record": 5, "line": 5, "id": "T-5", "decision": "error", "error": "line 5, field a: expected true or false (yes/no, y/n, 1/0)", "ruleset": {"id": "json-writer-test", "version": "1.0", "digest": "sha256:06613762b6f5d65d57d9ed39a0f83cafa3f622a65036bed0e34fdea77494c1a8", "approval_date": null, "last_review_date": null, "effective_period": null}}
)json"},
  };
  Screener screener(TestPack());
  std::vector<Screened> screened = ScreenLines(screener, kPackRecords);
  ASSERT_EQ(screened.size(), 6u);
  OutputOptions options;
  options.format = OutputFormat::kJsonLines;
  for (const Case& c : cases) {
    EXPECT_EQ(WrittenInARun(screener, screened[c.record], options), c.line);
    EXPECT_EQ(Written(screener, screened[c.record], options), c.line);
  }
}

}  // namespace
}  // namespace needlescreen
