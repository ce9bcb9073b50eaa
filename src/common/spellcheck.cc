// "Did you mean" hints (spellcheck.h): the threshold rule, the bounded edit
// distance and the wording, in one place.
#include "common/spellcheck.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "common/text.h"

namespace needlescreen {
namespace {

// ninja's kMaxValidEditDistance: beyond three edits a "hint" is another word.
constexpr size_t kMaxHintDistance = 3;

// True when `candidate`'s last dotted segment is `typed` (`patient.consent`
// for `consent`; `typed` holds no dot). Constant work before the compare: it
// runs for every candidate, also once the budget is spent.
bool LastSegmentIs(std::string_view candidate, std::string_view typed) {
  return !typed.empty() && candidate.size() > typed.size() &&
         candidate[candidate.size() - typed.size() - 1] == '.' && candidate.ends_with(typed);
}

// ASCII only, as decoding folds case (a locale-dependent tolower would make
// hints differ between machines).
std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The first non-empty word of `text` (trimmed; ';'-separated for a list)
// that is none of `folded` (the field's values in lower case), or nullopt.
std::optional<std::string> FirstUnknownWord(bool list, std::string_view text,
                                            const std::vector<std::string>& folded) {
  while (true) {
    const size_t end = list ? text.find(';') : std::string_view::npos;
    std::string word = AsciiLower(Trim(text.substr(0, end)));
    if (!word.empty() && std::find(folded.begin(), folded.end(), word) == folded.end()) {
      return word;
    }
    if (end == std::string_view::npos) return std::nullopt;
    text.remove_prefix(end + 1);
  }
}

}  // namespace

// The rule: at most a third of the typed word's bytes (rounded up) may be
// edited, never every byte of it, and never more than three edits.
//   - Three at most, as ninja's kMaxValidEditDistance: past that the hint is
//     another word, however long the path.
//   - A third, rounded up: a swapped pair of letters (`chekc` for `check`, two
//     edits) is still found in a five-letter word, while a short word cannot
//     be turned into an unrelated short name: a three-letter word is one edit
//     from its hint at most.
//   - Never every byte: a one-letter word gets no hint, since one edit turns
//     it into any other one-letter name.
// Lengths 1, 2, 3, 4, 5, 6, 7 and more allow 0, 1, 1, 2, 2, 2, 3 edits.
size_t MaxHintDistance(std::string_view typed) {
  const size_t third = (typed.size() + 2) / 3;
  const size_t below_whole = typed.empty() ? 0 : typed.size() - 1;
  return std::min({kMaxHintDistance, third, below_whole});
}

size_t EditDistanceCells(size_t a_size, size_t b_size, size_t max_distance) {
  const size_t shorter = std::min(a_size, b_size), longer = std::max(a_size, b_size);
  const size_t band = std::min(longer, std::min(longer, max_distance) * 2);
  return (shorter + 1) * (band + 1);
}

// The Wagner-Fischer table, one row kept, restricted to the band of cells
// within `max_distance` of the diagonal (a cell outside it is at least that
// far), and stopped as soon as a whole row is beyond the ceiling (the
// distance can only grow from there). Values are capped at ceiling + 1.
size_t EditDistance(std::string_view a, std::string_view b, bool allow_replacements,
                    size_t max_distance) {
  if (a.size() > b.size()) std::swap(a, b);  // rows walk the shorter word
  const size_t n = a.size(), m = b.size();
  const size_t ceiling = std::min(max_distance, m);  // the distance is at most m
  const size_t beyond = ceiling + 1;
  if (m - n > ceiling) return beyond;  // at least m - n insertions
  std::vector<size_t> row(m + 1, beyond);
  for (size_t j = 0; j <= ceiling; ++j) row[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    const size_t first = i > ceiling ? i - ceiling : 1;
    const size_t last = std::min(m, i + ceiling);
    size_t diagonal = row[first - 1];
    row[first - 1] = first == 1 ? std::min(i, beyond) : beyond;
    size_t row_best = row[first - 1];
    for (size_t j = first; j <= last; ++j) {
      const size_t up = row[j];
      size_t d = std::min(up, row[j - 1]) + 1;
      if (a[i - 1] == b[j - 1]) {
        d = std::min(d, diagonal);
      } else if (allow_replacements) {
        d = std::min(d, diagonal + 1);
      }
      row[j] = std::min(d, beyond);
      row_best = std::min(row_best, row[j]);
      diagonal = up;
    }
    if (row_best > ceiling) return beyond;
  }
  return row[m];
}

NearestWord::NearestWord(std::string_view typed, SpellcheckBudget* budget)
    : typed_(typed),
      max_distance_(MaxHintDistance(typed)),
      // A last-segment match (one edit) is accepted whatever the word's length.
      best_distance_(std::max<size_t>(max_distance_, 1) + 1),
      typed_has_dot_(typed.find('.') != std::string_view::npos),
      budget_(budget ? budget : &own_budget_) {}

void NearestWord::Consider(std::string_view candidate) {
  if (candidate.empty() || best_distance_ == 0) return;
  // Only a strictly nearer candidate replaces the best: the first of equals wins.
  size_t d = 1;
  if (!typed_has_dot_ && LastSegmentIs(candidate, typed_)) {
    if (d >= best_distance_) return;
  } else {
    const size_t ceiling = std::min(max_distance_, best_distance_ - 1);
    d = Distance(candidate, ceiling);
    if (d > ceiling) return;
  }
  best_distance_ = d;
  best_ = candidate;
}

// The distance to `candidate` when it is at most `ceiling`, else more. Costs
// nothing when the lengths alone rule it out; a comparison the budget cannot
// pay is skipped (no hint rather than unbounded work on a hostile pack).
size_t NearestWord::Distance(std::string_view candidate, size_t ceiling) {
  const size_t gap = typed_.size() > candidate.size() ? typed_.size() - candidate.size()
                                                      : candidate.size() - typed_.size();
  if (gap > ceiling) return ceiling + 1;
  const size_t cost = EditDistanceCells(typed_.size(), candidate.size(), ceiling);
  if (cost > budget_->cells) return ceiling + 1;
  budget_->cells -= cost;
  return EditDistance(typed_, candidate, /*allow_replacements=*/true, ceiling);
}

std::optional<std::string_view> SpellcheckString(std::string_view typed,
                                                 const std::vector<std::string>& candidates,
                                                 SpellcheckBudget* budget) {
  NearestWord nearest(typed, budget);
  for (const std::string& c : candidates) nearest.Consider(c);
  return nearest.best();
}

std::optional<std::string_view> NearestValue(const std::vector<std::string>& values, bool list,
                                             std::string_view text, SpellcheckBudget* budget) {
  std::vector<std::string> folded;
  folded.reserve(values.size());
  for (const std::string& v : values) folded.push_back(AsciiLower(v));
  const std::optional<std::string> word = FirstUnknownWord(list, text, folded);
  if (!word) return std::nullopt;
  const std::optional<std::string_view> best = SpellcheckString(*word, folded, budget);
  if (!best) return std::nullopt;
  for (size_t i = 0; i < folded.size(); ++i) {
    if (folded[i].data() == best->data()) return values[i];
  }
  return std::nullopt;
}

std::string DidYouMean(std::optional<std::string_view> suggestion) {
  return suggestion ? fmt::format("; did you mean '{}'?", *suggestion) : std::string();
}

}  // namespace needlescreen
