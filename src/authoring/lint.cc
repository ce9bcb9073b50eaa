// Lint warnings on a pack that loads: the loader has already proved every
// expression well-typed, so these look for rules that load but cannot mean
// what their author meant.
#include "authoring/lint.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "authoring/analysis.h"
#include "pack/compiled.h"
#include "pack/sites.h"

namespace needlescreen::authoring {
namespace {

using expr::Node;
using expr::Op;

struct Placeholder {
  std::string name;
  size_t offset = 0;  // of the name in the message text
};

// The `{name}` placeholders of a message, as the compiler reads them.
std::vector<Placeholder> Placeholders(const std::string& text) {
  std::vector<Placeholder> out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      ++i;
    } else if (c == '{') {
      size_t end = text.find('}', i);
      if (end == std::string::npos) break;
      out.push_back({text.substr(i + 1, end - i - 1), i + 1});
      i = end;
    }
  }
  return out;
}

class Linter {
 public:
  Linter(const Pack& pack, const pack::PackSites& sites, Diagnostics& out, size_t budget)
      : pack_(pack), sites_(sites), compiled_(*pack.compiled), analysis_(pack, budget), out_(out) {
    for (size_t f = 0; f < pack_.fields.size(); ++f) names_.emplace(pack_.fields[f].path, f);
    for (size_t l = 0; l < pack_.lets.size(); ++l) names_.emplace(pack_.lets[l].name, ~l);
  }

  void Run() {
    Unused();
    for (const internal::FieldBound& b : compiled_.bounds) EmptyRange(b);
    bool analysed = true;
    for (size_t i = 0; i < pack_.rules.size(); ++i) {
      int rule = static_cast<int>(i);
      if (analysed) {
        size_t mark = out_.size();
        Reach(rule);
        MessagePlaceholders(rule);
        if (analysis_.exhausted()) {
          // What this rule's warnings rest on may be the conservative answers.
          out_.resize(mark);
          CutOff(rule);
          analysed = false;
        }
      }
      Metadata(rule);
    }
  }

 private:
  // Issue 15: a field whose `min` lies after its `max` has no plausible
  // answer: every answer would be set aside and every record asked again.
  // Bounds read only `now` and constants; the range is taken as empty when it
  // is at two screening times a century apart, so that no warning rests on
  // the one time lint happens to pick.
  void EmptyRange(const internal::FieldBound& b) {
    if (b.min < 0 || b.max < 0) return;
    static const Record kNoRecord;
    const bool datetime = pack_.fields[b.field].type == FieldType::kDatetime;
    auto empty_at = [&](int64_t now) {
      expr::Context ctx{&compiled_.nodes, &compiled_.let_roots, &kNoRecord, now};
      expr::Value lo = expr::Eval(ctx, b.min), hi = expr::Eval(ctx, b.max);
      if (!lo.known || !hi.known) return false;
      return datetime ? lo.seconds > hi.seconds : lo.number > hi.number;
    };
    constexpr int64_t k2000 = 946684800, k2100 = 4102444800;
    if (!empty_at(k2000) || !empty_at(k2100)) return;
    const Field& f = pack_.fields[b.field];
    Warn(sites_.bounds[b.field].min.Error(
        fmt::format("field '{}' has min {} after max {}: no answer is plausible, every record "
                    "would ask it again",
                    f.path, f.min, f.max)));
  }

  void CutOff(int rule) {
    Warn(sites_.rules[rule].rule.Error(fmt::format(
        "lint stopped analysing conditions at rule '{}': the pack's conditions take more than "
        "{} steps to analyse; from here on rules that can never fire or always fire and "
        "placeholders that can be unknown are not reported",
        pack_.rules[rule].id, analysis_.budget())));
  }

  void Warn(Diagnostic d) {
    d.severity = Severity::kWarning;
    out_.push_back(std::move(d));
  }

  // A warning at byte `offset` of rule `rule`'s condition.
  void WarnInWhen(int rule, uint32_t offset, std::string message) {
    const pack::Site& site = sites_.rules[rule].when;
    Warn(site.file->InScalar(site.pos, pack_.rules[rule].when, offset, std::move(message)));
  }

