// Type checking: resolves names to fields and lets, gives every node a type,
// and turns string literals compared with enums into enum values, so that a
// misspelt enum value is a load error, never a silently false rule.
#include <fmt/format.h>

#include <algorithm>

#include "common/spellcheck.h"
#include "expr/expr.h"

namespace needlescreen::expr {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

int FindValue(const Field& field, std::string_view value) {
  for (size_t i = 0; i < field.values.size(); ++i) {
    if (EqualsIgnoreCase(field.values[i], value)) return static_cast<int>(i);
  }
  return -1;
}

std::string ValuesList(const Field& field) {
  return fmt::format("{}", fmt::join(field.values, ", "));
}

class Checker {
 public:
  Checker(std::vector<Node>& nodes, const Scope& scope, std::vector<Error>& errors)
      : nodes_(nodes), scope_(scope), errors_(errors) {}

  Type Visit(int i) {
    Type t = VisitUntyped(i);
    nodes_[i].type = t;
    return t;
  }

 private:
  const std::vector<Field>& fields() const { return *scope_.fields; }

  Type Fail(int i, std::string message) {
    errors_.push_back({nodes_[i].offset, std::move(message)});
    return Type{Kind::kError};
  }

  std::string Name(const Type& t) const { return TypeName(t, fields()); }

  Type VisitUntyped(int i) {
    Node& n = nodes_[i];
    switch (n.op) {
      case Op::kBoolLit:
        return {Kind::kBool};
      case Op::kNumberLit:
        return {Kind::kNumber};
      case Op::kStringLit:
        return {Kind::kString};
      case Op::kDurationLit:
        return {Kind::kDuration};
      case Op::kNow:
        return {Kind::kDatetime};
      case Op::kEnumLit:
      case Op::kField:
      case Op::kFieldIs:
      case Op::kListHas:
        return n.type;
      case Op::kLet:
        return scope_.let_types[n.ref];
      case Op::kListLit:
        return ListLiteral(i);
      case Op::kName:
        return Resolve(i);
      case Op::kAnd:
      case Op::kOr:
        return Logical(i);
      case Op::kNot:
        return Negation(i);
      case Op::kEq:
      case Op::kNe:
        return Equality(i);
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
        return Ordering(i);
      case Op::kIn:
      case Op::kNotIn:
        return Membership(i);
      case Op::kAdd:
      case Op::kSub:
        return Arithmetic(i);
      case Op::kNeg:
        return Minus(i);
      case Op::kCall:
        return Call(i);
      case Op::kKnown:
      case Op::kHoursBetween:
      case Op::kDaysBetween:
        return n.type;
    }
    return {Kind::kError};
  }

  Type Resolve(int i) {
    Node& n = nodes_[i];
    if (int k = scope_.FindLet(n.text); k >= 0) {
      n.op = Op::kLet;
      n.ref = k;
      return scope_.let_types[k];
    }
    if (int k = scope_.FindField(n.text); k >= 0) {
      const Field& f = fields()[k];
      n.op = Op::kField;
      n.ref = k;
      switch (f.type) {
        case FieldType::kBool:
          return {Kind::kBool};
        case FieldType::kNumber:
          return {Kind::kNumber};
        case FieldType::kString:
          return {Kind::kString};
        case FieldType::kEnum:
          return {Kind::kEnum, static_cast<int>(k)};
        case FieldType::kDatetime:
          return {Kind::kDatetime};
        case FieldType::kList:
          return {Kind::kList, static_cast<int>(k)};
      }
    }
    return Fail(i, fmt::format("unknown name '{}'{}", n.text, Suggestion(n.text)));
  }

  std::string Suggestion(std::string_view name) const {
    NearestWord nearest(name, &scope_.hint_budget);
    for (const Field& f : fields()) nearest.Consider(f.path);
    for (const std::string& l : scope_.let_names) nearest.Consider(l);
    return DidYouMean(nearest.best());
  }

  Type Logical(int i) {
    const char* word = nodes_[i].op == Op::kAnd ? "and" : "or";
    Type a = Visit(nodes_[i].a);
    Type b = Visit(nodes_[i].b);
    if (a.kind == Kind::kError || b.kind == Kind::kError) return {Kind::kError};
    if (a.kind != Kind::kBool) return Fail(nodes_[i].a, Operand(word, a));
    if (b.kind != Kind::kBool) return Fail(nodes_[i].b, Operand(word, b));
    return {Kind::kBool};
  }

  std::string Operand(std::string_view op, const Type& t) const {
    return fmt::format("'{}' needs true/false operands, found {}", op, Name(t));
  }

  Type Negation(int i) {
    Type a = Visit(nodes_[i].a);
    if (a.kind == Kind::kError) return a;
    if (a.kind != Kind::kBool) return Fail(nodes_[i].a, Operand("not", a));
    return {Kind::kBool};
  }

