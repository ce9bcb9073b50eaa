// The evaluable form of a pack: one node arena for every expression, and per
// rule the roots of its condition and resume time and its message template.
#ifndef NEEDLESCREEN_PACK_COMPILED_H_
#define NEEDLESCREEN_PACK_COMPILED_H_

#include <string>
#include <vector>

#include "expr/expr.h"

namespace needlescreen::internal {

// A piece of a message: literal text, or a placeholder naming a field or let.
struct Segment {
  std::string text;
  int field = -1;
  int let = -1;
};

struct CompiledRule {
  int when = -1;          // root node; -1 = always true
  int resume = -1;        // root node of a datetime; -1 = none
  int resume_while = -1;  // root node of a condition; -1 = resume_when always open
  std::vector<Segment> message;
  std::vector<int> fields_read;  // sorted, unique; -1 (now) excluded
  bool reads_now = false;
};

// A field's plausible range: roots of expressions that read no field (only
// `now` and literals), of the field's own type; -1 = unbounded on that side.
struct FieldBound {
  int field = -1;
  int min = -1;
  int max = -1;
};

struct CompiledPack {
  std::vector<expr::Node> nodes;
  std::vector<int> let_roots;
  std::vector<expr::Type> let_types;
  std::vector<CompiledRule> rules;
  std::vector<int> alternative_whens;  // per alternative: root of its `when`; -1 = always
  std::vector<FieldBound> bounds;      // bounded fields only, in field order
};

}  // namespace needlescreen::internal

#endif  // NEEDLESCREEN_PACK_COMPILED_H_
