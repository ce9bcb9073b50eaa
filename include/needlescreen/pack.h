// A rule pack: the intake schema, derived values, alternatives and rules, loaded
// from YAML and checked before anything is screened (SPEC §2).
//
// Failure is returned, never thrown or printed: loading yields a PackLoad
// whose diagnostics say every problem found. The YAML parsers' exceptions are
// caught inside; only std::bad_alloc escapes (from anything here that
// allocates, which is everything but OutcomeName and Pack::FieldIndex).
// Loading keeps no global state: packs may be loaded on several threads at
// once.
#ifndef NEEDLESCREEN_PACK_H_
#define NEEDLESCREEN_PACK_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/diagnostic.h"
#include "needlescreen/fields.h"
#include "needlescreen/time.h"

namespace needlescreen {

// A named derived value (`let`), computed from fields on every record.
struct Let {
  std::string name;  // unique among lets and field paths
  std::string expr;  // the expression as written; Pack::compiled holds its evaluable form
  SourcePos pos;
};

// A gentler technique suggested when the decision is swap.
struct Alternative {
  std::string id;  // unique in the pack; what Rule::alternatives names
  std::string name;
  std::string description;
  // Condition under which it is suggested, e.g. ice only with acute signs;
  // "" = always. Suggested only when true: unknown is not offered (issue 15).
  std::string when;
  SourcePos pos;  // where the alternative's mapping starts
};

// What a true rule does to the decision: refer, swap and wait decide it
// (refer first, then swap), caution and info only add to it (SPEC §2
// "Decision", §7 "refer").
enum class Outcome : uint8_t { kRefer, kSwap, kWait, kCaution, kInfo };

// True for the outcomes that decide (refer, swap, wait): an unknown rule with
// one of them leaves the record incomplete. Never throws.
constexpr bool Decides(Outcome outcome) {
  return outcome == Outcome::kRefer || outcome == Outcome::kSwap || outcome == Outcome::kWait;
}

// "refer", "swap", "wait", "caution" or "info" (a view of a string literal,
// valid for the whole program); "?" for a value outside the enum. Never
// throws.
std::string_view OutcomeName(Outcome outcome);

// One rule as written in the rule file (its text, not its evaluable form,
// which is Pack::compiled).
struct Rule {
  std::string id;
  Outcome outcome = Outcome::kInfo;
  std::string when;         // condition in the expression language; "" = always
  std::string message;      // with {field.path} / {let} placeholders
  std::string source;       // the article section (or other named source)
  std::string resume;       // wait only: datetime expression, "" = none
  std::string resume_when;  // wait only: text, "" = none
  // wait only: condition under which `resume_when` is still open; the text
  // is left out when it is false (unknown keeps it). "" = always open.
  std::string resume_while;
  std::vector<std::string> alternatives;  // swap only: alternative ids; empty = all
  SourcePos pos;                          // where the rule's mapping starts
};

// Issue 19: when a pack was approved and last reviewed, and when it is meant
// to be used, in the vocabulary of FHIR knowledge artifacts (approvalDate,
// lastReviewDate, effectivePeriod). Every text is "" when the pack does not
// say. The dates are `YYYY-MM-DD`; a bound of the period is a date or an ISO
// 8601 datetime, kept as written when a date, else written back in UTC
// (FormatDatetime), so outputs stamp what the rule file means, not its typing.
struct PackReview {
  std::string approval_date;
  std::string last_review_date;
  std::string effective_start;  // "" = in effect since ever
  std::string effective_end;    // "" = no end
  // The instants the bounds stand for, both inclusive: a date starts at its
  // local midnight and ends with its last second (FHIR Period: a date-only
  // end includes the whole day). Read like record datetimes (SPEC §4: no
  // offset is local time).
  std::optional<TimePoint> start;
  std::optional<TimePoint> end;

