// The JSON output record of SPEC §4, key for key.
#include <fmt/format.h>

#include "output/json_emitter.h"
#include "output/writers.h"
#include "pack/compiled.h"

namespace needlescreen::output {
namespace {

void Position(JsonEmitter& j, const RecordInfo& info, const OutputOptions& options) {
  j.Key("record");
  j.Number(info.record);
  j.Key("line");
  if (info.line > 0)
    j.Number(info.line);
  else
    j.Null();
  if (options.with_file) {
    j.Key("file");
    j.String(info.file);
  }
  j.Key("id");
  if (info.id)
    j.String(*info.id);
  else
    j.Null();
}

void Findings(JsonEmitter& j, const Pack& pack, std::string_view key,
              const std::vector<Finding>& findings, bool with_outcome) {
  j.Key(key);
  j.BeginArray();
  for (const Finding& f : findings) {
    const Rule& rule = pack.rules[f.rule];
    j.BeginObject();
    j.Key("rule");
    j.String(rule.id);
    if (with_outcome) {
      j.Key("outcome");
      j.String(OutcomeName(rule.outcome));
    }
    j.Key("message");
    j.String(f.message);
    j.Key("source");
    j.String(rule.source);
    j.EndObject();
  }
  j.EndArray();
}

void MissingFields(JsonEmitter& j, const Pack& pack, const std::vector<Missing>& missing) {
  j.Key("missing");
  j.BeginArray();
  for (const Missing& m : missing) {
    j.BeginObject();
    j.Key("field");
    j.String(pack.fields[m.field].path);
    j.Key("question");
    j.String(pack.fields[m.field].question);
    j.Key("rules");
    j.BeginArray();
    for (int r : m.rules) j.String(pack.rules[r].id);
    j.EndArray();
    j.Key("blocking");
    j.Bool(m.blocking);
    j.EndObject();
  }
  j.EndArray();
}

void Resume(JsonEmitter& j, const Result& r) {
  j.Key("resume_after");
  if (r.resume_after)
    j.String(FormatDatetime(*r.resume_after));
  else
    j.Null();
  j.Key("resume_when");
  j.BeginArray();
  for (const std::string& w : r.resume_when) j.String(w);
  j.EndArray();
}

void Alternatives(JsonEmitter& j, const Pack& pack, const Result& r) {
  j.Key("alternatives");
  j.BeginArray();
  for (int a : r.alternatives) {
    j.BeginObject();
    j.Key("id");
    j.String(pack.alternatives[a].id);
    j.Key("name");
    j.String(pack.alternatives[a].name);
    j.EndObject();
  }
  j.EndArray();
}

void Ruleset(JsonEmitter& j, const Pack& pack) {
  j.Key("ruleset");
  j.BeginObject();
  j.Key("id");
  j.String(pack.id);
  j.Key("version");
  j.String(pack.version);
  j.Key("digest");
  j.String(pack.digest);
  j.EndObject();
}

void DecidedBy(JsonEmitter& j, const RuleTrace& t) {
  j.Key("decided_by");
  j.BeginArray();
  for (const DecidingPart& part : t.decided_by) {
    j.BeginObject();
    j.Key("expr");
    j.String(part.expr);
    j.Key("value");
    j.String(TruthName(part.value));
    j.EndObject();
  }
  j.EndArray();
}

// Values stay strings, as in `reads`: one type per key for consumers, and a
// let's value is rendered the way messages render it.
void Lets(JsonEmitter& j, const Pack& pack, const RuleTrace& t) {
  j.Key("lets");
  j.BeginArray();
  for (const LetReading& let : t.lets) {
    j.BeginObject();
    j.Key("name");
    j.String(pack.lets[let.let].name);
    j.Key("value");
    if (let.known)
      j.String(let.value);
    else
      j.Null();
    j.EndObject();
  }
  j.EndArray();
}

void Explain(JsonEmitter& j, const Pack& pack, const Result& r) {
  j.Key("explain");
  j.BeginArray();
  for (size_t i = 0; i < r.trace.size(); ++i) {
    const RuleTrace& t = r.trace[i];
    j.BeginObject();
    j.Key("rule");
    j.String(pack.rules[i].id);
    j.Key("outcome");
    j.String(OutcomeName(pack.rules[i].outcome));
    j.Key("verdict");
    j.String(TruthName(t.verdict));
    j.Key("when");
    j.String(pack.rules[i].when.empty() ? "always" : pack.rules[i].when);
    j.Key("reads");
    j.BeginArray();
    for (const Reading& reading : t.readings) {
      j.BeginObject();
      j.Key("field");
      j.String(reading.field < 0 ? "now" : pack.fields[reading.field].path);
      j.Key("value");
      if (reading.known)
        j.String(reading.value);
      else
        j.Null();
      j.EndObject();
    }
    j.EndArray();
    DecidedBy(j, t);
    Lets(j, pack, t);
    j.EndObject();
  }
  j.EndArray();
}

}  // namespace

void WriteJsonResult(const Screener& screener, const RecordInfo& info, const Result& r,
                     const OutputOptions& options, bool pretty, int indent, std::string& out) {
  const Pack& pack = screener.pack();
  JsonEmitter j(out, pretty, indent);
  j.BeginObject();
  Position(j, info, options);
  j.Key("decision");
  j.String(DecisionName(r.decision));
  j.Key("summary");
  j.String(screener.Summary(r));
  Findings(j, pack, "reasons", r.reasons, true);
  Findings(j, pack, "cautions", r.cautions, false);
  Findings(j, pack, "notes", r.notes, false);
  MissingFields(j, pack, r.missing);
  Resume(j, r);
  Alternatives(j, pack, r);
  j.Key("screened_at");
  j.String(FormatDatetime(r.screened_at));
  Ruleset(j, pack);
  if (options.explain) Explain(j, pack, r);
  j.EndObject();
}

void WriteJsonError(const Pack& pack, const RecordInfo& info, std::string_view error,
                    const OutputOptions& options, bool pretty, int indent, std::string& out) {
  JsonEmitter j(out, pretty, indent);
  j.BeginObject();
  Position(j, info, options);
  j.Key("decision");
  j.String("error");
  j.Key("error");
  j.String(error);
  Ruleset(j, pack);
  j.EndObject();
}

}  // namespace needlescreen::output
