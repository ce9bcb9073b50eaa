// The writers never pass a terminal control through text output, keep exact
// values in JSON, and neutralise formula cells in CSV (issue 13).
#include "needlescreen/output.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <sstream>
#include <string>
#include <vector>

#include "needlescreen/reader.h"
#include "needlescreen/screen.h"
#include "output/json_emitter.h"
#include "output/writers.h"
#include "test_support.h"

namespace needlescreen {
namespace {

constexpr std::string_view kHostile =
    "\x1b[2J\xc2\x9b"
    "31m\xe2\x80\xae\x07\r\n\x7f\xff";

// No C0 control but TAB and LF, no DEL, no C1 control, no bidi override.
void ExpectTerminalSafe(const std::string& text) {
  for (unsigned char c : text) {
    EXPECT_TRUE(c == '\t' || c == '\n' || (c >= 0x20 && c != 0x7f)) << text;
  }
  EXPECT_EQ(text.find("\xc2\x9b"), std::string::npos) << text;
  EXPECT_EQ(text.find("\xe2\x80\xae"), std::string::npos) << text;
  EXPECT_EQ(text.find('\xff'), std::string::npos) << text;
}

RecordInfo HostileInfo() {
  RecordInfo info;
  info.record = 1;
  info.line = 3;
  info.file = kHostile;
  info.id = "P-" + std::string(kHostile);
  return info;
}

TEST(TextOutput, ShowsHostileIdFileAndErrorAsEscapes) {
  Screener screener(Builtin());
  OutputOptions options;
  options.format = OutputFormat::kText;
  options.explain = true;
  std::string out;
  ErrorPosition at;
  at.line = 3;
  at.field = "x" + std::string(kHostile);
  WriteError(Builtin(), HostileInfo(), Status::Error(StatusCode::kInvalidValue, "msg", at), options,
             true, out);
  Result result;
  const Record record(Builtin().fields.size());
  screener.Screen(record, TimePoint{}, {true}, result);
  WriteResult(screener, HostileInfo(), record, result, options, true, out);
  ExpectTerminalSafe(out);
  EXPECT_NE(out.find("P-\\x1b[2J\\u009b31m\\u202e\\x07\\r\\n\\x7f\\xff (record 1, "),
            std::string::npos)
      << out;
}

TEST(JsonOutput, EscapesInvisibleControlsAndKeepsTheValue) {
  std::string out;
  output::AppendJsonString(out, "a\x1b\xc2\x9b\xe2\x80\xae\xe2\x81\xa6\xe2\x80\xa8\x7f\xd8\x9cz");
  EXPECT_EQ(out, "\"a\\u001b\\u009b\\u202e\\u2066\\u2028\\u007f\\u061cz\"");
  out.clear();
  output::AppendJsonString(out, "Zoë \xe2\x80\x94 日本 \xf0\x9f\x92\x89 \"q\" \\");
  EXPECT_EQ(out, "\"Zoë \xe2\x80\x94 日本 \xf0\x9f\x92\x89 \\\"q\\\" \\\\\"");
}

// Plain text is skipped eight bytes at a time: a byte or a sequence that needs
// escaping is escaped wherever it falls in a word, as it is alone.
TEST(JsonOutput, EscapesTheSameAtEveryOffsetOfALongString) {
  std::vector<std::string> specials = {"\xc2\x9b",     "\xd8\x9c",     "\xe2\x80\xa8",
                                       "\xe2\x81\xa6", "\xe2\x80\x94", "\xf0\x9f\x92\x89"};
  for (int c = 0; c < 256; ++c) specials.emplace_back(1, static_cast<char>(c));
  for (const std::string& special : specials) {
    std::string alone;
    output::AppendJsonString(alone, special);
    for (size_t at = 0; at < 20; ++at) {
      std::string text = std::string(at, 'a') + special + std::string(19 - at, 'b');
      std::string out;
      output::AppendJsonString(out, text);
      EXPECT_EQ(out, "\"" + std::string(at, 'a') + alone.substr(1, alone.size() - 2) +
                         std::string(19 - at, 'b') + "\"")
          << "byte " << static_cast<int>(static_cast<unsigned char>(special[0])) << " at " << at;
    }
  }
}

TEST(CsvOutput, NeutralisesCellsThatBeginLikeAFormula) {
  struct Case {
    std::string_view id;
    std::string_view cell;
  };
  for (const Case& c : {Case{"=1+1", "\"'=1+1\""}, Case{"+1", "\"'+1\""}, Case{"-1", "\"'-1\""},
                        Case{"@SUM(A1)", "\"'@SUM(A1)\""}, Case{"\tx", "\"'\tx\""},
                        Case{"\rx", "\"'\rx\""}, Case{"=\"q\",", "\"'=\"\"q\"\",\""},
                        Case{"P-1", "P-1"}, Case{"a=b", "a=b"}, Case{" =1", " =1"}}) {
    RecordInfo info;
    info.record = 7;
    info.id = std::string(c.id);
    OutputOptions options;
    options.format = OutputFormat::kCsv;
    std::string out;
    WriteError(Builtin(), info, Status::Error(StatusCode::kSyntax, "-1: a message"), options, true,
               out);
    EXPECT_EQ(out.substr(0, out.find(",error,")), "7,," + std::string(c.cell)) << c.id;
    EXPECT_NE(out.find(",\"'-1: a message\","), std::string::npos) << out;
  }
}

// One YAML record read as `check` reads it.
Record RecordFromYaml(const Pack& pack, const std::string& yaml) {
  std::istringstream in(yaml);
  Record out;
  uint64_t next = 1;
  Status read = ReadRecords(in, "t.yaml", InputFormat::kYaml, pack, ReadOptions{}, &next,
                            [&](RecordEvent& e) {
                              EXPECT_TRUE(e.status.ok()) << e.status.ToString();
                              out = *e.record;
                              return true;
                            });
  EXPECT_TRUE(read.ok()) << read.ToString();
  return out;
}

// Issue 16: resume_when and alternatives are the last two CSV columns, after
// the stamp, so that the columns before keep their positions.
TEST(CsvOutput, ResumeWhenAndAlternativesComeAfterTheStamp) {
  OutputOptions options;
  options.format = OutputFormat::kCsv;
  std::string header;
  WriteBegin(Builtin(), options, header);
  EXPECT_EQ(header,
            "record,line,id,decision,rules,resume_after,missing,cautions,summary,screened_at,"
            "ruleset,ruleset_version,ruleset_digest,resume_when,alternatives,"
            "ruleset_approval_date,ruleset_last_review_date,ruleset_effective_start,"
            "ruleset_effective_end\n");
  Screener screener(Builtin());
  // Issue 19: the review dates come last, after issue 16's columns.
  const std::string review = ",2026-11-25,2026-11-30,,2027-11-30\n";
  const TimePoint now = *ParseDatetime("2026-11-24T21:00:00Z");
  auto row = [&](const std::string& yaml) {
    Record record = RecordFromYaml(Builtin(), yaml);
    Result result;
    screener.Screen(record, now, {}, result);
    RecordInfo info;
    info.record = 1;
    std::string out;
    WriteResult(screener, info, record, result, options, true, out);
    return out;
  };
  const std::string wait =
      row("injury: {bruising: true, onset: 2026-11-24T09:00:00Z, bleeding_resolved: false}\n");
  EXPECT_TRUE(wait.ends_with("," + Builtin().digest + ",once bleeding has resolved," + review))
      << wait;
  const std::string swap = row("patient: {consent: false}\n");
  EXPECT_TRUE(swap.ends_with(
      "," + Builtin().digest +
      ",,manual-therapy;foam-rolling;stretching;eccentric-loading;dynamic-warm-up" + review))
      << swap;
  std::string error;
  WriteError(Builtin(), RecordInfo{}, Status::Error(StatusCode::kSyntax, "bad"), options, true,
             error);
  EXPECT_TRUE(error.ends_with("," + Builtin().digest + ",," + review)) << error;
}

TEST(DecisionLine, NamesTheDecisionAndForWaitWhenToRescreen) {
  Result r;
  r.decision = Decision::kSwap;
  std::string out;
  AppendDecisionLine(r, out);
  EXPECT_EQ(out, "SWAP  use a gentler technique instead of dry needling");
  r.decision = Decision::kWait;
  r.resume_after = ParseDatetime("2026-11-26T09:00:00Z");
  r.resume_when = {"once bleeding has resolved", "a\x1b[2J"};
  out.clear();
  const ScopedTz utc("UTC");
  AppendDecisionLine(r, out);
  EXPECT_EQ(out,
            "WAIT  do not needle now; re-screen after 2026-11-26 09:00 +00:00, once bleeding has "
            "resolved; a\\x1b[2J");
  r.resume_after.reset();
  r.resume_when = {"once bleeding has resolved"};
  out = "Decision: ";
  AppendDecisionLine(r, out);
  EXPECT_EQ(out, "Decision: WAIT  do not needle now; re-screen once bleeding has resolved");
}

}  // namespace
}  // namespace needlescreen
