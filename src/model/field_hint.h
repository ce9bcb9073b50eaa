// "Did you mean" for a field's value: common/spellcheck.h knows words, this
// knows which words a field accepts.
#ifndef NEEDLESCREEN_MODEL_FIELD_HINT_H_
#define NEEDLESCREEN_MODEL_FIELD_HINT_H_

#include <optional>
#include <string_view>

#include "common/spellcheck.h"
#include "needlescreen/fields.h"

namespace needlescreen {

// The value of `field` nearest to what `text` got wrong (see NearestValue in
// common/spellcheck.h), or nullopt for a field that is neither an enum nor a
// list. Only for configuration and test text, never a record's (SPEC §6).
inline std::optional<std::string_view> NearestValue(const Field& field, std::string_view text,
                                                    SpellcheckBudget* budget = nullptr) {
  if (field.type != FieldType::kEnum && field.type != FieldType::kList) return std::nullopt;
  return NearestValue(field.values, field.type == FieldType::kList, text, budget);
}

}  // namespace needlescreen

#endif  // NEEDLESCREEN_MODEL_FIELD_HINT_H_
