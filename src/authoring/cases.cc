// The case generator (issue 19): a baseline record, the baseline with one
// field at a time moved through its boundary values, and a bounded search
// for whatever verdict coverage still misses. Every case is screened with the
// library and written with what the screen decided, so the file passes
// `rules test` by construction.
#include "authoring/cases.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "authoring/case_file.h"
#include "common/text.h"
#include "expr/expr.h"
#include "needlescreen/screen.h"
#include "output/yaml_intake.h"
#include "pack/compiled.h"

namespace needlescreen::authoring {
namespace {

// A record as choices: per field, an index into its BoundaryValues, or -1 for
// a field without values (left out).
using Choice = std::vector<int>;

struct Change {
  int field = -1;
  int value = -1;
  bool operator==(const Change&) const = default;
};

// What a search looks for, in coverage's terms: a rule's verdict, or a
// condition's state.
struct Target {
  bool condition = false;
  int index = -1;  // into Coverage::rules or Coverage::conditions
  Truth truth = Truth::kTrue;
};

// Passes of the baseline's descent; each pass tries every value of every field.
constexpr int kBaselinePasses = 8;
// Names list at most this many probes or rule verdicts.
constexpr size_t kNamedProbes = 3;

// Counts screens against the work allowed; each costs the pack's size.
class Budget {
 public:
  Budget(uint64_t work, uint64_t cost) : left_(work), cost_(cost == 0 ? 1 : cost) {}
  bool Spend() {
    if (left_ < cost_) {
      spent_ = true;
      return false;
    }
    left_ -= cost_;
    return true;
  }
  bool spent() const { return spent_; }
  uint64_t screens_left() const { return left_ / cost_; }

 private:
  uint64_t left_;
  uint64_t cost_;
  bool spent_ = false;
};

// Smaller is better, part by part: a baseline that decides proceed (no
// deciding rule true or unknown), with no implausible answer, the fewest
// cautions and notes, every field it can answer answered, and the fewest
// terms of conditions true (a quiet record: bleeding resolved rather than
// not, where either proceeds).
using Score = std::array<int, 7>;

// Tries `base` with 1..max_changes of `fields` changed (each to a value other
// than its own), fewer changes first, in field and value order, until `found`
// says yes or `visits` run out.
class ChangeSearch {
 public:
  ChangeSearch(const std::vector<std::vector<CaseValue>>& values, const Choice& base,
               const std::vector<int>& fields, size_t visits,
               const std::function<bool(const Choice&)>& found)
      : values_(values),
        base_(base),
        trial_(base),
        fields_(fields),
        visits_(visits),
        found_(found) {}

  std::optional<std::vector<Change>> Run(int max_changes) {
    for (int k = 1; k <= max_changes && k <= static_cast<int>(fields_.size()); ++k) {
      if (Pick(0, k)) return changes_;
      if (visits_ == 0) break;
    }
    return std::nullopt;
  }

 private:
  bool Pick(size_t from, int left) {
    if (left == 0) {
      if (visits_ == 0) return false;
      --visits_;
      return found_(trial_);
    }
    for (size_t i = from; i + static_cast<size_t>(left) <= fields_.size(); ++i) {
      const int f = fields_[i];
      for (int v = 0; v < static_cast<int>(values_[f].size()); ++v) {
        if (v == base_[f]) continue;
        trial_[f] = v;
        changes_.push_back({f, v});
        const bool done = Pick(i + 1, left - 1);
        if (done) return true;
        changes_.pop_back();
        trial_[f] = base_[f];
        if (visits_ == 0) return false;
      }
    }
    return false;
  }