  // A string literal next to an enum becomes that enum's value, or an error.
  bool CoerceToEnum(int literal, const Type& enum_type) {
    Node& n = nodes_[literal];
    if (n.op != Op::kStringLit) return false;
    const Field& f = fields()[enum_type.field];
    int v = FindValue(f, n.text);
    if (v < 0) {
      Fail(literal, fmt::format("'{}' is not a value of {}; expected one of {}", n.text, f.path,
                                ValuesList(f)));
      n.type = {Kind::kError};
      return true;
    }
    n.op = Op::kEnumLit;
    n.index = static_cast<uint32_t>(v);
    n.type = {Kind::kEnum, enum_type.field};
    return true;
  }

  bool SameEnum(const Type& a, const Type& b) const {
    return a.field == b.field || fields()[a.field].values == fields()[b.field].values;
  }

  Type Equality(int i) {
    Node& n = nodes_[i];
    Type a = Visit(n.a);
    Type b = Visit(n.b);
    if (a.kind == Kind::kError || b.kind == Kind::kError) return {Kind::kError};
    if (a.kind == Kind::kEnum && b.kind == Kind::kString && CoerceToEnum(nodes_[i].b, a)) {
      return nodes_[nodes_[i].b].type.kind == Kind::kError ? Type{Kind::kError} : Type{Kind::kBool};
    }
    if (b.kind == Kind::kEnum && a.kind == Kind::kString && CoerceToEnum(nodes_[i].a, b)) {
      return nodes_[nodes_[i].a].type.kind == Kind::kError ? Type{Kind::kError} : Type{Kind::kBool};
    }
    bool ok = a.kind == b.kind && a.kind != Kind::kList && a.kind != Kind::kLiteralList &&
              (a.kind != Kind::kEnum || SameEnum(a, b));
    if (!ok) {
      return Fail(i, fmt::format("cannot compare {} with {}", Name(a), Name(b)));
    }
    return {Kind::kBool};
  }

  Type Ordering(int i) {
    Type a = Visit(nodes_[i].a);
    Type b = Visit(nodes_[i].b);
    if (a.kind == Kind::kError || b.kind == Kind::kError) return {Kind::kError};
    bool ordered =
        a.kind == Kind::kNumber || a.kind == Kind::kDatetime || a.kind == Kind::kDuration;
    if (a.kind != b.kind || !ordered) {
      return Fail(i, fmt::format("cannot order {} against {}; '<' and friends take numbers, "
                                 "datetimes or durations of one kind",
                                 Name(a), Name(b)));
    }
    return {Kind::kBool};
  }

  Type ListLiteral(int i) {
    for (int item : nodes_[i].items) {
      Type t = Visit(item);
      if (t.kind == Kind::kError) return t;
      if (t.kind != Kind::kString && t.kind != Kind::kNumber) {
        return Fail(item, fmt::format("list literals hold strings or numbers, found {}", Name(t)));
      }
    }
    return {Kind::kLiteralList};
  }

  Type Membership(int i) {
    Type a = Visit(nodes_[i].a);
    Type b = Visit(nodes_[i].b);
    if (a.kind == Kind::kError || b.kind == Kind::kError) return {Kind::kError};
    if (b.kind == Kind::kList) return InList(i, a, b);
    if (b.kind == Kind::kLiteralList) {
      // The items are checked and encoded in place, so a let holding a list
      // literal would be evaluated as an empty list: a rule that never fires.
      if (nodes_[nodes_[i].b].op != Op::kListLit) {
        return Fail(nodes_[i].b, "write the list literal after 'in' itself, not through a let");
      }
      return InLiteral(i, a);
    }
    return Fail(nodes_[i].b, fmt::format("'in' needs a list on its right, found {}", Name(b)));
  }

  // `"medial" in treatment.sites`
  Type InList(int i, Type a, const Type& list) {
    int left = nodes_[i].a;
    Type item{Kind::kEnum, list.field};
    if (a.kind == Kind::kString && CoerceToEnum(left, item)) {
      return nodes_[left].type.kind == Kind::kError ? Type{Kind::kError} : Type{Kind::kBool};
    }
    if (a.kind == Kind::kEnum && SameEnum(a, item)) return {Kind::kBool};
    return Fail(left, fmt::format("{} cannot be in {}", Name(a), Name(list)));
  }

  // `patient.needle_phobia in ["mild", "severe"]`
  Type InLiteral(int i, const Type& a) {
    Node& list = nodes_[nodes_[i].b];
    if (a.kind == Kind::kEnum) {
      uint64_t bits = 0;
      for (int item : list.items) {
        if (!CoerceToEnum(item, a)) return Fail(item, "expected a string value of the enum");
        if (nodes_[item].type.kind == Kind::kError) return {Kind::kError};
        bits |= uint64_t{1} << nodes_[item].index;
      }
      list.bits = bits;
      list.type = {Kind::kLiteralList, a.field};
      return {Kind::kBool};
    }
    for (int item : list.items) {
      if (nodes_[item].type.kind != a.kind) {
        return Fail(item, fmt::format("list item is {}, but the left side is {}",
                                      Name(nodes_[item].type), Name(a)));
      }
    }
    if (a.kind != Kind::kString && a.kind != Kind::kNumber) {
      return Fail(nodes_[i].a, fmt::format("{} cannot be in a list literal", Name(a)));
    }
    return {Kind::kBool};
  }

