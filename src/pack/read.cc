// Reading rule files: YAML -> the pack model, with every key checked, so a
// typo in a rule file is a load error (SPEC §2), never a rule that is ignored.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "common/spellcheck.h"
#include "pack/prescan.h"
#include "pack/review.h"
#include "pack/sites.h"

namespace needlescreen::pack {
namespace {

// Rule-file limits (SPEC §6) beside the counts in pack/prescan.h.
constexpr size_t kMaxEnumValues = 64;  // list values are a 64-bit set
// Field paths, let names, rule and alternative ids and enum values: they are
// quoted in diagnostics and messages, and compared for "did you mean".
constexpr size_t kMaxNameBytes = 128;

// Views of literals, not std::strings: a static initialiser that allocates
// could throw before main, where nothing can catch it.
constexpr std::string_view kTopKeys[] = {"pack",
                                         "version",
                                         "title",
                                         "source",
                                         "disclaimer",
                                         "approval_date",
                                         "last_review_date",
                                         "effective_period",
                                         "fields",
                                         "let",
                                         "alternatives",
                                         "rules"};
constexpr std::string_view kFieldKeys[] = {"path",     "type", "values", "unit",
                                           "question", "help", "min",    "max"};
constexpr std::string_view kRuleKeys[] = {"id",     "outcome", "when",        "message",
                                          "source", "resume",  "resume_when", "alternatives"};
constexpr std::string_view kResumeWhenKeys[] = {"text", "while"};
constexpr std::string_view kAlternativeKeys[] = {"id", "name", "description", "when"};

class Reader {
 public:
  Reader(Pack& pack, PackSites& sites, Diagnostics& diagnostics)
      : pack_(pack), sites_(sites), diags_(diagnostics) {}

  void ReadSource(const PackSource& source) {
    const SourceFile& file = sites_.files.emplace_back(source.name, source.text);
    file_ = &file;
    // libyaml first: yaml-cpp accepts some invalid YAML (common/yaml_events.h),
    // and its tree of a hostile file is large and slow to build.
    if (auto problem = Prescan(file, source.text)) {
      diags_.push_back(std::move(*problem));
      unparsed_ = true;
      return;
    }
    YAML::Node root;
    try {
      root = YAML::Load(source.text);
    } catch (const YAML::Exception& e) {
      diags_.push_back(file.At(e.mark.line, e.mark.column, "YAML syntax: " + e.msg));
      unparsed_ = true;
      return;
    }
    if (root.IsNull()) {
      diags_.push_back(file.At(0, 0, "empty rule file"));
      return;
    }
    if (!root.IsMap()) {
      diags_.push_back(At(root).Error("a rule file is a mapping with pack, fields and rules"));
      return;
    }
    CheckKeys(root, kTopKeys, "rule file");
    for (const char* key : {"pack", "version", "title", "source", "disclaimer"})
      ReadMeta(root, key);
    ReadReview(
        root, [this](const YAML::Node& node) { return At(node); }, pack_.review, sites_.review,
        diags_);
    ReviewPositions(sites_.review, pack_.meta_pos);
    ReadFields(root["fields"]);
    ReadLets(root["let"]);
    ReadAlternatives(root["alternatives"]);
    ReadRules(root["rules"]);
  }

  void Finish() {
    // A file that did not parse may well declare them; do not claim it does not.
    if (pack_.id.empty() && !unparsed_) diags_.push_back(Missing("pack"));
    if (pack_.version.empty() && !unparsed_) diags_.push_back(Missing("version"));
    AddEngineFields();
  }

 private:
  // The type the engine reads an engine field as, or nullopt for a pack's own path.
  static std::optional<FieldType> EngineFieldType(std::string_view path) {
    if (path == kIdField) return FieldType::kString;
    if (path == kScreenedAtField) return FieldType::kDatetime;
    return std::nullopt;
  }

