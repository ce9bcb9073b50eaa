// `serve` without sockets (issue 17): CdsService's answers, the Markdown
// escaping of card details, and the JWT checks. Real HTTP is
// tests/serve/serve_test.py.
#include "needlescreen/serve.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cctype>
#include <string>

#include "serve/jwt.h"
#include "serve/markdown.h"
#include "test_support.h"

namespace needlescreen {
namespace {

constexpr TimePoint kNow{std::chrono::seconds(1796000000)};  // 2026-11-30

std::string Request(const std::string& intake, const std::string& hook = "order-sign") {
  return R"({"hook": ")" + hook + R"(", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
    "context": {"userId": "Practitioner/1", "patientId": "p1",
                "draftOrders": {"resourceType": "Bundle", "type": "collection"}},
    "prefetch": {"intake": )" +
         intake + "}}";
}

std::string Intake(const std::string& items) {
  return R"({"resourceType": "QuestionnaireResponse", "status": "completed", "item": [)" + items +
         "]}";
}

constexpr const char* kSwapItems =
    R"({"linkId": "patient.consent", "answer": [{"valueBoolean": true}]},
       {"linkId": "patient.needle_phobia", "answer": [{"valueCoding": {"code": "severe"}}]})";

// The one card of a 200 answer, parsed.
struct Card {
  std::string indicator, summary, detail, decision;
  size_t suggestions = 0;
};

// Markdown with its backslash escapes undone, as the clinician reads it.
std::string Rendered(std::string_view markdown) {
  std::string out;
  for (size_t i = 0; i < markdown.size(); ++i) {
    if (markdown[i] == '\\' && i + 1 < markdown.size() &&
        std::ispunct(static_cast<unsigned char>(markdown[i + 1])))
      ++i;
    out += markdown[i];
  }
  return out;
}

Card ParseCard(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::element card = parser.parse(body)["cards"].at(0);
  Card c;
  c.indicator = std::string(card["indicator"].get_string().value());
  c.summary = std::string(card["summary"].get_string().value());
  c.detail = Rendered(card["detail"].get_string().value());
  c.decision = std::string(card["extension"]["org.needlescreen.decision"].get_string().value());
  simdjson::dom::array s;
  if (!card["suggestions"].get_array().get(s)) c.suggestions = s.size();
  return c;
}

CdsService Service() { return CdsService(Builtin(), Record(Builtin().fields.size())); }

TEST(CdsService, SwapIsAWarningWithTheAlternativesAsSuggestions) {
  HttpReply r = Service().Call(Request(Intake(kSwapItems)), kNow);
  ASSERT_EQ(r.status, 200) << r.body;
  Card c = ParseCard(r.body);
  EXPECT_EQ(c.decision, "swap");
  EXPECT_EQ(r.decision, "swap");
  EXPECT_EQ(c.indicator, "warning");
  EXPECT_GT(c.suggestions, 0u);
  size_t chars = 0;
  for (char ch : c.summary) chars += (static_cast<unsigned char>(ch) & 0xc0) != 0x80;
  EXPECT_LT(chars, 140u);
  EXPECT_NE(c.detail.find(Builtin().digest), std::string::npos);
}

// Issue 19: past the built-in pack's effective period (until 2027-11-30) a
// call is still screened and its card says so, and the server is told once;
// --strict answers 503 and screens nothing.
TEST(CdsService, AfterThePacksEffectivePeriodTheCardSaysSoAndStrictRefuses) {
  const TimePoint after = *ParseDatetime("2027-12-01T00:00:00Z");
  CdsService service(Builtin(), Record(Builtin().fields.size()));
  std::vector<std::string> warnings;
  service.SetEffectPolicy(
      false, [&](std::string_view w) { warnings.emplace_back(w); }, false);
  HttpReply in = service.Call(Request(Intake(kSwapItems)), kNow);
  ASSERT_EQ(in.status, 200) << in.body;
  EXPECT_EQ(ParseCard(in.body).detail.find("Out of date"), std::string::npos);
  EXPECT_NE(ParseCard(in.body).detail.find("in effect until 2027-11-30"), std::string::npos);
  EXPECT_TRUE(warnings.empty());
  for (int i = 0; i < 2; ++i) {
    HttpReply out = service.Call(Request(Intake(kSwapItems)), after);
    ASSERT_EQ(out.status, 200) << out.body;
    Card c = ParseCard(out.body);
    EXPECT_EQ(c.decision, "swap");
    EXPECT_NE(
        c.detail.find("**Out of date rule set:** the rule pack hamstring-dry-needling 1.0.0 is "
                      "in effect until 2027-11-30; the screening time "
                      "2027-12-01T00:00:00Z is after its end."),
        std::string::npos)
        << c.detail;
  }
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("after its end (--strict refuses)"), std::string::npos);

  CdsService strict(Builtin(), Record(Builtin().fields.size()));
  strict.SetEffectPolicy(true, nullptr, false);
  EXPECT_EQ(strict.Call(Request(Intake(kSwapItems)), after).status, 503);
  EXPECT_EQ(strict.Call(Request(Intake(kSwapItems)), kNow).status, 200);
}

