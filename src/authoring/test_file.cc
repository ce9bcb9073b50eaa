// Reading rule test files. Records go through ReadRecords exactly as `check`
// reads a YAML record, so a case means what `check` would do with it; every
// key is checked, so a typo is a located error, never an expectation that is
// silently skipped.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <span>
#include <sstream>
#include <string_view>
#include <utility>

#include "authoring/rule_tests.h"
#include "common/files.h"
#include "common/spellcheck.h"
#include "common/yaml_events.h"
#include "model/field_hint.h"
#include "needlescreen/reader.h"
#include "pack/source.h"

namespace needlescreen::authoring {
namespace {

// Test files beyond this are refused (SPEC §6: limits on hostile input).
constexpr size_t kMaxTestFileBytes = size_t{4} * 1024 * 1024;

// constexpr, not std::vector<std::string>: a static that allocates may throw
// before main (cert-err58-cpp), as in pack/read.cc.
constexpr std::string_view kFileKeys[] = {"cases", "at", "set"};
constexpr std::string_view kCaseKeys[] = {"name", "at", "set", "record", "expect"};
constexpr std::string_view kExpectKeys[] = {"decision",    "rules",        "cautions",
                                            "notes",       "missing",      "resume_after",
                                            "resume_when", "alternatives", "verdicts"};
constexpr std::string_view kDecisions[] = {"proceed", "wait",       "swap",
                                           "refer",   "incomplete", "error"};
constexpr std::string_view kVerdicts[] = {"true", "false", "unknown"};

// The record's error without its line and record number: they are those of
// the record re-emitted for the reader, which mean nothing in a test file.
Status WithoutLine(const Status& error) {
  if (error.ok()) return error;
  ErrorPosition at = error.position();
  at.line = 0;
  at.record = 0;
  return Status::Error(error.code(), error.message(), std::move(at));
}

// Settings a file gives all of its cases.
struct FileDefaults {
  std::optional<TimePoint> at;
  std::optional<Record> set;
};

class TestFileParser {
 public:
  TestFileParser(const PackSource& source, const Pack& pack, TestSuite& suite)
      : file_(source.name, source.text), text_(source.text), pack_(pack), suite_(suite) {
    for (const Field& f : pack.fields) field_paths_.push_back(f.path);
    for (const Rule& r : pack.rules) {
      rule_ids_.push_back(r.id);
      if (r.outcome == Outcome::kWait && !r.resume_when.empty() &&
          std::find(resume_texts_.begin(), resume_texts_.end(), r.resume_when) ==
              resume_texts_.end()) {
        resume_texts_.push_back(r.resume_when);
      }
    }
    for (const Alternative& a : pack.alternatives) alternative_ids_.push_back(a.id);
  }

  void Run() {
    // libyaml first: yaml-cpp accepts some invalid YAML (common/yaml_events.h).
    if (auto error = CheckYamlSyntax(text_)) {
      suite_.diagnostics.push_back(file_.At(static_cast<int>(error->PointLine()),
                                            static_cast<int>(error->PointColumn()),
                                            "YAML syntax: " + error->Describe(1)));
      return;
    }
    YAML::Node loaded;
    try {
      loaded = YAML::Load(text_);
    } catch (const YAML::Exception& e) {
      suite_.diagnostics.push_back(
          file_.At(std::max(e.mark.line, 0), std::max(e.mark.column, 0), "YAML syntax: " + e.msg));
      return;
    }
    const YAML::Node& root = loaded;  // const: looking a key up never adds it
    if (!root.IsMap()) {
      suite_.diagnostics.push_back(
          file_.At(0, 0, "a test file is a mapping with a list of 'cases'"));
      return;
    }
    CheckKeys(root, kFileKeys, "test file");
    FileDefaults defaults;
    if (root["at"]) defaults.at = Datetime(root["at"], "at");
    if (root["set"]) defaults.set = Defaults(root["set"]);
    const YAML::Node cases = root["cases"];
    if (!cases || !cases.IsSequence() || cases.size() == 0) {
      Error(cases ? cases : root, "a test file needs a non-empty list of 'cases'");
      return;
    }
    for (const YAML::Node& c : cases) ParseCase(c, defaults);
  }

 private:
  void Error(const YAML::Node& node, std::string message) {
    YAML::Mark m = node.Mark();
    suite_.diagnostics.push_back(
        file_.At(std::max(m.line, 0), std::max(m.column, 0), std::move(message)));
  }

  void CheckKeys(const YAML::Node& map, std::span<const std::string_view> allowed,
                 std::string_view what) {
    std::set<std::string> seen;
    for (const auto& kv : map) {
      std::string key = kv.first.Scalar();
      if (!seen.insert(key).second) Error(kv.first, fmt::format("duplicate key '{}'", key));
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      Error(kv.first, fmt::format("unknown key '{}' in {}{}; expected one of {}", key, what,
                                  Suggest(key, allowed), fmt::join(allowed, ", ")));
    }
  }