  // Issue 12: `id` and `screened_at` are read from every record, so a replay
  // screens as the screen it replays whatever the pack declares. Fields the
  // pack leaves out are added first, in the order the built-in pack has them.
  void AddEngineFields() {
    struct Engine {
      std::string_view path;
      FieldType type;
      const char* question;
      const char* help;
    };
    static const Engine kEngine[] = {
        {kIdField, FieldType::kString, "Record identifier?",
         "Echoed in the output so a result can be traced to its record."},
        {kScreenedAtField, FieldType::kDatetime, "When does this screen take place?",
         "Defaults to --at, else the current time."}};
    for (const Engine& e : kEngine) {
      if (pack_.FieldIndex(e.path) >= 0) continue;
      // First, or right after `id` (screened_at) wherever the pack declared it.
      int id = pack_.FieldIndex(kIdField);
      size_t at = e.path == kScreenedAtField && id >= 0 ? static_cast<size_t>(id) + 1 : 0;
      Field f;
      f.path = std::string(e.path);
      f.type = e.type;
      f.question = e.question;
      f.help = e.help;
      f.implicit = true;
      pack_.fields.insert(pack_.fields.begin() + static_cast<std::ptrdiff_t>(at), std::move(f));
      Site site;
      site.file = &sites_.files.front();
      sites_.fields.insert(sites_.fields.begin() + static_cast<std::ptrdiff_t>(at), site);
      sites_.bounds.insert(sites_.bounds.begin() + static_cast<std::ptrdiff_t>(at),
                           FieldBoundSites{site, site});
    }
    for (size_t i = 0; i < pack_.lets.size(); ++i) {
      if (EngineFieldType(pack_.lets[i].name)) {
        diags_.push_back(sites_.lets[i].Error(
            fmt::format("'{}' is the engine's own record field; a let cannot take its name",
                        pack_.lets[i].name)));
      }
    }
  }

  Diagnostic Missing(std::string_view key) const {
    return sites_.files.front().At(0, 0, fmt::format("the pack has no '{}'", key));
  }

  Site At(const YAML::Node& node) const {
    YAML::Mark m = node.Mark();
    Site s;
    s.file = file_;
    s.pos = m.pos < 0 ? 0 : static_cast<size_t>(m.pos);
    s.line = m.line < 0 ? 0 : m.line;
    s.column = m.column < 0 ? 0 : m.column;
    return s;
  }

  void CheckKeys(const YAML::Node& map, std::span<const std::string_view> allowed,
                 std::string_view what) {
    std::set<std::string> seen;
    for (const auto& kv : map) {
      std::string key = kv.first.Scalar();
      if (!seen.insert(key).second) {
        diags_.push_back(At(kv.first).Error(fmt::format("duplicate key '{}'", key)));
      }
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      const std::vector<std::string> names(allowed.begin(), allowed.end());  // a typo: rare
      std::string hint = DidYouMean(SpellcheckString(key, names, &hint_budget_));
      diags_.push_back(
          At(kv.first).Error(fmt::format("unknown key '{}' in {}{}; expected one of {}", key, what,
                                         hint, fmt::join(allowed, ", "))));
    }
  }

  // A scalar string, or "" with an error when the node is something else.
  std::string Scalar(const YAML::Node& node, std::string_view what) {
    if (!node.IsDefined() || node.IsNull()) return "";
    if (!node.IsScalar()) {
      diags_.push_back(At(node).Error(fmt::format("{} must be a single value", what)));
      return "";
    }
    return node.Scalar();
  }

  void ReadMeta(const YAML::Node& root, const char* key) {
    const YAML::Node node = root[key];
    if (!node.IsDefined()) return;
    std::string value = Scalar(node, key);
    const std::string_view k = key;
    Pack::MetaPositions& at = pack_.meta_pos;
    auto [slot, pos] = k == "pack"      ? std::pair{&pack_.id, &at.id}
                       : k == "version" ? std::pair{&pack_.version, &at.version}
                       : k == "title"   ? std::pair{&pack_.title, &at.title}
                       : k == "source"  ? std::pair{&pack_.source, &at.source}
                                        : std::pair{&pack_.disclaimer, &at.disclaimer};
    if (!slot->empty() && *slot != value) {
      diags_.push_back(At(node).Error(
          fmt::format("'{}' is already set to a different value by an earlier file", key)));
      return;
    }
    *slot = value;
    const Site site = At(node);
    if (pos->line == 0) *pos = {file_->name(), site.line + 1, site.column + 1};
  }

