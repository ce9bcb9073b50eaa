// CDS Hooks 2.0.1 requests and cards (issue 17), without sockets.
//
// The request is parsed with simdjson, the intake read by the FHIR record
// reader (the same code `check --input-format fhir` runs, so a record gets
// the same decision through both), and the cards written with the output
// stage's JsonEmitter: one JSON writer in the program.
#include <openssl/rand.h>
#include <simdjson.h>

#include <algorithm>
#include <sstream>

#include "common/text.h"
#include "needlescreen/reader.h"
#include "needlescreen/result.h"
#include "needlescreen/serve.h"
#include "output/fhir.h"
#include "output/json_emitter.h"
#include "output/stamp.h"
#include "serve/markdown.h"

namespace needlescreen {
namespace {

using output::JsonEmitter;

// The summary must stay under 140 characters (CDS Hooks 2.0.1, Card).
constexpr size_t kMaxSummaryChars = 139;

HttpReply Reply(int status, std::string message) {
  HttpReply r;
  r.status = status;
  r.body = std::move(message);
  r.body += '\n';
  r.content_type = "text/plain; charset=utf-8";
  return r;
}

// A random (version 4) UUID from OpenSSL's generator.
std::string NewUuid() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) {
    // Never seen; a card id must still be unique: fall back on the clock.
    auto t = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    for (size_t i = 0; i < sizeof b; ++i) b[i] = static_cast<unsigned char>(t >> (8 * (i % 8)));
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < sizeof b; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 15];
  }
  return out;
}

// `text` cut to at most `max` characters (code points), with "…" when cut.
std::string CutToChars(std::string_view text, size_t max) {
  size_t chars = 0, i = 0, cut = 0;
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xc0) == 0x80) continue;
    if (chars == max - 1) cut = i;
    if (++chars > max) return std::string(text.substr(0, cut)) + "\u2026";
  }
  return std::string(text);
}

// The text of a field as the clinician is asked it.
std::string_view Question(const Field& field) {
  return field.question.empty() ? field.path : field.question;
}

std::string_view IndicatorOf(Decision decision) {
  switch (decision) {
    case Decision::kRefer:
    case Decision::kError:
      return "critical";
    case Decision::kSwap:
    case Decision::kWait:
      return "warning";
    default:
      return "info";
  }
}

// The card's one-line summary, plain text under 140 characters.
std::string Summary(const Pack& pack, const Result& r) {
  std::string s;
  auto first_reason = [&] {
    return r.reasons.empty() ? std::string_view() : r.reasons.front().message;
  };
  switch (r.decision) {
    case Decision::kRefer:
      s = "Refer, do not needle: ";
      s += first_reason();
      break;
    case Decision::kSwap: {
      // One alternative is named; several are the card's suggestions.
      s = "Swap dry needling for ";
      if (r.alternatives.size() == 1) {
        s += pack.alternatives[static_cast<size_t>(r.alternatives.front())].name;
      } else {
        s += "a gentler technique";
        if (!r.alternatives.empty())
          s += " (" + std::to_string(r.alternatives.size()) + " suggested)";
      }
      s += ": ";
      s += first_reason();
      break;
    }
    case Decision::kWait:
      s = "Wait: do not needle";
      if (r.resume_after) s += " before " + FormatLocalDatetime(*r.resume_after);
      s += "; ";
      s += first_reason();
      break;
    case Decision::kIncomplete: {
      auto n = static_cast<size_t>(std::count_if(r.missing.begin(), r.missing.end(),
                                                 [](const Missing& m) { return m.blocking; }));
      s = "Incomplete: " + std::to_string(n) + (n == 1 ? " answer" : " answers") +
          " needed before dry needling can be screened";
      break;
    }
    case Decision::kProceed:
      s = "Proceed with dry needling";
      if (!r.cautions.empty()) {
        s += ": " + std::to_string(r.cautions.size()) +
             (r.cautions.size() == 1 ? " caution" : " cautions") + " to apply";
      }
      break;
    case Decision::kError:
      s = "Not screened: " + r.error.ToString();
      break;
  }
  return CutToChars(serve::CardText(s), kMaxSummaryChars);
}

// "- message (rule `id`; source)" lines for findings.
void AppendFindings(const Pack& pack, const std::vector<Finding>& findings, std::string& md) {
  for (const Finding& f : findings) {
    const Rule& rule = pack.rules[static_cast<size_t>(f.rule)];
    md += "- " + serve::MarkdownText(f.message) + " (rule `" + serve::MarkdownCode(rule.id) +
          "`; " + (rule.source.empty() ? "no source given" : serve::MarkdownText(rule.source)) +
          ")\n";
  }
}

