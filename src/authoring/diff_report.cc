// `rules diff`'s report. The text is for an educator reading it through; the
// JSON keeps the same facts with stable keys (README "What a new version
// changes").
#include "authoring/diff_report.h"

#include <fmt/format.h>

#include <string_view>
#include <vector>

#include "common/text.h"

namespace needlescreen::authoring {
namespace {

// "rules/x.yaml:12", "rules/x.yaml" (no line), "the engine" (an engine
// field the pack does not declare).
std::string Place(const SourcePos& pos) {
  if (pos.file.empty()) return "the engine";
  if (pos.line == 0) return Printable(pos.file);
  return fmt::format("{}:{}", Printable(pos.file), pos.line);
}

std::string Places(const ElementChange& c) {
  switch (c.change) {
    case ChangeKind::kAdded:
      return fmt::format("new {}", Place(c.new_pos));
    case ChangeKind::kRemoved:
      return fmt::format("old {}", Place(c.old_pos));
    case ChangeKind::kChanged:
      break;
  }
  return fmt::format("old {}, new {}", Place(c.old_pos), Place(c.new_pos));
}

std::string Shown(const std::string& value) {
  return value.empty() ? "(not given)" : Printable(value);
}

std::string SideText(std::string_view label, const DiffSide& side) {
  return fmt::format("{}: {}, {} {} ({})\n", label, Printable(side.given), Printable(side.pack->id),
                     Printable(side.pack->version), side.pack->digest);
}

std::string StructureText(const PackDiff& diff) {
  if (diff.changes.empty()) return "\nStructure: no change\n";
  std::string out = fmt::format("\nStructure: {} change{}\n", diff.changes.size(),
                                diff.changes.size() == 1 ? "" : "s");
  for (const ElementChange& c : diff.changes) {
    out += fmt::format("  {} {} {} ({})\n", ChangeKindName(c.change), ElementKindName(c.kind),
                       Printable(c.name), Places(c));
    for (const AttributeChange& a : c.attributes) {
      out += fmt::format("    {}", a.name);
      if (c.kind == ElementKind::kPack) {
        out += fmt::format(" (old {}, new {})", Place(a.old_pos), Place(a.new_pos));
      }
      out += fmt::format("\n      - {}\n      + {}\n", Shown(a.old_value), Shown(a.new_value));
    }
  }
  return out;
}

// "intake.jsonl", "a.csv and standard input", "a, b, c and 4 more files".
std::string InputsText(const std::vector<std::string>& inputs) {
  constexpr size_t kNamed = 3;
  std::vector<std::string> names;
  for (size_t i = 0; i < inputs.size() && i < kNamed; ++i) {
    names.push_back(inputs[i] == "-" ? "standard input" : Printable(inputs[i]));
  }
  if (inputs.size() > kNamed) {
    return fmt::format("{} and {} more files", fmt::join(names, ", "), inputs.size() - kNamed);
  }
  if (names.size() <= 1) return names.empty() ? "" : names[0];
  std::string last = names.back();
  names.pop_back();
  return fmt::format("{} and {}", fmt::join(names, ", "), last);
}

std::string ScreeningText(const DiffScreening& s, const DecisionComparison& comparison) {
  std::string what = s.generated
                         ? fmt::format(
                               "the cases `rules cases` generates from each pack ({} from the "
                               "old, {} from the new; {} distinct)",
                               s.old_cases, s.new_cases, comparison.records())
                         : fmt::format("{} record{} from {}", comparison.records(),
                                       comparison.records() == 1 ? "" : "s", InputsText(s.inputs));
  std::string at = s.at ? FormatDatetime(*s.at) : "now, where a record has no screened_at";
  if (s.at && !s.generated) at += ", where a record has no screened_at";
  std::string out =
      fmt::format("\nDecisions: {} changed of {}; unreadable by a pack: {} (by both: {})\n",
                  comparison.changed(), comparison.records(), comparison.unreadable(),
                  comparison.unreadable_by_both());
  out += fmt::format("  screened: {}, at {}\n", what, at);
  for (const std::string& e : s.input_errors) out += fmt::format("  not read: {}\n", Printable(e));
  return out;
}

std::string TransitionsText(const DecisionComparison& comparison) {
  if (comparison.records() == 0) return "";
  std::string out = fmt::format("  {:<13}{:<11}{:>9}\n", "old", "new", "records");
  for (Decision o : kDecisionsInOrder) {
    for (Decision n : kDecisionsInOrder) {
      uint64_t count = comparison.transitions()[static_cast<int>(o)][static_cast<int>(n)];
      if (count == 0) continue;
      out += fmt::format("  {:<10} → {:<10} {:>9}{}\n", DecisionName(o), DecisionName(n), count,
                         o == n ? "" : "  changed");
    }
  }
  return out;
}

std::string StandingText(const RuleStanding& s) {
  if (!s.present) return "not in the pack";
  return fmt::format("{} {}", OutcomeName(s.outcome), TruthName(s.verdict));
}

void EmitPos(output::JsonEmitter& json, const SourcePos& pos, bool present) {
  if (!present) {
    json.Null();
    return;
  }
  json.BeginObject();
  json.PlainKey("file");
  json.String(pos.file);
  json.PlainKey("line");
  json.Number(static_cast<uint64_t>(pos.line));
  json.PlainKey("column");
  json.Number(static_cast<uint64_t>(pos.column));
  json.EndObject();
}

void EmitSide(output::JsonEmitter& json, const DiffSide& side) {
  json.BeginObject();
  json.PlainKey("rules");
  json.String(side.given);
  json.PlainKey("id");
  json.String(side.pack->id);
  json.PlainKey("version");
  json.String(side.pack->version);
  json.PlainKey("digest");
  json.PlainString(side.pack->digest);
  json.PlainKey("files");
  json.BeginArray();
  for (const std::string& f : side.pack->files) json.String(f);
  json.EndArray();
  json.EndObject();
}

void EmitAttributes(output::JsonEmitter& json, const ElementChange& c) {
  json.BeginArray();
  for (const AttributeChange& a : c.attributes) {
    json.BeginObject();
    json.PlainKey("name");
    json.String(a.name);
    json.PlainKey("old");
    json.String(a.old_value);
    json.PlainKey("new");
    json.String(a.new_value);
    if (c.kind == ElementKind::kPack) {
      json.PlainKey("old_at");
      EmitPos(json, a.old_pos, a.old_pos.line > 0);
      json.PlainKey("new_at");
      EmitPos(json, a.new_pos, a.new_pos.line > 0);
    }
    json.EndObject();
  }
  json.EndArray();
}

void EmitStructure(output::JsonEmitter& json, const PackDiff& diff) {
  json.BeginArray();
  for (const ElementChange& c : diff.changes) {
    json.BeginObject();
    json.PlainKey("kind");
    json.PlainString(ElementKindName(c.kind));
    json.PlainKey("name");
    json.String(c.name);
    json.PlainKey("change");
    json.PlainString(ChangeKindName(c.change));
    json.PlainKey("old");
    EmitPos(json, c.old_pos, c.change != ChangeKind::kAdded && !c.old_pos.file.empty());
    json.PlainKey("new");
    EmitPos(json, c.new_pos, c.change != ChangeKind::kRemoved && !c.new_pos.file.empty());
    json.PlainKey("attributes");
    EmitAttributes(json, c);
    json.EndObject();
  }
  json.EndArray();
}

void EmitScreening(output::JsonEmitter& json, const DiffScreening& s,
                   const DecisionComparison& comparison) {
  json.BeginObject();
  json.PlainKey("source");
  json.PlainString(s.generated ? "generated_cases" : "records");
  json.PlainKey("inputs");
  json.BeginArray();
  for (const std::string& i : s.inputs) json.String(i);
  json.EndArray();
  json.PlainKey("old_cases");
  json.Number(s.old_cases);
  json.PlainKey("new_cases");
  json.Number(s.new_cases);
  json.PlainKey("at");
  if (s.at) {
    json.PlainString(FormatDatetime(*s.at));
  } else {
    json.Null();
  }
  json.PlainKey("records");
  json.Number(comparison.records());
  json.PlainKey("changed");
  json.Number(comparison.changed());
  json.PlainKey("unreadable");
  json.Number(comparison.unreadable());
  json.PlainKey("unreadable_by_both");
  json.Number(comparison.unreadable_by_both());
  json.PlainKey("input_errors");
  json.BeginArray();
  for (const std::string& e : s.input_errors) json.String(e);
  json.EndArray();
  json.EndObject();
}

void EmitTransitions(output::JsonEmitter& json, const DecisionComparison& comparison) {
  json.BeginArray();
  for (Decision o : kDecisionsInOrder) {
    for (Decision n : kDecisionsInOrder) {
      uint64_t count = comparison.transitions()[static_cast<int>(o)][static_cast<int>(n)];
      if (count == 0) continue;
      json.BeginObject();
      json.PlainKey("old");
      json.PlainString(DecisionName(o));
      json.PlainKey("new");
      json.PlainString(DecisionName(n));
      json.PlainKey("records");
      json.Number(count);
      json.PlainKey("changed");
      json.Bool(o != n);
      json.EndObject();
    }
  }
  json.EndArray();
}

void EmitStanding(output::JsonEmitter& json, const RuleStanding& s) {
  if (!s.present) {
    json.Null();
    return;
  }
  json.BeginObject();
  json.PlainKey("outcome");
  json.PlainString(OutcomeName(s.outcome));
  json.PlainKey("verdict");
  json.PlainString(TruthName(s.verdict));
  json.EndObject();
}

void EmitDecision(output::JsonEmitter& json, Decision decision, const std::string& error) {
  json.BeginObject();
  json.PlainKey("decision");
  json.PlainString(DecisionName(decision));
  json.PlainKey("error");
  if (error.empty()) {
    json.Null();
  } else {
    json.String(error);
  }
  json.EndObject();
}

}  // namespace

std::string ReportHeadText(const DiffSide& old_side, const DiffSide& new_side,
                           const PackDiff& structure, const DiffScreening& screening,
                           const DecisionComparison& comparison) {
  std::string out = SideText("old", old_side) + SideText("new", new_side);
  out += StructureText(structure);
  out += ScreeningText(screening, comparison);
  out += TransitionsText(comparison);
  if (comparison.changed() > 0) out += "\nChanged decisions:\n";
  return out;
}

std::string UnreadableHeadText(const DecisionComparison& comparison) {
  return comparison.unreadable_by_both() > 0 ? "\nUnreadable by both packs:\n" : "";
}

void ContinueReportJson(output::JsonEmitter& json) {
  json.EndArray();
  json.PlainKey("unreadable");
  json.BeginArray();
}

std::string ChangeText(const DecisionChange& c) {
  const RecordPosition& p = c.position;
  std::string where = fmt::format("record {}", p.record);
  if (!p.file.empty()) {
    std::string file = p.file == "-" ? "standard input" : Printable(p.file);
    where += p.line > 0 ? fmt::format(" ({}:{})", file, p.line) : fmt::format(" ({})", file);
  }
  if (p.id) where += fmt::format(", id {}", Printable(*p.id));
  std::string out = fmt::format("  {} → {}  {}\n", DecisionName(c.old_decision),
                                DecisionName(c.new_decision), where);
  if (!c.old_error.empty()) out += fmt::format("    old: {}\n", Printable(c.old_error));
  if (!c.new_error.empty()) out += fmt::format("    new: {}\n", Printable(c.new_error));
  for (const RuleDifference& r : c.rules) {
    out += fmt::format("    {}: {} → {}\n", Printable(r.rule), StandingText(r.old_rule),
                       StandingText(r.new_rule));
  }
  return out;
}

void BeginReportJson(output::JsonEmitter& json, const DiffSide& old_side, const DiffSide& new_side,
                     const PackDiff& structure, const DiffScreening& screening,
                     const DecisionComparison& comparison) {
  json.BeginObject();
  json.PlainKey("old");
  EmitSide(json, old_side);
  json.PlainKey("new");
  EmitSide(json, new_side);
  json.PlainKey("structure");
  EmitStructure(json, structure);
  json.PlainKey("screened");
  EmitScreening(json, screening, comparison);
  json.PlainKey("transitions");
  EmitTransitions(json, comparison);
  json.PlainKey("changed");
  json.BeginArray();
}

std::string ChangeJson(const DecisionChange& c) {
  std::string out;
  // Indented as an element of `changed`, two levels down; the line break
  // and indentation before it are the enclosing emitter's to write.
  output::JsonEmitter json(out, true, 2);
  json.BeginObject();
  json.PlainKey("record");
  json.Number(c.position.record);
  // A generated case has no file, and its line would be one of a stream
  // nobody sees.
  const bool generated = c.position.file.empty();
  json.PlainKey("line");
  if (generated || c.position.line == 0) {
    json.Null();
  } else {
    json.Number(c.position.line);
  }
  json.PlainKey("file");
  if (generated) {
    json.Null();
  } else {
    json.String(c.position.file);
  }
  json.PlainKey("id");
  if (c.position.id) {
    json.String(*c.position.id);
  } else {
    json.Null();
  }
  json.PlainKey("old");
  EmitDecision(json, c.old_decision, c.old_error);
  json.PlainKey("new");
  EmitDecision(json, c.new_decision, c.new_error);
  json.PlainKey("rules");
  json.BeginArray();
  for (const RuleDifference& r : c.rules) {
    json.BeginObject();
    json.PlainKey("rule");
    json.String(r.rule);
    json.PlainKey("old");
    EmitStanding(json, r.old_rule);
    json.PlainKey("new");
    EmitStanding(json, r.new_rule);
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
  return out.substr(out.find('{'));
}

}  // namespace needlescreen::authoring
