// CSV output (SPEC §4): one row per record, RFC 4180 quoting.
#include <fmt/format.h>

#include <array>

#include "output/writers.h"

namespace needlescreen::output {
namespace {

// Quotes a cell only when it needs it. Why not libcsv's csv_write: it always
// quotes, doubling the size of plain cells on a path that must run at 1M rows/s.
void Cell(std::string& out, std::string_view s) {
  static constexpr auto kSpecial = [] {
    std::array<bool, 256> t{};
    t[','] = t['"'] = t['\r'] = t['\n'] = true;
    return t;
  }();
  bool plain = true;
  for (char c : s) {
    if (kSpecial[static_cast<unsigned char>(c)]) {
      plain = false;
      break;
    }
  }
  if (plain) {
    out += s;
    return;
  }
  out.push_back('"');
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void Position(std::string& out, const RecordInfo& info, const OutputOptions& options) {
  fmt::format_to(std::back_inserter(out), "{},", info.record);
  if (info.line > 0) fmt::format_to(std::back_inserter(out), "{}", info.line);
  out.push_back(',');
  if (options.with_file) {
    Cell(out, info.file);
    out.push_back(',');
  }
  if (info.id) Cell(out, *info.id);
  out.push_back(',');
}

// The rules behind the decision: the true swap/wait rules, or for incomplete
// the swap/wait rules still unknown; none for proceed.
void Rules(std::string& out, const Pack& pack, const Result& r) {
  std::string ids;
  auto add = [&](int rule) {
    if (!ids.empty()) ids.push_back(';');
    ids += pack.rules[rule].id;
  };
  if (r.decision == Decision::kSwap || r.decision == Decision::kWait) {
    for (const Finding& f : r.reasons) add(f.rule);
  } else if (r.decision == Decision::kIncomplete) {
    for (size_t i = 0; i < r.verdicts.size(); ++i) {
      Outcome o = pack.rules[i].outcome;
      if (r.verdicts[i] == Truth::kUnknown && (o == Outcome::kSwap || o == Outcome::kWait)) {
        add(static_cast<int>(i));
      }
    }
  }
  Cell(out, ids);
}

// SPEC §1.4: every output names the rule set, so each row can be audited alone.
void Stamp(std::string& out, const Pack& pack) {
  out.push_back(',');
  Cell(out, pack.id);
  out.push_back(',');
  Cell(out, pack.version);
  out.push_back(',');
  out += pack.digest;
  out.push_back('\n');
}

}  // namespace

void WriteCsvHeader(const OutputOptions& options, std::string& out) {
  out += options.with_file
             ? "record,line,file,id,decision,rules,resume_after,missing,cautions,summary,"
             : "record,line,id,decision,rules,resume_after,missing,cautions,summary,";
  out += "screened_at,ruleset,ruleset_version,ruleset_digest\n";
}

void WriteCsvResult(const Screener& screener, const RecordInfo& info, const Result& r,
                    const OutputOptions& options, std::string& out) {
  const Pack& pack = screener.pack();
  Position(out, info, options);
  out += DecisionName(r.decision);
  out.push_back(',');
  Rules(out, pack, r);
  out.push_back(',');
  if (r.resume_after) out += FormatDatetime(*r.resume_after);
  out.push_back(',');
  std::string missing;
  for (const Missing& m : r.missing) {
    if (!m.blocking) continue;
    if (!missing.empty()) missing.push_back(';');
    missing += pack.fields[m.field].path;
  }
  Cell(out, missing);
  out.push_back(',');
  bool first = true;
  for (const Finding& f : r.cautions) {
    if (!first) out.push_back(';');
    first = false;
    Cell(out, pack.rules[f.rule].id);
  }
  out.push_back(',');
  thread_local std::string summary;  // reused: no allocation per record
  summary.clear();
  screener.AppendSummary(r, summary);
  Cell(out, summary);
  out.push_back(',');
  out += FormatDatetime(r.screened_at);
  Stamp(out, pack);
}

void WriteCsvError(const Pack& pack, const RecordInfo& info, std::string_view error,
                   const OutputOptions& options, std::string& out) {
  Position(out, info, options);
  out += "error,,,,,";
  Cell(out, error);
  out.push_back(',');
  Stamp(out, pack);
}

}  // namespace needlescreen::output
