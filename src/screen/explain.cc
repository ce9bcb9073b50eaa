// Why a condition came out as it did, in terms of its own parts (SPEC §1.2
// Kleene logic read backwards): an `and` is false because of its false
// operands, an `or` true because of its true ones, and either is unknown
// because of its unknown ones; otherwise every operand shares the result.
#include "screen/explain.h"

#include <algorithm>
#include <vector>

#include "common/text.h"
#include "pack/compiled.h"

namespace needlescreen::screen {
namespace {

using expr::Node;
using expr::Op;

// Collects the nodes that decided `node`'s value `t`. In every case those are
// the operands whose own value equals the result; `not` flips it. Lets are
// not entered: their text lives elsewhere and their values are listed apart.
void Decide(const expr::Context& ctx, int node, Truth t, std::vector<int>& parts) {
  const Node& n = (*ctx.nodes)[node];
  if (n.op == Op::kNot) return Decide(ctx, n.a, Not(t), parts);
  if (n.op != Op::kAnd && n.op != Op::kOr) {
    parts.push_back(node);
    return;
  }
  for (int operand : {n.a, n.b}) {
    if (expr::EvalTruth(ctx, operand) == t) Decide(ctx, operand, t, parts);
  }
}

// Every let under `node`, through other lets too.
void CollectLets(const internal::CompiledPack& compiled, int node, std::vector<int>& lets) {
  const Node& n = compiled.nodes[node];
  if (n.op == Op::kLet) {
    if (std::find(lets.begin(), lets.end(), n.ref) != lets.end()) return;
    lets.push_back(n.ref);
    int root = compiled.let_roots[n.ref];
    if (root >= 0) CollectLets(compiled, root, lets);
    return;
  }
  if (n.a >= 0) CollectLets(compiled, n.a, lets);
  if (n.b >= 0) CollectLets(compiled, n.b, lets);
  for (int item : n.items) CollectLets(compiled, item, lets);
}

LetReading ReadLet(const Pack& pack, int let, const expr::Context& ctx) {
  const auto& compiled = *pack.compiled;
  expr::Value v = expr::Eval(ctx, compiled.let_roots[let]);
  LetReading out{let, v.known, ""};
  if (!v.known) return out;
  // Conditions read as true/false, like the verdicts they feed, not yes/no.
  const expr::Type& type = compiled.let_types[let];
  out.value = type.kind == expr::Kind::kBool ? std::string(TruthName(v.truth))
                                             : expr::RenderValue(v, type, pack.fields);
  return out;
}

}  // namespace

std::string FoldBlanks(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (!IsAsciiSpace(c)) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string NodeText(std::string_view text, const Node& node) {
  size_t end = std::min<size_t>(node.end, text.size());
  size_t begin = std::min<size_t>(node.begin, end);
  return FoldBlanks(text.substr(begin, end - begin));
}

void ExplainCondition(const Pack& pack, int rule, const expr::Context& ctx, RuleTrace& out) {
  const auto& compiled = *pack.compiled;
  int when = compiled.rules[rule].when;
  out.decided_by.clear();
  out.lets.clear();
  if (when < 0) return;
  std::vector<int> parts;
  Decide(ctx, when, out.verdict, parts);
  for (int p : parts) {
    out.decided_by.push_back(
        {NodeText(pack.rules[rule].when, compiled.nodes[p]), expr::EvalTruth(ctx, p)});
  }
  std::vector<int> lets;
  CollectLets(compiled, when, lets);
  std::sort(lets.begin(), lets.end());
  for (int let : lets) out.lets.push_back(ReadLet(pack, let, ctx));
}

}  // namespace needlescreen::screen
