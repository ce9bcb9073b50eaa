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
  int when = -1;    // root node; -1 = always true
  int resume = -1;  // root node of a datetime; -1 = none
  std::vector<Segment> message;
  std::vector<int> fields_read;  // sorted, unique; -1 (now) excluded
  bool reads_now = false;
};

struct CompiledPack {
  std::vector<expr::Node> nodes;
  std::vector<int> let_roots;
  std::vector<expr::Type> let_types;
  std::vector<CompiledRule> rules;
};

}  // namespace needlescreen::internal

#endif  // NEEDLESCREEN_PACK_COMPILED_H_
