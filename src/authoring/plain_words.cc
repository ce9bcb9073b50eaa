// Plain-English phrasing of compiled expressions. Negation is pushed inward
// as far as the words allow ("is not severe", "none of: ...") because a
// reader parses "not (not (...))" no better than code; the Kleene meaning is
// unchanged, since a negated comparison is unknown exactly when it is.
#include "authoring/plain_words.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "needlescreen/time.h"
#include "pack/compiled.h"
#include "screen/explain.h"

namespace needlescreen::authoring {
namespace {

using expr::Kind;
using expr::Node;
using expr::Op;

// `needle_phobia` -> `needle phobia`, `patient.consent` -> `patient consent`.
std::string Words(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', ' ');
  std::replace(out.begin(), out.end(), '.', ' ');
  return out;
}

// "a", "a or b", "a, b or c".
std::string Alternatives(const std::vector<std::string>& items, std::string_view last) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? fmt::format(" {} ", last) : ", ";
    out += items[i];
  }
  return out;
}

bool IsChain(Op op) { return op == Op::kAnd || op == Op::kOr; }

// Comparison words, indexed by Op::kLt..kGe; a negated comparison swaps
// `<` with `>=` and `<=` with `>`.
constexpr std::string_view kQuantity[] = {"is under", "is at most", "is over", "is at least"};
constexpr std::string_view kTime[] = {"is before", "is at or before", "is after", "is at or after"};

class Phrasing {
 public:
  // `text` is the source of the expression the nodes come from (durations
  // are phrased as written: 72h is "72 hours", not "3 days").
  Phrasing(const PlainWords& words, const Pack& pack, std::string_view text)
      : words_(words), pack_(pack), text_(text) {}

  std::string Condition(int i, bool negated) const {
    const Node& n = node(i);
    switch (n.op) {
      case Op::kNot:
        return Condition(n.a, !negated);
      case Op::kAnd:
      case Op::kOr:
        return Chain(i, negated);
      case Op::kBoolLit:
        return n.boolean != negated ? "always" : "never";
      case Op::kFieldIs:
        return FieldIs(n, negated);
      case Op::kListHas:
        return Includes(words_.FieldName(n.ref), EnumValue(n.ref, n.index), negated != n.boolean);
      case Op::kEq:
      case Op::kNe:
        return Equality(n, negated != (n.op == Op::kNe));
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
        return Ordering(n, negated);
      case Op::kIn:
      case Op::kNotIn:
        return Membership(n, negated != (n.op == Op::kNotIn));
      case Op::kKnown:
        return Value(n.a) + (negated ? " is not known" : " is known");
      default:
        // A bool field or let: "swelling", "swelling is no".
        return Value(i) + (negated ? " is no" : "");
    }
  }

  std::string Value(int i) const {
    const Node& n = node(i);
    switch (n.op) {
      case Op::kField:
        return words_.FieldName(n.ref);
      case Op::kLet:
        return words_.LetName(n.ref);
      case Op::kNow:
        return "now";
      case Op::kBoolLit:
        return n.boolean ? "yes" : "no";
      case Op::kNumberLit:
        return fmt::format("{}", n.number);
      case Op::kStringLit:
        return fmt::format("\"{}\"", n.text);
      case Op::kEnumLit:
        return EnumValue(n.type.field, n.index);
      case Op::kDurationLit:
        return Duration(n);
      case Op::kListLit:
        return ItemList(n, "or");
      case Op::kAdd:
      case Op::kSub:
        return Arithmetic(n);
      case Op::kNeg:
        return "minus " + Value(n.a);
      case Op::kHoursBetween:
      case Op::kDaysBetween:
        return Between(n);
      default:
        return Condition(i, false);
    }
  }

 private:
  const Node& node(int i) const { return pack_.compiled->nodes[i]; }

  std::string EnumValue(int field, uint32_t index) const {
    const Field& f = pack_.fields[field];
    return index < f.values.size() ? f.values[index] : "?";
  }