  bool Sequence(const YAML::Node& node, std::string_view what) {
    if (!node.IsDefined() || node.IsNull()) return false;
    if (node.IsSequence()) return true;
    diags_.push_back(At(node).Error(fmt::format("'{}' must be a list", what)));
    return false;
  }

  // Counts an item of a list; false, after one error at `node`, once `limit`
  // items (valid or not, in every file so far) have been read: the rest are
  // not read, so a pack of 100k rules is refused in linear time.
  bool Room(size_t& count, size_t limit, const YAML::Node& node, std::string_view what) {
    if (count++ < limit) return true;
    diags_.push_back(At(node).Error(
        fmt::format("a pack holds at most {} {}; the rest are not read", limit, what)));
    return false;
  }

  // False, after an error at `site`, when a name is longer than kMaxNameBytes.
  bool ShortName(std::string_view name, const Site& site, std::string_view what) {
    if (name.size() <= kMaxNameBytes) return true;
    diags_.push_back(site.Error(fmt::format("{} longer than {} bytes", what, kMaxNameBytes)));
    return false;
  }

  static bool ValidRuleId(std::string_view id) {
    return std::ranges::all_of(id, [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '-' || c == '_' || c == '.';
    });
  }

  static bool ValidPath(std::string_view path) {
    static const std::set<std::string_view> kReserved = {"and",  "or",    "not", "in",
                                                         "true", "false", "now"};
    if (path.empty() || kReserved.contains(path)) return false;
    bool start = true;
    for (char c : path) {
      bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      bool digit = c >= '0' && c <= '9';
      if (c == '.') {
        if (start) return false;
        start = true;
      } else if (alpha || (digit && !start)) {
        start = false;
      } else {
        return false;
      }
    }
    return !start;
  }

  std::optional<FieldType> ParseType(const YAML::Node& node) {
    static const std::vector<std::pair<std::string, FieldType>> kTypes = {
        {"bool", FieldType::kBool},         {"number", FieldType::kNumber},
        {"string", FieldType::kString},     {"enum", FieldType::kEnum},
        {"datetime", FieldType::kDatetime}, {"list", FieldType::kList}};
    std::string name = Scalar(node, "type");
    for (const auto& [n, t] : kTypes) {
      if (n == name) return t;
    }
    diags_.push_back(At(node).Error(
        "unknown field type; expected bool, number, string, enum, datetime or list"));
    return std::nullopt;
  }

  void ReadFields(const YAML::Node& list) {
    if (!Sequence(list, "fields")) return;
    for (const YAML::Node& node : list) {
      if (!Room(seen_.fields, kMaxFields, node, "fields")) return;
      if (!node.IsMap()) {
        diags_.push_back(At(node).Error("a field is a mapping with path, type and question"));
        continue;
      }
      CheckKeys(node, kFieldKeys, "field");
      Field f;
      f.path = Scalar(node["path"], "path");
      Site site = At(node["path"].IsDefined() ? node["path"] : node);
      if (!ShortName(f.path, site, "a field path")) continue;
      if (!ValidPath(f.path)) {
        diags_.push_back(
            site.Error("a field needs a path of dotted lower-case names, e.g. patient.consent"));
        continue;
      }
      if (field_paths_.contains(f.path)) {
        diags_.push_back(site.Error(fmt::format("field '{}' is declared twice", f.path)));
        continue;
      }
      // An earlier file's let of that name would shadow the field in conditions.
      if (let_names_.contains(f.path)) {
        diags_.push_back(site.Error(fmt::format("'{}' is already defined as a let", f.path)));
        continue;
      }
      if (!node["type"].IsDefined()) {
        diags_.push_back(site.Error(fmt::format("field '{}' has no type", f.path)));
        continue;
      }
      auto type = ParseType(node["type"]);
      if (!type) continue;
      f.type = *type;
      if (!CheckEngineField(f, site)) continue;
      ReadValues(node, f);
      f.unit = Scalar(node["unit"], "unit");
      f.question = Scalar(node["question"], "question");
      f.help = Scalar(node["help"], "help");
      f.pos = {file_->name(), site.line + 1, site.column + 1};
      FieldBoundSites bounds = ReadBounds(node, f);
      field_paths_.insert(f.path);
      pack_.fields.push_back(std::move(f));
      sites_.fields.push_back(site);
      sites_.bounds.push_back(bounds);
    }
  }

