// Compiling a read pack: every expression parsed and type-checked against the
// fields, every message placeholder resolved, all errors reported at once.
#include <fmt/format.h>

#include <algorithm>

#include "pack/compiled.h"
#include "pack/sites.h"

namespace needlescreen::pack {
namespace {

using expr::Kind;
using internal::CompiledPack;
using internal::CompiledRule;
using internal::Segment;

class Compiler {
 public:
  Compiler(Pack& pack, const PackSites& sites, Diagnostics& diagnostics, CompiledPack& out)
      : pack_(pack), sites_(sites), diags_(diagnostics), out_(out) {
    scope_.fields = &pack_.fields;
    scope_.IndexFields();
  }

  void Run() {
    for (size_t i = 0; i < pack_.fields.size(); ++i) CompileBounds(i);
    for (size_t i = 0; i < pack_.lets.size(); ++i) CompileLet(i);
    for (size_t i = 0; i < pack_.alternatives.size(); ++i) CompileAlternative(i);
    for (size_t i = 0; i < pack_.rules.size(); ++i) CompileRule(i);
  }

 private:
  // Parses and checks one expression; returns its root, or -1 after reporting.
  int Compile(const std::string& text, const Site& site, expr::Type* type) {
    expr::Error error;
    int root = expr::Parse(text, out_.nodes, error);
    if (root < 0) {
      diags_.push_back(site.file->InScalar(site.pos, text, error.offset, error.message));
      return -1;
    }
    std::vector<expr::Error> errors;
    *type = expr::Check(out_.nodes, root, scope_, errors);
    for (const expr::Error& e : errors) {
      diags_.push_back(site.file->InScalar(site.pos, text, e.offset, e.message));
    }
    // kError with no error of its own: it uses an invalid let, already reported.
    // No second "must be true/false" error, and no root whose let has none.
    if (!errors.empty() || type->kind == Kind::kError) return -1;
    // Lets used twice by the next let double at each step (`b: a and a`,
    // `c: b and b`, ...): without a bound, evaluating one record could take
    // exponential time (SPEC §6: no hang on hostile rule files).
    last_size_ = ExpandedSize(root);
    if (last_size_ > kMaxExpandedNodes) {
      diags_.push_back(site.file->InScalar(
          site.pos, text, 0,
          fmt::format("expression too large once its lets are expanded ({} nodes; the limit is {})",
                      last_size_, kMaxExpandedNodes)));
      return -1;
    }
    expr::Optimize(out_.nodes, root);
    return root;
  }

  // Nodes evaluated for `root` with every let inlined (saturating).
  size_t ExpandedSize(int root) const {
    const expr::Node& n = out_.nodes[root];
    size_t size = 1;
    if (n.op == expr::Op::kLet) size += let_sizes_[n.ref];
    if (n.a >= 0) size += ExpandedSize(n.a);
    if (n.b >= 0) size += ExpandedSize(n.b);
    for (int item : n.items) size += ExpandedSize(item);
    return std::min(size, kMaxExpandedNodes + 1);
  }

  // A condition: its root, or -1 after reporting (also when it is no bool).
  int CompileCondition(const std::string& text, const Site& site, std::string_view key) {
    expr::Type type;
    int root = Compile(text, site, &type);
    if (root >= 0 && type.kind != Kind::kBool) {
      diags_.push_back(site.file->InScalar(
          site.pos, text, 0,
          fmt::format("'{}' must be true/false, found {}", key, TypeName(type, pack_.fields))));
      return -1;
    }
    return root;
  }

  // Issue 15: a bound is the field's own type and reads no field (a range
  // that moved with the record's own answers would check nothing).
  int CompileBound(const Field& f, const std::string& text, const Site& site,
                   std::string_view key) {
    expr::Type type;
    int root = Compile(text, site, &type);
    if (root < 0) return -1;
    Kind want = f.type == FieldType::kNumber ? Kind::kNumber : Kind::kDatetime;
    if (type.kind != want) {
      diags_.push_back(site.file->InScalar(
          site.pos, text, 0,
          fmt::format("'{}' of {} field '{}' must be a {}{}, found {}", key, FieldTypeName(f.type),
                      f.path, FieldTypeName(f.type),
                      want == Kind::kDatetime ? " (e.g. now, or now - 36500d)" : "",
                      TypeName(type, pack_.fields))));
      return -1;
    }
    bool reads_field = false;
    expr::CollectFields(out_.nodes, out_.let_roots, root,
                        [&](int field) { reads_field = reads_field || field >= 0; });
    if (reads_field) {
      diags_.push_back(site.file->InScalar(
          site.pos, text, 0,
          fmt::format("'{}' of field '{}' may read only `now` and constants, not fields", key,
                      f.path)));
      return -1;
    }
    return root;
  }

