// Generated cases as YAML. Every scalar that comes from the pack goes through
// YamlScalar / YamlQuoted, so an odd rule id or text stays one escaped scalar
// and the file reads back as written.
#include "authoring/case_file.h"

#include <fmt/format.h>

#include "output/yaml_intake.h"

namespace needlescreen::authoring {
namespace {

std::string_view Group(std::string_view path) {
  size_t dot = path.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : path.substr(0, dot);
}

std::string Name(std::string_view path) {
  size_t dot = path.rfind('.');
  return std::string(dot == std::string_view::npos ? path : path.substr(dot + 1));
}

std::string List(const std::vector<std::string>& items) {
  return fmt::format("[{}]", fmt::join(items, ", "));
}

std::vector<std::string> RuleIds(const Pack& pack, const std::vector<Finding>& findings) {
  std::vector<std::string> ids;
  ids.reserve(findings.size());
  for (const Finding& f : findings) ids.push_back(output::YamlScalar(pack.rules[f.rule].id));
  return ids;
}

void AppendWaitAndSwap(const Pack& pack, const Result& result, std::string& out) {
  if (result.decision == Decision::kWait) {
    out += fmt::format("      resume_after: {}\n",
                       result.resume_after ? FormatDatetime(*result.resume_after) : "null");
    std::vector<std::string> texts;
    for (const std::string& t : result.resume_when) texts.push_back(output::YamlQuoted(t));
    out += fmt::format("      resume_when: {}\n", List(texts));
  }
  if (result.decision == Decision::kSwap) {
    std::vector<std::string> ids;
    for (int a : result.alternatives) ids.push_back(output::YamlScalar(pack.alternatives[a].id));
    out += fmt::format("      alternatives: {}\n", List(ids));
  }
}

}  // namespace

std::string CaseRecordYaml(const Pack& pack, const Record& record) {
  // Groups in the order of their first known field.
  std::vector<std::pair<std::string_view, std::vector<std::string>>> groups;
  for (size_t f = 0; f < pack.fields.size() && f < record.slots.size(); ++f) {
    if (!record.slots[f].known) continue;
    const Field& field = pack.fields[f];
    std::string_view group = Group(field.path);
    std::string entry = fmt::format("{}: {}", group.empty() ? field.path : Name(field.path),
                                    output::YamlValue(field, record.slots[f]));
    auto it = group.empty() ? groups.end()
                            : std::find_if(groups.begin(), groups.end(),
                                           [&](const auto& g) { return g.first == group; });
    if (it == groups.end()) {
      groups.emplace_back(group, std::vector<std::string>{});
      it = groups.end() - 1;
    }
    it->second.push_back(std::move(entry));
  }
  if (groups.empty()) return " {}\n";
  std::string out = "\n";
  for (const auto& [group, entries] : groups) {
    if (group.empty()) {
      out += fmt::format("      {}\n", entries.front());
    } else {
      out += fmt::format("      {}: {{{}}}\n", group, fmt::join(entries, ", "));
    }
  }
  return out;
}

std::string CaseYaml(const Pack& pack, std::string_view name, const std::string& record_yaml,
                     const Result& result, const std::vector<int>& verdict_rules) {
  std::string out = fmt::format("  - name: {}\n    record:{}    expect:\n",
                                output::YamlQuoted(name), record_yaml);
  out += fmt::format("      decision: {}\n", DecisionName(result.decision));
  out += fmt::format("      rules: {}\n", List(RuleIds(pack, result.reasons)));
  out += fmt::format("      cautions: {}\n", List(RuleIds(pack, result.cautions)));
  out += fmt::format("      notes: {}\n", List(RuleIds(pack, result.notes)));
  std::vector<std::string> missing;
  for (const Missing& m : result.missing) {
    if (m.blocking) missing.push_back(output::YamlScalar(pack.fields[m.field].path));
  }
  out += fmt::format("      missing: {}\n", List(missing));
  AppendWaitAndSwap(pack, result, out);
  if (!verdict_rules.empty()) {
    std::vector<std::string> verdicts;
    verdicts.reserve(verdict_rules.size());
    for (int r : verdict_rules) {
      verdicts.push_back(fmt::format("{}: {}", output::YamlScalar(pack.rules[r].id),
                                     TruthName(result.verdicts[r])));
    }
    out += fmt::format("      verdicts: {{{}}}\n", fmt::join(verdicts, ", "));
  }
  return out;
}

}  // namespace needlescreen::authoring
