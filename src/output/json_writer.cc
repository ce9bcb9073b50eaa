// The JSON output record of SPEC §4, key for key: the one writer for JSON Lines
// and the JSON array, with or without --explain, and for error records. The
// pack's text comes quoted from Fragments (built here: its compact objects are
// this writer's), so a record costs little more than its own values (SPEC §5:
// 500k records/s).
#include <string>
#include <vector>

#include "output/fragments.h"
#include "output/json_emitter.h"
#include "output/stamp.h"
#include "output/writers.h"
#include "pack/compiled.h"

namespace needlescreen::output {
namespace {

void Position(JsonEmitter& j, const RecordInfo& info, const OutputOptions& options) {
  j.PlainKey("record");
  j.Number(info.record);
  j.PlainKey("line");
  if (info.line > 0)
    j.Number(info.line);
  else
    j.Null();
  if (options.with_file) {
    j.PlainKey("file");
    j.String(info.file);
  }
  j.PlainKey("id");
  if (info.id)
    j.String(*info.id);
  else
    j.Null();
}

void Datetime(JsonEmitter& j, TimePoint t) {
  j.PlainStringFrom([t](std::string& out) { AppendDatetime(t, out); });
}

// Computed into a reused buffer: no allocation per record.
void Summary(JsonEmitter& j, const Screener& screener, const Result& r) {
  thread_local std::string summary;
  summary.clear();
  screener.AppendSummary(r, summary);
  j.String(summary);
}

// A record's arrays are most often empty (no reason, nothing missing, no
// alternative): `[]` is then one copy instead of an opening and a closing.
template <typename Items, typename WriteItem>
void Array(JsonEmitter& j, const KeyLiteral& key, const Items& items, WriteItem write_item) {
  j.PlainKey(key);
  if (items.empty()) return j.Rendered("[]");
  j.BeginArray();
  for (const auto& item : items) write_item(item);
  j.EndArray();
}

// `message` is the finding's, used when the rule's has placeholders. All else
// is the pack's: for a message without placeholders Fragments holds the whole
// object rendered compact by this function.
void FindingObject(JsonEmitter& j, const Fragments::RuleText& rule, std::string_view message,
                   bool with_outcome) {
  j.BeginObject();
  j.PlainKey("rule");
  j.Rendered(rule.id);
  if (with_outcome) {
    j.PlainKey("outcome");
    j.Rendered(rule.outcome);
  }
  j.PlainKey("message");
  if (rule.message.empty())
    j.String(message);
  else
    j.Rendered(rule.message);
  j.PlainKey("source");
  j.Rendered(rule.source);
  j.EndObject();
}

void Findings(JsonEmitter& j, const Fragments& fragments, const KeyLiteral& key,
              const std::vector<Finding>& findings, bool with_outcome) {
  Array(j, key, findings, [&](const Finding& f) {
    const Fragments::RuleText& rule = fragments.rules[f.rule];
    if (!j.Reuse(with_outcome ? rule.compact_reason : rule.compact_finding)) {
      FindingObject(j, rule, f.message, with_outcome);
    }
  });
}

void MissingObject(JsonEmitter& j, const Fragments& fragments, const Missing& m) {
  j.BeginObject();
  j.PlainKey("field");
  j.Rendered(fragments.fields[m.field].path);
  j.PlainKey("question");
  j.Rendered(fragments.fields[m.field].question);
  Array(j, "rules", m.rules, [&](int r) { j.Rendered(fragments.rules[r].id); });
  j.PlainKey("blocking");
  j.Bool(m.blocking);
  // Set when an answer was given but is implausible (never the value).
  j.PlainKey("problem");
  const Fragments::FieldText& field = fragments.fields[m.field];
  if (m.problem == Implausible::kNo)
    j.Null();
  else
    j.Rendered(m.problem == Implausible::kBelowMin ? field.below_min : field.above_max);
  j.EndObject();
}

void Resume(JsonEmitter& j, const Result& r) {
  j.PlainKey("resume_after");
  if (r.resume_after)
    Datetime(j, *r.resume_after);
  else
    j.Null();
  Array(j, "resume_when", r.resume_when, [&](const std::string& w) { j.String(w); });
}

void AlternativeObject(JsonEmitter& j, const Fragments::AlternativeText& alternative) {
  j.BeginObject();
  j.PlainKey("id");
  j.Rendered(alternative.id);
  j.PlainKey("name");
  j.Rendered(alternative.name);
  j.EndObject();
}

void RulesetObject(JsonEmitter& j, const Fragments& fragments) {
  j.BeginObject();
  j.PlainKey("id");
  j.Rendered(fragments.ruleset_id);
  j.PlainKey("version");
  j.Rendered(fragments.ruleset_version);
  j.PlainKey("digest");
  j.Rendered(fragments.ruleset_digest);
  ReviewMembers(j, *fragments.review);
  j.EndObject();
}

void Ruleset(JsonEmitter& j, const Fragments& fragments) {
  j.PlainKey("ruleset");
  if (!j.Reuse(fragments.compact_ruleset)) RulesetObject(j, fragments);
}

void DecidedBy(JsonEmitter& j, const RuleTrace& t) {
  Array(j, "decided_by", t.decided_by, [&](const DecidingPart& part) {
    j.BeginObject();
    j.PlainKey("expr");
    j.String(part.expr);
    j.PlainKey("value");
    j.PlainString(TruthName(part.value));
    j.EndObject();
  });
}

// Values stay strings, as in `reads`: one type per key for consumers, and a
// let's value is rendered the way messages render it.
void Lets(JsonEmitter& j, const Fragments& fragments, const RuleTrace& t) {
  Array(j, "lets", t.lets, [&](const LetReading& let) {
    j.BeginObject();
    j.PlainKey("name");
    j.Rendered(fragments.lets[let.let]);
    j.PlainKey("value");
    if (let.known)
      j.String(let.value);
    else
      j.Null();
    j.EndObject();
  });
}

void Reads(JsonEmitter& j, const Fragments& fragments, const RuleTrace& t) {
  Array(j, "reads", t.readings, [&](const Reading& reading) {
    j.BeginObject();
    j.PlainKey("field");
    if (reading.field < 0)
      j.PlainString("now");
    else
      j.Rendered(fragments.fields[reading.field].path);
    j.PlainKey("value");
    if (reading.known)
      j.String(reading.value);
    else
      j.Null();
    j.EndObject();
  });
}

void Explain(JsonEmitter& j, const Fragments& fragments, const Result& r) {
  j.PlainKey("explain");
  j.BeginArray();
  for (size_t i = 0; i < r.trace.size(); ++i) {
    const RuleTrace& t = r.trace[i];
    const Fragments::RuleText& rule = fragments.rules[i];
    j.BeginObject();
    j.PlainKey("rule");
    j.Rendered(rule.id);
    j.PlainKey("outcome");
    j.Rendered(rule.outcome);
    j.PlainKey("verdict");
    j.PlainString(TruthName(t.verdict));
    j.PlainKey("when");
    j.Rendered(rule.when);
    Reads(j, fragments, t);
    DecidedBy(j, t);
    Lets(j, fragments, t);
    j.EndObject();
  }
  j.EndArray();
}

// The compact objects are written by the functions above, so that JSON Lines
// reusing them is byte for byte what a pretty record holds.
template <typename WriteObject>
std::string Compact(WriteObject write) {
  std::string out;
  JsonEmitter j(out, false);
  write(j);
  return out;
}

std::string Quoted(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

// The screener's findings view the pack's text for such a message (no field
// or let placeholder), so it is the same for every record.
bool StaticMessage(const internal::CompiledRule& rule) {
  return rule.message.size() <= 1 &&
         (rule.message.empty() || (rule.message[0].field < 0 && rule.message[0].let < 0));
}

Fragments::RuleText QuotedRule(const Rule& rule, const internal::CompiledRule& compiled) {
  Fragments::RuleText text;
  text.id = Quoted(rule.id);
  text.outcome = Quoted(OutcomeName(rule.outcome));
  text.source = Quoted(rule.source);
  text.when = Quoted(rule.when.empty() ? "always" : rule.when);
  if (StaticMessage(compiled)) {
    text.message = Quoted(compiled.message.empty() ? "" : compiled.message[0].text);
    text.compact_reason = Compact([&](JsonEmitter& j) { FindingObject(j, text, {}, true); });
    text.compact_finding = Compact([&](JsonEmitter& j) { FindingObject(j, text, {}, false); });
  }
  return text;
}

}  // namespace

Fragments::Fragments(const Pack& pack) {
  for (size_t i = 0; i < pack.rules.size(); ++i) {
    rules.push_back(QuotedRule(pack.rules[i], pack.compiled->rules[i]));
  }
  for (const Field& f : pack.fields) {
    auto problem = [&](const std::string& bound, Implausible which) {
      return bound.empty() ? std::string() : Quoted(ImplausibleText(f, which));
    };
    fields.push_back({Quoted(f.path), Quoted(f.question), problem(f.min, Implausible::kBelowMin),
                      problem(f.max, Implausible::kAboveMax)});
  }
  for (const Let& let : pack.lets) lets.push_back(Quoted(let.name));
  for (const Alternative& a : pack.alternatives) {
    alternatives.push_back({Quoted(a.id), Quoted(a.name)});
  }
  ruleset_id = Quoted(pack.id);
  ruleset_version = Quoted(pack.version);
  ruleset_digest = Quoted(pack.digest);
  review = &pack.review;
  compact_ruleset = Compact([&](JsonEmitter& j) { RulesetObject(j, *this); });
  csv_stamp = CsvStamp(pack);
  AppendReviewCells(pack.review, csv_review);
}

void WriteJsonResult(const Fragments& fragments, const Screener& screener, const RecordInfo& info,
                     const Result& r, const OutputOptions& options, bool pretty, int indent,
                     std::string& out) {
  JsonEmitter j(out, pretty, indent);
  j.BeginObject();
  Position(j, info, options);
  j.PlainKey("decision");
  j.PlainString(DecisionName(r.decision));
  j.PlainKey("summary");
  Summary(j, screener, r);
  Findings(j, fragments, "reasons", r.reasons, true);
  Findings(j, fragments, "cautions", r.cautions, false);
  Findings(j, fragments, "notes", r.notes, false);
  // Cautions and notes stay machine-readable on every decision; this says
  // which session they are for ("not_needling" on swap and refer).
  j.PlainKey("needling_advice");
  j.PlainString(AdviceName(AdviceForDecision(r.decision)));
  Array(j, "missing", r.missing, [&](const Missing& m) { MissingObject(j, fragments, m); });
  Resume(j, r);
  Array(j, "alternatives", r.alternatives,
        [&](int a) { AlternativeObject(j, fragments.alternatives[a]); });
  j.PlainKey("screened_at");
  Datetime(j, r.screened_at);
  Ruleset(j, fragments);
  if (options.explain) Explain(j, fragments, r);
  if (options.counterfactual) WriteJsonCounterfactual(j, fragments, screener.pack(), r);
  j.EndObject();
}

void WriteJsonError(const Fragments& fragments, const RecordInfo& info, std::string_view error,
                    const OutputOptions& options, bool pretty, int indent, std::string& out) {
  JsonEmitter j(out, pretty, indent);
  j.BeginObject();
  Position(j, info, options);
  j.PlainKey("decision");
  j.PlainString(DecisionName(Decision::kError));
  j.PlainKey("error");
  j.String(error);
  Ruleset(j, fragments);
  j.EndObject();
}

}  // namespace needlescreen::output
