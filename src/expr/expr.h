// The rule expression language: parse -> check -> evaluate (SPEC §2).
// Expressions of a pack share one node arena; an expression is its root index.
#ifndef NEEDLESCREEN_EXPR_EXPR_H_
#define NEEDLESCREEN_EXPR_EXPR_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/spellcheck.h"
#include "needlescreen/fields.h"
#include "needlescreen/record.h"
#include "needlescreen/truth.h"

namespace needlescreen::expr {

// Limits that keep hostile rule files from exhausting the stack (SPEC §6).
inline constexpr size_t kMaxExprLength = 4096;
inline constexpr int kMaxExprDepth = 64;

enum class Kind : uint8_t {
  kBool,
  kNumber,
  kString,
  kEnum,  // a value of an enum field (or of a list field's items)
  kDatetime,
  kDuration,
  kList,  // a list field's value: a set of its values
  kLiteralList,
  kError,  // already reported; suppresses follow-on errors
};

struct Type {
  Kind kind = Kind::kError;
  int field = -1;  // kEnum / kList: the field whose `values` name the items
};

// "bool", "number", ... "list of <values>" for messages.
std::string TypeName(const Type& type, const std::vector<Field>& fields);

enum class Op : uint8_t {
  kBoolLit,
  kNumberLit,
  kStringLit,
  kDurationLit,
  kEnumLit,
  kListLit,
  kName,  // an identifier before checking resolves it
  kField,
  kLet,
  kNow,
  kAnd,
  kOr,
  kNot,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kIn,
  kNotIn,
  kAdd,
  kSub,
  kNeg,
  kKnown,
  kHoursBetween,
  kDaysBetween,
  kCall,  // an unresolved function call before checking
  // Made by Optimize() from checked trees; evaluation reads one slot.
  kFieldIs,  // bool/enum field `ref` == value `index` (negated when `boolean`)
  kListHas,  // list field `ref` holds value `index` (negated when `boolean`)
};

// ==, !=, <, <=, > or >=: the ops whose operands are compared by value.
constexpr bool IsComparison(Op op) { return op >= Op::kEq && op <= Op::kGe; }

struct Node {
  Op op = Op::kBoolLit;
  Type type;
  uint32_t offset = 0;     // byte offset in the expression text, for diagnostics
  int a = -1, b = -1;      // operands
  std::vector<int> items;  // list literal items, call arguments
  bool boolean = false;
  double number = 0;
  int64_t seconds = 0;          // durations
  uint64_t bits = 0;            // enum-set literal (list literal checked against an enum field)
  uint32_t index = 0;           // enum literal
  int ref = -1;                 // kField, kFieldIs, kListHas: field index; kLet: let index
  uint16_t begin = 0, end = 0;  // whole source span, operands and parens in (16 bits: 128 B)
  Kind operand = Kind::kError;  // kFieldIs: the field's kind (bool or enum)
  std::string text;             // string literal, identifier, function name
};

struct Error {
  uint32_t offset = 0;
  std::string message;
};

// What names mean while checking: the pack's fields and the lets defined so far.
struct Scope {
  const std::vector<Field>* fields = nullptr;
  std::vector<std::string> let_names;
  std::vector<int> let_roots;
  std::vector<Type> let_types;
  // Optional indexes of `fields` by path and `let_names` by name, for packs
  // with thousands of names (issue 13: lookups were quadratic). An index is
  // used only while it covers every entry; otherwise lookup is a scan.
  std::unordered_map<std::string, int> field_index;
  std::unordered_map<std::string, int> let_index;
  // Work left for "did you mean" hints: shared by every check under this
  // scope, so a pack full of unknown names costs a bounded time; once spent,
  // errors come without a hint.
  mutable SpellcheckBudget hint_budget;

  // Adds a let (in definition order) and indexes it.
  void AddLet(std::string name, int root, Type type);
  // Indexes `*fields`; call again after `*fields` changes.
  void IndexFields();
  int FindField(std::string_view path) const;  // index or -1
  int FindLet(std::string_view name) const;    // index or -1
};

// Parses `text` into `nodes`; returns the root index, or -1 with `error` set.
int Parse(std::string_view text, std::vector<Node>& nodes, Error& error);

// Resolves names and types under `root`, in place. Every problem found is
// appended to `errors`. Returns the root's type (kError if any problem).
Type Check(std::vector<Node>& nodes, int root, const Scope& scope, std::vector<Error>& errors);

// Rewrites checked subtrees under `root` into cheaper equivalents, in place:
// `field == constant` on bool and enum fields, `"v" in list_field`. Verdicts,
// unknowns and the fields read are unchanged.
void Optimize(std::vector<Node>& nodes, int root);

// A value during evaluation. `known` false is the unknown of SPEC §1.2; for
// booleans `truth` carries it too.
// Which member holds the value follows the node's Kind: bool -> truth,
// number -> number, datetime/duration -> seconds (since the epoch), enum ->
// index, list -> bits, string -> text. The union keeps Value at 32 bytes:
// evaluation returns it by value at every node (the profile's hottest path).
// A union has one member initialised (`seconds = 0`); clang-tidy 14 asks the
// other two to be as well, which C++ does not allow.
// NOLINTNEXTLINE(cppcoreguidelines-pro-type-member-init): false positive (above)
struct Value {
  bool known = false;
  Truth truth = Truth::kUnknown;
  uint32_t index = 0;
  union {
    int64_t seconds = 0;
    double number;
    uint64_t bits;
  };
  std::string_view text;
};

struct LetMemo;

// What evaluation reads: the record, the screening time, and the pack's lets.
struct Context {
  const std::vector<Node>* nodes = nullptr;
  const std::vector<int>* let_roots = nullptr;
  const Record* record = nullptr;
  int64_t now = 0;
  // When set, each let is evaluated once and its value reused (for walks that
  // evaluate every node they pass, where a chain of lets made them quadratic).
  LetMemo* memo = nullptr;
};

// The values of a pack's lets for one record, each evaluated once. Reset()
// before each use (new record or new evaluation); not thread-safe.
struct LetMemo {
  void Reset(size_t lets);
  Value Get(const Context& ctx, int let);

 private:
  std::vector<Value> values_;
  std::vector<uint32_t> stamps_;  // == stamp_: values_ holds this use's value
  uint32_t stamp_ = 0;
};

Value Eval(const Context& ctx, int node);

// Eval for a true/false node, without building a Value: conditions are
// evaluated once per rule per record, and and/or/not chains dominate them.
Truth EvalTruth(const Context& ctx, int node);

// Calls `on_field` for every missing field that makes `node` unknown, looking
// only into operands that are themselves unknown (a field that cannot change
// the result is not asked for).
void CollectUnknownFields(const Context& ctx, int node, const std::function<void(int)>& on_field);

// Calls `on_field` for every field `node` reads (through lets too); -1 for `now`.
void CollectFields(const std::vector<Node>& nodes, const std::vector<int>& let_roots, int node,
                   const std::function<void(int)>& on_field);

// Renders a known value of `type` for messages; a datetime as FormatDatetime
// writes it, or FormatLocalDatetime when `local_time` (text for people).
std::string RenderValue(const Value& value, const Type& type, const std::vector<Field>& fields,
                        bool local_time = false);

}  // namespace needlescreen::expr

#endif  // NEEDLESCREEN_EXPR_EXPR_H_
