// What `check --counterfactual` tries: the fields that can change a
// decision, the values each may take (the pack's boundary values), and the
// screening times at which a decision may change.
#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>
#include <set>

#include "expr/expr.h"
#include "pack/compiled.h"
#include "screen/counterfactual_plan.h"

namespace needlescreen::internal {
namespace {

using expr::Kind;
using expr::Node;
using expr::Op;

// Calls `on_node` for every node under `root`, not descending into lets
// (each let is walked from its own root).
void Walk(const std::vector<Node>& nodes, int root, const std::function<void(int)>& on_node) {
  if (root < 0) return;
  on_node(root);
  const Node& n = nodes[root];
  if (n.op == Op::kLet) return;
  Walk(nodes, n.a, on_node);
  Walk(nodes, n.b, on_node);
  for (int item : n.items) Walk(nodes, item, on_node);
}

bool ReadsNow(const CompiledPack& compiled, int node) {
  bool now = false;
  expr::CollectFields(compiled.nodes, compiled.let_roots, node, [&](int f) { now = now || f < 0; });
  return now;
}

// A comparison or membership of numbers, datetimes or durations: what can
// change its truth as `now` moves is solved from it.
bool IsScalarTest(const Node& n, const std::vector<Node>& nodes) {
  if (!expr::IsComparison(n.op) && n.op != Op::kIn && n.op != Op::kNotIn) return false;
  const Kind kind = nodes[n.a].type.kind;
  return kind == Kind::kNumber || kind == Kind::kDatetime || kind == Kind::kDuration;
}

// Fields whose plausible range moves with the screening time.
std::vector<bool> BoundsReadNow(const Pack& pack) {
  const CompiledPack& compiled = *pack.compiled;
  std::vector<bool> out(pack.fields.size());
  for (const FieldBound& b : compiled.bounds) {
    out[b.field] =
        (b.min >= 0 && ReadsNow(compiled, b.min)) || (b.max >= 0 && ReadsNow(compiled, b.max));
  }
  return out;
}

double Scalar(const expr::Value& v, Kind kind) {
  return kind == Kind::kNumber ? v.number : static_cast<double>(v.seconds);
}

// Solves f(now) = 0 for f linear in `now`, from its values at two times.
class TimeSolver {
 public:
  TimeSolver(const Pack& pack, const Record& record, int64_t at, int64_t latest)
      : compiled_(*pack.compiled), record_(record), at_(at), latest_(latest) {}

  // `a - b` (two nodes of one kind) as a function of now.
  void Difference(int a, int b) {
    const Kind kind = compiled_.nodes[a].type.kind;
    Solve([&](int64_t now) -> std::optional<double> {
      expr::Value va = Eval(a, now), vb = Eval(b, now);
      if (!va.known || !vb.known) return std::nullopt;
      return Scalar(va, kind) - Scalar(vb, kind);
    });
  }

  // A bound's value minus a known answer's.
  void Bound(int root, double answer, Kind kind) {
    Solve([&](int64_t now) -> std::optional<double> {
      expr::Value v = Eval(root, now);
      if (!v.known) return std::nullopt;
      return Scalar(v, kind) - answer;
    });
  }

  std::vector<int64_t> Take() { return {times_.begin(), times_.end()}; }

 private:
  expr::Value Eval(int node, int64_t now) const {
    return expr::Eval({&compiled_.nodes, &compiled_.let_roots, &record_, now, nullptr}, node);
  }

  template <typename F>
  void Solve(F f) {
    constexpr double kStep = 1e6;  // seconds: far enough apart for the slope to be exact enough
    std::optional<double> f0 = f(at_), f1 = f(at_ + static_cast<int64_t>(kStep));
    if (!f0 || !f1 || *f0 == *f1) return;
    const double t = static_cast<double>(at_) - *f0 * kStep / (*f1 - *f0);
    if (!std::isfinite(t) || t <= static_cast<double>(at_) - 2 ||
        t >= static_cast<double>(latest_) + 2)
      return;
    const auto r = static_cast<int64_t>(std::llround(t));
    for (int64_t s = r - 1; s <= r + 1; ++s) {
      if (s > at_ && s <= latest_) times_.insert(s);
    }
  }