  const std::vector<std::vector<CaseValue>>& values_;
  const Choice& base_;
  Choice trial_;
  const std::vector<int>& fields_;
  size_t visits_;
  const std::function<bool(const Choice&)>& found_;
  std::vector<Change> changes_;
};

std::vector<int> Union(std::vector<int> a, const std::vector<int>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  return a;
}

// What one screen costs, roughly: every node evaluated, and for each rule
// left unknown its missing fields merged into a list of up to every field.
uint64_t ScreenCost(const Pack& pack) {
  return pack.compiled->nodes.size() + pack.fields.size() * (pack.rules.size() + 1);
}

class Generator {
 public:
  Generator(const Pack& pack, TimePoint at, const CaseLimits& limits)
      : pack_(pack),
        compiled_(*pack.compiled),
        at_(at),
        limits_(limits),
        screener_(pack),
        analysis_(pack),
        probes_(FindProbes(pack)),
        values_(BoundaryValues(pack, at, probes_, limits.max_values_per_field)),
        budget_(limits.work, ScreenCost(pack)),
        coverage_(StartCoverage(pack)),
        scratch_(coverage_) {
    for (size_t f = 0; f < values_.size(); ++f) {
      if (!values_[f].empty()) fields_.push_back(static_cast<int>(f));
    }
    for (size_t r = 0; r < pack.rules.size(); ++r) {
      const int when = compiled_.rules[r].when;
      rule_fields_.push_back(when >= 0 ? analysis_.FieldsRead(when) : std::vector<int>{});
    }
  }

  GeneratedCases Run() {
    FindBaseline();
    Vary();
    CloseGaps();
    FinishCoverage(coverage_);
    GeneratedCases out;
    out.cases = cases_;
    out.written = std::move(written_);
    out.baseline_proceeds = baseline_proceeds_;
    out.not_reached = std::move(not_reached_);
    if (budget_.spent()) {
      limits_hit_.emplace_back("the search stopped at its work limit (CaseLimits::work)");
    }
    out.limits_hit = std::move(limits_hit_);
    out.yaml = Header(out) + fmt::format("at: {}\ncases:\n", FormatDatetime(at_)) + body_;
    out.coverage = std::move(coverage_);
    return out;
  }

 private:
  // --- screening ---------------------------------------------------------

  Record Build(const Choice& choice) const {
    Record record(pack_.fields.size());
    for (int f : fields_) {
      if (choice[f] >= 0) record.slots[f] = values_[f][choice[f]].slot;
    }
    return record;
  }

  // Screens `choice` into result_; false when the work limit is reached.
  bool Screen(const Choice& choice) {
    if (budget_.screens_left() <= reserve_ || !budget_.Spend()) return false;
    record_ = Build(choice);
    screener_.Screen(record_, at_, {}, result_);
    return true;
  }

  // record_ as result_ screened it: implausible answers left out.
  Record Screened() const {
    Record screened = record_;
    for (const Missing& m : result_.missing) {
      if (m.problem != Implausible::kNo) screened.slots[m.field].known = false;
    }
    return screened;
  }

  expr::Context ContextOn(const Record& record) const {
    return {&compiled_.nodes, &compiled_.let_roots, &record, at_.time_since_epoch().count(),
            nullptr};
  }

  // Terms of conditions that are true, but for yes/no fields read as they
  // are: whether `injury.swelling` is true says nothing about how quiet a
  // record is, `injury.bleeding_resolved == false` does.
  int ProbesTrue() const {
    const Record screened = Screened();
    const expr::Context ctx = ContextOn(screened);
    int n = 0;
    for (const Probe& p : probes_) {
      if (compiled_.nodes[p.node].op == expr::Op::kField) continue;
      n += expr::EvalTruth(ctx, p.node) == Truth::kTrue ? 1 : 0;
    }
    return n;
  }

  int Unknown(int field) const { return static_cast<int>(values_[field].size()) - 1; }

  static Choice With(Choice base, const std::vector<Change>& changes) {
    for (const Change& c : changes) base[c.field] = c.value;
    return base;
  }

  // --- the baseline ------------------------------------------------------

  std::optional<Score> Evaluate(const Choice& choice) {
    if (!Screen(choice)) return std::nullopt;
    Score s{};
    s[0] = result_.decision == Decision::kError ? 1 : 0;
    for (size_t r = 0; r < pack_.rules.size(); ++r) {
      const bool decides = Decides(pack_.rules[r].outcome);
      const Truth t = result_.verdicts[r];
      if (decides && t == Truth::kTrue) ++s[1];
      if (decides && t == Truth::kUnknown) ++s[2];
      if (!decides && t == Truth::kTrue) ++s[4];
    }
    for (const Missing& m : result_.missing) s[3] += m.problem != Implausible::kNo ? 1 : 0;
    for (int f : fields_) s[5] += values_[f][choice[f]].slot.known ? 0 : 1;
    s[6] = ProbesTrue();
    return s;
  }

