// "Did you mean" hints: the one place that decides how near a typed word must
// be to a known one (field paths, expression names, --set values, rule-test
// keys, rule ids, subcommands) and how the hint is worded. The shape is
// ninja's SpellcheckString (src/util.cc): an edit distance with a ceiling,
// the nearest candidate or none.
#ifndef NEEDLESCREEN_COMMON_SPELLCHECK_H_
#define NEEDLESCREEN_COMMON_SPELLCHECK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace needlescreen {

// Levenshtein distance between `a` and `b`: the fewest single-byte insertions,
// deletions and (when `allow_replacements`) replacements that turn one into
// the other. A distance above `max_distance` is not computed exactly: the
// result is then max_distance + 1. Only the cells within `max_distance` of the
// diagonal are computed, so the work is at most
// EditDistanceCells(a.size(), b.size(), max_distance). Thread-safe.
size_t EditDistance(std::string_view a, std::string_view b, bool allow_replacements = true,
                    size_t max_distance = SIZE_MAX);

// The number of table cells EditDistance computes at most for these lengths
// and ceiling: what a hint costs against a SpellcheckBudget.
size_t EditDistanceCells(size_t a_size, size_t b_size, size_t max_distance);

// The most edits a hint may be away from the word typed (see the .cc for the
// rule and why).
size_t MaxHintDistance(std::string_view typed);

// Work left for hints, in edit-distance cells. A caller that may ask for many
// hints (a pack full of unknown names, a hostile rule-test file) shares one
// budget across them, so all its hints together cost a bounded time; once it
// is spent, errors come without a hint. Not thread-safe.
struct SpellcheckBudget {
  static constexpr size_t kDefaultCells = 20'000'000;  // ~20 ms of work
  size_t cells = kDefaultCells;
};

// Finds the candidate nearest to a typed word, one candidate at a time (for
// callers whose candidates are spread over several lists). A candidate is
// accepted when its distance is at most MaxHintDistance(typed); of equally
// near candidates the first one considered wins, so hints are deterministic.
// A candidate whose last dotted segment is the typed word (`consent` for
// `patient.consent`) counts as one edit away whatever the word's length: it
// is the typed word with its group left out, not a guess.
class NearestWord {
 public:
  // `typed` must outlive this object. With a null `budget` the object uses a
  // budget of its own (SpellcheckBudget::kDefaultCells).
  explicit NearestWord(std::string_view typed, SpellcheckBudget* budget = nullptr);
  ~NearestWord() = default;
  NearestWord(const NearestWord&) = delete;  // may point at its own budget
  NearestWord& operator=(const NearestWord&) = delete;

  // Takes `candidate` into account. `candidate` must outlive best(); an empty
  // candidate is never a hint.
  void Consider(std::string_view candidate);

  // The nearest candidate considered, or nullopt when none is near enough.
  std::optional<std::string_view> best() const { return best_; }

 private:
  size_t Distance(std::string_view candidate, size_t ceiling);

  std::string_view typed_;
  size_t max_distance_;
  size_t best_distance_;  // a candidate must be nearer than this to be the best
  bool typed_has_dot_;
  std::optional<std::string_view> best_;
  SpellcheckBudget own_budget_;
  SpellcheckBudget* budget_;
};

// The nearest of `candidates` to `typed` (NearestWord's rule), or nullopt. The
// result points into `candidates`.
std::optional<std::string_view> SpellcheckString(std::string_view typed,
                                                 const std::vector<std::string>& candidates,
                                                 SpellcheckBudget* budget = nullptr);

// For text given for an enum or list field that does not decode: the one of
// `values` nearest to the first word of `text` that is none of them (the
// whole text for an enum, each ';'-separated item for a `list`, as DecodeText
// reads them; ASCII case ignored, as decoding ignores it), or nullopt (every
// word a value, none near). The result points into `values`. For a Field,
// model/field_hint.h picks the values and the separator.
//
// Only for text the user typed as configuration or as a test: --set, a rule
// test file's `set`. Never for a record's value: a hint narrows down what the
// value was, and record errors never reveal patient values (SPEC §6).
std::optional<std::string_view> NearestValue(const std::vector<std::string>& values, bool list,
                                             std::string_view text,
                                             SpellcheckBudget* budget = nullptr);

// The hint appended to an error: "; did you mean 'x'?" for a suggestion, ""
// for none. The suggestion is inserted as it is: a caller writing to a
// terminal passes the whole message through Printable (common/text.h).
std::string DidYouMean(std::optional<std::string_view> suggestion);

}  // namespace needlescreen

#endif  // NEEDLESCREEN_COMMON_SPELLCHECK_H_
