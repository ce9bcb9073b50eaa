// Atoms and their satisfiability. Finite domains are bit sets; ordered values
// are an interval with allowed and excluded points; strings a set of allowed
// and excluded texts; list fields the values they must and must not hold.
#include "authoring/constraints.h"

#include <algorithm>
#include <map>
#include <utility>

namespace needlescreen::authoring {
namespace {

using expr::Kind;
using expr::Node;
using expr::Op;

// A literal operand: numbers and durations as `number`, strings as `text`,
// bool and enum values as `index`.
struct Constant {
  double number = 0;
  std::string text;
  uint32_t index = 0;
};

std::optional<Constant> ConstantOf(const std::vector<Node>& nodes, int i) {
  const Node& n = nodes[i];
  Constant c;
  switch (n.op) {
    case Op::kNumberLit:
      c.number = n.number;
      return c;
    case Op::kDurationLit:
      c.number = static_cast<double>(n.seconds);
      return c;
    case Op::kStringLit:
      c.text = n.text;
      return c;
    case Op::kEnumLit:
      c.index = n.index;
      return c;
    case Op::kBoolLit:
      c.index = n.boolean ? 1 : 0;
      return c;
    case Op::kNeg: {
      auto inner = ConstantOf(nodes, n.a);
      if (inner) inner->number = -inner->number;
      return inner;
    }
    default:
      return std::nullopt;
  }
}

bool IsTerm(const Node& n) { return n.op == Op::kField || n.op == Op::kLet; }

bool IsFinite(Kind k) { return k == Kind::kBool || k == Kind::kEnum; }

uint64_t DomainOf(const Pack& pack, Kind kind, int enum_field) {
  size_t n = 2;
  if (kind == Kind::kEnum) n = enum_field >= 0 ? pack.fields[enum_field].values.size() : 64;
  return n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
}

Atom TermAtom(const Pack& pack, const Node& term) {
  Atom a;
  a.is_let = term.op == Op::kLet;
  a.ref = term.ref;
  a.kind = term.type.kind;
  if (IsFinite(a.kind)) a.domain = DomainOf(pack, a.kind, term.type.field);
  return a;
}

Atom FiniteAtom(Atom a, uint64_t bits) {
  a.relation = Relation::kOneOf;
  a.bits = bits & a.domain;
  return a;
}

Relation Flip(Relation r) {
  switch (r) {
    case Relation::kLt:
      return Relation::kGt;
    case Relation::kLe:
      return Relation::kGe;
    case Relation::kGt:
      return Relation::kLt;
    case Relation::kGe:
      return Relation::kLe;
    default:
      return r;
  }
}

Relation FromOp(Op op) {
  switch (op) {
    case Op::kLt:
      return Relation::kLt;
    case Op::kLe:
      return Relation::kLe;
    case Op::kGt:
      return Relation::kGt;
    case Op::kGe:
      return Relation::kGe;
    case Op::kNe:
      return Relation::kNe;
    default:
      return Relation::kEq;
  }
}

std::optional<Atom> Comparison(const Pack& pack, const std::vector<Node>& nodes, const Node& n) {
  bool term_left = IsTerm(nodes[n.a]);
  int term = term_left ? n.a : n.b;
  auto constant = ConstantOf(nodes, term_left ? n.b : n.a);
  if (!IsTerm(nodes[term]) || !constant) return std::nullopt;
  Relation r = term_left ? FromOp(n.op) : Flip(FromOp(n.op));
  Atom a = TermAtom(pack, nodes[term]);
  if (IsFinite(a.kind)) {
    uint64_t bit = uint64_t{1} << constant->index;
    return FiniteAtom(a, r == Relation::kEq ? bit : ~bit);
  }
  a.relation = r;
  if (a.kind == Kind::kString) {
    if (r != Relation::kEq && r != Relation::kNe) return std::nullopt;
    a.relation = r == Relation::kEq ? Relation::kOneOf : Relation::kNoneOf;
    a.texts = {constant->text};
    return a;
  }
  a.number = constant->number;
  return a;
}

std::optional<Atom> Membership(const Pack& pack, const std::vector<Node>& nodes, const Node& n) {
  bool in = n.op == Op::kIn;
  const Node& left = nodes[n.a];
  const Node& right = nodes[n.b];
  if (IsTerm(right) && right.type.kind == Kind::kList && left.op == Op::kEnumLit) {
    Atom a = TermAtom(pack, right);
    a.relation = in ? Relation::kHas : Relation::kLacks;
    a.bits = uint64_t{1} << left.index;
    return a;
  }
  if (!IsTerm(left) || right.op != Op::kListLit) return std::nullopt;
  Atom a = TermAtom(pack, left);
  if (IsFinite(a.kind)) return FiniteAtom(a, in ? right.bits : ~right.bits);
  a.relation = in ? Relation::kOneOf : Relation::kNoneOf;
  for (int item : right.items) {
    auto c = ConstantOf(nodes, item);
    if (!c) return std::nullopt;
    if (a.kind == Kind::kString) {
      a.texts.push_back(c->text);
    } else {
      a.numbers.push_back(c->number);
    }
  }
  return a;
}

void Negate(Atom& a) {
  if (IsFinite(a.kind)) {
    a.bits = a.domain & ~a.bits;
    return;
  }
  switch (a.relation) {
    case Relation::kLt:
      a.relation = Relation::kGe;
      return;
    case Relation::kLe:
      a.relation = Relation::kGt;
      return;
    case Relation::kGt:
      a.relation = Relation::kLe;
      return;
    case Relation::kGe:
      a.relation = Relation::kLt;
      return;
    case Relation::kEq:
      a.relation = Relation::kNe;
      return;
    case Relation::kNe:
      a.relation = Relation::kEq;
      return;
    case Relation::kOneOf:
      a.relation = Relation::kNoneOf;
      return;
    case Relation::kNoneOf:
      a.relation = Relation::kOneOf;
      return;
    case Relation::kHas:
      a.relation = Relation::kLacks;
      return;
    case Relation::kLacks:
      a.relation = Relation::kHas;
      return;
  }
}

// The values an ordered term may take: an interval, minus excluded points,
// within a set of allowed points when some atom names them.
class OrderedRange {
 public:
  void Add(const Atom& a) {
    switch (a.relation) {
      case Relation::kLt:
      case Relation::kLe:
        return Upper(a.number, a.relation == Relation::kLt);
      case Relation::kGt:
      case Relation::kGe:
        return Lower(a.number, a.relation == Relation::kGt);
      case Relation::kEq:
        return Allow({a.number});
      case Relation::kOneOf:
        return Allow(a.numbers);
      case Relation::kNe:
        excluded_.push_back(a.number);
        return;
      case Relation::kNoneOf:
        excluded_.insert(excluded_.end(), a.numbers.begin(), a.numbers.end());
        return;
      default:
        return;
    }
  }

