// Text for a clinician: the decision first and unmistakable, then why, what to
// ask, when to re-screen, what to do instead, then cautions and notes. Times
// are the clinician's local time with their offset (issue 15).
#include <fmt/color.h>
#include <fmt/format.h>

#include <algorithm>

#include "common/text.h"
#include "output/writers.h"
#include "screen/explain.h"

namespace needlescreen::output {
namespace {

// The headline's colour on a terminal, as well as its word (never alone).
fmt::terminal_color ColorFor(Decision d) {
  switch (d) {
    case Decision::kProceed:
      return fmt::terminal_color::green;
    case Decision::kWait:
      return fmt::terminal_color::yellow;
    case Decision::kIncomplete:
      return fmt::terminal_color::magenta;
    case Decision::kSwap:
    case Decision::kRefer:
    case Decision::kError:
      break;
  }
  return fmt::terminal_color::red;
}

void Title(const RecordInfo& info, Decision d, const OutputOptions& options, std::string& out) {
  Headline h = HeadlineFor(d);
  std::string file = Printable(info.file);
  std::string who = info.id ? fmt::format("{} (record {}", Printable(*info.id), info.record)
                            : fmt::format("record {} (", info.record);
  if (info.id)
    who += info.line > 0 ? fmt::format(", {}:{})", file, info.line) : ")";
  else
    who += info.line > 0 ? fmt::format("{}:{})", file, info.line) : fmt::format("{})", file);
  auto out_it = std::back_inserter(out);
  if (options.color) {
    fmt::format_to(
        out_it, "{}  {}\n",
        fmt::styled(h.word, fmt::fg(ColorFor(d)) | fmt::emphasis::bold | fmt::emphasis::reverse),
        fmt::styled(h.meaning, fmt::emphasis::bold));
  } else {
    fmt::format_to(out_it, "{}  {}\n", h.word, h.meaning);
  }
  fmt::format_to(out_it, "  {}\n", who);
}

void Section(std::string_view title, const OutputOptions& options, std::string& out) {
  if (options.color) {
    fmt::format_to(std::back_inserter(out), "  {}\n", fmt::styled(title, fmt::emphasis::bold));
  } else {
    fmt::format_to(std::back_inserter(out), "  {}\n", title);
  }
}

void Findings(std::string_view title, const Pack& pack, const std::vector<Finding>& findings,
              const OutputOptions& options, std::string& out) {
  if (findings.empty()) return;
  Section(title, options, out);
  for (const Finding& f : findings) {
    const Rule& r = pack.rules[f.rule];
    fmt::format_to(std::back_inserter(out), "    - {}\n      [{}; {}]\n", Printable(f.message),
                   r.id, r.source.empty() ? "no source given" : Printable(r.source));
  }
}

void Questions(const Pack& pack, const Result& r, bool blocking, const OutputOptions& options,
               std::string& out) {
  bool any = false;
  for (const Missing& m : r.missing) {
    if (m.blocking != blocking) continue;
    if (!any) Section(blocking ? "Ask first:" : "Also unknown (does not block):", options, out);
    any = true;
    std::vector<std::string_view> rules;
    for (int i : m.rules) rules.push_back(pack.rules[i].id);
    const Field& f = pack.fields[m.field];
    std::string why = f.path;
    if (m.problem != Implausible::kNo) why += ": " + Printable(ImplausibleText(f, m.problem));
    if (!rules.empty()) why += fmt::format("; needed by {}", fmt::join(rules, ", "));
    fmt::format_to(std::back_inserter(out), "    - {}  ({})\n",
                   Printable(f.question.empty() ? f.path : f.question), why);
  }
}

void Resume(const Result& r, const OutputOptions& options, std::string& out) {
  if (r.decision != Decision::kWait) return;
  Section("Re-screen:", options, out);
  if (r.resume_after) {
    fmt::format_to(std::back_inserter(out), "    - not before {}\n",
                   FormatLocalDatetime(*r.resume_after));
  }
  for (const std::string& w : r.resume_when)
    fmt::format_to(std::back_inserter(out), "    - {}\n", Printable(w));
}

void Alternatives(const Pack& pack, const Result& r, const OutputOptions& options,
                  std::string& out) {
  if (r.alternatives.empty()) return;
  Section("Instead, consider:", options, out);
  for (int a : r.alternatives) {
    fmt::format_to(std::back_inserter(out), "    - {}\n", Printable(pack.alternatives[a].name));
  }
}

// The deciding parts under a compound condition, one per line with their
// values aligned, so a class can read which answer to change to flip it. A
// condition that is its own deciding part has nothing to add to its `when`.
void Because(const RuleTrace& t, std::string_view when, std::string& out) {
  if (t.decided_by.empty() || (t.decided_by.size() == 1 && t.decided_by[0].expr == when)) return;
  std::vector<std::string> parts;
  size_t width = 0;
  for (const DecidingPart& part : t.decided_by) {
    width = std::max(width, parts.emplace_back(Printable(part.expr)).size());
  }
  std::string_view lead = "             because: ";
  for (size_t i = 0; i < parts.size(); ++i) {
    fmt::format_to(std::back_inserter(out), "{}{:<{}}  is {}\n", lead, parts[i], width,
                   TruthName(t.decided_by[i].value));
    lead = "                      ";
  }
}

void Explain(const Pack& pack, const Result& r, const OutputOptions& options, std::string& out) {
  Section("Every rule (--explain):", options, out);
  for (size_t i = 0; i < r.trace.size(); ++i) {
    const Rule& rule = pack.rules[i];
    const RuleTrace& t = r.trace[i];
    fmt::format_to(std::back_inserter(out), "    {:<8} {:<7} {}\n", TruthName(t.verdict),
                   OutcomeName(rule.outcome), rule.id);
    std::string when = screen::FoldBlanks(rule.when);
    fmt::format_to(std::back_inserter(out), "             when: {}\n",
                   when.empty() ? "always" : Printable(when));
    Because(t, when, out);
    for (const LetReading& let : t.lets) {
      fmt::format_to(std::back_inserter(out), "             let {} = {}\n", pack.lets[let.let].name,
                     let.known ? Printable(let.value) : "unknown");
    }
    for (const Reading& reading : t.readings) {
      fmt::format_to(std::back_inserter(out), "             {} = {}\n",
                     reading.field < 0 ? "now" : pack.fields[reading.field].path,
                     reading.known ? Printable(reading.value) : "(missing)");
    }
  }
}

// Issue 15: cautions and notes are needling advice. They are instructions
// only on proceed; on wait they are for the session after it, on incomplete
// for a session once the screen clears, and on swap and refer, where nothing
// is needled, they are not shown (nor the unknowns only they need).
void Advice(const Pack& pack, const Result& r, const OutputOptions& options, std::string& out) {
  const AdviceFor advice = AdviceForDecision(r.decision);
  if (advice == AdviceFor::kNotNeedling || advice == AdviceFor::kNone) return;
  const std::string_view qualifier = AdviceQualifier(advice);
  Findings(fmt::format("Cautions{}:", qualifier), pack, r.cautions, options, out);
  Findings(fmt::format("Notes{}:", qualifier), pack, r.notes, options, out);
  Questions(pack, r, false, options, out);
}

}  // namespace

Headline HeadlineFor(Decision d) {
  switch (d) {
    case Decision::kProceed:
      return {"PROCEED", "dry needling is appropriate now, applying the cautions below"};
    case Decision::kWait:
      return {"WAIT", "do not needle now; re-screen later"};
    case Decision::kSwap:
      return {"SWAP", "use a gentler technique instead of dry needling"};
    case Decision::kRefer:
      return {"REFER", "do not needle; refer for medical assessment"};
    case Decision::kIncomplete:
      return {"INCOMPLETE", "cannot be cleared yet; answer the questions below first"};
    case Decision::kError:
      break;
  }
  return {"ERROR", "the record could not be read"};
}

std::string_view AdviceQualifier(AdviceFor advice) {
  switch (advice) {
    case AdviceFor::kAfterWait:
      return " (for the session after the wait)";
    case AdviceFor::kOnceCleared:
      return " (once the screen clears)";
    case AdviceFor::kNow:
    case AdviceFor::kNotNeedling:
    case AdviceFor::kNone:
      break;
  }
  return "";
}

void WriteTextResult(const Screener& screener, const RecordInfo& info, const Result& r,
                     const OutputOptions& options, std::string& out) {
  const Pack& pack = screener.pack();
  Title(info, r.decision, options, out);
  Findings("Why:", pack, r.reasons, options, out);
  Questions(pack, r, true, options, out);
  Resume(r, options, out);
  Alternatives(pack, r, options, out);
  if (options.counterfactual) WriteTextCounterfactual(pack, r, options, out);
  Advice(pack, r, options, out);
  if (options.explain) Explain(pack, r, options, out);
  fmt::format_to(std::back_inserter(out), "  Screened at {} with {} {} ({})\n",
                 FormatLocalDatetime(r.screened_at), Printable(pack.id), Printable(pack.version),
                 pack.digest);
  // Issue 19: whoever reads the result sees whether the pack was current.
  if (!pack.review.empty()) out += "  Rule set " + ReviewSummary(pack.review) + "\n";
  out.push_back('\n');
}

void WriteTextError(const RecordInfo& info, std::string_view error, const OutputOptions& options,
                    std::string& out) {
  Title(info, Decision::kError, options, out);
  fmt::format_to(std::back_inserter(out), "    - {}\n\n", Printable(error));
}

}  // namespace needlescreen::output

namespace needlescreen {

void AppendDecisionLine(const Result& result, std::string& out) {
  const output::Headline h = output::HeadlineFor(result.decision);
  out += h.word;
  out += "  ";
  if (result.decision != Decision::kWait || (!result.resume_after && result.resume_when.empty())) {
    out += h.meaning;
    return;
  }
  out += "do not needle now; re-screen";
  if (result.resume_after) {
    out += " after ";
    AppendLocalDatetime(*result.resume_after, out);
  }
  for (size_t i = 0; i < result.resume_when.size(); ++i) {
    out += i == 0 && result.resume_after ? ", " : i == 0 ? " " : "; ";
    out += Printable(result.resume_when[i]);
  }
}

}  // namespace needlescreen