  const CompiledPack& compiled_;
  const Record& record_;
  int64_t at_, latest_;
  std::set<int64_t> times_;
};

// The record's own value of a list field, with every value the conditions
// name set as in `bits` (the others as the record had them).
Slot ListWith(const Slot& own, uint64_t named, uint64_t bits) {
  Slot s;
  s.known = true;
  s.bits = ((own.known ? own.bits : 0) & ~named) | bits;
  return s;
}

// A list field's values: the named values (those its boundary values hold)
// in every combination when there are few, else the boundary values' own.
std::vector<Candidate> ListCandidates(const std::vector<screen::BoundaryValue>& values,
                                      const Slot& own, int max_list_values) {
  uint64_t named = 0;
  for (const screen::BoundaryValue& v : values) {
    if (v.slot.known) named |= v.slot.bits;
  }
  std::vector<Candidate> out;
  if (std::popcount(named) <= max_list_values) {
    // Subsets of `named` in increasing order (the empty list first).
    uint64_t sub = 0;
    do {
      out.push_back({ListWith(own, named, sub), ""});
      sub = (sub - named) & named;
    } while (sub != 0);
    return out;
  }
  for (const screen::BoundaryValue& v : values) {
    if (v.slot.known) out.push_back({ListWith(own, named, v.slot.bits), ""});
  }
  return out;
}

}  // namespace

CounterfactualPlan::CounterfactualPlan(const Pack& pack)
    : probes(screen::FindProbes(pack)), screened_at(pack.FieldIndex(kScreenedAtField)) {
  const CompiledPack& compiled = *pack.compiled;
  const std::vector<bool> bound_reads_now = BoundsReadNow(pack);
  const int id = pack.FieldIndex(kIdField);
  std::vector<bool> read(pack.fields.size());
  for (size_t r = 0; r < pack.rules.size(); ++r) {
    const int when = compiled.rules[r].when;
    std::vector<int> fields;
    bool time = false;
    if (when >= 0) {
      expr::CollectFields(compiled.nodes, compiled.let_roots, when, [&](int f) {
        if (f < 0) {
          time = true;
        } else {
          fields.push_back(f);
          time = time || bound_reads_now[f];
        }
      });
    }
    std::sort(fields.begin(), fields.end());
    fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
    const bool decides = Decides(pack.rules[r].outcome);
    deciding.push_back(decides);
    rule_reads_time.push_back(time);
    time_matters = time_matters || (decides && time);
    if (decides) {
      for (int f : fields) read[f] = f != id && f != screened_at;
    }
    rule_fields.push_back(std::move(fields));
  }
  for (size_t f = 0; f < read.size(); ++f) {
    if (read[f]) this->fields.push_back(static_cast<int>(f));
  }
  std::set<int> seen;
  auto keep = [&](int node) {
    if (IsScalarTest(compiled.nodes[node], compiled.nodes) && ReadsNow(compiled, node) &&
        seen.insert(node).second)
      time_nodes.push_back(node);
  };
  for (const CompiledRule& rule : compiled.rules) {
    Walk(compiled.nodes, rule.when, keep);
    Walk(compiled.nodes, rule.resume_while, keep);
  }
  for (int root : compiled.let_roots) Walk(compiled.nodes, root, keep);
}

bool SameAnswer(FieldType type, const Slot& a, const Slot& b) {
  if (a.known != b.known) return false;
  if (!a.known) return true;
  switch (type) {
    case FieldType::kBool:
      return a.boolean == b.boolean;
    case FieldType::kNumber:
      return a.number == b.number;
    case FieldType::kString:
      return a.text == b.text;
    case FieldType::kEnum:
      return a.index == b.index;
    case FieldType::kDatetime:
      return a.seconds == b.seconds;
    case FieldType::kList:
      return a.bits == b.bits;
  }
  return false;
}

std::vector<std::vector<Candidate>> CandidateValues(const Screener& screener,
                                                    const CounterfactualPlan& plan,
                                                    const CounterfactualLimits& limits,
                                                    const Record& record, TimePoint at) {
  const Pack& pack = screener.pack();
  std::vector<std::vector<screen::BoundaryValue>> values =
      screen::BoundaryValues(pack, at, plan.probes, limits.max_values_per_field);
  std::vector<std::vector<Candidate>> out(plan.fields.size());
  for (size_t i = 0; i < plan.fields.size(); ++i) {
    const int field = plan.fields[i];
    const Field& f = pack.fields[field];
    const Slot& own = record.slots[field];
    std::vector<Candidate> tried;
    if (f.type == FieldType::kList) {
      tried = ListCandidates(values[field], own, limits.max_list_values);
    } else {
      for (screen::BoundaryValue& v : values[field]) {
        if (!v.slot.known) continue;  // never "unknown": not an answer to give
        const bool worded = f.type == FieldType::kNumber || f.type == FieldType::kDatetime;
        tried.push_back({std::move(v.slot), worded ? std::move(v.words) : std::string()});
      }
    }
    for (Candidate& c : tried) {
      if (SameAnswer(f.type, c.slot, own)) continue;
      if (screener.CheckAnswer(field, c.slot, at) != Implausible::kNo) continue;
      out[i].push_back(std::move(c));
    }
  }
  return out;
}

std::vector<int64_t> TimeCandidates(const Pack& pack, const CounterfactualPlan& plan,
                                    const Record& record, int64_t at, int64_t latest) {
  const CompiledPack& compiled = *pack.compiled;
  TimeSolver solver(pack, record, at, latest);
  for (int node : plan.time_nodes) {
    const Node& n = compiled.nodes[node];
    if (expr::IsComparison(n.op)) {
      solver.Difference(n.a, n.b);
    } else if (compiled.nodes[n.b].op == Op::kListLit) {
      for (int item : compiled.nodes[n.b].items) solver.Difference(n.a, item);
    }
  }
  for (const FieldBound& b : compiled.bounds) {
    const Slot& s = record.slots[b.field];
    if (!s.known) continue;
    const bool datetime = pack.fields[b.field].type == FieldType::kDatetime;
    const double answer = datetime ? static_cast<double>(s.seconds) : s.number;
    const Kind kind = datetime ? Kind::kDatetime : Kind::kNumber;
    if (b.min >= 0) solver.Bound(b.min, answer, kind);
    if (b.max >= 0) solver.Bound(b.max, answer, kind);
  }
  return solver.Take();
}

}  // namespace needlescreen::internal
