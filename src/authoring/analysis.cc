// Reachable verdicts and forced-known values, computed over the compiled
// expression tree: Kleene logic (SPEC §1.2) applied to sets of truth values.
#include "authoring/analysis.h"

#include <fmt/format.h>

#include <algorithm>

#include "authoring/constraints.h"

namespace needlescreen::authoring {
namespace {

using expr::Node;
using expr::Op;

constexpr TruthSet kTrueBit = TruthBit(Truth::kTrue);
constexpr TruthSet kFalseBit = TruthBit(Truth::kFalse);
constexpr TruthSet kUnknownBit = TruthBit(Truth::kUnknown);
constexpr Truth kTruths[] = {Truth::kFalse, Truth::kTrue, Truth::kUnknown};

// Applies a Kleene operator to every pair drawn from two sets.
template <typename F>
TruthSet Pairwise(TruthSet a, TruthSet b, F op) {
  TruthSet out = 0;
  for (Truth x : kTruths) {
    for (Truth y : kTruths) {
      if (Has(a, x) && Has(b, y)) out |= TruthBit(op(x, y));
    }
  }
  return out;
}

std::vector<int> Union(const std::vector<int>& a, const std::vector<int>& b) {
  std::vector<int> out;
  out.reserve(a.size() + b.size());
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

std::vector<int> Intersect(const std::vector<int>& a, const std::vector<int>& b) {
  std::vector<int> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

Terms Union(const Terms& a, const Terms& b) {
  return {Union(a.fields, b.fields), Union(a.lets, b.lets)};
}

Terms Intersect(const Terms& a, const Terms& b) {
  return {Intersect(a.fields, b.fields), Intersect(a.lets, b.lets)};
}

void Insert(std::vector<int>& sorted, int x) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), x);
  if (it == sorted.end() || *it != x) sorted.insert(it, x);
}

bool IsLiteral(Op op) {
  return op == Op::kBoolLit || op == Op::kNumberLit || op == Op::kStringLit ||
         op == Op::kDurationLit || op == Op::kEnumLit;
}

}  // namespace

bool Terms::HasField(int field) const {
  return std::binary_search(fields.begin(), fields.end(), field);
}

bool Terms::HasLet(int let) const { return std::binary_search(lets.begin(), lets.end(), let); }

ConditionAnalysis::ConditionAnalysis(const Pack& pack, size_t budget)
    : pack_(pack),
      compiled_(*pack.compiled),
      budget_(budget),
      verdicts_(compiled_.nodes.size(), 0),
      constant_(compiled_.nodes.size(), -1) {}

TruthSet ConditionAnalysis::RuleVerdicts(int rule) const {
  int when = compiled_.rules[rule].when;
  return when < 0 ? kTrueBit : Verdicts(when);
}

TruthSet ConditionAnalysis::Verdicts(int node) const {
  if (verdicts_[node] != 0) return verdicts_[node];
  if (!Spend(1)) return kAllTruths;
  if (IsConstant(node)) {
    expr::Context ctx{&compiled_.nodes, &compiled_.let_roots, nullptr, 0};
    return verdicts_[node] = TruthBit(expr::Eval(ctx, node).truth);
  }
  TruthSet set = CombinedVerdicts(node);
  if (Has(set, Truth::kTrue) && !Contradiction(node).empty()) set &= ~kTrueBit;
  if (Has(set, Truth::kFalse) && !Exhaustion(node).empty()) set &= ~kFalseBit;
  verdicts_[node] = set;
  return set;
}

