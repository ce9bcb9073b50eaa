// The CSV reader as hard as a library would be tested (it splits plain rows
// itself and hands quoted rows to libcsv): RFC 4180 quoting, line numbers
// across embedded newlines, CRLF, BOM, empty cells, bad rows, and rows that
// straddle the reader's buffer and chunk boundaries.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/reader.h"
#include "records/chunk.h"
#include "test_support.h"

namespace needlescreen {
namespace {

struct Row {
  uint64_t record = 0, line = 0;
  std::string id, error, consent, sites;
};

std::vector<Row> Read(const std::string& text) {
  std::istringstream in(text);
  std::vector<Row> rows;
  uint64_t next = 1;
  int consent = Builtin().FieldIndex("patient.consent");
  int sites = Builtin().FieldIndex("treatment.sites");
  ReadRecords(in, "t.csv", InputFormat::kCsv, Builtin(), {}, &next, [&](RecordEvent& e) {
    Row r;
    r.record = e.info.record;
    r.line = e.info.line;
    r.id = e.info.id.value_or("-");
    r.error = e.status.ToString();
    const Slot& c = e.record->slots[consent];
    r.consent = c.known ? RenderSlot(Builtin().fields[consent], c) : "?";
    const Slot& s = e.record->slots[sites];
    r.sites = s.known ? RenderSlot(Builtin().fields[sites], s) : "?";
    rows.push_back(r);
    return true;
  });
  return rows;
}

TEST(CsvReader, QuotedCellsHoldCommasQuotesAndNewlines) {
  auto rows = Read(
      "id,patient.consent,treatment.sites\n"
      "\"A, with comma\",yes,mid\n"
      "\"B \"\"quoted\"\"\",no,\"proximal;\n medial\"\n"
      "C,y,\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].id, "A, with comma");
  EXPECT_EQ(rows[1].id, "B \"quoted\"");
  EXPECT_EQ(rows[1].sites, "proximal, medial");  // the newline inside the quotes is in the cell
  EXPECT_EQ(rows[1].line, 3u);
  EXPECT_EQ(rows[2].line, 5u);  // counted past the embedded newline
  EXPECT_EQ(rows[2].record, 3u);
  for (const Row& r : rows) EXPECT_EQ(r.error, "") << r.id;
}

TEST(CsvReader, CrlfLineEndsAndAByteOrderMarkAreAccepted) {
  auto rows = Read("\xEF\xBB\xBFid,patient.consent\r\nA,yes\r\nB,NO\r\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, "A");  // the BOM is not part of the first column's name
  EXPECT_EQ(rows[0].consent, "yes");
  EXPECT_EQ(rows[1].consent, "no");  // no trailing \r left in the last cell
  EXPECT_EQ(rows[1].error, "");
}

TEST(CsvReader, EmptyCellsAreMissingAndBlankLinesAreNoRecords) {
  auto rows = Read("id,patient.consent,treatment.sites\nA,,\n\n   \nB,1,;\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].consent, "?");
  EXPECT_EQ(rows[0].sites, "?");
  EXPECT_EQ(rows[1].line, 5u);
  EXPECT_EQ(rows[1].record, 2u);
  EXPECT_EQ(rows[1].sites, "");  // ";" is a known, empty list
}

TEST(CsvReader, WithoutAnIdColumnTheRecordNumberIdentifies) {
  auto rows = Read("patient.consent\nyes\nno\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, "-");
  EXPECT_EQ(rows[1].record, 2u);
}

TEST(CsvReader, BadRowsAreTheirOwnErrorsAndTheRestIsRead) {
  auto rows = Read(
      "id,patient.consent\n"
      "A,yes\n"
      "B,yes,extra\n"
      "C\n"
      "D,maybe\n"
      "E,\"unterminated\n");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].error, "");
  EXPECT_EQ(rows[1].error, "line 3: expected 2 cells (as in the header), found 3");
  EXPECT_EQ(rows[2].error, "line 4: expected 2 cells (as in the header), found 1");
  EXPECT_EQ(rows[3].error,
            "line 5, field patient.consent: expected true or false (yes/no, y/n, 1/0)");
  // An unterminated quote runs to the end of the input: one last bad record.
  EXPECT_NE(rows[4].error, "");
  EXPECT_EQ(rows[4].line, 6u);
}

TEST(CsvReader, InvalidUtf8AndNulBytesNameTheField) {
  std::string text = "id,patient.consent\nA,y\xff\nB,y";
  text.push_back('\0');
  text += "s\nC,yes\n";
  auto rows = Read(text);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].error, "line 2, field patient.consent: not valid UTF-8");
  EXPECT_EQ(rows[1].error, "line 3, field patient.consent: contains a NUL byte");
  EXPECT_EQ(rows[2].error, "");
}

TEST(CsvReader, DuplicateColumnIsAnErrorForEveryRow) {
  auto rows = Read("id,patient.consent,patient.consent\nA,yes,no\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].error,
            "line 2: the header names field patient.consent twice (columns 2 and 3)");
}

// Rows cut by the 1 MiB read buffer and by chunk limits must come out whole:
// compare a big input read through small chunks with the reading of each row.
TEST(ChunkReader, RecordsStraddlingChunkAndBufferBoundariesStayWhole) {
  std::string text = "id,patient.consent,treatment.sites\n";
  for (int i = 0; i < 30000; ++i) {
    text += i % 7 == 0 ? "\"Q," + std::to_string(i) + "\",yes,\"mid;\nlateral\"\n"
                       : "R" + std::to_string(i) + ",no,distal\n";
  }
  std::istringstream in(text);
  records::ChunkReader reader(in, InputFormat::kCsv, 1, /*chunk_bytes=*/997,
                              /*max_record_bytes=*/1 << 20);
  records::Chunk chunk;
  uint64_t expected_record = 1, expected_line = 2;
  while (reader.Next(chunk)) {
    EXPECT_EQ(chunk.first_record, expected_record);
    for (const records::Span& s : chunk.spans) {
      std::string_view row = chunk.record(s);
      int i = static_cast<int>(expected_record - 1);
      bool quoted = i % 7 == 0;
      EXPECT_EQ(row, quoted ? "\"Q," + std::to_string(i) + "\",yes,\"mid;\nlateral\""
                            : "R" + std::to_string(i) + ",no,distal");
      EXPECT_EQ(s.line, expected_line);
      expected_line += quoted ? 2 : 1;
      ++expected_record;
    }
  }
  EXPECT_EQ(expected_record, 30001u);
  EXPECT_EQ(reader.header(), "id,patient.consent,treatment.sites");
}

TEST(ChunkReader, AnOversizedRecordIsDroppedButKeepsItsPlace) {
  std::string text =
      "{\"id\": \"A\"}\n{\"id\": \"" + std::string(5000, 'x') + "\"}\n{\"id\": \"C\"}\n";
  std::istringstream in(text);
  records::ChunkReader reader(in, InputFormat::kJsonLines, 1, 1 << 20, /*max_record_bytes=*/1000);
  records::Chunk chunk;
  std::vector<bool> oversized;
  std::vector<uint64_t> lines;
  while (reader.Next(chunk)) {
    for (const records::Span& s : chunk.spans) {
      oversized.push_back(s.oversized);
      lines.push_back(s.line);
    }
  }
  EXPECT_EQ(oversized, (std::vector<bool>{false, true, false}));
  EXPECT_EQ(lines, (std::vector<uint64_t>{1, 2, 3}));
}

}  // namespace
}  // namespace needlescreen