  // A descent from every field unknown: each field in turn takes the value
  // that improves the score most, until a pass changes nothing.
  void FindBaseline() {
    baseline_.assign(pack_.fields.size(), -1);
    for (int f : fields_) baseline_[f] = Unknown(f);
    // Half the work at most: the cases that vary it need the rest.
    reserve_ = budget_.screens_left() / 2;
    std::optional<Score> best = Evaluate(baseline_);
    for (int pass = 0; best && pass < kBaselinePasses; ++pass) {
      bool improved = false;
      for (int f : fields_) improved = Improve(f, *best) || improved;
      if (!improved) break;
    }
    if (budget_.screens_left() <= reserve_) {
      limits_hit_.emplace_back("the search for a baseline stopped at half the work limit");
    }
    reserve_ = 0;
    baseline_proceeds_ = best && (*best)[0] == 0 && (*best)[1] == 0 && (*best)[2] == 0;
    std::string name = baseline_proceeds_
                           ? "baseline: the record every other case changes; the screen proceeds"
                           : "baseline: the record every other case changes (no record found "
                             "that proceeds)";
    // Its values on a boundary make it one side of a pair the other cases finish.
    std::vector<std::string> on_boundary;
    for (int f : fields_) {
      if (!values_[f][baseline_[f]].probes.empty())
        on_boundary.push_back(Phrase({f, baseline_[f]}));
    }
    if (!on_boundary.empty()) name += "; on a boundary: " + Listed(on_boundary);
    Add(baseline_, name, {});
  }

  bool Improve(int field, Score& best) {
    Choice trial = baseline_;
    bool improved = false;
    for (int v = 0; v < static_cast<int>(values_[field].size()); ++v) {
      if (v == baseline_[field]) continue;
      trial[field] = v;
      std::optional<Score> s = Evaluate(trial);
      if (!s) return improved;
      if (*s < best) {
        best = *s;
        baseline_[field] = v;
        improved = true;
      }
    }
    return improved;
  }

  // --- one field at a time -------------------------------------------------

  std::vector<int> RulesReading(int field) const {
    std::vector<int> rules;
    for (size_t r = 0; r < rule_fields_.size(); ++r) {
      if (std::binary_search(rule_fields_[r].begin(), rule_fields_[r].end(), field))
        rules.push_back(static_cast<int>(r));
    }
    return rules;
  }

  // Whether rule `rule` is true for one value of `field` and false for
  // another, the rest of the record as `choice` has it.
  bool Sensitive(Choice choice, int field, int rule) {
    bool seen_true = false, seen_false = false;
    for (int v = 0; v < static_cast<int>(values_[field].size()); ++v) {
      choice[field] = v;
      if (!Screen(choice)) return false;
      seen_true = seen_true || result_.verdicts[rule] == Truth::kTrue;
      seen_false = seen_false || result_.verdicts[rule] == Truth::kFalse;
    }
    return seen_true && seen_false;
  }

  // Changes of the baseline's other fields that `rule` reads under which the
  // rule depends on `field`; nullopt when the search finds none.
  std::optional<std::vector<Change>> FindContext(int field, int rule) {
    const RuleCoverage& rc = coverage_.rules[rule];
    if (!Has(rc.reachable, Truth::kTrue) || !Has(rc.reachable, Truth::kFalse)) return std::nullopt;
    if (Sensitive(baseline_, field, rule)) return std::vector<Change>{};
    std::vector<int> others;
    for (int f : rule_fields_[rule]) {
      if (f != field && !values_[f].empty()) others.push_back(f);
    }
    std::function<bool(const Choice&)> found = [&](const Choice& c) {
      return Sensitive(c, field, rule);
    };
    return ChangeSearch(values_, baseline_, others, Visits() / values_[field].size(), found)
        .Run(limits_.max_changes);
  }

  // One field varied in one context, before duplicates are dropped.
  struct Variation {
    Choice choice;
    int field = -1;
    int value = -1;
    std::vector<Change> context;
    int rank = 0;  // of the records that are the same, the highest-ranked one is written
  };