std::string_view AdviceHeading(Decision decision) {
  switch (AdviceForDecision(decision)) {
    case AdviceFor::kNow:
      return "Cautions for this session";
    case AdviceFor::kAfterWait:
      return "Cautions for the session after the wait";
    case AdviceFor::kOnceCleared:
      return "Cautions once the screen clears";
    default:
      return "";
  }
}

// "Ask first:" and the questions whose answers could change the decision,
// or that were answered implausibly; nothing when there are none.
void AppendQuestions(const Pack& pack, const Result& r, std::string& md) {
  bool asked = false;
  for (const Missing& m : r.missing) {
    if (!m.blocking && m.problem == Implausible::kNo) continue;
    if (!asked) md += "Ask first:\n\n";
    asked = true;
    const Field& field = pack.fields[static_cast<size_t>(m.field)];
    md +=
        "- " + serve::MarkdownText(Question(field)) + " (`" + serve::MarkdownCode(field.path) + "`";
    if (m.problem != Implausible::kNo) {
      md += ": " + serve::MarkdownText(ImplausibleText(field, m.problem));
    }
    md += ")\n";
  }
  if (asked) md += "\n";
}

// The card's detail: every reason with its rule and article section, what
// to ask or when to re-screen, the cautions, and the rule-set stamp.
std::string Detail(const Pack& pack, const Result& r) {
  std::string md = "**Decision: " + std::string(DecisionName(r.decision)) + "**";
  if (r.decision == Decision::kWait && r.resume_after) {
    md += ": re-screen after " + FormatLocalDatetime(*r.resume_after);
  }
  md += "\n\n";
  if (r.decision == Decision::kError) {
    md += "The intake could not be read: " + serve::MarkdownText(r.error.ToString()) +
          ". Do not needle until it is corrected and screened.\n\n";
  }
  if (!r.reasons.empty()) {
    md += "Reasons:\n\n";
    AppendFindings(pack, r.reasons, md);
    md += "\n";
  }
  if (!r.resume_when.empty()) {
    md += "Also before re-screening:\n\n";
    for (const std::string& w : r.resume_when) md += "- " + serve::MarkdownText(w) + "\n";
    md += "\n";
  }
  if (!r.alternatives.empty()) {
    md += "Gentler techniques:\n\n";
    for (int a : r.alternatives) {
      const Alternative& alt = pack.alternatives[static_cast<size_t>(a)];
      md += "- **" + serve::MarkdownText(alt.name) + "**";
      if (!alt.description.empty()) md += ": " + serve::MarkdownText(alt.description);
      md += "\n";
    }
    md += "\n";
  }
  AppendQuestions(pack, r, md);
  if (!r.cautions.empty() && !AdviceHeading(r.decision).empty()) {
    md += std::string(AdviceHeading(r.decision)) + ":\n\n";
    AppendFindings(pack, r.cautions, md);
    md += "\n";
  }
  if (!r.notes.empty() && !AdviceHeading(r.decision).empty()) {
    md += "Notes:\n\n";
    AppendFindings(pack, r.notes, md);
    md += "\n";
  }
  md += "Rule set `" + serve::MarkdownCode(pack.id) + "` version " +
        serve::MarkdownText(pack.version) + ", `" + serve::MarkdownCode(pack.digest) + "`";
  if (!pack.review.empty()) md += " (" + ReviewSummary(pack.review) + ")";
  md += "; screened at " + FormatLocalDatetime(r.screened_at) + ".";
  // Issue 19: the clinician sees it on the card, not only the server's log.
  if (std::string problem = EffectProblem(pack, r.screened_at); !problem.empty()) {
    md += "\n\n**Out of date rule set:** " + serve::MarkdownText(problem) + ".";
  }
  return md;
}