  // An `and` / `or` chain, flattened: `a or b or c` is one list of three.
  std::string Chain(int i, bool negated) const {
    Op op = node(i).op;
    std::vector<std::string> items;
    Flatten(i, op, items);
    bool all = op == Op::kAnd;
    if (items.size() == 2) {
      if (!negated) return fmt::format("{} {} {}", items[0], all ? "and" : "or", items[1]);
      return all ? fmt::format("not both {} and {}", items[0], items[1])
                 : fmt::format("neither {} nor {}", items[0], items[1]);
    }
    std::string_view head =
        all ? (negated ? "not all of" : "all of") : (negated ? "none of" : "any of");
    return fmt::format("{}: {}", head, fmt::join(items, ", "));
  }

  void Flatten(int i, Op op, std::vector<std::string>& items) const {
    const Node& n = node(i);
    if (n.op != op) {
      items.push_back(Operand(i));
      return;
    }
    Flatten(n.a, op, items);
    Flatten(n.b, op, items);
  }

  // A chain inside a chain keeps its own parentheses, or "any of: a, b and
  // c" would be ambiguous.
  std::string Operand(int i) const {
    int inner = i;
    while (node(inner).op == Op::kNot) inner = node(inner).a;
    std::string words = Condition(i, false);
    return IsChain(node(inner).op) ? "(" + words + ")" : words;
  }

  std::string FieldIs(const Node& n, bool negated) const {
    negated = negated != n.boolean;
    std::string name = words_.FieldName(n.ref);
    if (n.operand == Kind::kBool) return (n.index == 1) != negated ? name : name + " is no";
    return fmt::format("{} {} {}", name, negated ? "is not" : "is", EnumValue(n.ref, n.index));
  }

  static std::string Includes(const std::string& list, const std::string& item, bool negated) {
    return fmt::format("{} {} {}", list, negated ? "do not include" : "include", item);
  }

  std::string Equality(const Node& n, bool negated) const {
    for (auto [value, literal] : {std::pair{n.a, n.b}, std::pair{n.b, n.a}}) {
      if (node(literal).op == Op::kBoolLit) {
        std::string name = Value(value);
        return node(literal).boolean != negated ? name : name + " is no";
      }
    }
    return fmt::format("{} {} {}", Value(n.a), negated ? "is not" : "is", WithUnit(n.a, n.b));
  }

  std::string Ordering(const Node& n, bool negated) const {
    int k = static_cast<int>(n.op) - static_cast<int>(Op::kLt);
    if (negated) k = 3 - k;
    bool time = node(n.a).type.kind == Kind::kDatetime;
    return fmt::format("{} {} {}", Value(n.a), time ? kTime[k] : kQuantity[k], WithUnit(n.a, n.b));
  }

  // `weight < 72` reads "weight is under 72 kg" when the field has a unit.
  std::string WithUnit(int field, int literal) const {
    std::string value = Value(literal);
    const Node& f = node(field);
    if (f.op != Op::kField || node(literal).op != Op::kNumberLit) return value;
    const std::string& unit = pack_.fields[f.ref].unit;
    return unit.empty() ? value : value + " " + unit;
  }

  std::string Membership(const Node& n, bool negated) const {
    const Node& list = node(n.b);
    if (list.op != Op::kListLit) return Includes(Value(n.b), Value(n.a), negated);
    std::string subject = Value(n.a);
    if (list.items.size() == 1) {
      return fmt::format("{} {} {}", subject, negated ? "is not" : "is", Value(list.items[0]));
    }
    if (!negated) return subject + " is " + ItemList(list, "or");
    if (list.items.size() == 2) {
      return fmt::format("{} is neither {} nor {}", subject, Value(list.items[0]),
                         Value(list.items[1]));
    }
    return fmt::format("{} is none of {}", subject, ItemList(list, "and"));
  }

  std::string ItemList(const Node& list, std::string_view last) const {
    std::vector<std::string> items;
    for (int item : list.items) items.push_back(Value(item));
    return Alternatives(items, last);
  }

  // As written: `72h` is "72 hours", `1d` "1 day".
  std::string Duration(const Node& n) const {
    std::string text = screen::NodeText(text_, n);
    if (text.size() < 2) text = FormatDuration(std::chrono::seconds(n.seconds));
    static const std::map<char, std::string_view> kUnits = {
        {'s', "second"}, {'m', "minute"}, {'h', "hour"}, {'d', "day"}, {'w', "week"}};
    auto unit = kUnits.find(text.back());
    if (unit == kUnits.end()) return text;
    std::string count = text.substr(0, text.size() - 1);
    return fmt::format("{} {}{}", count, unit->second, count == "1" ? "" : "s");
  }