  // A value on a comparison's boundary names a case better than a value of
  // the field's type, which names it better than a field left out; the
  // baseline's own context better than another.
  int Rank(int field, int value, const std::vector<Change>& context) const {
    const CaseValue& v = values_[field][value];
    return 2 * (!v.probes.empty() ? 2 : v.slot.known ? 1 : 0) + (context.empty() ? 1 : 0);
  }

  void Vary() {
    std::vector<Variation> variations;
    // Half of what is left at most for the contexts: writing the cases needs
    // the rest.
    reserve_ = budget_.screens_left() / 2;
    for (int f : fields_) {
      std::vector<std::vector<Change>> contexts = {{}};
      for (int r : RulesReading(f)) {
        auto context = FindContext(f, r);
        if (context && std::find(contexts.begin(), contexts.end(), *context) == contexts.end())
          contexts.push_back(std::move(*context));
      }
      for (const std::vector<Change>& context : contexts) VaryIn(f, context, variations);
    }
    reserve_ = 0;
    // The same record reached from two fields is written once, under the
    // name that says most, where that name's field is varied.
    std::map<std::string, size_t> best;
    for (size_t i = 0; i < variations.size(); ++i) {
      auto [it, added] = best.emplace(CaseRecordYaml(pack_, Build(variations[i].choice)), i);
      if (variations[i].rank > variations[it->second].rank) it->second = i;
    }
    std::vector<size_t> kept;
    kept.reserve(best.size());
    for (const auto& entry : best) kept.push_back(entry.second);
    std::sort(kept.begin(), kept.end());
    for (size_t i : kept) {
      const Variation& v = variations[i];
      std::string name = Phrase({v.field, v.value});
      if (!v.context.empty()) name += fmt::format(" (with {})", Phrases(v.context));
      Add(v.choice, name, RulesReading(v.field), v.field, v.value);
    }
  }

  void VaryIn(int field, const std::vector<Change>& context, std::vector<Variation>& out) const {
    const Choice base = With(baseline_, context);
    for (int v = 0; v < static_cast<int>(values_[field].size()); ++v) {
      if (context.empty() && v == baseline_[field]) continue;
      Choice choice = base;
      choice[field] = v;
      out.push_back({std::move(choice), field, v, context, Rank(field, v, context)});
    }
  }

  // --- what coverage still misses ------------------------------------------

  std::vector<Target> Gaps() const {
    std::vector<Target> gaps;
    for (size_t r = 0; r < coverage_.rules.size(); ++r) {
      for (Truth t : {Truth::kTrue, Truth::kFalse, Truth::kUnknown}) {
        if (!coverage_.rules[r].Covered(t)) gaps.push_back({false, static_cast<int>(r), t});
      }
    }
    for (size_t c = 0; c < coverage_.conditions.size(); ++c) {
      for (Truth t : {Truth::kTrue, Truth::kFalse, Truth::kUnknown}) {
        if (!coverage_.conditions[c].Covered(t)) gaps.push_back({true, static_cast<int>(c), t});
      }
    }
    return gaps;
  }

  bool Covered(const Target& t) const {
    return t.condition ? coverage_.conditions[t.index].Covered(t.truth)
                       : coverage_.rules[t.index].Covered(t.truth);
  }

  // The fields whose values can move the target: those its condition reads,
  // and those of the rules it is counted under.
  std::vector<int> TargetFields(const Target& t) const {
    if (!t.condition) return rule_fields_[t.index];
    const ConditionCoverage& c = coverage_.conditions[t.index];
    using Kind = ConditionCoverage::Kind;
    if (c.kind == Kind::kBounds) return {c.index};
    std::vector<int> fields = analysis_.FieldsRead(c.node);
    if (c.kind == Kind::kResumeWhile) return Union(fields, rule_fields_[c.index]);
    const std::string& id = pack_.alternatives[c.index].id;
    for (size_t r = 0; r < pack_.rules.size(); ++r) {
      const Rule& rule = pack_.rules[r];
      if (rule.outcome != Outcome::kSwap) continue;
      if (rule.alternatives.empty() || std::find(rule.alternatives.begin(), rule.alternatives.end(),
                                                 id) != rule.alternatives.end())
        fields = Union(fields, rule_fields_[r]);
    }
    return fields;
  }

