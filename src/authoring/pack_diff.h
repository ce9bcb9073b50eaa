// The structural difference between two rule packs (`needlescreen rules
// diff`, issue 19): metadata, fields, lets, alternatives and rules added,
// removed or changed, each with where it is written on either side.
//
// Pure: compares two loaded packs as they were written: expressions and
// texts with their blanks folded (screen::FoldBlanks), so a condition folded
// over two YAML lines is the same condition, but `72 > x` for `x < 72` is a
// change; what a change does to decisions is decision_diff.h's to find. Nothing here prints; only
// std::bad_alloc escapes. The result does not refer to either pack.
#ifndef NEEDLESCREEN_AUTHORING_PACK_DIFF_H_
#define NEEDLESCREEN_AUTHORING_PACK_DIFF_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/pack.h"

namespace needlescreen::authoring {

enum class ElementKind : uint8_t { kPack, kField, kLet, kAlternative, kRule };
enum class ChangeKind : uint8_t { kAdded, kRemoved, kChanged };

// "pack", "field", "let", "alternative", "rule" / "added", "removed",
// "changed": views of literals. Never throw.
std::string_view ElementKindName(ElementKind kind);
std::string_view ChangeKindName(ChangeKind kind);

// One attribute of an element whose value differs, as written in each pack
// ("" where it is not given). For an element added or removed, none.
struct AttributeChange {
  std::string name;  // the key as the rule file writes it: "when", "values", "type"
  std::string old_value;
  std::string new_value;
  SourcePos old_pos, new_pos;  // the pack's metadata only: where the key is written
};

// One element added, removed or changed. `old_pos` is line 0 for an added
// element, `new_pos` for a removed one (and for an engine field a pack does
// not declare).
struct ElementChange {
  ElementKind kind = ElementKind::kRule;
  std::string name;  // field path, let name, alternative or rule id; the pack id for kPack
  ChangeKind change = ChangeKind::kChanged;
  SourcePos old_pos, new_pos;
  std::vector<AttributeChange> attributes;  // kChanged only, in the rule file's key order
};

// Every difference, grouped by kind (pack metadata, fields, lets,
// alternatives, rules), each group in the old pack's order (changed and
// removed elements) followed by the elements only the new pack has, in its
// order. Elements are matched by field path, let name, alternative id and
// rule id. Empty when the packs say the same (even from different files).
struct PackDiff {
  std::vector<ElementChange> changes;
};

PackDiff DiffPacks(const Pack& old_pack, const Pack& new_pack);

}  // namespace needlescreen::authoring

#endif  // NEEDLESCREEN_AUTHORING_PACK_DIFF_H_