  std::string Arithmetic(const Node& n) const {
    Kind a = node(n.a).type.kind, b = node(n.b).type.kind;
    bool add = n.op == Op::kAdd;
    if (a == Kind::kDatetime && b == Kind::kDuration) {
      return fmt::format("{} {} {}", Value(n.b), add ? "after" : "before", Value(n.a));
    }
    if (add && a == Kind::kDuration && b == Kind::kDatetime) {
      return fmt::format("{} after {}", Value(n.a), Value(n.b));
    }
    if (!add && a == Kind::kDatetime && b == Kind::kDatetime) {
      if (node(n.a).op == Op::kNow) return "the time since " + Value(n.b);
      if (node(n.b).op == Op::kNow) return "the time until " + Value(n.a);
      return fmt::format("the time from {} to {}", Value(n.b), Value(n.a));
    }
    return fmt::format("{} {} {}", Value(n.a), add ? "plus" : "minus", Value(n.b));
  }

  std::string Between(const Node& n) const {
    std::string_view unit = n.op == Op::kHoursBetween ? "hours" : "days";
    if (node(n.b).op == Op::kNow) return fmt::format("{} since {}", unit, Value(n.a));
    if (node(n.a).op == Op::kNow) return fmt::format("{} until {}", unit, Value(n.b));
    return fmt::format("{} from {} to {}", unit, Value(n.a), Value(n.b));
  }

  const PlainWords& words_;
  const Pack& pack_;
  std::string_view text_;
};

}  // namespace

PlainWords::PlainWords(const Pack& pack) : pack_(pack) {
  std::map<std::string, int> uses;
  auto last = [](const std::string& path) { return path.substr(path.rfind('.') + 1); };
  for (const Field& f : pack.fields) ++uses[last(f.path)];
  for (const Field& f : pack.fields) {
    field_names_.push_back(Words(uses[last(f.path)] == 1 ? last(f.path) : f.path));
  }
}

std::string FieldTypeWords(const Field& field) {
  switch (field.type) {
    case FieldType::kBool:
      return "true or false (yes/no)";
    case FieldType::kNumber:
      return field.unit.empty() ? "a number" : fmt::format("a number, in {}", field.unit);
    case FieldType::kString:
      return "text";
    case FieldType::kEnum:
      return fmt::format("one of: {}", fmt::join(field.values, ", "));
    case FieldType::kDatetime:
      return "an ISO 8601 date and time, e.g. 2026-11-24T21:00:00Z (no offset: local time)";
    case FieldType::kList:
      return fmt::format("a list of any of: {}; e.g. [{}]", fmt::join(field.values, ", "),
                         field.values.empty() ? "" : field.values.front());
  }
  return "";
}

std::string PlainWords::FieldName(int field) const { return field_names_[field]; }

std::string PlainWords::LetName(int let) const { return Words(pack_.lets[let].name); }

std::string PlainWords::When(int rule) const {
  int root = pack_.compiled->rules[rule].when;
  if (root < 0) return "always";
  return Phrasing(*this, pack_, pack_.rules[rule].when).Condition(root, false);
}

std::string PlainWords::Resume(int rule) const {
  int root = pack_.compiled->rules[rule].resume;
  if (root < 0) return "";
  // `resume: acute_resume` says nothing; its definition does.
  std::string_view text = pack_.rules[rule].resume;
  const auto& compiled = *pack_.compiled;
  for (int hops = 0; compiled.nodes[root].op == Op::kLet && hops < 64; ++hops) {
    int let = compiled.nodes[root].ref;
    text = pack_.lets[let].expr;
    root = compiled.let_roots[let];
  }
  return Phrasing(*this, pack_, text).Value(root);
}

std::string PlainWords::Let(int let) const {
  int root = pack_.compiled->let_roots[let];
  if (root < 0) return "";
  const Node& n = pack_.compiled->nodes[root];
  Phrasing phrasing(*this, pack_, pack_.lets[let].expr);
  return n.type.kind == Kind::kBool ? phrasing.Condition(root, false) : phrasing.Value(root);
}

}  // namespace needlescreen::authoring