// {"cards": [the card]} for a screen.
std::string CardsResponse(const Pack& pack, const Result& r) {
  std::string out;
  JsonEmitter j(out, /*pretty=*/true);
  j.BeginObject();
  j.PlainKey("cards");
  j.BeginArray();
  j.BeginObject();
  j.PlainKey("uuid");
  j.PlainString(NewUuid());
  j.PlainKey("summary");
  j.String(Summary(pack, r));
  j.PlainKey("indicator");
  j.PlainString(IndicatorOf(r.decision));
  j.PlainKey("detail");
  j.String(Detail(pack, r));
  j.PlainKey("source");
  j.BeginObject();
  j.PlainKey("label");
  j.String(serve::CardText("needlescreen: " + (pack.title.empty() ? pack.id : pack.title)));
  j.EndObject();
  if (!r.alternatives.empty()) {
    j.PlainKey("suggestions");
    j.BeginArray();
    for (int a : r.alternatives) {
      j.BeginObject();
      j.PlainKey("label");
      j.String(serve::CardText("Use " + pack.alternatives[static_cast<size_t>(a)].name +
                               " instead of dry needling"));
      j.PlainKey("uuid");
      j.PlainString(NewUuid());
      j.EndObject();
    }
    j.EndArray();
    j.PlainKey("selectionBehavior");
    j.PlainString("at-most-one");
  }
  j.PlainKey("extension");
  j.BeginObject();
  j.Key("org.needlescreen.decision");
  j.PlainString(DecisionName(r.decision));
  j.Key("org.needlescreen.ruleset");
  j.BeginObject();
  j.PlainKey("id");
  j.String(pack.id);
  j.PlainKey("version");
  j.String(pack.version);
  j.PlainKey("digest");
  j.String(pack.digest);
  output::ReviewMembers(j, pack.review);
  j.EndObject();
  j.Key("org.needlescreen.rules");
  j.BeginArray();
  for (const Finding& f : r.reasons) j.String(pack.rules[static_cast<size_t>(f.rule)].id);
  j.EndArray();
  if (r.resume_after) {
    j.Key("org.needlescreen.resume_after");
    j.PlainString(FormatDatetime(*r.resume_after));
  }
  j.EndObject();
  j.EndObject();
  j.EndArray();
  j.EndObject();
  out += '\n';
  return out;
}

// A string member of `object`, or an error naming `where`.
simdjson::error_code StringMember(simdjson::dom::object object, std::string_view key,
                                  std::string_view& value) {
  return object[key].get_string().get(value);
}

// Whether a member name is given twice: simdjson keeps both and answers the
// first, where another parser would take the last, so the request would mean
// two things (a second `intake` behind an empty first one).
bool HasDuplicateKeys(simdjson::dom::object object) {
  std::vector<std::string_view> keys;
  for (simdjson::dom::key_value_pair field : object) keys.push_back(field.key);
  std::sort(keys.begin(), keys.end());
  return std::adjacent_find(keys.begin(), keys.end()) != keys.end();
}

// What is wrong with the request's required members, or "".
std::string CheckRequest(simdjson::dom::object request) {
  if (HasDuplicateKeys(request)) return "a member of the request is given twice";
  std::string_view hook, instance;
  if (StringMember(request, "hook", hook)) return "the request has no string `hook`";
  if (hook != kServedHook) return "this service answers the order-sign hook, not another";
  if (StringMember(request, "hookInstance", instance) || instance.empty()) {
    return "the request has no string `hookInstance`";
  }
  simdjson::dom::object context;
  if (request["context"].get_object().get(context)) return "the request has no object `context`";
  if (HasDuplicateKeys(context)) return "a member of `context` is given twice";
  std::string_view text;
  if (StringMember(context, "userId", text)) return "the order-sign context has no string `userId`";
  if (StringMember(context, "patientId", text)) {
    return "the order-sign context has no string `patientId`";
  }
  simdjson::dom::object orders;
  if (context["draftOrders"].get_object().get(orders)) {
    return "the order-sign context has no object `draftOrders` (a Bundle)";
  }
  simdjson::dom::element element;
  if (!request["fhirServer"].get(element) && !element.is_string()) {
    return "`fhirServer` is not a string";
  }
  if (!request["prefetch"].get(element)) {
    if (!element.is_object()) return "`prefetch` is not an object";
    if (HasDuplicateKeys(element.get_object().value_unsafe())) {
      return "a member of `prefetch` is given twice";
    }
  }
  return "";
}

}  // namespace

CdsService::CdsService(const Pack& pack, Record defaults)
    : pack_(pack),
      screener_(pack),
      defaults_(std::move(defaults)),
      questionnaire_url_(output::FhirQuestionnaireUrl(pack)) {}

std::string CdsService::DiscoveryEntry() const {
  std::string out;
  JsonEmitter j(out, /*pretty=*/true, 2);
  j.BeginObject();
  j.PlainKey("hook");
  j.PlainString(kServedHook);
  j.PlainKey("id");
  j.String(pack_.id);
  j.PlainKey("title");
  j.String(pack_.title.empty() ? pack_.id : pack_.title);
  j.PlainKey("description");
  j.String("Screens the patient's latest intake (FHIR QuestionnaireResponse for " +
           questionnaire_url_ + ") against rule set " + pack_.id + " version " + pack_.version +
           " when dry needling is ordered: proceed, wait, swap, refer or incomplete, with the "
           "reasons and their sources.");
  j.PlainKey("prefetch");
  j.BeginObject();
  j.Key(kIntakePrefetchKey);
  j.String("QuestionnaireResponse?subject={{context.patientId}}&questionnaire=" +
           questionnaire_url_ + "&status=completed&_sort=-authored&_count=1");
  j.EndObject();
  j.EndObject();
  return out;
}