  void CompileBounds(size_t i) {
    const Field& f = pack_.fields[i];
    if (f.min.empty() && f.max.empty()) return;
    const FieldBoundSites& s = sites_.bounds[i];
    internal::FieldBound b;
    b.field = static_cast<int>(i);
    if (!f.min.empty()) b.min = CompileBound(f, f.min, s.min, "min");
    if (!f.max.empty()) b.max = CompileBound(f, f.max, s.max, "max");
    if (b.min >= 0 || b.max >= 0) out_.bounds.push_back(b);
  }

  void CompileAlternative(size_t i) {
    const Alternative& a = pack_.alternatives[i];
    out_.alternative_whens.push_back(
        a.when.empty() ? -1 : CompileCondition(a.when, sites_.alternative_whens[i], "when"));
  }

  void CompileLet(size_t i) {
    const Let& let = pack_.lets[i];
    expr::Type type;
    int root = let.expr.empty() ? -1 : Compile(let.expr, sites_.lets[i], &type);
    if (let.expr.empty()) diags_.push_back(sites_.lets[i].Error("a let needs an expression"));
    if (root < 0) type = {Kind::kError};
    // Later lets may refer to this one; an invalid let stays in scope so its
    // uses do not produce a second, misleading "unknown name" error.
    let_sizes_.push_back(root < 0 ? 1 : last_size_);
    scope_.AddLet(let.name, root, type);
    out_.let_roots.push_back(root);
    out_.let_types.push_back(type);
  }

  void CompileRule(size_t i) {
    const Rule& rule = pack_.rules[i];
    const RuleSites& s = sites_.rules[i];
    CompiledRule c;
    expr::Type type;
    if (!rule.when.empty()) {
      c.when = Compile(rule.when, s.when, &type);
      if (c.when >= 0 && type.kind != Kind::kBool) {
        diags_.push_back(s.when.file->InScalar(
            s.when.pos, rule.when, 0,
            fmt::format("'when' must be true/false, found {}", TypeName(type, pack_.fields))));
      }
    }
    if (!rule.resume.empty()) {
      c.resume = Compile(rule.resume, s.resume, &type);
      if (c.resume >= 0 && type.kind != Kind::kDatetime) {
        diags_.push_back(s.resume.file->InScalar(
            s.resume.pos, rule.resume, 0,
            fmt::format("'resume' must be a datetime (e.g. injury.onset + 72h), found {}",
                        TypeName(type, pack_.fields))));
      }
    }
    if (!rule.resume_while.empty()) {
      c.resume_while = CompileCondition(rule.resume_while, s.resume_while, "resume_when while");
    }
    c.message = CompileMessage(rule.message, s.message);
    CheckAlternatives(rule, s);
    CollectReads(c);
    out_.rules.push_back(std::move(c));
  }

  void CollectReads(CompiledRule& c) const {
    // Up to kMaxExpandedNodes reads per rule: a flag per field, not a search.
    std::vector<bool> seen(pack_.fields.size());
    auto add = [&](int f) {
      if (f < 0) {
        c.reads_now = true;
      } else if (!seen[f]) {
        seen[f] = true;
        c.fields_read.push_back(f);
      }
    };
    if (c.when >= 0) expr::CollectFields(out_.nodes, out_.let_roots, c.when, add);
    std::sort(c.fields_read.begin(), c.fields_read.end());
  }

  // "{path}" placeholders name a field or let; "{{" and "}}" are literal braces.
  // At most kMaxPlaceholders, and at most kMaxMessageBytes once they are filled
  // in with the longest value each can take (issue 13: 100k `{id}` made one
  // record's message 819 MB).
  std::vector<Segment> CompileMessage(const std::string& text, const Site& site) {
    std::vector<Segment> segments = SplitMessage(text, site);
    size_t longest = 0, placeholders = 0, expanded = 0;
    for (const Segment& s : segments) {
      if (s.field < 0 && s.let < 0) {
        longest += s.text.size();
        continue;
      }
      ++placeholders;
      if (s.let >= 0) expanded += let_sizes_[s.let];
      longest +=
          s.field >= 0 ? LongestValue(pack_.fields[s.field]) : LongestValue(out_.let_types[s.let]);
    }
    // Filling in a let evaluates it: a message costs what an expression does.
    if (expanded > kMaxExpandedNodes) {
      diags_.push_back(site.file->InScalar(
          site.pos, text, 0,
          fmt::format("message too large once its lets are expanded ({} nodes; the limit is {})",
                      expanded, kMaxExpandedNodes)));
    }
    if (placeholders <= kMaxPlaceholders && longest > kMaxMessageBytes) {
      diags_.push_back(site.file->InScalar(
          site.pos, text, 0,
          fmt::format("message too long once its placeholders are filled in (up to {} bytes; the "
                      "limit is {})",
                      longest, kMaxMessageBytes)));
    }
    return segments;
  }