  // `min` / `max`: expressions compiled later (a number, or a datetime that
  // may read `now`); only number and datetime fields take them (issue 15).
  FieldBoundSites ReadBounds(const YAML::Node& node, Field& f) {
    FieldBoundSites sites{At(node), At(node)};
    for (const char* key : {"min", "max"}) {
      const YAML::Node n = node[key];
      if (!n.IsDefined()) continue;
      Site& site = key == std::string_view("min") ? sites.min : sites.max;
      site = At(n);
      if (f.type != FieldType::kNumber && f.type != FieldType::kDatetime) {
        diags_.push_back(
            site.Error(fmt::format("only number and datetime fields take '{}'; '{}' "
                                   "is a {} field",
                                   key, f.path, FieldTypeName(f.type))));
        continue;
      }
      (key == std::string_view("min") ? f.min : f.max) = Scalar(n, key);
    }
    return sites;
  }

  // An engine field may be declared only with the type the engine reads it
  // as, and no field may nest under one (`id.x` would make `id` a group).
  bool CheckEngineField(const Field& f, const Site& site) {
    if (auto engine = EngineFieldType(f.path); engine && *engine != f.type) {
      diags_.push_back(site.Error(fmt::format(
          "'{}' is the engine's own record field: declare it as type {} or leave it out", f.path,
          FieldTypeName(*engine))));
      return false;
    }
    std::string_view path = f.path;
    std::string_view head = path.substr(0, path.find('.'));
    if (head.size() < path.size() && EngineFieldType(head)) {
      diags_.push_back(site.Error(
          fmt::format("'{}' is the engine's own record field and cannot hold fields", head)));
      return false;
    }
    return true;
  }

  void ReadValues(const YAML::Node& node, Field& f) {
    bool wants = f.type == FieldType::kEnum || f.type == FieldType::kList;
    const YAML::Node values = node["values"];
    if (!wants) {
      if (values.IsDefined()) {
        diags_.push_back(At(values).Error("only enum and list fields take 'values'"));
      }
      return;
    }
    if (!values.IsDefined() || !values.IsSequence() || values.size() == 0) {
      diags_.push_back(At(values.IsDefined() ? values : node)
                           .Error(fmt::format("{} field '{}' needs a list of 'values'",
                                              FieldTypeName(f.type), f.path)));
      return;
    }
    if (values.size() > kMaxEnumValues) {
      diags_.push_back(At(values).Error(fmt::format("at most {} values", kMaxEnumValues)));
      return;
    }
    for (const YAML::Node& v : values) {
      std::string s = Scalar(v, "a value");
      if (!ShortName(s, At(v), "a value")) continue;
      if (std::find(f.values.begin(), f.values.end(), s) != f.values.end()) {
        diags_.push_back(At(v).Error(fmt::format("value '{}' is listed twice", s)));
      }
      f.values.push_back(s);
    }
  }

  void ReadLets(const YAML::Node& map) {
    if (!map.IsDefined() || map.IsNull()) return;
    if (!map.IsMap()) {
      diags_.push_back(At(map).Error("'let' is a mapping of names to expressions"));
      return;
    }
    for (const auto& kv : map) {
      if (!Room(seen_.lets, kMaxLets, kv.first, "lets")) return;
      Let let;
      let.name = kv.first.Scalar();
      Site name_site = At(kv.first);
      if (!ShortName(let.name, name_site, "a let name")) continue;
      if (!ValidPath(let.name) || let.name.find('.') != std::string::npos) {
        diags_.push_back(name_site.Error("a let name is one lower-case word, e.g. acute_signs"));
        continue;
      }
      if (field_paths_.contains(let.name) || let_names_.contains(let.name)) {
        diags_.push_back(name_site.Error(fmt::format("'{}' is already defined", let.name)));
        continue;
      }
      let.expr = Scalar(kv.second, "a let");
      let.pos = {file_->name(), name_site.line + 1, name_site.column + 1};
      let_names_.insert(let.name);
      pack_.lets.push_back(std::move(let));
      sites_.lets.push_back(At(kv.second));
    }
  }

