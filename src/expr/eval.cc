// Three-valued evaluation over typed slots (SPEC §1.2: a comparison with an
// unknown operand is unknown; `false and unknown` is false; `known()` is never
// unknown). Checking has already made every operation well-typed.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "expr/expr.h"
#include "needlescreen/time.h"

namespace needlescreen::expr {
namespace {

void CollectUnknown(const Context& ctx, int i, const std::function<void(int)>& on_field);

Value Unknown() { return Value{}; }

Value Bool(Truth t) {
  Value v;
  v.known = t != Truth::kUnknown;
  v.truth = t;
  return v;
}

Value Number(double d) {
  Value v;
  v.known = true;
  v.number = d;
  return v;
}

Value Seconds(int64_t s) {
  Value v;
  v.known = true;
  v.seconds = s;
  return v;
}

Value FieldValue(const Context& ctx, const Node& n) {
  const Slot& s = ctx.record->slots[n.ref];
  if (!s.known) return Unknown();
  Value v;
  v.known = true;
  switch (n.type.kind) {
    case Kind::kBool:
      v.truth = FromBool(s.boolean);
      break;
    case Kind::kNumber:
      v.number = s.number;
      break;
    case Kind::kString:
      v.text = s.text;
      break;
    case Kind::kEnum:
      v.index = s.index;
      break;
    case Kind::kDatetime:
      v.seconds = s.seconds;
      break;
    case Kind::kList:
      v.bits = s.bits;
      break;
    default:
      return Unknown();
  }
  return v;
}

// Compares two known values of one kind: <0, 0, >0.
int Compare(Kind kind, const Value& a, const Value& b) {
  switch (kind) {
    case Kind::kNumber:
      return a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
    case Kind::kDatetime:
    case Kind::kDuration:
      return a.seconds < b.seconds ? -1 : (a.seconds > b.seconds ? 1 : 0);
    case Kind::kBool:
      return static_cast<int>(a.truth) - static_cast<int>(b.truth);
    case Kind::kEnum:
      return static_cast<int>(a.index) - static_cast<int>(b.index);
    case Kind::kString:
      return a.text.compare(b.text);
    default:
      return 0;
  }
}

Value Comparison(const Context& ctx, const Node& n) {
  Value a = Eval(ctx, n.a);
  Value b = Eval(ctx, n.b);
  if (!a.known || !b.known) return Unknown();
  int c = Compare((*ctx.nodes)[n.a].type.kind, a, b);
  switch (n.op) {
    case Op::kEq:
      return Bool(FromBool(c == 0));
    case Op::kNe:
      return Bool(FromBool(c != 0));
    case Op::kLt:
      return Bool(FromBool(c < 0));
    case Op::kLe:
      return Bool(FromBool(c <= 0));
    case Op::kGt:
      return Bool(FromBool(c > 0));
    case Op::kGe:
      return Bool(FromBool(c >= 0));
    default:
      return Unknown();
  }
}

Value Membership(const Context& ctx, const Node& n) {
  Value a = Eval(ctx, n.a);
  if (!a.known) return Unknown();
  const Node& right = (*ctx.nodes)[n.b];
  bool found = false;
  if (right.type.kind == Kind::kList) {
    Value list = Eval(ctx, n.b);
    if (!list.known) return Unknown();
    found = (list.bits >> a.index) & 1;
  } else if (right.type.field >= 0) {
    found = (right.bits >> a.index) & 1;  // enum-set literal
  } else {
    // `x in [a, b]` is `x == a or x == b`: an unknown item (a field in the
    // list) leaves the answer unknown unless a known item matches (SPEC §1.2).
    Kind kind = (*ctx.nodes)[n.a].type.kind;
    bool unknown_item = false;
    for (int item : right.items) {
      Value v = Eval(ctx, item);
      if (!v.known) {
        unknown_item = true;
      } else if (Compare(kind, a, v) == 0) {
        found = true;
        break;
      }
    }
    if (!found && unknown_item) return Unknown();
  }
  return Bool(FromBool(n.op == Op::kIn ? found : !found));
}

Value Arithmetic(const Context& ctx, const Node& n) {
  Value a = Eval(ctx, n.a);
  Value b = Eval(ctx, n.b);
  if (!a.known || !b.known) return Unknown();
  if (n.type.kind == Kind::kNumber) {
    return Number(n.op == Op::kAdd ? a.number + b.number : a.number - b.number);
  }
  return Seconds(n.op == Op::kAdd ? a.seconds + b.seconds : a.seconds - b.seconds);
}

Value Between(const Context& ctx, const Node& n) {
  Value a = Eval(ctx, n.a);
  Value b = Eval(ctx, n.b);
  if (!a.known || !b.known) return Unknown();
  double unit = n.op == Op::kHoursBetween ? 3600.0 : 86400.0;
  return Number(static_cast<double>(b.seconds - a.seconds) / unit);
}

}  // namespace

Truth EvalTruth(const Context& ctx, int node) {
  const Node& n = (*ctx.nodes)[node];
  switch (n.op) {
    case Op::kBoolLit:
      return FromBool(n.boolean);
    case Op::kField: {
      const Slot& s = ctx.record->slots[n.ref];
      return s.known ? FromBool(s.boolean) : Truth::kUnknown;
    }
    case Op::kLet:
      if (ctx.memo) return Eval(ctx, node).truth;
      return EvalTruth(ctx, (*ctx.let_roots)[n.ref]);
    case Op::kAnd: {
      Truth a = EvalTruth(ctx, n.a);
      return a == Truth::kFalse ? a : And(a, EvalTruth(ctx, n.b));
    }
    case Op::kOr: {
      Truth a = EvalTruth(ctx, n.a);
      return a == Truth::kTrue ? a : Or(a, EvalTruth(ctx, n.b));
    }
    case Op::kNot:
      return Not(EvalTruth(ctx, n.a));
    default:
      return Eval(ctx, node).truth;
  }
}

void LetMemo::Reset(size_t lets) {
  if (++stamp_ == 0) {  // wrapped: forget every stamp
    std::fill(stamps_.begin(), stamps_.end(), 0);
    stamp_ = 1;
  }
  if (values_.size() < lets) {
    values_.resize(lets);
    stamps_.resize(lets, 0);
  }
}

Value LetMemo::Get(const Context& ctx, int let) {
  if (stamps_[let] == stamp_) return values_[let];
  Value v = Eval(ctx, (*ctx.let_roots)[let]);
  values_[let] = v;
  stamps_[let] = stamp_;
  return v;
}

Value Eval(const Context& ctx, int node) {
  const Node& n = (*ctx.nodes)[node];
  switch (n.op) {
    case Op::kBoolLit:
      return Bool(FromBool(n.boolean));
    case Op::kNumberLit:
      return Number(n.number);
    case Op::kDurationLit:
      return Seconds(n.seconds);
    case Op::kStringLit: {
      Value v;
      v.known = true;
      v.text = n.text;
      return v;
    }
    case Op::kEnumLit: {
      Value v;
      v.known = true;
      v.index = n.index;
      return v;
    }
    case Op::kNow:
      return Seconds(ctx.now);
    case Op::kField:
      return FieldValue(ctx, n);
    case Op::kLet:
      return ctx.memo ? ctx.memo->Get(ctx, n.ref) : Eval(ctx, (*ctx.let_roots)[n.ref]);
    case Op::kAnd:
    case Op::kOr:
    case Op::kNot:
      return Bool(EvalTruth(ctx, node));
    case Op::kEq:
    case Op::kNe:
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
      return Comparison(ctx, n);
    case Op::kIn:
    case Op::kNotIn:
      return Membership(ctx, n);
    case Op::kAdd:
    case Op::kSub:
      return Arithmetic(ctx, n);
    case Op::kNeg: {
      Value a = Eval(ctx, n.a);
      if (!a.known) return a;
      return n.type.kind == Kind::kNumber ? Number(-a.number) : Seconds(-a.seconds);
    }
    case Op::kKnown:
      return Bool(FromBool(Eval(ctx, n.a).known));
    case Op::kHoursBetween:
    case Op::kDaysBetween:
      return Between(ctx, n);
    case Op::kFieldIs: {
      const Slot& s = ctx.record->slots[n.ref];
      if (!s.known) return Unknown();
      uint32_t value = n.operand == Kind::kBool ? (s.boolean ? 1 : 0) : s.index;
      return Bool(FromBool((value == n.index) != n.boolean));
    }
    case Op::kListHas: {
      const Slot& s = ctx.record->slots[n.ref];
      if (!s.known) return Unknown();
      return Bool(FromBool((((s.bits >> n.index) & 1) != 0) != n.boolean));
    }
    case Op::kListLit:
    case Op::kName:
    case Op::kCall:
      break;
  }
  return Unknown();
}

void CollectUnknownFields(const Context& ctx, int node, const std::function<void(int)>& on_field) {
  if (ctx.memo) return CollectUnknown(ctx, node, on_field);
  // Evaluating at every node passed costs, through a chain of n lets, n^2/2
  // evaluations of a let without the memo (issue 13: 4095 lets read by 4096
  // rules took minutes per record). One memo per thread: no allocation per call.
  thread_local LetMemo memo;
  memo.Reset(ctx.let_roots ? ctx.let_roots->size() : 0);
  Context with_memo = ctx;
  with_memo.memo = &memo;
  CollectUnknown(with_memo, node, on_field);
}

namespace {

void CollectUnknown(const Context& ctx, int i, const std::function<void(int)>& on_field) {
  const Node& n = (*ctx.nodes)[i];
  if (n.op == Op::kKnown) return;  // never unknown
  if (Eval(ctx, i).known) return;
  switch (n.op) {
    case Op::kField:
    case Op::kFieldIs:
    case Op::kListHas:
      on_field(n.ref);
      return;
    case Op::kLet:
      CollectUnknown(ctx, (*ctx.let_roots)[n.ref], on_field);
      return;
    default:
      break;
  }
  if (n.a >= 0) CollectUnknown(ctx, n.a, on_field);
  if (n.b >= 0) CollectUnknown(ctx, n.b, on_field);
  if (n.op == Op::kListLit) {
    for (int item : n.items) CollectUnknown(ctx, item, on_field);
  }
}

}  // namespace

void CollectFields(const std::vector<Node>& nodes, const std::vector<int>& let_roots, int node,
                   const std::function<void(int)>& on_field) {
  const Node& n = nodes[node];
  switch (n.op) {
    case Op::kField:
    case Op::kFieldIs:
    case Op::kListHas:
      on_field(n.ref);
      return;
    case Op::kNow:
      on_field(-1);
      return;
    case Op::kLet:
      CollectFields(nodes, let_roots, let_roots[n.ref], on_field);
      return;
    default:
      break;
  }
  if (n.a >= 0) CollectFields(nodes, let_roots, n.a, on_field);
  if (n.b >= 0) CollectFields(nodes, let_roots, n.b, on_field);
  if (n.op == Op::kListLit) {
    for (int item : n.items) CollectFields(nodes, let_roots, item, on_field);
  }
}

std::string RenderValue(const Value& v, const Type& type, const std::vector<Field>& fields,
                        bool local_time) {
  if (!v.known) return "unknown";
  switch (type.kind) {
    case Kind::kBool:
      return v.truth == Truth::kTrue ? "yes" : "no";
    case Kind::kNumber: {
      // One decimal, truncated: 71.98 h must not read as "72 h" inside a 72 h window.
      double rounded = std::trunc(v.number * 10) / 10;
      // Beyond 2^53 a double has no fraction, and the cast to an integer
      // would overflow (a fuzzer finding): print such values as they are.
      if (!std::isfinite(rounded) || std::fabs(rounded) >= 9.0e15)
        return fmt::format("{}", rounded);
      return rounded == std::floor(rounded) ? fmt::format("{}", static_cast<int64_t>(rounded))
                                            : fmt::format("{:.1f}", rounded);
    }
    case Kind::kString:
      return std::string(v.text);
    case Kind::kEnum:
      return fields[type.field].values[v.index];
    case Kind::kDatetime: {
      const TimePoint t(std::chrono::seconds(v.seconds));
      return local_time ? FormatLocalDatetime(t) : FormatDatetime(t);
    }
    case Kind::kDuration:
      return FormatDuration(std::chrono::seconds(v.seconds));
    case Kind::kList: {
      std::string out;
      const Field& f = fields[type.field];
      for (size_t k = 0; k < f.values.size(); ++k) {
        if (!((v.bits >> k) & 1)) continue;
        if (!out.empty()) out += ", ";
        out += f.values[k];
      }
      return out.empty() ? "none" : out;
    }
    default:
      break;
  }
  return "unknown";
}

}  // namespace needlescreen::expr
