// `template` (authoring/template.cc): blank records that read back through the
// record readers as every field unknown, without a warning, in the layout
// `interview --save` writes.
#include "authoring/template.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "needlescreen/interview.h"
#include "needlescreen/pack.h"
#include "needlescreen/reader.h"
#include "test_support.h"

namespace needlescreen::authoring {
namespace {

// Reads `text` as records; fails the test on an error or an unknown field.
std::vector<Record> ReadBack(const std::string& text, InputFormat format) {
  std::istringstream in(text);
  ReadOptions options;
  options.on_unknown_field = [](std::string_view path) { ADD_FAILURE() << "unknown " << path; };
  uint64_t next = 1;
  std::vector<Record> records;
  ReadRecords(in, "template", format, Builtin(), options, &next, [&](RecordEvent& e) {
    EXPECT_TRUE(e.status.ok()) << e.status.ToString();
    if (e.record) records.push_back(*e.record);
    return true;
  });
  return records;
}

bool AllUnknown(const Record& r) {
  for (const Slot& s : r.slots) {
    if (s.known) return false;
  }
  return true;
}

TEST(IntakeTemplate, YamlReadsBackAsOneRecordWithEveryFieldUnknown) {
  std::vector<Record> records =
      ReadBack(IntakeTemplate(Builtin(), TemplateFormat::kYaml), InputFormat::kYaml);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(AllUnknown(records[0]));
}

TEST(IntakeTemplate, JsonReadsBackAsOneRecordWithEveryFieldUnknown) {
  std::vector<Record> records =
      ReadBack(IntakeTemplate(Builtin(), TemplateFormat::kJson), InputFormat::kJson);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(AllUnknown(records[0]));
}

TEST(IntakeTemplate, CsvIsTheHeaderRowOfFieldPaths) {
  std::string csv = IntakeTemplate(Builtin(), TemplateFormat::kCsv);
  EXPECT_EQ(csv.rfind("id,screened_at,patient.consent,", 0), 0u);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), ','),
            static_cast<std::ptrdiff_t>(Builtin().fields.size() - 1));
  EXPECT_TRUE(ReadBack(csv, InputFormat::kCsv).empty());
}

TEST(IntakeTemplate, YamlCommentsGiveQuestionTypeAndHelp) {
  std::string yaml = IntakeTemplate(Builtin(), TemplateFormat::kYaml);
  EXPECT_NE(yaml.find("  # How afraid of needles is the patient?\n"
                      "  #   one of: none, mild, severe. Severe needle phobia is a reason to "
                      "choose a gentler technique.\n  needle_phobia:\n"),
            std::string::npos);
}

// The keys alone, indentation kept: comments and values dropped.
std::string Skeleton(const std::string& yaml) {
  std::istringstream in(yaml);
  std::string line, out;
  while (std::getline(in, line)) {
    size_t text = line.find_first_not_of(' ');
    if (text == std::string::npos || line[text] == '#') continue;
    out += line.substr(0, line.find(':')) + "\n";
  }
  return out;
}

TEST(IntakeTemplate, HasTheLayoutOfASavedInterview) {
  Interview interview(Builtin(), Record(Builtin().fields.size()),
                      *ParseDatetime("2026-11-24T21:00:00Z"));
  EXPECT_EQ(Skeleton(IntakeTemplate(Builtin(), TemplateFormat::kYaml)),
            Skeleton(WriteIntakeYaml(interview).text));
}

TEST(IntakeTemplate, ParsesFormatNames) {
  EXPECT_EQ(ParseTemplateFormat("yaml"), TemplateFormat::kYaml);
  EXPECT_EQ(ParseTemplateFormat("json"), TemplateFormat::kJson);
  EXPECT_EQ(ParseTemplateFormat("csv"), TemplateFormat::kCsv);
  EXPECT_FALSE(ParseTemplateFormat("xml"));
}

}  // namespace
}  // namespace needlescreen::authoring