  void ReadAlternatives(const YAML::Node& list) {
    if (!Sequence(list, "alternatives")) return;
    for (const YAML::Node& node : list) {
      if (!Room(seen_.alternatives, kMaxAlternatives, node, "alternatives")) return;
      if (!node.IsMap()) {
        diags_.push_back(At(node).Error("an alternative is a mapping with id and name"));
        continue;
      }
      CheckKeys(node, kAlternativeKeys, "alternative");
      Alternative a{Scalar(node["id"], "id"),
                    Scalar(node["name"], "name"),
                    Scalar(node["description"], "description"),
                    Scalar(node["when"], "when"),
                    {}};

      if (a.id.empty() || a.name.empty()) {
        diags_.push_back(At(node).Error("an alternative needs an id and a name"));
        continue;
      }
      if (!ShortName(a.id, At(node["id"]), "an alternative id")) continue;
      sites_.alternative_whens.push_back(At(node["when"].IsDefined() ? node["when"] : node));
      const Site site = At(node);
      a.pos = {file_->name(), site.line + 1, site.column + 1};
      pack_.alternatives.push_back(std::move(a));
    }
  }

  void ReadRules(const YAML::Node& list) {
    if (!Sequence(list, "rules")) return;
    for (const YAML::Node& node : list) {
      if (!Room(seen_.rules, kMaxRules, node, "rules")) return;
      if (!node.IsMap()) {
        diags_.push_back(At(node).Error("a rule is a mapping with id, outcome, when and message"));
        continue;
      }
      ReadRule(node);
    }
  }

  void ReadRule(const YAML::Node& node) {
    CheckKeys(node, kRuleKeys, "rule");
    Rule r;
    RuleSites s;
    s.rule = At(node);
    r.id = Scalar(node["id"], "id");
    if (r.id.empty()) {
      diags_.push_back(s.rule.Error("a rule needs an 'id'"));
      return;
    }
    if (!ShortName(r.id, At(node["id"]), "a rule id")) return;
    if (!ValidRuleId(r.id)) {
      // Ids appear unquoted in CSV lists and in file names of reports.
      diags_.push_back(
          At(node["id"])
              .Error("a rule id is letters, digits, '-', '_' and '.', e.g. acute-injury-window"));
      return;
    }
    if (auto other = rule_ids_.find(r.id); other != rule_ids_.end()) {
      const SourcePos& first = pack_.rules[other->second].pos;
      diags_.push_back(At(node["id"])
                           .Error(fmt::format("duplicate rule id '{}' (first declared at {}:{})",
                                              r.id, first.file, first.line)));
      return;
    }
    auto text = [&](const char* key, std::string& out, Site& site) {
      const YAML::Node n = node[key];
      site = At(n.IsDefined() ? n : node);
      out = Scalar(n, key);
    };
    std::string outcome;
    text("outcome", outcome, s.outcome);
    text("when", r.when, s.when);
    text("message", r.message, s.message);
    text("resume", r.resume, s.resume);
    ReadResumeWhen(node["resume_when"], node, r, s);
    r.source = Scalar(node["source"], "source");
    if (!ReadOutcome(outcome, s, r)) return;
    if (r.message.empty())
      diags_.push_back(s.rule.Error(fmt::format("rule '{}' has no message", r.id)));
    ReadRuleAlternatives(node["alternatives"], r, s);
    r.pos = {file_->name(), s.rule.line + 1, s.rule.column + 1};
    rule_ids_.emplace(r.id, pack_.rules.size());
    pack_.rules.push_back(std::move(r));
    sites_.rules.push_back(s);
  }