  bool Satisfiable() const {
    if (allowed_) {
      return std::any_of(allowed_->begin(), allowed_->end(), [&](double x) { return Admits(x); });
    }
    if (!has_lo_ || !has_hi_ || lo_ < hi_) return true;
    return lo_ == hi_ && Admits(lo_);
  }

 private:
  void Upper(double v, bool strict) {
    if (!has_hi_ || v < hi_ || (v == hi_ && strict)) hi_ = v, hi_strict_ = strict, has_hi_ = true;
  }
  void Lower(double v, bool strict) {
    if (!has_lo_ || v > lo_ || (v == lo_ && strict)) lo_ = v, lo_strict_ = strict, has_lo_ = true;
  }
  void Allow(const std::vector<double>& values) {
    if (!allowed_) {
      allowed_ = values;
      return;
    }
    std::vector<double> kept;
    for (double x : *allowed_) {
      if (std::find(values.begin(), values.end(), x) != values.end()) kept.push_back(x);
    }
    allowed_ = std::move(kept);
  }
  bool Admits(double x) const {
    bool above = !has_lo_ || x > lo_ || (x == lo_ && !lo_strict_);
    bool below = !has_hi_ || x < hi_ || (x == hi_ && !hi_strict_);
    return above && below && std::find(excluded_.begin(), excluded_.end(), x) == excluded_.end();
  }

