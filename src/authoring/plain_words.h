// Rule conditions and values in plain English, for rule docs and the decision
// diagram (SPEC §4 `rules doc`): educators read the pack without the
// expression language. Translated from the compiled expression tree, so the
// words always say what the engine evaluates.
#ifndef NEEDLESCREEN_AUTHORING_PLAIN_WORDS_H_
#define NEEDLESCREEN_AUTHORING_PLAIN_WORDS_H_

#include <string>
#include <vector>

#include "needlescreen/pack.h"

namespace needlescreen::authoring {

// Examples of the translation:
//   patient.needle_phobia == "severe"      needle phobia is severe
//   patient.consent == false               consent is no
//   not (a or b or c)                      none of: a, b, c
//   a or b or c                            any of: a, b, c
//   x < 72                                 x is under 72 (with the field's unit)
//   known(injury.onset)                    onset is known
//   hours_between(injury.onset, now)       hours since onset
//   injury.onset + 72h                     72 hours after onset
//   "medial" in treatment.sites            sites include medial
// A field is named by the last part of its path in words (`needle phobia`),
// or by its whole path in words where that last part is not unique in the
// pack; a let by its name in words. Not thread-safe; cheap to construct.
class PlainWords {
 public:
  // `pack` must be compiled and outlive this object.
  explicit PlainWords(const Pack& pack);

  // Rule `rule`'s `when`; "always" for a rule without one.
  std::string When(int rule) const;
  // Rule `rule`'s `resume` time, with lets spelled out ("72 hours after
  // onset"); "" for a rule without one.
  std::string Resume(int rule) const;
  // The definition of let `let`.
  std::string Let(int let) const;

  // How a field or a let is named in the words above.
  std::string FieldName(int field) const;
  std::string LetName(int let) const;

 private:
  const Pack& pack_;
  std::vector<std::string> field_names_;
};

// What a field takes, in words, with an example where the syntax matters:
// "true or false (yes/no)", "one of: none, mild, severe", "a list of any of:
// proximal, mid; e.g. [proximal]", "a number, in kg", an ISO 8601 datetime, "text".
std::string FieldTypeWords(const Field& field);

}  // namespace needlescreen::authoring

#endif  // NEEDLESCREEN_AUTHORING_PLAIN_WORDS_H_