  // `resume_when: TEXT`, or `resume_when: {text: TEXT, while: CONDITION}`:
  // the text is shown only while the condition is not false (issue 15).
  void ReadResumeWhen(const YAML::Node& n, const YAML::Node& rule, Rule& r, RuleSites& s) {
    s.resume_when = s.resume_while = At(n.IsDefined() ? n : rule);
    if (!n.IsDefined() || !n.IsMap()) {
      r.resume_when = Scalar(n, "resume_when");
      return;
    }
    CheckKeys(n, kResumeWhenKeys, "resume_when");
    const YAML::Node text = n["text"], condition = n["while"];
    if (text.IsDefined()) s.resume_when = At(text);
    if (condition.IsDefined()) s.resume_while = At(condition);
    r.resume_when = Scalar(text, "resume_when text");
    r.resume_while = Scalar(condition, "resume_when while");
    if (r.resume_when.empty()) {
      diags_.push_back(s.resume_when.Error(
          "resume_when as a mapping needs 'text' (what must happen) and may have 'while' (a "
          "condition under which it is still open)"));
    }
  }

  bool ReadOutcome(const std::string& outcome, const RuleSites& s, Rule& r) {
    if (outcome == "refer")
      r.outcome = Outcome::kRefer;
    else if (outcome == "swap")
      r.outcome = Outcome::kSwap;
    else if (outcome == "wait")
      r.outcome = Outcome::kWait;
    else if (outcome == "caution")
      r.outcome = Outcome::kCaution;
    else if (outcome == "info")
      r.outcome = Outcome::kInfo;
    else {
      diags_.push_back(s.outcome.Error(
          fmt::format("rule '{}' needs an outcome: refer, swap, wait, caution or info", r.id)));
      return false;
    }
    if (r.outcome != Outcome::kWait && !r.resume.empty()) {
      diags_.push_back(s.resume.Error(fmt::format(
          "only wait rules take 'resume'; '{}' is a {} rule", r.id, OutcomeName(r.outcome))));
    }
    if (r.outcome != Outcome::kWait && (!r.resume_when.empty() || !r.resume_while.empty())) {
      diags_.push_back(s.resume_when.Error(fmt::format(
          "only wait rules take 'resume_when'; '{}' is a {} rule", r.id, OutcomeName(r.outcome))));
    }
    return true;
  }

  void ReadRuleAlternatives(const YAML::Node& list, Rule& r, RuleSites& s) {
    if (!list.IsDefined()) return;
    s.alternatives = At(list);
    if (r.outcome != Outcome::kSwap) {
      // A refer rule names none on purpose: a red flag is referred, not
      // treated with a gentler hands-on technique.
      diags_.push_back(s.alternatives.Error(fmt::format(
          "only swap rules take 'alternatives'; '{}' is a {} rule", r.id, OutcomeName(r.outcome))));
      return;
    }
    if (!Sequence(list, "alternatives")) return;
    if (list.size() > kMaxAlternatives) {
      diags_.push_back(
          s.alternatives.Error(fmt::format("at most {} alternatives", kMaxAlternatives)));
      return;
    }
    for (const YAML::Node& a : list) r.alternatives.push_back(Scalar(a, "an alternative id"));
  }

  Pack& pack_;
  PackSites& sites_;
  Diagnostics& diags_;
  const SourceFile* file_ = nullptr;
  bool unparsed_ = false;  // some file had a YAML syntax error
  // Names declared so far, for duplicate checks in constant time.
  std::unordered_set<std::string> field_paths_;
  std::unordered_set<std::string> let_names_;
  std::unordered_map<std::string, size_t> rule_ids_;  // id -> index in pack_.rules
  struct {
    size_t fields = 0, lets = 0, alternatives = 0, rules = 0;
  } seen_;  // list items read, for the count limits
  // Shared by the key hints of every file: they cost a bounded time together.
  SpellcheckBudget hint_budget_;
};

}  // namespace

void ReadPack(const std::vector<PackSource>& sources, Pack& pack, PackSites& sites,
              Diagnostics& diagnostics) {
  Reader reader(pack, sites, diagnostics);
  for (const PackSource& source : sources) reader.ReadSource(source);
  if (!sources.empty()) reader.Finish();
}

}  // namespace needlescreen::pack