TruthSet ConditionAnalysis::CombinedVerdicts(int node) const {
  const Node& n = nodes()[node];
  switch (n.op) {
    case Op::kField:
    case Op::kFieldIs:
    case Op::kListHas:
      return kAllTruths;
    case Op::kLet: {
      int root = compiled_.let_roots[n.ref];
      return root < 0 ? kAllTruths : Verdicts(root);
    }
    case Op::kKnown:
      return CanBeUnknown(n.a) ? kTrueBit | kFalseBit : kTrueBit;
    case Op::kNot: {
      TruthSet a = Verdicts(n.a);
      return Pairwise(a, kTrueBit, [](Truth x, Truth) { return Not(x); });
    }
    case Op::kAnd:
      return Pairwise(Verdicts(n.a), Verdicts(n.b), And);
    case Op::kOr:
      return Pairwise(Verdicts(n.a), Verdicts(n.b), Or);
    default: {
      // A comparison or membership: true or false once its operands are known.
      bool unknown = (n.a >= 0 && CanBeUnknown(n.a)) || (n.b >= 0 && CanBeUnknown(n.b));
      return kTrueBit | kFalseBit | (unknown ? kUnknownBit : 0);
    }
  }
}

bool ConditionAnalysis::CanBeUnknown(int node) const {
  if (!Spend(1)) return true;
  const Node& n = nodes()[node];
  if (IsLiteral(n.op) || n.op == Op::kNow || n.op == Op::kKnown) return false;
  switch (n.op) {
    case Op::kField:
    case Op::kFieldIs:
    case Op::kListHas:
      return true;
    case Op::kLet: {
      int root = compiled_.let_roots[n.ref];
      return root < 0 || CanBeUnknown(root);
    }
    case Op::kListLit:
      return std::any_of(n.items.begin(), n.items.end(), [&](int i) { return CanBeUnknown(i); });
    case Op::kAdd:
    case Op::kSub:
    case Op::kNeg:
    case Op::kHoursBetween:
    case Op::kDaysBetween:
      return (n.a >= 0 && CanBeUnknown(n.a)) || (n.b >= 0 && CanBeUnknown(n.b));
    default:
      return Has(Verdicts(node), Truth::kUnknown);
  }
}

bool ConditionAnalysis::IsConstant(int node) const {
  if (constant_[node] < 0) constant_[node] = IsConstantUncached(node) ? 1 : 0;
  return constant_[node] == 1;
}

bool ConditionAnalysis::IsConstantUncached(int node) const {
  const Node& n = nodes()[node];
  switch (n.op) {
    case Op::kField:
    case Op::kFieldIs:
    case Op::kListHas:
    case Op::kNow:
    case Op::kName:
    case Op::kCall:
      return false;
    case Op::kLet: {
      int root = compiled_.let_roots[n.ref];
      return root >= 0 && IsConstant(root);
    }
    default:
      break;
  }
  if (n.a >= 0 && !IsConstant(n.a)) return false;
  if (n.b >= 0 && !IsConstant(n.b)) return false;
  if (n.op != Op::kListLit) return true;
  return std::all_of(n.items.begin(), n.items.end(), [&](int i) { return IsConstant(i); });
}

Terms ConditionAnalysis::KnownWhen(int node, Truth t) const {
  auto key = std::pair{node, t == Truth::kTrue ? 1 : 0};
  auto it = known_.find(key);
  if (it != known_.end()) return it->second;
  Terms terms = KnownWhenUncached(node, t);
  // Each term remembered (and copied out) is a step: chains of lets make
  // these lists grow with every link.
  if (!Spend(1 + 2 * (terms.fields.size() + terms.lets.size()))) return {};
  return known_.emplace(key, std::move(terms)).first->second;
}

Terms ConditionAnalysis::KnownValue(int node) const {
  auto key = std::pair{node, 2};
  auto it = known_.find(key);
  if (it != known_.end()) return it->second;
  Terms terms = KnownValueUncached(node);
  if (!Spend(1 + 2 * (terms.fields.size() + terms.lets.size()))) return {};
  return known_.emplace(key, std::move(terms)).first->second;
}

