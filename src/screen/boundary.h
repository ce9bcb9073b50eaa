// Boundary values of a pack's conditions: for each field its conditions
// read, the values where some comparison of a rule's `when`, a let, a
// `resume_when` `while` or an alternative's `when` changes its truth. Two
// users: generated rule-test cases (`rules cases`, src/authoring/cases.h)
// and `check --counterfactual` (needlescreen/counterfactual.h), which must
// try the same values so that what one shows the other explains.
//
// Nothing here prints, reads the clock or keeps state: the same pack and
// time give the same values. Only std::bad_alloc escapes.
#ifndef NEEDLESCREEN_SCREEN_BOUNDARY_H_
#define NEEDLESCREEN_SCREEN_BOUNDARY_H_

#include <cstddef>
#include <string>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/record.h"
#include "needlescreen/time.h"

namespace needlescreen::screen {

// A comparison, membership or yes/no term of a pack's conditions (rules'
// `when`, lets, `resume_when` `while`s, alternatives' `when`): the places
// where boundary values come from and what case names report.
struct Probe {
  int node = -1;            // index into the compiled pack's nodes
  std::string text;         // as written, blanks folded: "hours_since_onset < 72"
  std::vector<int> fields;  // the fields it reads, through lets (sorted)
};

// Every probe of the pack's conditions (`pack` loaded), in pack order
// (rules, lets, resume whiles, alternatives), each node once.
std::vector<Probe> FindProbes(const Pack& pack);

// One value to try for a field.
struct BoundaryValue {
  Slot slot;                // not known: the field is left out of the record
  std::string words;        // for people: "exactly 72 h before the screen", "severe"
  std::vector<int> probes;  // indexes into FindProbes' result whose boundary it marks
};

// The values to try for each field (indexed like Pack::fields), for a
// screen at `at`:
//  - a comparison of a number or datetime term with a value that reads no
//    field (`x < 72`, `hours_between(injury.onset, now) < 72`,
//    `injury.onset < now - 14d`): the value where the term equals it, and
//    the next one on each side where the comparison's truth differs (whole
//    seconds for datetimes; numbers one decimal place finer than the
//    boundary: 71.9 and 72 for `x < 72`); a list of numbers, each item so;
//  - a field's `min`/`max`: the bound (just inside) and the next value
//    outside it;
//  - every value of a bool or enum field; a string compared with texts,
//    each text and one other; a list field, empty, each value a condition
//    looks for alone, and those values together;
//  - a field read only where none of these applies, one plain value;
//  - always last, the field left out (unknown).
// At most `max_per_field` values per field (the unknown one kept).
// `screened_at` gets none: it is the screening time itself. Fields no
// condition reads get none.
std::vector<std::vector<BoundaryValue>> BoundaryValues(const Pack& pack, TimePoint at,
                                                       const std::vector<Probe>& probes,
                                                       size_t max_per_field);

}  // namespace needlescreen::screen

#endif  // NEEDLESCREEN_SCREEN_BOUNDARY_H_
