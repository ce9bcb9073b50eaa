// CSV output (SPEC §4): one row per record, RFC 4180 quoting, every row
// stamped with its screening time and rule set so it can be audited alone.
#include <cstring>

#include "common/text.h"
#include "output/fragments.h"
#include "output/stamp.h"
#include "output/writers.h"

namespace needlescreen::output {
namespace {

// OWASP "CSV Injection": a spreadsheet reads a cell that begins with one of
// these as a formula (`=HYPERLINK(...)`, `@SUM(...)`, `-2+3`), so a record's id
// or a pack's text could run in the clinician's spreadsheet.
bool FormulaLeading(std::string_view s) {
  if (s.empty()) return false;
  char c = s.front();
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// Quotes a cell only when it needs it. Why not libcsv's csv_write: it always
// quotes, which doubles the size of the many plain cells.
void Cell(std::string& out, std::string_view s) {
  bool plain = !FormulaLeading(s);
  for (char c : s) plain = plain && c != ',' && c != '"' && c != '\r' && c != '\n';
  if (plain) {
    out += s;
    return;
  }
  QuotedCell(out, s);
}

// The cell written to `out` since `start` (a list of ids or paths, written
// in place), neutralised like Cell when it begins like a formula.
void NeutraliseFrom(std::string& out, size_t start) {
  if (out.size() == start || !FormulaLeading(static_cast<std::string_view>(out).substr(start)))
    return;
  std::string cell = out.substr(start);
  out.resize(start);
  QuotedCell(out, cell);
}

void Position(std::string& out, const RecordInfo& info, const OutputOptions& options) {
  AppendUint(out, info.record);
  out.push_back(',');
  if (info.line > 0) AppendUint(out, info.line);
  out.push_back(',');
  if (options.with_file) {
    Cell(out, info.file);
    out.push_back(',');
  }
  if (info.id) Cell(out, *info.id);
  out.push_back(',');
}

// Rule ids and field paths are checked at load to hold no CSV-special
// characters, so these lists need no quoting.
void RuleIds(std::string& out, const Pack& pack, const std::vector<Finding>& findings) {
  for (size_t k = 0; k < findings.size(); ++k) {
    if (k > 0) out.push_back(';');
    out += pack.rules[findings[k].rule].id;
  }
}

// The rules behind the decision: the true refer/swap/wait rules, or for
// incomplete the refer/swap/wait rules still unknown; none for proceed.
void Rules(std::string& out, const Pack& pack, const Result& r) {
  if (r.decision == Decision::kRefer || r.decision == Decision::kSwap ||
      r.decision == Decision::kWait) {
    return RuleIds(out, pack, r.reasons);
  }
  if (r.decision != Decision::kIncomplete) return;
  bool first = true;
  for (size_t i = 0; i < r.verdicts.size(); ++i) {
    Outcome o = pack.rules[i].outcome;
    if (r.verdicts[i] != Truth::kUnknown || !Decides(o)) continue;
    if (!first) out.push_back(';');
    first = false;
    out += pack.rules[i].id;
  }
}

void MissingPaths(std::string& out, const Pack& pack, const Result& r) {
  bool first = true;
  for (const Missing& m : r.missing) {
    if (!m.blocking) continue;
    if (!first) out.push_back(';');
    first = false;
    out += pack.fields[m.field].path;
  }
}

// Issue 16: the columns after the stamp, appended so that a pipeline that
// reads the earlier ones by position is unchanged. Both hold lists in one
// cell, `; ` between the resume_when texts (prose, on wait) and `;` between
// the alternative ids (on swap), as `rules` and `missing` list theirs.
void ResumeWhen(std::string& out, const Result& r) {
  if (r.resume_when.empty()) return;
  thread_local std::string cell;
  cell.clear();
  for (const std::string& w : r.resume_when) {
    if (!cell.empty()) cell += "; ";
    cell += w;
  }
  Cell(out, cell);
}

void Alternatives(std::string& out, const Pack& pack, const Result& r) {
  if (r.alternatives.empty()) return;
  thread_local std::string cell;
  cell.clear();
  for (int a : r.alternatives) {
    if (!cell.empty()) cell.push_back(';');
    cell += pack.alternatives[a].id;
  }
  Cell(out, cell);
}

}  // namespace

void QuotedCell(std::string& out, std::string_view s) {
  out.push_back('"');
  // OWASP's remedy: a leading single quote, which spreadsheets read as "this
  // cell is text" and hide; the cell is quoted so the quote is part of it.
  if (FormulaLeading(s)) out.push_back('\'');
  // Quotes are rare: find them with memchr instead of looking at every byte.
  while (const void* q = std::memchr(s.data(), '"', s.size())) {
    size_t n = static_cast<const char*>(q) - s.data() + 1;
    out.append(s.data(), n);
    out.push_back('"');
    s.remove_prefix(n);
  }
  out += s;
  out.push_back('"');
}

std::string CsvStamp(const Pack& pack) {
  std::string out = ",";
  Cell(out, pack.id);
  out.push_back(',');
  Cell(out, pack.version);
  out.push_back(',');
  out += pack.digest;
  return out;
}

void WriteCsvHeader(const OutputOptions& options, std::string& out) {
  out += options.with_file ? "record,line,file,id," : "record,line,id,";
  out +=
      "decision,rules,resume_after,missing,cautions,summary,screened_at,ruleset,"
      "ruleset_version,ruleset_digest,resume_when,alternatives";
  // Issue 19: the review dates, after the columns issue 16 appended.
  out += kReviewCsvColumns;
  out.push_back('\n');
}

void WriteCsvRow(const Fragments& fragments, const Screener& screener, const RecordInfo& info,
                 const Result& r, const OutputOptions& options, std::string& out) {
  const Pack& pack = screener.pack();
  Position(out, info, options);
  out += DecisionName(r.decision);
  out.push_back(',');
  size_t start = out.size();
  Rules(out, pack, r);
  NeutraliseFrom(out, start);
  out.push_back(',');
  if (r.resume_after) AppendDatetime(*r.resume_after, out);
  out.push_back(',');
  start = out.size();
  MissingPaths(out, pack, r);
  NeutraliseFrom(out, start);
  out.push_back(',');
  // As in text: on swap and refer nothing is needled, so no caution applies
  // (JSON keeps them, marked by `needling_advice`).
  if (AdviceForDecision(r.decision) != AdviceFor::kNotNeedling) {
    start = out.size();
    RuleIds(out, pack, r.cautions);
    NeutraliseFrom(out, start);
  }
  out.push_back(',');
  // Summaries are always quoted: cheaper than scanning them for commas.
  thread_local std::string summary;
  summary.clear();
  screener.AppendSummary(r, summary);
  QuotedCell(out, summary);
  out.push_back(',');
  AppendDatetime(r.screened_at, out);
  out += fragments.csv_stamp;
  out.push_back(',');
  ResumeWhen(out, r);
  out.push_back(',');
  Alternatives(out, screener.pack(), r);
  out += fragments.csv_review;
  out.push_back('\n');
}

void WriteCsvErrorRow(const Fragments& fragments, const RecordInfo& info, std::string_view error,
                      const OutputOptions& options, std::string& out) {
  Position(out, info, options);
  out += "error,,,,,";
  QuotedCell(out, error);
  out.push_back(',');
  out += fragments.csv_stamp;
  out += ",,";
  out += fragments.csv_review;
  out.push_back('\n');
}

}  // namespace needlescreen::output