TEST(CdsService, AnEmptyIntakeIsIncompleteAndListsTheQuestions) {
  HttpReply r = Service().Call(Request(Intake("")), kNow);
  ASSERT_EQ(r.status, 200) << r.body;
  Card c = ParseCard(r.body);
  EXPECT_EQ(c.decision, "incomplete");
  EXPECT_EQ(c.indicator, "info");
  EXPECT_NE(c.detail.find("Ask first"), std::string::npos);
  EXPECT_NE(c.detail.find("patient.consent"), std::string::npos);
}

TEST(CdsService, AnUnreadableAnswerIsACriticalCardWithoutTheValue) {
  HttpReply r = Service().Call(
      Request(Intake(R"({"linkId": "patient.consent", "answer": [{"valueString": "SECRET-42"}]})")),
      kNow);
  ASSERT_EQ(r.status, 200) << r.body;
  Card c = ParseCard(r.body);
  EXPECT_EQ(c.decision, "error");
  EXPECT_EQ(c.indicator, "critical");
  EXPECT_NE(c.detail.find("patient.consent"), std::string::npos);
  EXPECT_EQ(r.body.find("SECRET-42"), std::string::npos);
}

TEST(CdsService, TheIntakesOwnScreeningTimeIsNotUsed) {
  // An intake claiming to be screened a year on must not move the clock of a
  // screen done at the request's time.
  HttpReply r = Service().Call(
      Request(Intake(
          R"({"linkId": "screened_at", "answer": [{"valueDateTime": "2027-12-01T00:00:00Z"}]})")),
      kNow);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("screened at " + FormatLocalDatetime(kNow)), std::string::npos) << r.body;
}

TEST(CdsService, ProtocolErrorsAre400And412) {
  CdsService s = Service();
  EXPECT_EQ(s.Call("{", kNow).status, 400);
  EXPECT_EQ(s.Call("[]", kNow).status, 400);
  EXPECT_EQ(s.Call(Request(Intake(""), "patient-view"), kNow).status, 400);
  EXPECT_EQ(s.Call(R"({"hook": "order-sign", "context": {}})", kNow).status, 400);
  EXPECT_EQ(s.Call(Request("null"), kNow).status, 412);
  std::string no_prefetch = Request("{}");
  no_prefetch.replace(no_prefetch.find("\"prefetch\""), 10, "\"other\"");
  EXPECT_EQ(s.Call(no_prefetch, kNow).status, 412);
}

TEST(CdsService, FeedbackIsCountedNotEchoed) {
  CdsService s = Service();
  HttpReply r = s.Feedback(R"({"feedback": [{"card": "SECRET-1", "outcome": "accepted"}, {}]})");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("SECRET"), std::string::npos);
  EXPECT_EQ(s.feedback_count(), 2u);
  EXPECT_EQ(s.Feedback(R"({"feedback": 1})").status, 400);
  EXPECT_EQ(s.feedback_count(), 2u);
}

TEST(CdsService, DiscoveryNamesTheHookThePackAndThePrefetch) {
  std::vector<std::unique_ptr<CdsService>> services;
  services.push_back(std::make_unique<CdsService>(Builtin(), Record(Builtin().fields.size())));
  std::string doc = DiscoveryDocument(services);
  simdjson::dom::parser parser;
  simdjson::dom::element service = parser.parse(doc)["services"].at(0);
  EXPECT_EQ(service["hook"].get_string().value(), "order-sign");
  EXPECT_EQ(service["id"].get_string().value(), Builtin().id);
  std::string_view prefetch = service["prefetch"]["intake"].get_string().value();
  EXPECT_EQ(prefetch.find("QuestionnaireResponse?subject={{context.patientId}}"), 0u);
}

TEST(Markdown, PatientTextCannotBecomeMarkup) {
  EXPECT_EQ(serve::MarkdownText("[x](http://e.vil) <b>*y*</b>\n# h"),
            "\\[x\\]\\(http\\://e\\.vil\\) \\<b\\>\\*y\\*\\</b\\> # h");
  EXPECT_EQ(serve::MarkdownText("www.evil.example"), "www\\.evil\\.example");
  // A right-to-left override, ESC and a C1 CSI from an answer: spaces.
  EXPECT_EQ(serve::CardText("a\u202Eb\x1b[2J\u009Bc"), "a b [2J c");
  EXPECT_EQ(serve::MarkdownCode("a`b\x1b"), "a b ");
}

TEST(TokenVerifier, RefusesWithoutAKeyAndRejectsNonKeys) {
  serve::TokenVerifier v;
  EXPECT_FALSE(v.Load({{"iss", "not a key"}}).ok());
  ASSERT_TRUE(v.Load({}).ok());
  EXPECT_FALSE(v.Verify("", "http://x/cds-services", 0).ok());
  EXPECT_FALSE(v.Verify("Bearer a.b.c", "http://x/cds-services", 0).ok());
  EXPECT_FALSE(v.Verify("Basic abc", "http://x/cds-services", 0).ok());
}

}  // namespace
}  // namespace needlescreen