  std::optional<std::string> Scalar(const YAML::Node& node, std::string_view what) {
    if (node.IsScalar()) return node.Scalar();
    Error(node, fmt::format("'{}' must be a single value", what));
    return std::nullopt;
  }

  std::optional<TimePoint> Datetime(const YAML::Node& node, std::string_view what) {
    auto text = Scalar(node, what);
    if (!text) return std::nullopt;
    auto t = ParseDatetime(*text);
    if (!t) {
      Error(node,
            fmt::format("'{}' must be an ISO 8601 datetime such as 2026-11-24T21:00:00Z", what));
    }
    return t;
  }

  // Decodes a mapping of field paths (nested or dotted) through the record
  // reader. Unknown paths are errors located at their key; a value the field
  // cannot hold is returned in `value_error`.
  std::optional<Record> Decode(const YAML::Node& node, std::string_view what, Status& value_error) {
    if (!node.IsDefined() || node.IsNull()) return Record(pack_.fields.size());
    if (!node.IsMap()) {
      Error(node, fmt::format("'{}' is a mapping of field paths to values", what));
      return std::nullopt;
    }
    YAML::Emitter emitter;
    emitter << node;
    std::istringstream in(emitter.c_str());
    std::vector<std::string> unknown;
    ReadOptions options;
    options.on_unknown_field = [&](std::string_view p) { unknown.emplace_back(p); };
    uint64_t next = 1;
    Record record(pack_.fields.size());
    ReadRecords(in, file_.name(), InputFormat::kYaml, pack_, options, &next, [&](RecordEvent& e) {
      record = *e.record;
      value_error = WithoutLine(e.status);
      return true;
    });
    for (const std::string& path : unknown) {
      YAML::Node key = FindMember(node, "", path).first;
      Error(key ? key : node, fmt::format("'{}' is not a field of the rule pack{}", path,
                                          Suggest(path, field_paths_)));
    }
    if (!unknown.empty()) return std::nullopt;
    return record;
  }

  // The key and the value under which `path` is given in `map` (nested
  // mappings, dotted keys or both); undefined nodes when it is not there.
  static std::pair<YAML::Node, YAML::Node> FindMember(const YAML::Node& map,
                                                      const std::string& prefix,
                                                      const std::string& path) {
    for (const auto& kv : map) {
      std::string key = prefix.empty() ? kv.first.Scalar() : prefix + "." + kv.first.Scalar();
      if (key == path) return {kv.first, kv.second};
      if (kv.second.IsMap() && path.rfind(key + ".", 0) == 0) {
        auto found = FindMember(kv.second, key, path);
        if (found.first) return found;
      }
    }
    return {YAML::Node(YAML::NodeType::Undefined), YAML::Node(YAML::NodeType::Undefined)};
  }

  // `set`: defaults like --set; a value that does not decode is an error here.
  std::optional<Record> Defaults(const YAML::Node& node) {
    Status value_error;
    auto record = Decode(node, "set", value_error);
    if (!value_error.ok()) {
      Error(node, "set: " + value_error.ToString() + ValueHint(node, value_error));
      return std::nullopt;
    }
    return record;
  }

  // A hint for a misspelt enum or list value of the field `value_error` is
  // about. `set` is the test author's text, as --set is, so naming the
  // nearest value reveals no patient's value (SPEC §6). A case's `record` gets
  // none: its error is the record error `check` would give, and record errors
  // never hint at the value.
  std::string ValueHint(const YAML::Node& map, const Status& value_error) {
    if (value_error.code() != StatusCode::kInvalidValue) return "";
    const int field = pack_.FieldIndex(value_error.position().field);
    if (field < 0) return "";
    const Field& f = pack_.fields[field];
    const YAML::Node value = FindMember(map, "", f.path).second;
    std::string text;
    if (value.IsScalar()) {
      text = value.Scalar();
    } else if (value.IsSequence()) {
      for (const YAML::Node& item : value) {
        if (item.IsScalar()) text += item.Scalar() + ";";  // as a list cell reads
      }
    }
    return DidYouMean(NearestValue(f, text, &hint_budget_));
  }