std::string DiscoveryDocument(const std::vector<std::unique_ptr<CdsService>>& services) {
  // Each entry is written at depth 2 of this document: it opens with its
  // own line break and indentation.
  std::string out = "{\n  \"services\": [";
  for (size_t i = 0; i < services.size(); ++i) {
    if (i > 0) out += ',';
    out += services[i]->DiscoveryEntry();
  }
  out += services.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

void CdsService::SetEffectPolicy(bool strict, std::function<void(std::string_view)> warn,
                                 bool warned) {
  strict_ = strict;
  warn_ = std::move(warn);
  warned_ = warned;
}

bool CdsService::InEffect(TimePoint now) const {
  if (EffectAt(pack_.review, now) == Effect::kInEffect) return true;
  if (!warned_.exchange(true) && warn_) {
    warn_(EffectProblem(pack_, now) +
          (strict_ ? "; --strict: calls are answered 503, not screened" : " (--strict refuses)"));
  }
  return !strict_;
}

HttpReply CdsService::Call(std::string_view body, TimePoint now) const {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element document;
  simdjson::error_code parsed = parser.parse(body.data(), body.size()).get(document);
  if (parsed == simdjson::MEMALLOC) {
    // Not the client's fault: it may retry.
    return Reply(503, "the server is short of memory; retry shortly");
  }
  simdjson::dom::object request;
  if (parsed != simdjson::SUCCESS || document.get_object().get(request)) {
    return Reply(400, "the request body is not a JSON object (a CDS Hooks request)");
  }
  if (std::string problem = CheckRequest(request); !problem.empty()) return Reply(400, problem);
  if (!InEffect(now)) {
    return Reply(503,
                 "the rule pack is outside its effective period; this service is not screening");
  }
  simdjson::dom::element intake;
  if (request.at_pointer("/prefetch/" + std::string(kIntakePrefetchKey)).get(intake) ||
      intake.is_null()) {
    return Reply(412, "no prefetched intake (prefetch." + std::string(kIntakePrefetchKey) +
                          "); this service does not query the FHIR server");
  }
  std::istringstream in(simdjson::minify(intake));
  ReadOptions options;
  options.max_record_bytes = body.size() + 1;
  uint64_t next = 1;
  size_t records = 0;
  Record record(pack_.fields.size());
  Status problem;
  Status read = ReadRecords(in, "prefetch.intake", InputFormat::kFhir, pack_, options, &next,
                            [&](RecordEvent& event) {
                              if (++records == 1) {
                                problem = event.status;
                                if (event.status.ok()) record = *event.record;
                              }
                              return true;
                            });
  Result result;
  if (!read.ok()) problem = read;
  if (problem.ok() && records > 1) {
    problem = Status::Error(StatusCode::kInvalidValue,
                            "the prefetched intake holds " + std::to_string(records) +
                                " QuestionnaireResponses; expected the latest one only");
  }
  if (!problem.ok()) {
    result.decision = Decision::kError;
    result.error = problem;
    result.screened_at = now;
  } else {
    // The screening time is the request's: an intake's own `screened_at`
    // would move the clock of a screen done now.
    record.slots[static_cast<size_t>(pack_.FieldIndex(kScreenedAtField))].known = false;
    ApplyDefaults(defaults_, record);
    screener_.Screen(record, now, {}, result);
  }
  HttpReply reply;
  reply.body = CardsResponse(pack_, result);
  reply.decision = DecisionName(result.decision);
  return reply;
}

HttpReply CdsService::Feedback(std::string_view body) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::array items;
  simdjson::dom::object object;
  if (parser.parse(body.data(), body.size()).get_object().get(object) ||
      object["feedback"].get_array().get(items)) {
    return Reply(400, "expected a JSON object with a `feedback` array");
  }
  for (simdjson::dom::element item : items) {
    if (!item.is_object()) return Reply(400, "each `feedback` element must be an object");
  }
  feedback_.fetch_add(items.size(), std::memory_order_relaxed);
  HttpReply reply;
  reply.body = "{}\n";
  return reply;
}

}  // namespace needlescreen