  // Fields and lets `root` refers to directly (not through lets).
  void Refs(int root, std::set<int>& fields, std::set<int>& lets) const {
    if (root < 0) return;
    const Node& n = compiled_.nodes[root];
    if (n.op == Op::kField || n.op == Op::kFieldIs || n.op == Op::kListHas) fields.insert(n.ref);
    if (n.op == Op::kLet) lets.insert(n.ref);
    Refs(n.a, fields, lets);
    Refs(n.b, fields, lets);
    if (n.op == Op::kListLit) {
      for (int item : n.items) Refs(item, fields, lets);
    }
  }

  void Unused() {
    std::set<int> fields, lets;
    for (const internal::CompiledRule& r : compiled_.rules) {
      Refs(r.when, fields, lets);
      Refs(r.resume, fields, lets);
      for (const internal::Segment& s : r.message) {
        if (s.field >= 0) fields.insert(s.field);
        if (s.let >= 0) lets.insert(s.let);
      }
    }
    // Lets used by used lets; lets are defined in order, so walk backwards.
    std::set<int> ignored;
    for (int l = static_cast<int>(pack_.lets.size()) - 1; l >= 0; --l) {
      Refs(compiled_.let_roots[l], fields, lets.contains(l) ? lets : ignored);
    }
    for (size_t f = 0; f < pack_.fields.size(); ++f) {
      if (fields.contains(static_cast<int>(f)) || EngineField(pack_.fields[f])) continue;
      Warn(sites_.fields[f].Error(fmt::format(
          "field '{}' is not read by any rule, let or message: its answer changes nothing",
          pack_.fields[f].path)));
    }
    for (size_t l = 0; l < pack_.lets.size(); ++l) {
      if (lets.contains(static_cast<int>(l))) continue;
      const Let& let = pack_.lets[l];
      Warn(sites_.lets[l].file->At(
          let.pos.line - 1, let.pos.column - 1,
          fmt::format("let '{}' is not used by any rule or message", let.name)));
    }
  }

  // `id` is echoed with every result and `screened_at` is the screening time:
  // the engine reads them itself.
  static bool EngineField(const Field& f) {
    return f.path == kIdField || f.path == kScreenedAtField;
  }

  void Reach(int rule) {
    int when = compiled_.rules[rule].when;
    if (when < 0) return;
    const std::string& id = pack_.rules[rule].id;
    const Node& root = compiled_.nodes[when];
    TruthSet v = analysis_.Verdicts(when);
    if (root.op == Op::kBoolLit) {
      WarnInWhen(rule, 0,
                 root.boolean ? fmt::format("rule '{}' always fires: its condition is the literal "
                                            "true (omit 'when' for a rule that always applies)",
                                            id)
                              : fmt::format("rule '{}' never fires: its condition is the literal "
                                            "false",
                                            id));
    } else if (!Has(v, Truth::kTrue)) {
      WarnInWhen(rule, 0,
                 fmt::format("rule '{}' can never fire: {}", id,
                             Or(analysis_.Contradiction(when), "its condition is never true")));
    } else if (v == TruthBit(Truth::kTrue)) {
      WarnInWhen(rule, 0,
                 fmt::format("rule '{}' always fires: its condition is always true (omit 'when' "
                             "if that is intended)",
                             id));
    } else if (!Has(v, Truth::kFalse)) {
      WarnInWhen(rule, 0,
                 fmt::format("rule '{}' fires whenever its answers are known: {}", id,
                             Or(analysis_.Exhaustion(when), "its condition is never false")));
    } else {
      NeverTrueParts(rule, when, Op::kAnd, true);
    }
  }

  static std::string Or(const std::string& reason, const char* otherwise) {
    return reason.empty() ? otherwise : reason;
  }

  // Reports each maximal `and` chain below the root that can never be true.
  void NeverTrueParts(int rule, int node, Op parent, bool is_root) {
    if (node < 0) return;
    const Node& n = compiled_.nodes[node];
    if (!is_root && n.op == Op::kAnd && parent != Op::kAnd) {
      std::string reason = analysis_.Contradiction(node);
      if (!reason.empty()) {
        WarnInWhen(rule, analysis_.StartOffset(node),
                   fmt::format("this part of rule '{}' can never be true: {}", pack_.rules[rule].id,
                               reason));
        return;
      }
    }
    NeverTrueParts(rule, n.a, n.op, false);
    NeverTrueParts(rule, n.b, n.op, false);
  }