  void ParseCase(const YAML::Node& node, const FileDefaults& defaults) {
    if (!node.IsMap()) {
      Error(node, "a case is a mapping with name, record and expect");
      return;
    }
    CheckKeys(node, kCaseKeys, "case");
    size_t errors = suite_.diagnostics.size();
    TestCase c;
    c.file = file_.name();
    c.line = std::max(node.Mark().line, 0) + 1;
    if (auto name = node["name"] ? Scalar(node["name"], "name") : std::nullopt) c.name = *name;
    if (c.name.empty()) Error(node, "a case needs a 'name': a sentence saying what it shows");
    c.at = node["at"] ? Datetime(node["at"], "at") : defaults.at;
    Status value_error;
    auto record = Decode(node["record"], "record", value_error);
    if (record) c.record = std::move(*record);
    c.record_error = value_error;
    if (node["set"]) {
      if (auto set = Defaults(node["set"])) ApplyDefaults(*set, c.record);
    }
    if (defaults.set) ApplyDefaults(*defaults.set, c.record);
    if (!node["expect"] || !node["expect"].IsMap()) {
      Error(node["expect"] ? node["expect"] : node, "a case needs an 'expect' mapping");
    } else {
      ParseExpect(node["expect"], c.expect);
    }
    if (suite_.diagnostics.size() == errors) suite_.cases.push_back(std::move(c));
  }

  void ParseExpect(const YAML::Node& node, Expectation& e) {
    CheckKeys(node, kExpectKeys, "expect");
    if (!node["decision"]) {
      Error(node, "'expect' needs a 'decision': proceed, wait, swap, refer, incomplete or error");
    } else if (auto text = Scalar(node["decision"], "decision")) {
      auto d = ParseDecision(*text);
      if (!d) {
        Error(node["decision"], "expected proceed, wait, swap, refer, incomplete or error" +
                                    Suggest(*text, kDecisions));
      }
      e.decision = d.value_or(Decision::kProceed);
    }
    if (node["rules"]) e.rules = RuleIds(node["rules"], "rules");
    if (node["cautions"]) e.cautions = RuleIds(node["cautions"], "cautions");
    if (node["notes"]) e.notes = RuleIds(node["notes"], "notes");
    if (node["missing"]) e.missing = FieldPaths(node["missing"]);
    if (node["resume_after"]) {
      e.checks_resume_after = true;
      if (!node["resume_after"].IsNull())
        e.resume_after = Datetime(node["resume_after"], "resume_after");
    }
    if (node["resume_when"]) e.resume_when = ResumeTexts(node["resume_when"]);
    if (node["alternatives"]) e.alternatives = AlternativeIds(node["alternatives"]);
    if (node["verdicts"]) ParseVerdicts(node["verdicts"], e);
  }

  // `resume_when`: texts as the pack's wait rules give them, so a typo is an
  // error here rather than a case that can never pass.
  std::optional<std::vector<std::string>> ResumeTexts(const YAML::Node& node) {
    auto texts = List(node, "resume_when");
    if (!texts) return texts;
    for (size_t i = 0; i < texts->size(); ++i) {
      const std::string& t = (*texts)[i];
      if (std::find(resume_texts_.begin(), resume_texts_.end(), t) != resume_texts_.end()) {
        continue;
      }
      Error(node[i], fmt::format("'{}' is not the resume_when text of a wait rule of the pack{}", t,
                                 Suggest(t, resume_texts_)));
    }
    return texts;
  }

  std::optional<std::vector<std::string>> AlternativeIds(const YAML::Node& node) {
    auto ids = List(node, "alternatives");
    if (!ids) return ids;
    for (size_t i = 0; i < ids->size(); ++i) {
      const std::string& id = (*ids)[i];
      if (std::find(alternative_ids_.begin(), alternative_ids_.end(), id) !=
          alternative_ids_.end()) {
        continue;
      }
      Error(node[i], fmt::format("'{}' is not an alternative of the pack{}", id,
                                 Suggest(id, alternative_ids_)));
    }
    return ids;
  }

  std::optional<std::vector<std::string>> List(const YAML::Node& node, std::string_view key) {
    if (node.IsNull()) return std::vector<std::string>{};
    if (!node.IsSequence()) {
      Error(node, fmt::format("'{}' is a list, e.g. [a, b] or []", key));
      return std::nullopt;
    }
    std::vector<std::string> out;
    for (const YAML::Node& item : node) {
      if (auto text = Scalar(item, key)) out.push_back(*text);
    }
    return out;
  }

  // The list key a rule of this outcome belongs under in `expect`.
  static std::string_view KeyFor(Outcome o) {
    return o == Outcome::kCaution ? "cautions" : o == Outcome::kInfo ? "notes" : "rules";
  }

  // Index of rule `id`, or -1 after reporting it at `node`.
  int RuleIndex(const YAML::Node& node, const std::string& id) {
    for (size_t i = 0; i < pack_.rules.size(); ++i) {
      if (pack_.rules[i].id == id) return static_cast<int>(i);
    }
    Error(node, fmt::format("'{}' is not a rule of the pack{}", id, Suggest(id, rule_ids_)));
    return -1;
  }