  Type Arithmetic(int i) {
    bool add = nodes_[i].op == Op::kAdd;
    Type a = Visit(nodes_[i].a);
    Type b = Visit(nodes_[i].b);
    if (a.kind == Kind::kError || b.kind == Kind::kError) return {Kind::kError};
    Kind x = a.kind, y = b.kind;
    if (x == Kind::kNumber && y == Kind::kNumber) return {Kind::kNumber};
    if (x == Kind::kDuration && y == Kind::kDuration) return {Kind::kDuration};
    if (x == Kind::kDatetime && y == Kind::kDuration) return {Kind::kDatetime};
    if (add && x == Kind::kDuration && y == Kind::kDatetime) return {Kind::kDatetime};
    if (!add && x == Kind::kDatetime && y == Kind::kDatetime) return {Kind::kDuration};
    return Fail(i, fmt::format("cannot {} {} {} {}", add ? "add" : "subtract", Name(b),
                               add ? "to" : "from", Name(a)));
  }

  Type Minus(int i) {
    Type a = Visit(nodes_[i].a);
    if (a.kind == Kind::kError) return a;
    if (a.kind != Kind::kNumber && a.kind != Kind::kDuration) {
      return Fail(i, fmt::format("cannot negate {}", Name(a)));
    }
    return a;
  }

  Type Call(int i) {
    Node& n = nodes_[i];
    std::string name = n.text;
    if (name == "known") return Known(i);
    if (name == "hours_between" || name == "days_between") return Between(i, name);
    return Fail(i, fmt::format("unknown function '{}'; expected known, hours_between or "
                               "days_between",
                               name));
  }

  Type Known(int i) {
    if (nodes_[i].items.size() != 1) return Fail(i, "known() takes one argument");
    Type t = Visit(nodes_[i].items[0]);
    if (t.kind == Kind::kError) return t;
    nodes_[i].op = Op::kKnown;
    nodes_[i].a = nodes_[i].items[0];
    return {Kind::kBool};
  }

  Type Between(int i, const std::string& name) {
    if (nodes_[i].items.size() != 2) return Fail(i, name + "() takes two datetimes");
    for (int arg : nodes_[i].items) {
      Type t = Visit(arg);
      if (t.kind == Kind::kError) return t;
      if (t.kind != Kind::kDatetime) {
        return Fail(arg, fmt::format("{}() takes datetimes, found {}", name, Name(t)));
      }
    }
    Node& n = nodes_[i];
    n.op = name == "hours_between" ? Op::kHoursBetween : Op::kDaysBetween;
    n.a = n.items[0];
    n.b = n.items[1];
    return {Kind::kNumber};
  }

  std::vector<Node>& nodes_;
  const Scope& scope_;
  std::vector<Error>& errors_;
};

}  // namespace

std::string TypeName(const Type& type, const std::vector<Field>& fields) {
  switch (type.kind) {
    case Kind::kBool:
      return "true/false";
    case Kind::kNumber:
      return "a number";
    case Kind::kString:
      return "a string";
    case Kind::kEnum:
      return type.field >= 0 ? fmt::format("a value of {}", fields[type.field].path) : "an enum";
    case Kind::kDatetime:
      return "a datetime";
    case Kind::kDuration:
      return "a duration";
    case Kind::kList:
      return type.field >= 0 ? fmt::format("the list {}", fields[type.field].path) : "a list";
    case Kind::kLiteralList:
      return "a list literal";
    case Kind::kError:
      break;
  }
  return "an invalid expression";
}

void Scope::AddLet(std::string name, int root, Type type) {
  // The first let of a name wins, as in a scan (the loader refuses duplicates).
  if (let_index.size() == let_names.size()) let_index.emplace(name, let_names.size());
  let_names.push_back(std::move(name));
  let_roots.push_back(root);
  let_types.push_back(type);
}

void Scope::IndexFields() {
  field_index.clear();
  for (size_t k = 0; k < fields->size(); ++k) field_index.emplace((*fields)[k].path, k);
}

int Scope::FindField(std::string_view path) const {
  if (field_index.size() == fields->size() && !field_index.empty()) {
    auto it = field_index.find(std::string(path));
    return it == field_index.end() ? -1 : it->second;
  }
  for (size_t k = 0; k < fields->size(); ++k) {
    if ((*fields)[k].path == path) return static_cast<int>(k);
  }
  return -1;
}

int Scope::FindLet(std::string_view name) const {
  if (let_index.size() == let_names.size() && !let_index.empty()) {
    auto it = let_index.find(std::string(name));
    return it == let_index.end() ? -1 : it->second;
  }
  for (size_t k = 0; k < let_names.size(); ++k) {
    if (let_names[k] == name) return static_cast<int>(k);
  }
  return -1;
}

Type Check(std::vector<Node>& nodes, int root, const Scope& scope, std::vector<Error>& errors) {
  Checker checker(nodes, scope, errors);
  return checker.Visit(root);
}

}  // namespace needlescreen::expr
