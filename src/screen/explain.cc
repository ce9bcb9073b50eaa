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

// The lets listed per rule by --explain, in the pack's order: a pack within
// its limits may chain 4096 lets under each of 4096 rules, which listed whole
// would be 16 million readings for one record (issue 13).
constexpr size_t kMaxExplainedLets = 64;

// Every let under `node`, through other lets too, each once (`seen` is
// indexed by let).
void CollectLets(const internal::CompiledPack& compiled, int node, std::vector<char>& seen) {
  const Node& n = compiled.nodes[node];
  if (n.op == Op::kLet) {
    if (seen[n.ref]) return;
    seen[n.ref] = 1;
    int root = compiled.let_roots[n.ref];
    if (root >= 0) CollectLets(compiled, root, seen);
    return;
  }
  if (n.a >= 0) CollectLets(compiled, n.a, seen);
  if (n.b >= 0) CollectLets(compiled, n.b, seen);
  for (int item : n.items) CollectLets(compiled, item, seen);
}

LetReading ReadLet(const Pack& pack, int let, const expr::Context& ctx, bool local_times) {
  const auto& compiled = *pack.compiled;
  expr::Value v = expr::Eval(ctx, compiled.let_roots[let]);
  LetReading out{let, v.known, ""};
  if (!v.known) return out;
  // Conditions read as true/false, like the verdicts they feed, not yes/no.
  const expr::Type& type = compiled.let_types[let];
  out.value = type.kind == expr::Kind::kBool ? std::string(TruthName(v.truth))
                                             : expr::RenderValue(v, type, pack.fields, local_times);
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

void ExplainCondition(const Pack& pack, int rule, const expr::Context& plain, bool local_times,
                      RuleTrace& out) {
  const auto& compiled = *pack.compiled;
  int when = compiled.rules[rule].when;
  out.decided_by.clear();
  out.lets.clear();
  if (when < 0) return;
  // Each let evaluated once: walking a chain of lets from every node that
  // reads it would be quadratic in the chain (issue 13). One memo per thread.
  thread_local expr::LetMemo memo;
  memo.Reset(compiled.let_roots.size());
  expr::Context ctx = plain;
  ctx.memo = &memo;
  std::vector<int> parts;
  Decide(ctx, when, out.verdict, parts);
  for (int p : parts) {
    out.decided_by.push_back(
        {NodeText(pack.rules[rule].when, compiled.nodes[p]), expr::EvalTruth(ctx, p)});
  }
  std::vector<char> seen(compiled.let_roots.size(), 0);
  CollectLets(compiled, when, seen);
  for (size_t let = 0; let < seen.size() && out.lets.size() < kMaxExplainedLets; ++let) {
    if (seen[let]) out.lets.push_back(ReadLet(pack, static_cast<int>(let), ctx, local_times));
  }
}

}  // namespace needlescreen::screen