  bool has_lo_ = false, has_hi_ = false, lo_strict_ = false, hi_strict_ = false;
  double lo_ = 0, hi_ = 0;
  std::optional<std::vector<double>> allowed_;
  std::vector<double> excluded_;
};

bool TextsSatisfiable(const std::vector<const Atom*>& atoms) {
  std::optional<std::vector<std::string>> allowed;
  std::vector<std::string> excluded;
  for (const Atom* a : atoms) {
    if (a->relation == Relation::kNoneOf) {
      excluded.insert(excluded.end(), a->texts.begin(), a->texts.end());
      continue;
    }
    std::vector<std::string> kept;
    for (const std::string& t : a->texts) {
      if (!allowed || std::find(allowed->begin(), allowed->end(), t) != allowed->end())
        kept.push_back(t);
    }
    allowed = std::move(kept);
  }
  if (!allowed) return true;  // infinitely many strings avoid a finite exclusion
  return std::any_of(allowed->begin(), allowed->end(), [&](const std::string& t) {
    return std::find(excluded.begin(), excluded.end(), t) == excluded.end();
  });
}

bool Satisfiable(const std::vector<const Atom*>& atoms) {
  Kind kind = atoms.front()->kind;
  if (IsFinite(kind)) {
    uint64_t allowed = atoms.front()->domain;
    for (const Atom* a : atoms) allowed &= a->bits;
    return allowed != 0;
  }
  if (kind == Kind::kList) {
    uint64_t has = 0, lacks = 0;
    for (const Atom* a : atoms) (a->relation == Relation::kHas ? has : lacks) |= a->bits;
    return (has & lacks) == 0;
  }
  if (kind == Kind::kString) return TextsSatisfiable(atoms);
  OrderedRange range;
  for (const Atom* a : atoms) range.Add(*a);
  return range.Satisfiable();
}

}  // namespace

std::optional<Atom> ToAtom(const Pack& pack, const std::vector<expr::Node>& nodes, int node,
                           bool negated) {
  const Node& n = nodes[node];
  std::optional<Atom> atom;
  switch (n.op) {
    case Op::kNot:
      return ToAtom(pack, nodes, n.a, !negated);
    case Op::kField:
    case Op::kLet:
      if (n.type.kind == Kind::kBool) atom = FiniteAtom(TermAtom(pack, n), 0b10);
      break;
    case Op::kFieldIs: {
      Node term;
      term.op = Op::kField;
      term.ref = n.ref;
      term.type = {n.operand, n.operand == Kind::kEnum ? n.ref : -1};
      uint64_t bit = uint64_t{1} << n.index;
      atom = FiniteAtom(TermAtom(pack, term), n.boolean ? ~bit : bit);
      break;
    }
    case Op::kListHas:
      atom = Atom{};
      atom->ref = n.ref;
      atom->kind = Kind::kList;
      atom->relation = n.boolean ? Relation::kLacks : Relation::kHas;
      atom->bits = uint64_t{1} << n.index;
      break;
    case Op::kEq:
    case Op::kNe:
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
      atom = Comparison(pack, nodes, n);
      break;
    case Op::kIn:
    case Op::kNotIn:
      atom = Membership(pack, nodes, n);
      break;
    default:
      break;
  }
  if (atom && negated) Negate(*atom);
  return atom;
}

std::optional<std::string> FindConflict(const Pack& pack, const std::vector<Atom>& atoms) {
  std::map<std::pair<bool, int>, std::vector<const Atom*>> by_term;
  for (const Atom& a : atoms) by_term[{a.is_let, a.ref}].push_back(&a);
  for (const auto& [term, group] : by_term) {
    if (Satisfiable(group)) continue;
    return term.first ? pack.lets[term.second].name : pack.fields[term.second].path;
  }
  return std::nullopt;
}

}  // namespace needlescreen::authoring