Terms ConditionAnalysis::KnownWhenUncached(int node, Truth t) const {
  const Node& n = nodes()[node];
  bool is_true = t == Truth::kTrue;
  switch (n.op) {
    case Op::kNot:
      return KnownWhen(n.a, Not(t));
    case Op::kAnd:
      return is_true ? Union(KnownWhen(n.a, t), KnownWhen(n.b, t))
                     : Intersect(KnownWhen(n.a, t), KnownWhen(n.b, t));
    case Op::kOr:
      return is_true ? Intersect(KnownWhen(n.a, t), KnownWhen(n.b, t))
                     : Union(KnownWhen(n.a, t), KnownWhen(n.b, t));
    case Op::kKnown:
      return is_true ? KnownValue(n.a) : Terms{};
    case Op::kLet: {
      int root = compiled_.let_roots[n.ref];
      Terms out = root < 0 ? Terms{} : KnownWhen(root, t);
      Insert(out.lets, n.ref);
      return out;
    }
    default:
      // A comparison that is true or false has known operands.
      return KnownValue(node);
  }
}

Terms ConditionAnalysis::KnownValueUncached(int node) const {
  const Node& n = nodes()[node];
  switch (n.op) {
    case Op::kField:
    case Op::kFieldIs:
    case Op::kListHas:
      return Terms{{n.ref}, {}};
    case Op::kLet: {
      int root = compiled_.let_roots[n.ref];
      Terms out = root < 0 ? Terms{} : KnownValue(root);
      Insert(out.lets, n.ref);
      return out;
    }
    case Op::kAnd:
    case Op::kOr:
    case Op::kNot:
      return Intersect(KnownWhen(node, Truth::kTrue), KnownWhen(node, Truth::kFalse));
    case Op::kIn:
    case Op::kNotIn:
      // `x in [a, field]` can be true with the list's fields unknown.
      return nodes()[n.b].op == Op::kListLit ? KnownValue(n.a)
                                             : Union(KnownValue(n.a), KnownValue(n.b));
    case Op::kKnown:
    case Op::kListLit:
      return {};
    default: {
      Terms out;
      if (n.a >= 0) out = KnownValue(n.a);
      if (n.b >= 0) out = Union(out, KnownValue(n.b));
      return out;
    }
  }
}

void ConditionAnalysis::Flatten(int node, bool negated, std::vector<Leaf>& out) const {
  const Node& n = nodes()[node];
  if (n.op == Op::kNot) return Flatten(n.a, !negated, out);
  if ((n.op == Op::kAnd && !negated) || (n.op == Op::kOr && negated)) {
    Flatten(n.a, negated, out);
    Flatten(n.b, negated, out);
    return;
  }
  out.push_back({node, negated});
}

std::string ConditionAnalysis::Conflict(int node, bool negated) const {
  if (exhausted()) return "";
  std::vector<Leaf> leaves;
  Flatten(node, negated, leaves);
  // Verdicts() asks at every `and` of a chain: quadratic in the chain's length.
  if (!Spend(leaves.size())) return "";
  std::vector<Atom> atoms;
  for (const Leaf& leaf : leaves) {
    if (auto atom = ToAtom(pack_, nodes(), leaf.node, leaf.negated)) atoms.push_back(*atom);
  }
  return FindConflict(pack_, atoms).value_or("");
}

std::string ConditionAnalysis::Contradiction(int node) const {
  std::string term = Conflict(node, false);
  return term.empty() ? "" : fmt::format("its conditions on {} cannot all hold at once", term);
}

std::string ConditionAnalysis::Exhaustion(int node) const {
  std::string term = Conflict(node, true);
  return term.empty() ? "" : fmt::format("its alternatives cover every value of {}", term);
}

std::vector<int> ConditionAnalysis::FieldsRead(int node) const {
  std::vector<int> out;
  size_t reads = 0;
  expr::CollectFields(compiled_.nodes, compiled_.let_roots, node, [&](int f) {
    ++reads;
    if (f >= 0) out.push_back(f);
  });
  Spend(1 + reads);  // up to the expanded size of the expression each time
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

uint32_t ConditionAnalysis::StartOffset(int node) const {
  const Node& n = nodes()[node];
  uint32_t start = n.offset;
  if (n.a >= 0) start = std::min(start, StartOffset(n.a));
  if (n.b >= 0) start = std::min(start, StartOffset(n.b));
  for (int item : n.items) start = std::min(start, StartOffset(item));
  return start;
}

}  // namespace needlescreen::authoring
