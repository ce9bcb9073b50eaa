// JSON Schema documents, written through the streaming JsonEmitter so the
// escaping is the output writers' own.
#include "authoring/schema.h"

#include <fmt/format.h>

#include <functional>
#include <initializer_list>
#include <utility>
#include <vector>

#include "output/json_emitter.h"
#include "output/yaml_intake.h"
#include "screen/explain.h"

namespace needlescreen::authoring {
namespace {

using output::FieldGroup;
using output::JsonEmitter;

constexpr std::string_view kDraft = "https://json-schema.org/draft/2020-12/schema";

// What ParseDatetime reads: a date, optionally a time (`T`, `t` or a space)
// with optional seconds and fraction, optionally an offset; no offset means
// local time. `format: date-time` (RFC 3339) names the canonical form; the
// pattern is what is asserted, since validators treat `format` as a note.
constexpr std::string_view kDatetimePattern =
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?"
    "([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?)?$";
// What the output writers print: always UTC, always seconds.
constexpr std::string_view kDatePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
constexpr std::string_view kBoundPattern =
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)?$";
constexpr std::string_view kUtcPattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$";

void Types(JsonEmitter& j, std::initializer_list<std::string_view> types) {
  j.Key("type");
  if (types.size() == 1) return j.String(*types.begin());
  j.BeginArray();
  for (std::string_view t : types) j.String(t);
  j.EndArray();
}

void Enum(JsonEmitter& j, const std::vector<std::string>& values, bool with_null) {
  j.Key("enum");
  j.BeginArray();
  for (const std::string& v : values) j.String(v);
  if (with_null) j.Null();
  j.EndArray();
}

void Header(JsonEmitter& j, const Pack& pack, std::string_view kind, std::string_view title,
            std::string_view description) {
  j.Key("$schema");
  j.String(kDraft);
  j.Key("$id");
  j.String(fmt::format("urn:needlescreen:{}:{}:{}", pack.id, pack.version, kind));
  j.Key("title");
  j.String(title);
  j.Key("description");
  j.String(description);
}

// --- intake -----------------------------------------------------------------

std::string FieldDescription(const Field& f) {
  std::string out = screen::FoldBlanks(f.question.empty() ? f.path : f.question);
  if (!f.unit.empty()) out += fmt::format(" (in {})", f.unit);
  if (!f.help.empty()) out += " " + screen::FoldBlanks(f.help);
  if (!f.min.empty() || !f.max.empty()) {
    out += " Plausible answers:";
    if (!f.min.empty()) out += fmt::format(" not before/below {}", f.min);
    if (!f.min.empty() && !f.max.empty()) out += " and";
    if (!f.max.empty()) out += fmt::format(" not after/above {}", f.max);
    out += " (`now` is the screening time); an answer outside is not used.";
  }
  return out;
}

// Issue 15: the bounds as the pack writes them. Not `minimum`/`maximum`: an
// implausible answer is a readable record (screened as incomplete), so a
// validator must not reject it; and a datetime bound moves with `now`.
void Bounds(JsonEmitter& j, const Field& f) {
  if (!f.min.empty()) {
    j.Key("x-needlescreen-min");
    j.String(f.min);
  }
  if (!f.max.empty()) {
    j.Key("x-needlescreen-max");
    j.String(f.max);
  }
}

void FieldSchema(JsonEmitter& j, const Field& f) {
  j.BeginObject();
  j.Key("description");
  j.String(FieldDescription(f));
  switch (f.type) {
    case FieldType::kBool:
      Types(j, {"boolean", "null"});
      break;
    case FieldType::kNumber:
      Types(j, {"number", "null"});
      break;
    case FieldType::kString:
      Types(j, {"string", "null"});
      break;
    case FieldType::kEnum:
      Enum(j, f.values, true);
      break;
    case FieldType::kDatetime:
      Types(j, {"string", "null"});
      j.Key("format");
      j.String("date-time");
      j.Key("pattern");
      j.String(kDatetimePattern);
      break;
    case FieldType::kList:
      Types(j, {"array", "null"});
      j.Key("items");
      j.BeginObject();
      Enum(j, f.values, false);
      j.EndObject();
      break;
  }
  Bounds(j, f);
  j.EndObject();
}

// Fields below `g`'s subgroups by their dotted path relative to `g`, for
// records that write `patient.consent` rather than nesting it.
void DottedFields(const FieldGroup& g, const std::string& prefix,
                  std::vector<std::pair<std::string, int>>& out) {
  for (const std::string& name : g.order) {
    auto f = g.fields.find(name);
    if (f != g.fields.end()) {
      if (!prefix.empty()) out.emplace_back(prefix + name, f->second);
    } else {
      DottedFields(g.groups.at(name), prefix + name + ".", out);
    }
  }
}

void GroupSchema(JsonEmitter& j, const Pack& pack, const FieldGroup& g, bool strict, bool nested) {
  if (nested)
    Types(j, {"object", "null"});
  else
    Types(j, {"object"});
  j.Key("properties");
  j.BeginObject();
  for (const std::string& name : g.order) {
    j.Key(name);
    auto f = g.fields.find(name);
    if (f != g.fields.end()) {
      FieldSchema(j, pack.fields[f->second]);
    } else {
      j.BeginObject();
      GroupSchema(j, pack, g.groups.at(name), strict, true);
      j.EndObject();
    }
  }
  std::vector<std::pair<std::string, int>> dotted;
  DottedFields(g, "", dotted);
  for (const auto& [path, field] : dotted) {
    j.Key(path);
    FieldSchema(j, pack.fields[field]);
  }
  j.EndObject();
  if (strict) {
    j.Key("additionalProperties");
    j.Bool(false);
  }
}

// --- output -----------------------------------------------------------------

// Writes one property's schema.
using Writer = std::function<void(JsonEmitter&)>;
using Property = std::pair<std::string_view, Writer>;

void Ref(JsonEmitter& j, std::string_view def) {
  j.BeginObject();
  j.Key("$ref");
  j.String(fmt::format("#/$defs/{}", def));
  j.EndObject();
}

Writer RefTo(std::string_view def) {
  return [def](JsonEmitter& j) { Ref(j, def); };
}

Writer ArrayOf(std::string_view def) {
  return [def](JsonEmitter& j) {
    j.BeginObject();
    Types(j, {"array"});
    j.Key("items");
    Ref(j, def);
    j.EndObject();
  };
}

Writer Typed(std::string_view type, bool nullable = false) {
  return [=](JsonEmitter& j) {
    j.BeginObject();
    if (nullable) {
      Types(j, {type, "null"});
    } else {
      Types(j, {type});
    }
    j.EndObject();
  };
}

Writer OneOf(std::vector<std::string> values) {
  return [values = std::move(values)](JsonEmitter& j) {
    j.BeginObject();
    Enum(j, values, false);
    j.EndObject();
  };
}

Writer Const(std::string value) {
  return [value = std::move(value)](JsonEmitter& j) {
    j.BeginObject();
    j.Key("const");
    j.String(value);
    j.EndObject();
  };
}

Writer Matching(bool nullable, std::string_view format, std::string_view pattern) {
  return [=](JsonEmitter& j) {
    j.BeginObject();
    if (nullable) {
      Types(j, {"string", "null"});
    } else {
      Types(j, {"string"});
    }
    if (!format.empty()) {
      j.Key("format");
      j.String(format);
    }
    j.Key("pattern");
    j.String(pattern);
    j.EndObject();
  };
}

Writer Counter(bool nullable) {
  return [=](JsonEmitter& j) {
    j.BeginObject();
    if (nullable) {
      Types(j, {"integer", "null"});
    } else {
      Types(j, {"integer"});
    }
    j.Key("minimum");
    j.Number(1);
    j.EndObject();
  };
}

// An object with exactly these properties (SPEC §4 fixes the keys), all
// required but the last `optional`.
void Closed(JsonEmitter& j, const std::vector<Property>& properties, size_t optional = 0) {
  j.BeginObject();
  Types(j, {"object"});
  j.Key("required");
  j.BeginArray();
  for (size_t i = 0; i + optional < properties.size(); ++i) j.String(properties[i].first);
  j.EndArray();
  j.Key("properties");
  j.BeginObject();
  for (const auto& [name, write] : properties) {
    j.Key(name);
    write(j);
  }
  j.EndObject();
  j.Key("additionalProperties");
  j.Bool(false);
  j.EndObject();
}

// Issue 19: null, or {start, end}, each a date as the pack wrote it or a UTC
// datetime, or null for an open bound.
void EffectivePeriod(JsonEmitter& j) {
  const Writer bound = Matching(true, "", kBoundPattern);
  j.BeginObject();
  Types(j, {"object", "null"});
  j.Key("required");
  j.BeginArray();
  j.String("start");
  j.String("end");
  j.EndArray();
  j.Key("properties");
  j.BeginObject();
  j.Key("start");
  bound(j);
  j.Key("end");
  bound(j);
  j.EndObject();
  j.Key("additionalProperties");
  j.Bool(false);
  j.EndObject();
}

void RecordDefs(JsonEmitter& j) {
  const Writer string = Typed("string");
  const Writer record = RefTo("record_number"), line = RefTo("line_number");
  const Writer id = Typed("string", true);
  j.Key("screened");
  Closed(j,
         {{"record", record},
          {"line", line},
          {"id", id},
          {"decision", OneOf({"proceed", "wait", "swap", "refer", "incomplete"})},
          {"summary", string},
          {"reasons", ArrayOf("reason")},
          {"cautions", ArrayOf("finding")},
          {"notes", ArrayOf("finding")},
          {"needling_advice", OneOf({"now", "after_wait", "once_cleared", "not_needling"})},
          {"missing", ArrayOf("missing")},
          {"resume_after", Matching(true, "date-time", kUtcPattern)},
          {"resume_when", ArrayOf("text")},
          {"alternatives", ArrayOf("alternative")},
          {"screened_at", Matching(false, "date-time", kUtcPattern)},
          {"ruleset", RefTo("ruleset")},
          {"file", string},
          {"explain", ArrayOf("explanation")},
          {"counterfactual", RefTo("counterfactual")}},
         3);
  j.Key("error");
  Closed(j,
         {{"record", record},
          {"line", line},
          {"id", id},
          {"decision", Const("error")},
          {"error", string},
          {"ruleset", RefTo("ruleset")},
          {"file", string}},
         1);
  j.Key("record_number");
  Counter(false)(j);
  j.Key("line_number");
  Counter(true)(j);
  j.Key("text");
  string(j);
}

void FindingDefs(JsonEmitter& j, const Pack& pack) {
  const Writer string = Typed("string");
  j.Key("reason");
  Closed(j, {{"rule", RefTo("rule_id")},
             {"outcome", OneOf({"refer", "swap", "wait"})},
             {"message", string},
             {"source", string}});
  j.Key("finding");
  Closed(j, {{"rule", RefTo("rule_id")}, {"message", string}, {"source", string}});
  j.Key("missing");
  Closed(j, {{"field", RefTo("field_path")},
             {"question", string},
             {"rules", ArrayOf("rule_id")},
             {"blocking", Typed("boolean")},
             {"problem", Typed("string", true)}});
  j.Key("alternative");
  Closed(j, {{"id", RefTo("alternative_id")}, {"name", string}});
  j.Key("ruleset");
  const Writer date = Matching(true, "date", kDatePattern);
  Closed(j, {{"id", Const(pack.id)},
             {"version", string},
             {"digest", Matching(false, "", "^sha256:[0-9a-f]{64}$")},
             {"approval_date", date},
             {"last_review_date", date},
             {"effective_period", EffectivePeriod}});
}

void ExplainDefs(JsonEmitter& j) {
  const Writer value = Typed("string", true);  // rendered as in messages; null when unknown
  j.Key("truth");
  OneOf({"true", "false", "unknown"})(j);
  j.Key("explanation");
  Closed(j, {{"rule", RefTo("rule_id")},
             {"outcome", OneOf({"refer", "swap", "wait", "caution", "info"})},
             {"verdict", RefTo("truth")},
             {"when", Typed("string")},
             {"reads", ArrayOf("reading")},
             {"decided_by", ArrayOf("deciding_part")},
             {"lets", ArrayOf("let_value")}});
  j.Key("reading");
  Closed(j, {{"field", RefTo("read_name")}, {"value", value}});
  j.Key("deciding_part");
  Closed(j, {{"expr", Typed("string")}, {"value", RefTo("truth")}});
  j.Key("let_value");
  Closed(j, {{"name", RefTo("let_name")}, {"value", value}});
}

// `check --counterfactual` (issue 19): null on proceed, else the search.
// Answers are typed as in an intake record (null: unanswered).
void CounterfactualDefs(JsonEmitter& j) {
  j.Key("counterfactual");
  j.BeginObject();
  j.Key("oneOf");
  j.BeginArray();
  Typed("null")(j);
  Ref(j, "counterfactual_search");
  j.EndArray();
  j.EndObject();
  j.Key("counterfactual_search");
  Closed(j, {{"sets", ArrayOf("change_set")},
             {"more", Typed("boolean")},
             {"decides", ArrayOf("deciding_answer")},
             {"exhausted", Typed("boolean")},
             {"screenings", Typed("integer")},
             {"considered", Typed("integer")}});
  j.Key("change_set");
  Closed(j, {{"changes", ArrayOf("answer_change")},
             {"screen_at", Matching(true, "date-time", kUtcPattern)},
             {"or_later", Typed("boolean")}});
  j.Key("answer_change");
  Closed(j, {{"field", RefTo("field_path")},
             {"from", RefTo("answer_value")},
             {"to", RefTo("answer_value")}});
  j.Key("deciding_answer");
  Closed(j, {{"field", RefTo("field_path")},
             {"from", RefTo("answer_value")},
             {"answers", ArrayOf("answer_outcome")}});
  j.Key("answer_outcome");
  Closed(j, {{"value", RefTo("answer_value")},
             {"decision", OneOf({"proceed", "wait", "swap", "refer", "incomplete", "error"})}});
  j.Key("answer_value");
  j.BeginObject();
  Types(j, {"boolean", "number", "string", "array", "null"});
  j.Key("items");
  Typed("string")(j);
  j.EndObject();
}

// The pack's own names, so a record from another pack does not validate.
void NameDefs(JsonEmitter& j, const Pack& pack) {
  std::vector<std::string> rules, fields, alternatives, lets;
  for (const Rule& r : pack.rules) rules.push_back(r.id);
  for (const Field& f : pack.fields) fields.push_back(f.path);
  for (const Alternative& a : pack.alternatives) alternatives.push_back(a.id);
  for (const Let& l : pack.lets) lets.push_back(l.name);
  std::vector<std::string> reads = fields;
  reads.emplace_back("now");
  for (auto& [name, values] : std::vector<std::pair<std::string_view, std::vector<std::string>>>{
           {"rule_id", rules},
           {"field_path", fields},
           {"read_name", reads},
           {"alternative_id", alternatives},
           {"let_name", lets}}) {
    j.Key(name);
    OneOf(std::move(values))(j);
  }
}

}  // namespace