  bool Reaches(const Choice& choice, const Target& t) {
    if (!Screen(choice)) return false;
    if (!t.condition) return result_.verdicts[t.index] == t.truth;
    for (ConditionCoverage& c : scratch_.conditions) c.cases = {};
    CountCase(pack_, record_, result_, scratch_);
    return scratch_.conditions[t.index].cases[static_cast<int>(t.truth)] > 0;
  }

  std::string TargetWords(const Target& t) const {
    if (!t.condition) {
      return fmt::format("{} is {}", pack_.rules[t.index].id, TruthName(t.truth));
    }
    const ConditionCoverage& c = coverage_.conditions[t.index];
    return fmt::format("{} {}", ConditionName(pack_, c), ConditionState(c, t.truth));
  }

  void CloseGaps() {
    for (const Target& t : Gaps()) {
      if (Covered(t)) continue;
      std::vector<int> fields;
      for (int f : TargetFields(t)) {
        if (!values_[f].empty()) fields.push_back(f);
      }
      std::function<bool(const Choice&)> found = [&](const Choice& c) { return Reaches(c, t); };
      auto changes =
          ChangeSearch(values_, baseline_, fields, Visits(), found).Run(limits_.max_changes);
      if (!changes ||
          !Add(With(baseline_, *changes), fmt::format("{}: {}", Phrases(*changes), TargetWords(t)),
               TargetRules(t)) ||
          !Covered(t)) {
        not_reached_.push_back((t.condition ? "condition " : "rule ") + TargetWords(t));
      }
    }
  }

  std::vector<int> TargetRules(const Target& t) const {
    if (!t.condition) return {t.index};
    const ConditionCoverage& c = coverage_.conditions[t.index];
    if (c.kind == ConditionCoverage::Kind::kResumeWhile) return {c.index};
    return {};
  }

  // Screens one search may spend: a share of what is left, so one hard
  // verdict cannot starve the rest.
  size_t Visits() const { return std::max<uint64_t>(1, budget_.screens_left() / 8); }

  // --- names ---------------------------------------------------------------

  // "injury.onset exactly 72 h before the screen", "patient.consent false".
  std::string Phrase(Change c) const {
    return fmt::format("{} {}", pack_.fields[c.field].path, values_[c.field][c.value].words);
  }

  std::string Phrases(const std::vector<Change>& changes) const {
    std::vector<std::string> parts;
    parts.reserve(changes.size());
    for (const Change& c : changes) parts.push_back(Phrase(c));
    return fmt::format("{}", fmt::join(parts, ", "));
  }

  // What the varied value does: "hours_since_onset < 72 is false" for the
  // probes its boundary comes from (else every probe reading the field),
  // or, where those are the field itself, the verdicts of the rules that
  // read it. Judged on the record as screened (implausible answers out).
  std::string Probes(int field, int value) {
    std::vector<int> probes = values_[field][value].probes;
    if (probes.empty()) {
      for (size_t p = 0; p < probes_.size(); ++p) {
        const std::vector<int>& read = probes_[p].fields;
        if (std::binary_search(read.begin(), read.end(), field))
          probes.push_back(static_cast<int>(p));
      }
    }
    std::erase_if(probes, [&](int p) { return probes_[p].text == pack_.fields[field].path; });
    const Record screened = Screened();
    const expr::Context ctx = ContextOn(screened);
    std::vector<std::string> parts;
    for (int p : probes) {
      std::string part = fmt::format("{} is {}", probes_[p].text,
                                     TruthName(expr::EvalTruth(ctx, probes_[p].node)));
      // The same term in several conditions (a let read by two rules) is said once.
      if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(part);
    }
    if (parts.empty()) {
      for (int r : RulesReading(field)) {
        parts.push_back(fmt::format("{} is {}", pack_.rules[r].id, TruthName(result_.verdicts[r])));
      }
    }
    return Listed(parts);
  }

  static std::string Listed(const std::vector<std::string>& parts) {
    if (parts.size() <= kNamedProbes) return fmt::format("{}", fmt::join(parts, "; "));
    return fmt::format(
        "{}; and {} more",
        fmt::join(parts.begin(), parts.begin() + static_cast<std::ptrdiff_t>(kNamedProbes), "; "),
        parts.size() - kNamedProbes);
  }

  // --- writing ---------------------------------------------------------------

