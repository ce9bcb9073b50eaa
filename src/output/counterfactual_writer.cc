// `check --counterfactual` (issue 19) in text and JSON: Result::counterfactual
// as an educator reads it ("would proceed if ... were ...": what the rules
// would decide, never advice to change a patient's answer), and as the
// `counterfactual` member of a JSON output record, values typed as in an
// intake record so that a program can apply a change.
#include <fmt/color.h>
#include <fmt/format.h>

#include <string>
#include <vector>

#include "common/text.h"
#include "output/fragments.h"
#include "output/json_emitter.h"
#include "output/writers.h"

namespace needlescreen::output {
namespace {

// --- text -----------------------------------------------------------------

// An answer as text reads it: lists in brackets, local times, escaped.
std::string Answer(const Field& field, const Slot& slot) {
  if (!slot.known) return "unanswered";
  std::string value = RenderSlot(field, slot, true);
  if (field.type == FieldType::kList) value = value.empty() ? "an empty list" : "[" + value + "]";
  if (field.type == FieldType::kString) value = "\"" + value + "\"";
  return Printable(value);
}

// A number's words say its value with its unit ("exactly 72 mm"); a
// datetime's say where it lies from the screen, after the time itself.
std::string Valued(const Field& field, const Slot& slot, const std::string& words) {
  if (field.type == FieldType::kNumber && !words.empty()) return Printable(words);
  std::string out = Answer(field, slot);
  if (!words.empty()) out += ", " + Printable(words);
  return out;
}

std::string ChangeText(const Pack& pack, const AnswerChange& c) {
  const Field& f = pack.fields[c.field];
  return fmt::format("{} were {} ({})", f.path, Valued(f, c.to, c.words),
                     c.from.known ? "it is " + Answer(f, c.from) : "not answered");
}

std::string SetText(const Pack& pack, const ChangeSet& set) {
  std::vector<std::string> parts;
  for (const AnswerChange& c : set.changes) parts.push_back(ChangeText(pack, c));
  if (set.screen_at) {
    parts.push_back(
        set.or_later ? fmt::format("screened at or after {}", FormatLocalDatetime(*set.screen_at))
                     : fmt::format("screened at {} (not at every time after it)",
                                   FormatLocalDatetime(*set.screen_at)));
  }
  return fmt::format("{}", fmt::join(parts, ", and "));
}

void Heading(std::string_view title, const OutputOptions& options, std::string& out) {
  if (options.color) {
    fmt::format_to(std::back_inserter(out), "  {}\n", fmt::styled(title, fmt::emphasis::bold));
  } else {
    fmt::format_to(std::back_inserter(out), "  {}\n", title);
  }
}

void DecidesText(const Pack& pack, const Counterfactual& cf, const OutputOptions& options,
                 std::string& out) {
  if (cf.decides.empty()) return;
  Heading("What each missing answer would decide (--counterfactual):", options, out);
  for (const DecidingAnswer& d : cf.decides) {
    const Field& f = pack.fields[d.field];
    std::vector<std::string> answers;
    bool worded = false;
    for (const AnswerOutcome& a : d.answers) {
      worded = worded || !a.words.empty();
      answers.push_back(
          fmt::format("{} gives {}", Valued(f, a.value, a.words), DecisionName(a.decision)));
    }
    auto line = std::back_inserter(out);
    if (answers.empty()) {
      fmt::format_to(line, "    - {}: no value to try\n", f.path);
    } else if (!worded) {
      fmt::format_to(line, "    - {}: {}\n", f.path, fmt::join(answers, "; "));
    } else {  // datetimes and numbers with their words: one a line
      fmt::format_to(line, "    - {}:\n", f.path);
      for (const std::string& a : answers) fmt::format_to(line, "        {}\n", a);
    }
  }
}

}  // namespace

void WriteTextCounterfactual(const Pack& pack, const Result& r, const OutputOptions& options,
                             std::string& out) {
  const Counterfactual& cf = r.counterfactual;
  if (!cf.searched) return;
  DecidesText(pack, cf, options, out);
  Heading(
      "Would proceed (--counterfactual: what the rules would decide, not advice to change an "
      "answer):",
      options, out);
  for (const ChangeSet& set : cf.sets) {
    fmt::format_to(std::back_inserter(out), "    - if {}\n", SetText(pack, set));
  }
  auto line = std::back_inserter(out);
  if (cf.exhausted) {
    fmt::format_to(
        line,
        "    - search stopped at its limit, after {} screenings ({} sets of changes weighed): "
        "{}\n",
        cf.screenings, cf.considered,
        cf.sets.empty() ? "no way to proceed was found, but one may exist"
                        : "other ways may exist");
  } else if (cf.more) {
    fmt::format_to(line, "    - more ways were found; the first {} are listed\n", cf.sets.size());
  } else if (cf.sets.empty()) {
    fmt::format_to(line,
                   "    - no way: no change of up to {} answers to values the pack's conditions "
                   "name, with or without a screen up to {} days later\n",
                   cf.max_answers, cf.horizon_days);
  }
}

// --- JSON -----------------------------------------------------------------

namespace {

void Datetime(JsonEmitter& j, TimePoint t) {
  j.PlainStringFrom([t](std::string& out) { AppendDatetime(t, out); });
}

// As an intake record gives it: true/false, a number, a string, an enum
// value, a UTC datetime, an array of list values; null when unanswered.
void AnswerValue(JsonEmitter& j, const Field& f, const Slot& s) {
  if (!s.known) return j.Null();
  switch (f.type) {
    case FieldType::kBool:
      return j.Bool(s.boolean);
    case FieldType::kNumber:
      return j.Rendered(fmt::format("{}", s.number));
    case FieldType::kString:
      return j.String(s.text);
    case FieldType::kEnum:
      return j.String(s.index < f.values.size() ? f.values[s.index] : std::string());
    case FieldType::kDatetime:
      return Datetime(j, TimePoint(std::chrono::seconds(s.seconds)));
    case FieldType::kList:
      j.BeginArray();
      for (size_t i = 0; i < f.values.size() && i < 64; ++i) {
        if ((s.bits >> i) & 1) j.String(f.values[i]);
      }
      return j.EndArray();
  }
}

void SetObject(JsonEmitter& j, const Fragments& fragments, const Pack& pack, const ChangeSet& set) {
  j.BeginObject();
  j.PlainKey("changes");
  j.BeginArray();
  for (const AnswerChange& c : set.changes) {
    j.BeginObject();
    j.PlainKey("field");
    j.Rendered(fragments.fields[c.field].path);
    j.PlainKey("from");
    AnswerValue(j, pack.fields[c.field], c.from);
    j.PlainKey("to");
    AnswerValue(j, pack.fields[c.field], c.to);
    j.EndObject();
  }
  j.EndArray();
  j.PlainKey("screen_at");
  if (set.screen_at)
    Datetime(j, *set.screen_at);
  else
    j.Null();
  j.PlainKey("or_later");
  j.Bool(set.or_later);
  j.EndObject();
}

void DecidesArray(JsonEmitter& j, const Fragments& fragments, const Pack& pack,
                  const Counterfactual& cf) {
  j.PlainKey("decides");
  j.BeginArray();
  for (const DecidingAnswer& d : cf.decides) {
    const Field& f = pack.fields[d.field];
    j.BeginObject();
    j.PlainKey("field");
    j.Rendered(fragments.fields[d.field].path);
    j.PlainKey("from");
    AnswerValue(j, f, d.from);
    j.PlainKey("answers");
    j.BeginArray();
    for (const AnswerOutcome& a : d.answers) {
      j.BeginObject();
      j.PlainKey("value");
      AnswerValue(j, f, a.value);
      j.PlainKey("decision");
      j.PlainString(DecisionName(a.decision));
      j.EndObject();
    }
    j.EndArray();
    j.EndObject();
  }
  j.EndArray();
}

}  // namespace

void WriteJsonCounterfactual(JsonEmitter& j, const Fragments& fragments, const Pack& pack,
                             const Result& r) {
  const Counterfactual& cf = r.counterfactual;
  j.PlainKey("counterfactual");
  if (!cf.searched) return j.Null();
  j.BeginObject();
  j.PlainKey("sets");
  j.BeginArray();
  for (const ChangeSet& set : cf.sets) SetObject(j, fragments, pack, set);
  j.EndArray();
  j.PlainKey("more");
  j.Bool(cf.more);
  DecidesArray(j, fragments, pack, cf);
  j.PlainKey("exhausted");
  j.Bool(cf.exhausted);
  j.PlainKey("screenings");
  j.Number(cf.screenings);
  j.PlainKey("considered");
  j.Number(cf.considered);
  j.EndObject();
}

}  // namespace needlescreen::output
