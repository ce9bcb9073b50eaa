// The printable report (issue 16): text from a record or a pack is inert on
// the page, the page loads nothing, and every decision opens its section with
// its word and meaning, shaped as text is (issue 15).
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "needlescreen/output.h"
#include "needlescreen/pack.h"
#include "needlescreen/record.h"
#include "needlescreen/result.h"
#include "needlescreen/screen.h"
#include "needlescreen/time.h"
#include "output/writers.h"
#include "test_support.h"

namespace needlescreen {
namespace {

constexpr std::string_view kPack = R"(pack: html-test
version: 0.1.0
title: "A <b>test</b> pack"
source: "golden & unit tests"
disclaimer: "Test only; <i>not</i> guidance."
fields:
  - path: flag
    type: bool
    question: Red flag?
  - path: s
    type: bool
  - path: w
    type: bool
  - path: care
    type: bool
  - path: pain
    type: number
    unit: "/10"
    min: 0
    max: 10
    question: How much pain?
  - path: note
    type: string
  - path: onset
    type: datetime
alternatives:
  - id: rest
    name: "Rest <not needling>"
    description: Relative rest for a week.
rules:
  - id: red-flag
    outcome: refer
    when: flag
    message: Refer.
    source: t
  - id: swap-it
    outcome: swap
    when: s
    message: "Swap: {note}."
    source: "article <section>"
  - id: wait-it
    outcome: wait
    when: w
    message: Wait.
    source: t
    resume: onset + 72h
    resume_when: once it has healed
  - id: careful
    outcome: caution
    when: care
    message: Be careful.
    source: t
  - id: painful
    outcome: info
    when: pain > 5
    message: Painful.
    source: t
)";

const Pack& TestPack() {
  static const Pack pack = [] {
    PackLoad load = LoadPack({{"pack.yaml", std::string(kPack)}});
    for (const Diagnostic& d : load.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
    if (!load.pack) std::abort();
    return std::move(*load.pack);
  }();
  return pack;
}

// A record of the test pack from path=value pairs, screened at a fixed time.
struct Screened {
  Record record;
  Result result;
};

Screened Screen(const std::vector<std::pair<std::string_view, std::string_view>>& answers,
                bool explain = false) {
  const Pack& pack = TestPack();
  Screened s{Record(pack.fields.size()), {}};
  for (const auto& [path, value] : answers) {
    const int field = pack.FieldIndex(path);
    EXPECT_GE(field, 0) << path;
    EXPECT_EQ(DecodeText(pack.fields[field], value, s.record.slots[field]), "") << path;
  }
  Screener screener(pack);
  screener.Screen(s.record, *ParseDatetime("2026-11-24T21:00:00Z"), {explain, true}, s.result);
  return s;
}

OutputOptions Html() {
  OutputOptions options;
  options.format = OutputFormat::kHtml;
  return options;
}

std::string Written(const Screened& s, std::string_view id = "P-1", bool explain = false) {
  Screener screener(TestPack());
  RecordInfo info;
  info.record = 4;
  info.line = 7;
  info.file = "in.jsonl";
  info.id = std::string(id);
  OutputOptions options = Html();
  options.explain = explain;
  std::string out;
  WriteResult(screener, info, s.record, s.result, options, true, out);
  return out;
}

// No C0 control but LF, no DEL, no C1 control, no bidi override: what a
// browser would render invisibly or reorder.
void ExpectNoControls(const std::string& html) {
  for (unsigned char c : html) EXPECT_TRUE(c == '\n' || (c >= 0x20 && c != 0x7f)) << html;
  EXPECT_EQ(html.find("\xc2\x9b"), std::string::npos);
  EXPECT_EQ(html.find("\xe2\x80\xae"), std::string::npos);
}

// UTC for one test, the previous TZ restored after it: the local times
// written are then the UTC ones with +00:00.
class InUtc : public ::testing::Test {
 protected:
  void SetUp() override { tz_.emplace("UTC"); }
  void TearDown() override { tz_.reset(); }

 private:
  std::optional<ScopedTz> tz_;
};

// Whether `page` holds ` on<letters>=` (an event-handler attribute). Not
// std::regex: with -O1 and the sanitizers, GCC 12 warns inside <regex>
// (-Wmaybe-uninitialized), which -Werror turns into a failed build.
bool HasEventHandler(std::string_view page) {
  for (size_t at = page.find(" on"); at != std::string_view::npos; at = page.find(" on", at + 1)) {
    size_t end = at + 3;
    while (end < page.size() && page[end] >= 'a' && page[end] <= 'z') ++end;
    if (end > at + 3 && end < page.size() && page[end] == '=') return true;
  }
  return false;
}

TEST(HtmlText, EscapesTheFiveMarkupCharacters) {
  std::string out;
  output::AppendHtmlText(out, R"(<script>alert('x' & "y")</script>)");
  EXPECT_EQ(out, "&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;");
}

TEST(HtmlText, ShowsControlsAsVisibleEscapes) {
  constexpr char kControls[] = "a\x1b[31mb\x00\x7f\xc2\x9b\xe2\x80\xae\r\nz\xff";
  std::string out;
  output::AppendHtmlText(out, std::string_view(kControls, sizeof kControls - 1));
  EXPECT_EQ(out, "a\\x1b[31mb\\x00\\x7f\\u009b\\u202e\\r\\nz\\xff");
  out.clear();
  output::AppendHtmlText(out, "two\nlines & Zoë", LineBreaks::kKeep);
  EXPECT_EQ(out, "two\nlines &amp; Zoë");
}

TEST(HtmlText, EscapesAnAlreadyEscapedTextAgain) {
  std::string out;
  output::AppendHtmlText(out, "&lt;");
  EXPECT_EQ(out, "&amp;lt;");
}

TEST(HtmlOutput, ThePageLoadsNothingAndRunsNothing) {
  std::string page;
  WriteBegin(TestPack(), Html(), page);
  page += Written(Screen({{"care", "yes"}}));
  WriteEnd(Html(), page);
  EXPECT_EQ(
      page.rfind("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", 0), 0u);
  EXPECT_NE(page.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                      "'none'; style-src 'unsafe-inline'\">"),
            std::string::npos);
  for (std::string_view banned : {"<script", "<link", "<img", "<iframe", "<object",
                                  "src=", "href=", "url(", "@import", "http:", "https:"}) {
    EXPECT_EQ(page.find(banned), std::string::npos) << banned;
  }
  ASSERT_TRUE(HasEventHandler("<img src=x onerror=alert(1)>"));  // the probe itself works
  EXPECT_FALSE(HasEventHandler(page)) << "an event handler";
  EXPECT_EQ(page.find("<style>"), page.rfind("<style>"));  // one style, in the head
  EXPECT_LT(page.find("<style>"), page.find("</head>"));
  EXPECT_NE(page.find("@page { margin: 15mm; }"), std::string::npos);
  EXPECT_EQ(page.find("@page { size"), std::string::npos);  // the paper decides: A4 or Letter
  EXPECT_NE(page.find("<title>needlescreen report: html-test 0.1.0</title>"), std::string::npos);
  EXPECT_NE(page.find("A &lt;b&gt;test&lt;/b&gt; pack"), std::string::npos);
  EXPECT_TRUE(page.ends_with("</section>\n</main>\n</body>\n</html>\n")) << page;
}

TEST(HtmlOutput, NoRecordsLeavesTheContainerEmpty) {
  std::string page;
  WriteBegin(TestPack(), Html(), page);
  WriteEnd(Html(), page);
  EXPECT_NE(page.find("<main></main>"), std::string::npos);  // main:empty says so
}

struct HeadlineCase {
  std::vector<std::pair<std::string_view, std::string_view>> answers;
  std::string_view word;
  std::string_view meaning;
};

TEST(HtmlOutput, EachDecisionOpensItsSectionWithItsWordAndMeaning) {
  const HeadlineCase cases[] = {
      {{{"flag", "no"}, {"s", "no"}, {"w", "no"}}, "PROCEED", "dry needling is appropriate now"},
      {{{"flag", "no"}, {"s", "no"}, {"w", "yes"}, {"onset", "2026-11-24T09:00:00Z"}},
       "WAIT",
       "do not needle now"},
      {{{"flag", "no"}, {"s", "yes"}}, "SWAP", "use a gentler technique"},
      {{{"flag", "yes"}}, "REFER", "do not needle; refer for medical assessment"},
      {{{"s", "no"}}, "INCOMPLETE", "cannot be cleared yet; answer the questions below first"},
  };
  for (const HeadlineCase& c : cases) {
    const Screened s = Screen(c.answers);
    const std::string html = Written(s);
    std::string lower(c.word);
    for (char& ch : lower) ch = static_cast<char>(ch - 'A' + 'a');
    const std::string head = "<section class=\"record d-" + lower +
                             "\" id=\"record-4\">\n<div class=\"decision\">\n<p class=\"word\">" +
                             std::string(c.word) + "</p>\n<p class=\"meaning\">" +
                             std::string(c.meaning);
    EXPECT_EQ(html.rfind(head, 0), 0u) << html;
    EXPECT_NE(html.find("<p class=\"sign\"><span>Clinician: <b></b></span><span>Signature: "
                        "<b></b></span><span>Date: <b></b></span></p>"),
              std::string::npos)
        << c.word;
    EXPECT_NE(html.find("with html-test 0.1.0 (sha256:"), std::string::npos) << c.word;
  }
  Screener screener(TestPack());
  RecordInfo info;
  info.record = 9;
  std::string error;
  WriteError(TestPack(), info, Status::Error(StatusCode::kInvalidValue, "expected true or false"),
             Html(), true, error);
  EXPECT_EQ(error.rfind("<section class=\"record d-error\" id=\"record-9\">\n<div "
                        "class=\"decision\">\n<p class=\"word\">ERROR</p>\n<p "
                        "class=\"meaning\">the record could not be read</p>",
                        0),
            0u)
      << error;
  EXPECT_NE(error.find("expected true or false"), std::string::npos);
  EXPECT_EQ(error.find("Signature"), std::string::npos);  // nothing was screened to sign
}

TEST_F(InUtc, WaitSaysWhenToScreenAgainInLocalTime) {
  const std::string html = Written(Screen({{"flag", "no"},
                                           {"s", "no"},
                                           {"w", "yes"},
                                           {"care", "yes"},
                                           {"onset", "2026-11-24T09:00:00Z"}}));
  EXPECT_NE(html.find("<p class=\"action\">Re-screen after <b>2026-11-27 09:00 +00:00</b>; and "
                      "once it has healed</p>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<h2>Cautions (for the session after the wait)</h2>"), std::string::npos);
  EXPECT_NE(html.find("Screened at 2026-11-24 21:00 +00:00 with"), std::string::npos);
}

TEST(HtmlOutput, SwapOffersAlternativesAndLeavesOutNeedlingAdvice) {
  const std::string html =
      Written(Screen({{"flag", "no"}, {"s", "yes"}, {"care", "yes"}, {"note", "n"}}));
  EXPECT_NE(html.find("<h2>Instead, consider</h2>\n<ul>\n<li>Rest &lt;not needling&gt; <span "
                      "class=\"src\">Relative rest for a week.</span></li>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("Swap: n. <span class=\"src\">[swap-it; source: article "
                      "&lt;section&gt;]</span>"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("Cautions"), std::string::npos);
  EXPECT_EQ(html.find("Be careful."), std::string::npos);
}

TEST(HtmlOutput, IncompleteAsksFirstAndQualifiesTheAdvice) {
  const std::string html = Written(Screen({{"s", "no"}, {"care", "yes"}}));
  EXPECT_NE(html.find("<h2>Ask first</h2>\n<ul>\n<li>Red flag? <span class=\"why\">[flag; needed "
                      "by red-flag]</span></li>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<h2>Cautions (once the screen clears)</h2>"), std::string::npos);
}

TEST(HtmlOutput, ListsTheAnswersGivenAndFlagsThoseNotUsed) {
  const std::string html = Written(
      Screen({{"flag", "no"}, {"s", "no"}, {"w", "no"}, {"pain", "11"}, {"note", "it's <b>"}}));
  EXPECT_NE(
      html.find("<h2>Answers given</h2>\n<dl class=\"answers\">\n<div><dt>flag</dt><dd>no</dd>"
                "</div>\n<div><dt>s</dt><dd>no</dd></div>\n<div><dt>w</dt><dd>no</dd></div>\n"),
      std::string::npos)
      << html;
  EXPECT_NE(html.find("<dd>11 /10 <span class=\"problem\">(not used: "), std::string::npos) << html;
  EXPECT_NE(html.find("<dd>it&#39;s &lt;b&gt;</dd>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<dt>care</dt>"), std::string::npos);  // not given, not listed
}

TEST(HtmlOutput, ExplainListsEveryRuleWithTheValuesItRead) {
  const std::string html =
      Written(Screen({{"flag", "no"}, {"s", "yes"}, {"note", "<n>"}}, true), "P-1", true);
  EXPECT_NE(html.find("<h2>Every rule (--explain)</h2>\n<table class=\"explain\">\n<tr><td>false "
                      "refer</td><td><b>red-flag</b> when flag<br>flag = no</td></tr>\n"),
            std::string::npos)
      << html;
  EXPECT_EQ(Written(Screen({{"flag", "no"}})).find("--explain"), std::string::npos);
}

TEST(HtmlOutput, HostileRecordTextIsInert) {
  constexpr std::string_view kHostile =
      "<script>alert(1)</script>\"'&\x1b[31m\xc2\x9b\xe2\x80\xae\x07\r\n\x7f";
  const std::string html = Written(Screen({{"flag", "no"}, {"s", "yes"}, {"note", kHostile}}),
                                   std::string("P-") + std::string(kHostile));
  ExpectNoControls(html);
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_NE(html.find("<b>P-&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;\\x1b[31m"
                      "\\u009b\\u202e\\x07\\r\\n\\x7f</b>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("Swap: &lt;script&gt;"), std::string::npos) << html;
}

}  // namespace
}  // namespace needlescreen
