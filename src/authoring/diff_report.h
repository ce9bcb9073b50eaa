// The report of `needlescreen rules diff` (issue 19), as text for people and
// as one JSON document: what the packs are, their structural difference, the
// counts of decisions old -> new, and each record whose decision changed.
//
// The report is written in pieces so that the changed records can stream
// through the caller (who keeps them, say, in a temporary file) while the
// counts that come before them in the report are still being made. Every
// function returns text; nothing prints. Text escapes everything that comes
// from a pack or a record (Printable); JSON keeps it exact. Only
// std::bad_alloc escapes.
#ifndef NEEDLESCREEN_AUTHORING_DIFF_REPORT_H_
#define NEEDLESCREEN_AUTHORING_DIFF_REPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "authoring/decision_diff.h"
#include "authoring/pack_diff.h"
#include "needlescreen/pack.h"
#include "needlescreen/time.h"
#include "output/json_emitter.h"

namespace needlescreen::authoring {

// One side of the diff: the words the user gave for it (a path, or
// "builtin") and the pack loaded from them.
struct DiffSide {
  std::string given;
  const Pack* pack = nullptr;
};

// What was screened.
struct DiffScreening {
  // True: the cases `rules cases` generates from each pack, their union;
  // false: the record files in `inputs` ("-" for standard input).
  bool generated = false;
  size_t old_cases = 0, new_cases = 0;  // generated only: cases made from each pack
  std::vector<std::string> inputs;
  std::optional<TimePoint> at;  // --at (or the cases' time); nullopt: now
  // Inputs that could not be read at all (a file that cannot be opened, a
  // directory, a read error): messages naming the input, never its content.
  std::vector<std::string> input_errors;
};

// Text: the sides, the structural difference, the counts and the heading of
// the changed records; ChangeText's pieces follow it.
std::string ReportHeadText(const DiffSide& old_side, const DiffSide& new_side,
                           const PackDiff& structure, const DiffScreening& screening,
                           const DecisionComparison& comparison);

// Text: one changed record, its decisions and the rules that made the
// difference; or one record neither pack could read, with both messages.
std::string ChangeText(const DecisionChange& change);

// Text: the heading of the records neither pack could read, after the
// changed ones; ChangeText's pieces follow it.
std::string UnreadableHeadText(const DecisionComparison& comparison);

// JSON: opens the document on `json` (pretty) and writes every member up to
// and including the opening of the `changed` array, whose elements are
// ChangeJson's pieces (each given to JsonEmitter::Rendered); the caller then
// closes the array and the object.
void BeginReportJson(output::JsonEmitter& json, const DiffSide& old_side, const DiffSide& new_side,
                     const PackDiff& structure, const DiffScreening& screening,
                     const DecisionComparison& comparison);

// JSON: closes the `changed` array and opens `unreadable`, whose elements
// are ChangeJson's pieces of the records neither pack could read; the
// caller then closes the array and the object.
void ContinueReportJson(output::JsonEmitter& json);

// JSON: one changed (or unreadable) record, as an element of its array.
std::string ChangeJson(const DecisionChange& change);

}  // namespace needlescreen::authoring

#endif  // NEEDLESCREEN_AUTHORING_DIFF_REPORT_H_