std::string IntakeSchema(const Pack& pack, bool strict) {
  std::string out;
  JsonEmitter j(out, true);
  j.BeginObject();
  Header(j, pack, "intake", fmt::format("Intake record for {} {}", pack.id, pack.version),
         fmt::format(
             "One intake record for the rule pack {} {} ({}). Every field is optional and may be "
             "null: a missing or null answer is unknown, never \"no\". Fields nest by path "
             "(\"patient\": {{\"consent\": true}}) or are written with dotted keys "
             "(\"patient.consent\": true). Values are in canonical form; needlescreen check also "
             "reads yes/no, y/n and 1/0 for booleans, enum values in any case and ';'-separated "
             "lists. Datetimes are ISO 8601; one without an offset is local time. {}",
             pack.id, pack.version, pack.digest,
             strict ? "Keys the pack does not declare are rejected, as by check --strict."
                    : "Keys the pack does not declare are allowed: check warns about them "
                      "(check --strict and schema intake --strict reject them)."));
  GroupSchema(j, pack, output::FieldTree(pack), strict, false);
  j.EndObject();
  return out + "\n";
}

std::string OutputSchema(const Pack& pack) {
  std::string out;
  JsonEmitter j(out, true);
  j.BeginObject();
  Header(j, pack, "output",
         fmt::format("needlescreen check output record for {} {}", pack.id, pack.version),
         "One record of needlescreen check --format jsonl (or one element of the --format json "
         "array): a screened record, or an error record for input that could not be read. "
         "`file` appears with several input files, `explain` with --explain, `counterfactual` "
         "with --counterfactual. Values read by a rule and let values under `explain` are "
         "strings, rendered as in messages; null when unknown. Answers under `counterfactual` "
         "are typed as in an intake record; null when unanswered.");
  j.Key("oneOf");
  j.BeginArray();
  Ref(j, "screened");
  Ref(j, "error");
  j.EndArray();
  j.Key("$defs");
  j.BeginObject();
  RecordDefs(j);
  FindingDefs(j, pack);
  ExplainDefs(j);
  CounterfactualDefs(j);
  NameDefs(j, pack);
  j.EndObject();
  j.EndObject();
  return out + "\n";
}

}  // namespace needlescreen::authoring