  // Whether placeholder `p` is known whenever the rule fires (`known` holds
  // what the condition being true forces to be known).
  bool KnownWhenFiring(const Placeholder& p, const Terms& known, std::vector<int>& fields) const {
    auto name = names_.find(p.name);
    if (name == names_.end()) return true;  // not a name: the loader has reported it
    if (name->second < pack_.fields.size()) {
      int field = static_cast<int>(name->second);
      fields = {field};
      return known.HasField(field);
    }
    size_t l = ~name->second;
    int root = compiled_.let_roots[l];
    if (root < 0 || known.HasLet(static_cast<int>(l))) return true;
    fields = analysis_.FieldsRead(root);
    return !analysis_.CanBeUnknown(root) ||
           std::all_of(fields.begin(), fields.end(), [&](int f) { return known.HasField(f); });
  }

  void MessagePlaceholders(int rule) {
    const Rule& r = pack_.rules[rule];
    int when = compiled_.rules[rule].when;
    Terms known = when < 0 ? Terms{} : analysis_.KnownWhen(when, Truth::kTrue);
    std::vector<int> read = when < 0 ? std::vector<int>{} : analysis_.FieldsRead(when);
    const pack::Site& site = sites_.rules[rule].message;
    for (const Placeholder& p : Placeholders(r.message)) {
      std::vector<int> fields;
      if (KnownWhenFiring(p, known, fields)) continue;
      bool reads = std::any_of(fields.begin(), fields.end(), [&](int f) {
        return std::find(read.begin(), read.end(), f) != read.end();
      });
      std::string why = when < 0 ? "the rule has no 'when'"
                        : !reads ? "'when' does not read it"
                                 : "'when' can be true while it is unknown";
      Warn(site.file->InScalar(
          site.pos, r.message, p.offset,
          fmt::format("placeholder {{{}}} can be unknown when rule '{}' fires ({}); it would "
                      "read \"unknown\"",
                      p.name, r.id, why)));
    }
  }

  void Metadata(int rule) {
    const Rule& r = pack_.rules[rule];
    const pack::Site& site = sites_.rules[rule].rule;
    if (Decides(r.outcome) && r.source.empty()) {
      Warn(
          site.Error(fmt::format("{} rule '{}' has no 'source': name the article section (or "
                                 "other source) it comes from",
                                 OutcomeName(r.outcome), r.id)));
    }
    if (r.outcome == Outcome::kWait && r.resume.empty() && r.resume_when.empty()) {
      Warn(
          site.Error(fmt::format("wait rule '{}' has neither 'resume' nor 'resume_when': say "
                                 "when to screen again",
                                 r.id)));
    }
  }

  const Pack& pack_;
  const pack::PackSites& sites_;
  const internal::CompiledPack& compiled_;
  ConditionAnalysis analysis_;
  Diagnostics& out_;
  // Field path -> index; let name -> ~index (the loader keeps them distinct).
  std::unordered_map<std::string, size_t> names_;
};

void Sort(const std::vector<PackSource>& sources, Diagnostics& diagnostics) {
  std::map<std::string, size_t> order;
  for (size_t i = 0; i < sources.size(); ++i) order.emplace(sources[i].name, i);
  auto key = [&](const Diagnostic& d) {
    auto it = order.find(d.file);
    return std::tuple(it == order.end() ? sources.size() : it->second, d.line, d.column);
  };
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
}

}  // namespace

Diagnostics LintPack(const std::vector<PackSource>& sources, size_t analysis_budget,
                     std::optional<TimePoint> review_at) {
  if (sources.empty()) return LoadPack(sources).diagnostics;
  // The loader's own steps (LoadPack), once, keeping the source sites for
  // positions (a 4 MiB pack takes seconds to compile: not twice).
  Pack pack;
  pack::PackSites sites;
  Diagnostics diagnostics;
  pack::ReadPack(sources, pack, sites, diagnostics);
  pack::CompilePack(pack, sites, diagnostics);
  if (!HasErrors(diagnostics)) {
    Linter(pack, sites, diagnostics, analysis_budget).Run();
    if (review_at) LintReview(pack, sites, *review_at, diagnostics);
  }
  Sort(sources, diagnostics);
  return diagnostics;
}

}  // namespace needlescreen::authoring