  // Screens and writes one case, unless its record is already written or a
  // limit is reached; counts its coverage. `field`/`value`: the varied value,
  // whose probes the name reports (-1: the name is complete).
  bool Add(const Choice& choice, std::string name, const std::vector<int>& verdict_rules,
           int field = -1, int value = -1) {
    if (cases_ >= limits_.max_cases) return Limit("cases", limits_.max_cases);
    // The baseline is always written; the rest count against the work limit.
    if (cases_ > 0 && !budget_.Spend()) return false;
    record_ = Build(choice);
    std::string record_yaml = CaseRecordYaml(pack_, record_);
    if (!seen_.insert(record_yaml).second) return true;
    screener_.Screen(record_, at_, {}, result_);
    if (field >= 0) {
      std::string probes = Probes(field, value);
      if (!probes.empty()) name += ": " + probes;
    }
    std::string text = CaseYaml(pack_, name, record_yaml, result_, verdict_rules);
    if (body_.size() + text.size() > limits_.max_bytes) return Limit("bytes", limits_.max_bytes);
    body_ += text;
    ++cases_;
    written_.push_back({std::move(name), Unindented(record_yaml)});
    CountCase(pack_, record_, result_, coverage_);
    return true;
  }

  // CaseRecordYaml's text, which sits under `record:` in a case, as a
  // document of its own.
  static std::string Unindented(std::string_view yaml) {
    if (yaml == " {}\n") return "{}\n";
    std::string out;
    size_t at = yaml.find('\n') + 1;  // the text starts with a line break
    while (at < yaml.size()) {
      size_t end = yaml.find('\n', at);
      if (end == std::string_view::npos) end = yaml.size() - 1;
      std::string_view line = yaml.substr(at, end - at);
      line.remove_prefix(std::min(line.find_first_not_of(' '), line.size()));
      out.append(line).push_back('\n');
      at = end + 1;
    }
    return out;
  }

  bool Limit(std::string_view what, size_t limit) {
    std::string note = fmt::format("the file stopped at its limit of {} {}", limit, what);
    if (std::find(limits_hit_.begin(), limits_hit_.end(), note) == limits_hit_.end())
      limits_hit_.push_back(std::move(note));
    return false;
  }

  std::string Header(const GeneratedCases& out) const {
    std::string h = fmt::format(
        "# Boundary cases for the rule pack {} {} ({}), written by `needlescreen rules cases`.\n"
        "# Each expectation is what the engine decided when the file was written: review every\n"
        "# case before keeping it. Every case changes the first one, the baseline.\n",
        output::OneLine(pack_.id), output::OneLine(pack_.version), pack_.digest);
    h += fmt::format("# {} cases; rule coverage {} of {} reachable verdicts.\n", out.cases,
                     coverage_.covered, coverage_.reachable);
    for (const std::string& n : out.not_reached) {
      h += fmt::format("# not reached: {}\n", output::OneLine(n));
    }
    for (const std::string& l : out.limits_hit) h += fmt::format("# limit: {}\n", l);
    return h;
  }

  const Pack& pack_;
  const internal::CompiledPack& compiled_;
  TimePoint at_;
  CaseLimits limits_;
  Screener screener_;
  ConditionAnalysis analysis_;
  std::vector<Probe> probes_;
  std::vector<std::vector<CaseValue>> values_;
  Budget budget_;
  Coverage coverage_;
  Coverage scratch_;                           // one case's condition counts, for the search
  std::vector<int> fields_;                    // fields with values, in pack order
  std::vector<std::vector<int>> rule_fields_;  // per rule: fields its `when` reads
  Choice baseline_;
  bool baseline_proceeds_ = false;
  uint64_t reserve_ = 0;  // screens kept back from the current phase
  Record record_;
  Result result_;
  std::set<std::string> seen_;  // records written, as YAML
  std::string body_;
  size_t cases_ = 0;
  std::vector<GeneratedCase> written_;
  std::vector<std::string> not_reached_;
  std::vector<std::string> limits_hit_;
};

}  // namespace

GeneratedCases GenerateCases(const Pack& pack, TimePoint at, const CaseLimits& limits) {
  return Generator(pack, at, limits).Run();
}

}  // namespace needlescreen::authoring