  // The longest text a placeholder of this field can become ("unknown" at least).
  static size_t LongestValue(const Field& f) {
    switch (f.type) {
      case FieldType::kString:
        return kMaxStringBytes;
      case FieldType::kEnum:
      case FieldType::kList: {
        size_t longest = 0, all = 0;
        for (const std::string& v : f.values) {
          longest = std::max(longest, v.size());
          all += v.size() + 2;  // ", "
        }
        return std::max<size_t>(kShortValueBytes, f.type == FieldType::kEnum ? longest : all);
      }
      default:
        return kShortValueBytes;
    }
  }

  size_t LongestValue(const expr::Type& type) const {
    switch (type.kind) {
      case Kind::kString:
        return kMaxStringBytes;  // a field's value, or a literal (shorter than an expression)
      case Kind::kEnum:
      case Kind::kList: {
        Field f = pack_.fields[type.field];
        f.type = type.kind == Kind::kEnum ? FieldType::kEnum : FieldType::kList;
        return LongestValue(f);
      }
      default:
        return kShortValueBytes;
    }
  }

  std::vector<Segment> SplitMessage(const std::string& text, const Site& site) {
    std::vector<Segment> segments;
    std::string literal;
    size_t placeholders = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
        literal.push_back(c);
        ++i;
        continue;
      }
      if (c == '}') {
        diags_.push_back(site.file->InScalar(site.pos, text, i, "unmatched '}' (write '}}')"));
        continue;
      }
      if (c != '{') {
        literal.push_back(c);
        continue;
      }
      size_t end = text.find('}', i);
      if (end == std::string::npos) {
        diags_.push_back(site.file->InScalar(site.pos, text, i, "unclosed '{' (write '{{')"));
        break;
      }
      if (++placeholders > kMaxPlaceholders) {
        diags_.push_back(site.file->InScalar(
            site.pos, text, i,
            fmt::format("a message has at most {} placeholders", kMaxPlaceholders)));
        break;
      }
      if (!literal.empty()) segments.push_back({std::move(literal)});
      literal.clear();
      segments.push_back(Placeholder(text.substr(i + 1, end - i - 1), text, i + 1, site));
      i = end;
    }
    if (!literal.empty()) segments.push_back({std::move(literal)});
    return segments;
  }

  Segment Placeholder(const std::string& name, const std::string& text, size_t offset,
                      const Site& site) {
    Segment s;
    s.field = scope_.FindField(name);
    if (s.field >= 0) return s;
    s.let = scope_.FindLet(name);
    if (s.let >= 0) return s;
    // Reuse the checker's "did you mean" by checking the name as an expression.
    std::vector<expr::Node> scratch;
    expr::Error parse_error;
    int root = expr::Parse(name, scratch, parse_error);
    std::string message =
        fmt::format("unknown placeholder '{{{}}}'; expected a field or let name", name);
    if (root >= 0 && scratch[root].op == expr::Op::kName) {
      std::vector<expr::Error> errors;
      expr::Check(scratch, root, scope_, errors);
      if (!errors.empty()) message = "placeholder: " + errors.front().message;
    }
    diags_.push_back(site.file->InScalar(site.pos, text, offset, message));
    return s;
  }

  void CheckAlternatives(const Rule& rule, const RuleSites& s) {
    for (const std::string& id : rule.alternatives) {
      bool found = std::any_of(pack_.alternatives.begin(), pack_.alternatives.end(),
                               [&](const Alternative& a) { return a.id == id; });
      if (!found) {
        diags_.push_back(s.alternatives.Error(fmt::format(
            "rule '{}' names alternative '{}', which the pack does not declare", rule.id, id)));
      }
    }
  }

  Pack& pack_;
  const PackSites& sites_;
  Diagnostics& diags_;
  CompiledPack& out_;
  expr::Scope scope_;
  std::vector<size_t> let_sizes_;  // expanded size of each let, for ExpandedSize
  size_t last_size_ = 0;
  static constexpr size_t kMaxExpandedNodes = 10000;
  static constexpr size_t kMaxPlaceholders = 32;
  static constexpr size_t kMaxMessageBytes = 65536;
  // bool, number, datetime, duration, "unknown": short whatever the value.
  static constexpr size_t kShortValueBytes = 32;
};

}  // namespace

void CompilePack(Pack& pack, const PackSites& sites, Diagnostics& diagnostics) {
  auto compiled = std::make_shared<CompiledPack>();
  Compiler compiler(pack, sites, diagnostics, *compiled);
  compiler.Run();
  pack.compiled = std::move(compiled);
}

}  // namespace needlescreen::pack