  // True when the pack says none of the four.
  bool empty() const {
    return approval_date.empty() && last_review_date.empty() && effective_start.empty() &&
           effective_end.empty();
  }
};

namespace internal {
struct CompiledPack;
}

// A loaded, checked and compiled pack. Immutable once loaded; a `const Pack&`
// may be shared by any number of threads screening at once.
//
// Only LoadPack and its siblings make a usable Pack: they set `compiled`,
// which Screener, Interview and the writers dereference without checking (a
// default-constructed Pack has none). The members are public for reading;
// changing `fields`, `lets` or `rules` of a loaded pack desynchronises them
// from `compiled`, whose node and rule indexes refer to them. A copy is
// cheap to make correct: it shares `compiled` (immutable, reference-counted)
// and copies the rest. Screener, Interview and ResultWriter hold a reference
// to the Pack: it must outlive them and not move while they exist.
struct Pack {
  std::string id;
  std::string version;
  std::string title;
  std::string source;
  std::string disclaimer;
  // Where each of the five keys above was given (line 0 when it was not), for
  // reports that point into the pack (`rules diff`).
  struct MetaPositions {
    SourcePos id, version, title, source, disclaimer;
    SourcePos approval_date, last_review_date, effective_start, effective_end;  // issue 19
  } meta_pos;
  std::string digest;              // "sha256:<hex>" of the files' bytes in load order
  std::vector<std::string> files;  // PackSource::name of each file, in load order
  PackReview review;               // approval, review and effective dates (issue 19)
  std::vector<Field> fields;       // declared order; `id`, `screened_at` first when undeclared
  std::vector<Let> lets;           // definition order: a let reads only earlier ones
  std::vector<Alternative> alternatives;
  std::vector<Rule> rules;  // in the order read: file by file, each in its own order
  std::shared_ptr<const internal::CompiledPack> compiled;

  // Index of the field with this exact path (case-sensitive), or -1. A
  // linear scan: resolve paths once, not per record. Never throws.
  int FieldIndex(std::string_view path) const;
};

// Where a screening time lies against a pack's effective period.
enum class Effect : uint8_t { kInEffect, kNotYet, kEnded };

// kNotYet before PackReview::start, kEnded after PackReview::end, else
// kInEffect (also when the pack has no period). Never throws.
Effect EffectAt(const PackReview& review, TimePoint t);

// "" when `t` is in the pack's effective period; else one sentence for a
// warning or an error, naming the pack, its period and `t` (UTC), e.g. "the
// rule pack x 1.0.0 is in effect from 2026-01-01 to 2026-12-31; the screening
// time 2027-01-05T09:00:00Z is after its end". Texts from the pack are
// passed through Printable (no terminal control). Throws only std::bad_alloc.
std::string EffectProblem(const Pack& pack, TimePoint t);

// The review dates in words, for people (text output, reports, docs):
// "approved 2026-11-25, last reviewed 2026-11-30, in effect until
// 2027-11-30"; "never reviewed" stands in for a missing last_review_date
// when the pack says anything else. "" when the pack says none of them.
// Throws only std::bad_alloc.
std::string ReviewSummary(const PackReview& review);

// One rule file's name (as diagnostics and Pack::files should show it) and
// bytes. A value: LoadPack keeps no reference to it.
struct PackSource {
  std::string name;
  std::string text;
};

// A pack, or why there is none. `pack` is set exactly when `diagnostics` holds
// no error (HasErrors false); warnings may accompany a pack.
struct PackLoad {
  std::optional<Pack> pack;
  Diagnostics diagnostics;
};

// Loads one pack from its files, in the order given (later files add fields,
// lets, alternatives and rules; `pack`, `version`, ... must agree). All
// problems are reported at once (a file with a YAML syntax error is not read
// further); any error means no pack (SPEC §6: nothing is
// screened). No sources is an error at "<rules>". The bytes are taken as
// given: the size limits on files are ReadPackSources'; the limits on what a
// rule file holds (README "Limits") are checked here, so a hostile file costs
// bounded time and memory. Reads no file and no environment.
PackLoad LoadPack(const std::vector<PackSource>& sources);

// ReadPackSources, then LoadPack: reads each path (a file, or a directory
// whose *.yaml / *.yml files are taken in name order) and loads them as one
// pack. When reading gives any diagnostic, nothing is loaded and those
// diagnostics are returned alone.
PackLoad LoadPackFiles(const std::vector<std::string>& paths);

// The files LoadPackFiles would load, read, named by their paths. Every path
// that cannot be read, a file over 4 MiB, a directory without rule files
// (or with more than 1024), and a pack over 16 MiB in all is appended to
// `diagnostics` as an error (with line 0); the sources that could be read
// are still returned, so the result is complete only when nothing was
// appended. Reading stops at the file that takes the pack past 16 MiB. Never
// holds more than the limit of a file in memory, whatever the path names (a
// pipe, /dev/zero). Touches nothing in `diagnostics` but its end.
std::vector<PackSource> ReadPackSources(const std::vector<std::string>& paths,
                                        Diagnostics& diagnostics);

// The built-in pack, rules/hamstring-dry-needling.yaml as compiled in: its
// bytes (copied) under the name "rules/hamstring-dry-needling.yaml".
PackSource BuiltinPackSource();
// LoadPack of BuiltinPackSource(). The built-in pack loads without error (the
// test suite proves it); callers still check `pack` like any other load.
PackLoad LoadBuiltinPack();

}  // namespace needlescreen

#endif  // NEEDLESCREEN_PACK_H_