  std::optional<std::vector<std::string>> RuleIds(const YAML::Node& node, std::string_view key) {
    auto ids = List(node, key);
    if (!ids) return ids;
    for (size_t i = 0; i < ids->size(); ++i) {
      int rule = RuleIndex(node[i], (*ids)[i]);
      if (rule < 0) continue;
      Outcome o = pack_.rules[rule].outcome;
      if (KeyFor(o) != key) {
        Error(node[i], fmt::format("'{}' is a {} rule; list it under '{}'", (*ids)[i],
                                   OutcomeName(o), KeyFor(o)));
      }
    }
    return ids;
  }

  std::optional<std::vector<std::string>> FieldPaths(const YAML::Node& node) {
    auto paths = List(node, "missing");
    if (!paths) return paths;
    for (size_t i = 0; i < paths->size(); ++i) {
      const std::string& p = (*paths)[i];
      if (pack_.FieldIndex(p) >= 0) continue;
      Error(node[i],
            fmt::format("'{}' is not a field of the rule pack{}", p, Suggest(p, field_paths_)));
    }
    return paths;
  }

  void ParseVerdicts(const YAML::Node& node, Expectation& e) {
    if (!node.IsMap()) {
      Error(node, "'verdicts' maps rule ids to true, false or unknown");
      return;
    }
    for (const auto& kv : node) {
      int rule = RuleIndex(kv.first, kv.first.Scalar());
      auto text = Scalar(kv.second, "verdict");
      if (rule < 0 || !text) continue;
      if (*text == "true" || *text == "false" || *text == "unknown") {
        Truth t = *text == "true"    ? Truth::kTrue
                  : *text == "false" ? Truth::kFalse
                                     : Truth::kUnknown;
        e.verdicts.emplace_back(rule, t);
      } else {
        Error(kv.second, "expected true, false or unknown" + Suggest(*text, kVerdicts));
      }
    }
  }

  // "; did you mean 'x'?" for the nearest of `candidates`, or "".
  std::string Suggest(std::string_view typed, const std::vector<std::string>& candidates) {
    return DidYouMean(SpellcheckString(typed, candidates, &hint_budget_));
  }
  std::string Suggest(std::string_view typed, std::span<const std::string_view> candidates) {
    NearestWord nearest(typed, &hint_budget_);
    for (std::string_view c : candidates) nearest.Consider(c);
    return DidYouMean(nearest.best());
  }

  pack::SourceFile file_;
  const std::string& text_;
  const Pack& pack_;
  TestSuite& suite_;
  std::vector<std::string> field_paths_;
  std::vector<std::string> rule_ids_;
  std::vector<std::string> resume_texts_;     // of wait rules, distinct, in pack order
  std::vector<std::string> alternative_ids_;  // in pack order
  // Shared by every hint of the file: a hostile file of thousands of unknown
  // rule ids against a pack of thousands of rules costs a bounded time.
  SpellcheckBudget hint_budget_;
};

Diagnostic FileError(const std::string& path, std::string message) {
  Diagnostic d;
  d.file = path;
  d.message = std::move(message);
  return d;
}

void LoadFile(const std::string& path, const Pack& pack, TestSuite& suite) {
  std::string text;
  switch (ReadFileBounded(path, kMaxTestFileBytes, text)) {
    case ReadStatus::kOk:
      ParseTests({path, std::move(text)}, pack, suite);
      return;
    case ReadStatus::kTooLarge:
      suite.diagnostics.push_back(
          FileError(path, fmt::format("test file larger than {} bytes", kMaxTestFileBytes)));
      return;
    case ReadStatus::kUnreadable:
      break;
  }
  suite.diagnostics.push_back(FileError(path, "cannot read the test file"));
}

}  // namespace

void ParseTests(const PackSource& source, const Pack& pack, TestSuite& suite) {
  size_t first = suite.diagnostics.size();
  TestFileParser parser(source, pack, suite);
  try {
    parser.Run();
  } catch (const YAML::Exception& e) {
    // yaml-cpp throws on shapes the parser did not foresee; never past here.
    Diagnostic d;
    d.file = source.name;
    d.message = "cannot read the test file: " + e.msg;
    suite.diagnostics.push_back(std::move(d));
  }
  // In file order, as an editor lists them.
  std::stable_sort(suite.diagnostics.begin() + static_cast<std::ptrdiff_t>(first),
                   suite.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
                     return std::pair(a.line, a.column) < std::pair(b.line, b.column);
                   });
}

TestSuite LoadTests(const std::vector<std::string>& paths, const Pack& pack) {
  TestSuite suite;
  std::vector<std::string> empty;
  for (const std::string& f : ExpandYamlPaths(paths, empty, suite.diagnostics))
    LoadFile(f, pack, suite);
  for (const std::string& d : empty)
    suite.diagnostics.push_back(FileError(d, "no .yaml test files here"));
  return suite;
}

}  // namespace needlescreen::authoring
