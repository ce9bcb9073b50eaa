// The printable report (SPEC §7, issue 16): one self-contained HTML page, a
// <section> per record, each on its own printed page. Like text it is
// decision-shaped (issue 15) and in local time; unlike text it is read on
// paper, so the decision is a word in a box whose border also differs (never
// colour alone), and a page carries the rule set, the answers it was screened
// on and a line to sign.
//
// Safety: every text from a record, a pack or a file name goes through
// AppendHtmlText; the page loads nothing (a Content-Security-Policy of
// default-src 'none' forbids it even if something slipped through) and runs
// no script.
#include <fmt/format.h>

#include "common/text.h"
#include "output/writers.h"
#include "screen/explain.h"

namespace needlescreen::output {
namespace {

// @page sets margins only, no size, so the printer's paper (A4 or Letter)
// decides; the body's width is fluid below 170 mm (A4's 180 mm and Letter's
// 186 mm of printable width both hold it). A record after the first starts a
// new page; small blocks are not split; long unbroken text (an id, a digest)
// wraps anywhere rather than running off the page.
constexpr std::string_view kStyle = R"(@page { margin: 15mm; }
*, *::before, *::after { box-sizing: border-box; }
html { color: #000; background: #fff;
  font: 10pt/1.3 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
body { margin: 0 auto; padding: 12px; max-width: 170mm; overflow-wrap: anywhere; }
h1 { font-size: 15pt; margin: 0; }
h2 { font-size: 10.5pt; margin: 7pt 0 2pt; break-after: avoid; }
p { margin: 0 0 2pt; }
ul, ol { margin: 0; padding-left: 14pt; }
li { margin: 0 0 2pt; break-inside: avoid; }
.report { border-bottom: 1pt solid #000; padding-bottom: 4pt; margin-bottom: 10pt; }
.report p, .small { font-size: 8.5pt; }
main:empty::before { content: "No records were screened."; font-weight: bold; }
.record + .record { break-before: page; }
.decision { border: 3pt solid #000; padding: 4pt 10pt 5pt; margin: 0 0 5pt;
  break-inside: avoid; }
.word { font-size: 26pt; font-weight: bold; letter-spacing: 0.05em; line-height: 1.1; }
.meaning { font-size: 12.5pt; font-weight: bold; }
.action { font-size: 11pt; margin-top: 3pt; }
.d-proceed .decision { border-color: #1a7f37; }
.d-wait .decision { border-style: dashed; border-color: #9a6700; }
.d-incomplete .decision { border-style: dotted; border-color: #8250df; }
.d-swap .decision, .d-refer .decision, .d-error .decision {
  border: 6pt double #cf222e; }
.who { font-size: 10.5pt; margin-bottom: 4pt; }
.src, .why { font-size: 8.5pt; color: #333; }
.problem { font-weight: bold; }
.answers { columns: 2; column-gap: 8mm; margin: 0; font-size: 9pt; }
.answers div { display: flex; gap: 6pt; justify-content: space-between;
  border-bottom: 0.5pt solid #999; break-inside: avoid; }
.answers dd { margin: 0; font-weight: bold; text-align: right; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 8.5pt; }
td { text-align: left; vertical-align: top; padding: 1pt 3pt; border-bottom: 0.5pt solid #999; }
tr { break-inside: avoid; }
.explain td:first-child { width: 16%; }
.disclaimer { white-space: pre-line; }
.stamp { border-top: 1pt solid #000; margin-top: 8pt; padding-top: 3pt; break-inside: avoid; }
.sign { font-size: 10pt; margin-top: 16pt; }
.sign span { display: inline-block; margin: 0 10pt 6pt 0; }
.sign b { display: inline-block; width: 38mm; border-bottom: 0.75pt solid #000; }
@media print { body { max-width: none; padding: 0; } }
@media screen {
  .record + .record { border-top: 2px solid #999; padding-top: 12px; margin-top: 24px; }
}
)";

void Open(std::string& out, std::string_view tag, std::string_view cls = {}) {
  out += '<';
  out += tag;
  if (!cls.empty()) out.append(" class=\"").append(cls).append("\"");
  out += '>';
}

void Close(std::string& out, std::string_view tag) { out.append("</").append(tag).append(">\n"); }

// An element holding escaped text: <tag class="cls">text</tag>.
void Element(std::string& out, std::string_view tag, std::string_view cls, std::string_view text) {
  Open(out, tag, cls);
  AppendHtmlText(out, text);
  Close(out, tag);
}

// Each page names its record, so a printed page read alone is still traced to
// its record and input.
void Who(const RecordInfo& info, const OutputOptions& options, std::string& out) {
  out += "<p class=\"who\">";
  if (info.id) {
    out += "<b>";
    AppendHtmlText(out, *info.id);
    out += "</b> &middot; ";
  }
  fmt::format_to(std::back_inserter(out), "record {}", info.record);
  if (info.line > 0 || options.with_file) {
    out += " &middot; ";
    AppendHtmlText(out, info.file == "-" ? "standard input" : info.file);
    if (info.line > 0) fmt::format_to(std::back_inserter(out), " line {}", info.line);
  }
  out += "</p>\n";
}

// The first thing in a record: the decision as a word and what it means, and
// for wait when to screen again.
void DecisionBox(const Result* r, Decision d, std::string& out) {
  const Headline h = HeadlineFor(d);
  out += "<div class=\"decision\">\n";
  Element(out, "p", "word", h.word);
  Element(out, "p", "meaning", h.meaning);
  if (r && d == Decision::kWait) {
    out += "<p class=\"action\">Re-screen ";
    if (r->resume_after) {
      out += "after <b>";
      AppendLocalDatetime(*r->resume_after, out);
      out += "</b>";
    }
    for (size_t i = 0; i < r->resume_when.size(); ++i) {
      out += r->resume_after || i > 0 ? "; and " : "";
      AppendHtmlText(out, r->resume_when[i]);
    }
    if (!r->resume_after && r->resume_when.empty()) out += "later (no time was given by the rules)";
    out += "</p>\n";
  }
  out += "</div>\n";
}

void Findings(std::string_view title, const Pack& pack, const std::vector<Finding>& findings,
              std::string& out) {
  if (findings.empty()) return;
  Element(out, "h2", {}, title);
  out += "<ul>\n";
  for (const Finding& f : findings) {
    const Rule& rule = pack.rules[f.rule];
    out += "<li>";
    AppendHtmlText(out, f.message);
    out += " <span class=\"src\">[";
    AppendHtmlText(out, rule.id);
    out += "; source: ";
    AppendHtmlText(out, rule.source.empty() ? "none given" : rule.source);
    out += "]</span></li>\n";
  }
  out += "</ul>\n";
}

// One question to ask: the pack's question (or the field's path), what is
// wrong with an answer given, and the rules that need it.
void Question(const Pack& pack, const Missing& m, std::string& out) {
  const Field& f = pack.fields[m.field];
  out += "<li>";
  AppendHtmlText(out, f.question.empty() ? f.path : f.question);
  if (m.problem != Implausible::kNo) {
    out += " <span class=\"problem\">(";
    AppendHtmlText(out, ImplausibleText(f, m.problem));
    out += ")</span>";
  }
  out += " <span class=\"why\">[";
  AppendHtmlText(out, f.path);
  for (size_t i = 0; i < m.rules.size(); ++i) {
    out += i == 0 ? "; needed by " : ", ";
    AppendHtmlText(out, pack.rules[m.rules[i]].id);
  }
  out += "]</span></li>\n";
}

void Questions(const Pack& pack, const Result& r, bool blocking, std::string& out) {
  bool any = false;
  for (const Missing& m : r.missing) {
    if (m.blocking != blocking) continue;
    if (!any) {
      Element(out, "h2", {}, blocking ? "Ask first" : "Also unknown (does not block the decision)");
      out += "<ul>\n";
    }
    any = true;
    Question(pack, m, out);
  }
  if (any) out += "</ul>\n";
}

void Alternatives(const Pack& pack, const Result& r, std::string& out) {
  if (r.alternatives.empty()) return;
  Element(out, "h2", {}, "Instead, consider");
  out += "<ul>\n";
  for (int a : r.alternatives) {
    const Alternative& alt = pack.alternatives[a];
    out += "<li>";
    AppendHtmlText(out, alt.name);
    if (!alt.description.empty()) {
      out += " <span class=\"src\">";
      AppendHtmlText(out, alt.description);
      out += "</span>";
    }
    out += "</li>\n";
  }
  out += "</ul>\n";
}

// Issue 15, as in text: cautions and notes are instructions only on proceed;
// on wait they are for the session after it, on incomplete for a session
// once the screen clears; on swap and refer, where nothing is needled, they
// are left out, with the unknowns only they need.
void Advice(const Pack& pack, const Result& r, std::string& out) {
  const AdviceFor advice = AdviceForDecision(r.decision);
  if (advice == AdviceFor::kNotNeedling || advice == AdviceFor::kNone) return;
  const std::string_view qualifier = AdviceQualifier(advice);
  Findings(fmt::format("Cautions{}", qualifier), pack, r.cautions, out);
  Findings(fmt::format("Notes{}", qualifier), pack, r.notes, out);
  Questions(pack, r, false, out);
}

// What an answer that was given but not used is flagged with, or nullptr.
const Missing* Implausibility(const Result& r, int field) {
  for (const Missing& m : r.missing) {
    if (m.field == field && m.problem != Implausible::kNo) return &m;
  }
  return nullptr;
}

// The answers the record gave (--set defaults included), in the pack's field
// order, by field path: two columns of `path  value` keep a record on one
// printed page where the questions would not. Unknown answers were not given
// and are not listed (the questions above name those that matter); id and
// screened_at are shown elsewhere on the page.
void Answers(const Pack& pack, const Record& record, const Result& r, std::string& out) {
  bool any = false;
  for (size_t i = 0; i < pack.fields.size() && i < record.slots.size(); ++i) {
    const Field& f = pack.fields[i];
    const Slot& slot = record.slots[i];
    if (!slot.known || f.path == kIdField || f.path == kScreenedAtField) continue;
    if (!any) out += "<h2>Answers given</h2>\n<dl class=\"answers\">\n";
    any = true;
    out += "<div><dt>";
    AppendHtmlText(out, f.path);
    out += "</dt><dd>";
    std::string value = RenderSlot(f, slot, /*local_time=*/true);
    if (value.empty() && f.type == FieldType::kList) value = "(none)";
    if (!f.unit.empty() && f.type == FieldType::kNumber) value += " " + f.unit;
    AppendHtmlText(out, value);
    if (const Missing* m = Implausibility(r, static_cast<int>(i))) {
      out += " <span class=\"problem\">(not used: ";
      AppendHtmlText(out, ImplausibleText(f, m->problem));
      out += ")</span>";
    }
    out += "</dd></div>\n";
  }
  if (any) out += "</dl>\n";
}

// --explain: every rule's verdict and the values it read.
void Explain(const Pack& pack, const Result& r, std::string& out) {
  out += "<h2>Every rule (--explain)</h2>\n<table class=\"explain\">\n";
  for (size_t i = 0; i < r.trace.size(); ++i) {
    const Rule& rule = pack.rules[i];
    const RuleTrace& t = r.trace[i];
    fmt::format_to(std::back_inserter(out), "<tr><td>{} {}</td><td><b>", TruthName(t.verdict),
                   OutcomeName(rule.outcome));
    AppendHtmlText(out, rule.id);
    out += "</b> when ";
    const std::string when = screen::FoldBlanks(rule.when);
    AppendHtmlText(out, when.empty() ? "always" : when);
    for (const LetReading& let : t.lets) {
      out += "<br>let ";
      AppendHtmlText(out, pack.lets[let.let].name);
      out += " = ";
      AppendHtmlText(out, let.known ? let.value : "unknown");
    }
    for (const Reading& reading : t.readings) {
      out += "<br>";
      AppendHtmlText(out, reading.field < 0 ? "now" : pack.fields[reading.field].path);
      out += " = ";
      AppendHtmlText(out, reading.known ? reading.value : "(missing)");
    }
    out += "</td></tr>\n";
  }
  out += "</table>\n";
}

void RuleSet(const Pack& pack, std::string& out) {
  AppendHtmlText(out, pack.id);
  out += ' ';
  AppendHtmlText(out, pack.version);
  out += " (";
  AppendHtmlText(out, pack.digest);
  out += ')';
}

// The foot of a record's page: when and with what it was screened, the
// pack's disclaimer, and (for a decision) a line for the clinician to sign.
void Stamp(const Pack& pack, const TimePoint* screened_at, std::string& out) {
  out += "<footer class=\"stamp small\">\n<p>";
  if (screened_at) {
    out += "Screened at ";
    AppendLocalDatetime(*screened_at, out);
    out += " with ";
  } else {
    out += "Rule set ";
  }
  RuleSet(pack, out);
  if (!pack.review.empty()) {  // issue 19: was the pack current?
    out += "; ";
    AppendHtmlText(out, ReviewSummary(pack.review));
  }
  out += "</p>\n";
  if (!pack.disclaimer.empty()) {
    out += "<p class=\"disclaimer\">";
    AppendHtmlText(out, pack.disclaimer, LineBreaks::kKeep);  // the pack author's prose
    out += "</p>\n";
  }
  if (screened_at) {
    out +=
        "<p class=\"sign\"><span>Clinician: <b></b></span><span>Signature: <b></b></span>"
        "<span>Date: <b></b></span></p>\n";
  }
  out += "</footer>\n";
}

void OpenRecord(const RecordInfo& info, Decision d, std::string& out) {
  fmt::format_to(std::back_inserter(out), "<section class=\"record d-{}\" id=\"record-{}\">\n",
                 DecisionName(d), info.record);
}

}  // namespace

void AppendHtmlText(std::string& out, std::string_view s, LineBreaks breaks) {
  for (char c : Printable(s, breaks)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
}

void WriteHtmlBegin(const Pack& pack, std::string& out) {
  out +=
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      "'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>needlescreen report: ";
  AppendHtmlText(out, pack.id);
  out += ' ';
  AppendHtmlText(out, pack.version);
  out.append("</title>\n<style>\n").append(kStyle).append("</style>\n</head>\n<body>\n");
  out += "<header class=\"report\">\n<h1>needlescreen report</h1>\n<p>Rule set ";
  RuleSet(pack, out);
  if (!pack.title.empty()) {
    out += ": ";
    AppendHtmlText(out, pack.title);
  }
  out += "</p>\n";
  if (!pack.source.empty()) {
    out += "<p>Source: ";
    AppendHtmlText(out, pack.source);
    out += "</p>\n";
  }
  out +=
      "<p>One record per page, its decision first. Times are local time with their offset "
      "from UTC; each record says when it was screened.</p>\n"
      "</header>\n<main>";
}

void WriteHtmlResult(const Screener& screener, const RecordInfo& info, const Record& record,
                     const Result& r, const OutputOptions& options, std::string& out) {
  const Pack& pack = screener.pack();
  OpenRecord(info, r.decision, out);
  DecisionBox(&r, r.decision, out);
  Who(info, options, out);
  Findings("Why", pack, r.reasons, out);
  Questions(pack, r, true, out);
  Alternatives(pack, r, out);
  Advice(pack, r, out);
  Answers(pack, record, r, out);
  if (options.explain) Explain(pack, r, out);
  Stamp(pack, &r.screened_at, out);
  out += "</section>\n";
}

void WriteHtmlError(const Pack& pack, const RecordInfo& info, std::string_view error,
                    const OutputOptions& options, std::string& out) {
  OpenRecord(info, Decision::kError, out);
  DecisionBox(nullptr, Decision::kError, out);
  Who(info, options, out);
  Element(out, "h2", {}, "Problem");
  Element(out, "p", {}, error);
  Element(out, "p", "small",
          "Nothing was screened for this record: correct it and screen it again.");
  Stamp(pack, nullptr, out);
  out += "</section>\n";
}

void WriteHtmlEnd(std::string& out) { out += "</main>\n</body>\n</html>\n"; }

}  // namespace needlescreen::output
