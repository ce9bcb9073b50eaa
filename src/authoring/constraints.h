// Atomic conditions (one field or let against constants) and whether a set of
// them can hold at once: how `rules lint` and coverage see that
// `x == "a" and x == "b"` or `x < 3 and x > 5` can never be true.
#ifndef NEEDLESCREEN_AUTHORING_CONSTRAINTS_H_
#define NEEDLESCREEN_AUTHORING_CONSTRAINTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "expr/expr.h"
#include "needlescreen/pack.h"

namespace needlescreen::authoring {

enum class Relation : uint8_t {
  kLt,  // ordered kinds: term < number (and so on)
  kLe,
  kGt,
  kGe,
  kEq,
  kNe,
  kOneOf,   // term's value is one of `numbers` / `texts`, or a bit of `bits`
  kNoneOf,  // term's value is none of them
  kHas,     // list term holds value `bits`
  kLacks,   // list term does not hold it
};

// One condition on one term. Finite domains (bool, enum) are always kOneOf
// over `bits` (bool: bit 0 false, bit 1 true), so negation is a complement.
struct Atom {
  bool is_let = false;
  int ref = -1;  // field or let index
  expr::Kind kind = expr::Kind::kError;
  Relation relation = Relation::kEq;
  uint64_t bits = 0;
  uint64_t domain = 0;  // finite kinds: the bits of every value the term can take
  double number = 0;    // numbers; durations in seconds
  std::vector<double> numbers;
  std::vector<std::string> texts;
};

// The atom `node` states (negated when `negated`), or nullopt when the node
// is not a comparison of one field or let with constants.
std::optional<Atom> ToAtom(const Pack& pack, const std::vector<expr::Node>& nodes, int node,
                           bool negated);

// When the atoms cannot all hold at once, the name (field path or let) of a
// term whose atoms conflict; nullopt when they can.
std::optional<std::string> FindConflict(const Pack& pack, const std::vector<Atom>& atoms);

}  // namespace needlescreen::authoring

#endif  // NEEDLESCREEN_AUTHORING_CONSTRAINTS_H_
