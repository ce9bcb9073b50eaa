// The compact JSON Lines record, assembled from fragments pre-rendered once per
// pack (rule ids, sources, static messages, questions, the ruleset stamp), so
// that a record costs little more than its own values (SPEC §5: 500k records/s).
// It writes byte for byte what the emitter path in json_writer.cc writes.
#include <fmt/format.h>

#include "output/fragments.h"
#include "output/json_emitter.h"
#include "output/writers.h"
#include "pack/compiled.h"

namespace needlescreen::output {
namespace {

std::string Quoted(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

bool StaticMessage(const internal::CompiledRule& rule) {
  return rule.message.size() <= 1 &&
         (rule.message.empty() || (rule.message[0].field < 0 && rule.message[0].let < 0));
}

void AppendNumber(std::string& out, uint64_t n) {
  char buf[24];
  auto end = fmt::format_to(buf, "{}", n);
  out.append(buf, end);
}

}  // namespace

Fragments::Fragments(const Pack& pack) {
  for (size_t i = 0; i < pack.rules.size(); ++i) {
    const Rule& r = pack.rules[i];
    const auto& compiled = pack.compiled->rules[i];
    std::string id = Quoted(r.id);
    rule_ids.push_back(id);
    std::string source = ", \"source\": " + Quoted(r.source) + "}";
    reason_prefix.push_back("{\"rule\": " + id +
                            ", \"outcome\": " + Quoted(OutcomeName(r.outcome)) + ", \"message\": ");
    other_prefix.push_back("{\"rule\": " + id + ", \"message\": ");
    source_suffix.push_back(source);
    bool is_static = StaticMessage(compiled);
    std::string message = is_static
                              ? Quoted(compiled.message.empty() ? "" : compiled.message[0].text)
                              : std::string();
    reason_static.push_back(is_static ? reason_prefix.back() + message + source : "");
    other_static.push_back(is_static ? other_prefix.back() + message + source : "");
  }
  for (const Field& f : pack.fields) {
    missing_prefix.push_back("{\"field\": " + Quoted(f.path) +
                             ", \"question\": " + Quoted(f.question) + ", \"rules\": [");
  }
  for (const Alternative& a : pack.alternatives) {
    alternatives.push_back("{\"id\": " + Quoted(a.id) + ", \"name\": " + Quoted(a.name) + "}");
  }
  csv_stamp = CsvStamp(pack);
  ruleset = "\"ruleset\": {\"id\": " + Quoted(pack.id) + ", \"version\": " + Quoted(pack.version) +
            ", \"digest\": " + Quoted(pack.digest) + "}";
}

void AppendFindings(const Fragments& cache, std::string_view key,
                    const std::vector<Finding>& findings, bool reasons, std::string& out) {
  out += ", \"";
  out += key;
  out += "\": [";
  for (size_t k = 0; k < findings.size(); ++k) {
    const Finding& f = findings[k];
    if (k > 0) out += ", ";
    const std::string& whole = reasons ? cache.reason_static[f.rule] : cache.other_static[f.rule];
    if (!whole.empty()) {
      out += whole;
      continue;
    }
    out += reasons ? cache.reason_prefix[f.rule] : cache.other_prefix[f.rule];
    AppendJsonString(out, f.message);
    out += cache.source_suffix[f.rule];
  }
  out += "]";
}

void WriteJsonLineFast(const Fragments& cache, const Screener& screener, const RecordInfo& info,
                       const Result& r, bool with_file, std::string& out) {
  out += "{\"record\": ";
  AppendNumber(out, info.record);
  out += ", \"line\": ";
  if (info.line > 0)
    AppendNumber(out, info.line);
  else
    out += "null";
  if (with_file) {
    out += ", \"file\": ";
    AppendJsonString(out, info.file);
  }
  out += ", \"id\": ";
  if (info.id)
    AppendJsonString(out, *info.id);
  else
    out += "null";
  out += ", \"decision\": \"";
  out += DecisionName(r.decision);
  out += "\", \"summary\": ";
  thread_local std::string summary;  // reused: no allocation per record
  summary.clear();
  screener.AppendSummary(r, summary);
  AppendJsonString(out, summary);
  AppendFindings(cache, "reasons", r.reasons, true, out);
  AppendFindings(cache, "cautions", r.cautions, false, out);
  AppendFindings(cache, "notes", r.notes, false, out);
  out += ", \"missing\": [";
  for (size_t k = 0; k < r.missing.size(); ++k) {
    const Missing& m = r.missing[k];
    if (k > 0) out += ", ";
    out += cache.missing_prefix[m.field];
    for (size_t j = 0; j < m.rules.size(); ++j) {
      if (j > 0) out += ", ";
      out += cache.rule_ids[m.rules[j]];
    }
    out += m.blocking ? "], \"blocking\": true}" : "], \"blocking\": false}";
  }
  out += "], \"resume_after\": ";
  if (r.resume_after) {
    out += '"';
    out += FormatDatetime(*r.resume_after);
    out += '"';
  } else {
    out += "null";
  }
  out += ", \"resume_when\": [";
  for (size_t k = 0; k < r.resume_when.size(); ++k) {
    if (k > 0) out += ", ";
    AppendJsonString(out, r.resume_when[k]);
  }
  out += "], \"alternatives\": [";
  for (size_t k = 0; k < r.alternatives.size(); ++k) {
    if (k > 0) out += ", ";
    out += cache.alternatives[r.alternatives[k]];
  }
  out += "], \"screened_at\": \"";
  out += FormatDatetime(r.screened_at);
  out += "\", ";
  out += cache.ruleset;
  out += "}\n";
}

}  // namespace needlescreen::output
