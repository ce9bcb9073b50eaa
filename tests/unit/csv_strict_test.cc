// The CSV reader against RFC 4180 and a hostile writer: quotes that never
// close, records over the limit inside quotes, CR-only and mixed line ends,
// bare quotes, spaces, a missing header row, and all of it at the reader's
// 1 MiB read-block boundary and through the --jobs pipeline. Fail closed:
// every input row has an output, no row is invented, no message holds a value.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "needlescreen/batch.h"
#include "needlescreen/pack.h"
#include "needlescreen/reader.h"
#include "records/chunk.h"
#include "test_support.h"

namespace needlescreen {
namespace {

constexpr size_t kBlock = 1 << 20;  // ChunkReader's read block

struct Row {
  uint64_t record = 0, line = 0;
  std::string id, error, consent;
};

struct Reading {
  std::vector<Row> rows;
  std::vector<std::string> unknown;
  std::string problem;
};

Reading Read(const std::string& text, size_t max_record_bytes = kDefaultMaxRecordBytes,
             bool strict = false) {
  Reading reading;
  ReadOptions options;
  options.strict = strict;
  options.max_record_bytes = max_record_bytes;
  options.on_unknown_field = [&](std::string_view path) { reading.unknown.emplace_back(path); };
  std::istringstream in(text);
  uint64_t next = 1;
  const int consent = Builtin().FieldIndex("patient.consent");
  reading.problem =
      ReadRecords(in, "t.csv", InputFormat::kCsv, Builtin(), options, &next, [&](RecordEvent& e) {
        Row r;
        r.record = e.info.record;
        r.line = e.info.line;
        r.id = e.info.id.value_or("-");
        r.error = e.status.ToString();
        const Slot& c = e.record->slots[consent];
        r.consent = c.known ? (c.boolean ? "yes" : "no") : "?";
        reading.rows.push_back(r);
        return true;
      }).ToString();
  return reading;
}

// "record@line id consent" or "record@line error: message", one per row.
std::vector<std::string> Summary(const Reading& reading) {
  std::vector<std::string> out;
  for (const Row& r : reading.rows) {
    std::string head = std::to_string(r.record) + "@" + std::to_string(r.line) + " ";
    out.push_back(head + (r.error.empty() ? r.id + " " + r.consent : "error: " + r.error));
  }
  return out;
}

using Lines = std::vector<std::string>;

// Appends rows `F<n>fff...` + `tail` until `text` is exactly `size` bytes
// long; `n` counts the rows.
void PadTo(std::string& text, size_t size, int& n, const std::string& tail = ",no\n") {
  while (text.size() < size) {
    std::string id = "F" + std::to_string(n++);
    const size_t left = size - text.size();
    if (left < id.size() + tail.size()) {
      ADD_FAILURE() << "no room for a row";
      return;
    }
    size_t pad = left - id.size() - tail.size();
    if (pad > 900) pad = std::min<size_t>(pad - 40, 900);  // leave room for one more row
    text += id + std::string(pad, 'f') + tail;
  }
}

// --- 1. A quote that never closes ------------------------------------------------

TEST(CsvStrict, AQuoteThatNeverClosesIsOneErrorAndTheLinesAfterItAreRowsAgain) {
  Reading r = Read("id,patient.consent\nA,yes\nB,\"no\nC,yes\nD,no\n");
  EXPECT_EQ(Summary(r),
            (Lines{"1@2 A yes",
                   "2@3 error: line 3: the quote at line 3, column 3 never closes; the rows on "
                   "lines 4 to 5 are read again",
                   "3@4 C yes", "4@5 D no"}));
  EXPECT_EQ(r.problem, "");
}

TEST(CsvStrict, AQuoteOpeningOnALaterLineOfARowNamesItsOwnLine) {
  Reading r = Read("id,patient.consent\n\"A\nA\",\"yes\nB,no\r\nC,yes");
  EXPECT_EQ(Summary(r), (Lines{"1@2 error: line 2: the quote at line 3, column 4 never closes; "
                               "the rows on lines 4 to 5 are read again",
                               "2@4 B no", "3@5 C yes"}));
}

TEST(CsvStrict, AQuoteAtTheVeryEndOfTheInputIsAnError) {
  for (const char* end : {"\"", "\"\n", "\"\r\n", "\"\r"}) {
    Reading r = Read(std::string("id,patient.consent\nA,yes\nB,") + end);
    EXPECT_EQ(Summary(r),
              (Lines{"1@2 A yes", "2@3 error: line 3: the quote at line 3, column 3 never closes"}))
        << "ending " << testing::PrintToString(end);
  }
}

TEST(CsvStrict, AnUnclosedQuoteWhoseRestIsOverTheLimitSaysItsRowsAreLost) {
  const std::string head = "id,patient.consent\nA,yes\nB,\"no\n";
  Reading kept = Read(head + "C,yes\nD,no\n", /*max_record_bytes=*/20);
  EXPECT_EQ(kept.rows.size(), 4u);  // 16 bytes from B on: within the limit, read again
  Reading lost = Read(head + "C,yes\nD,no\nE,yes\n", /*max_record_bytes=*/20);
  EXPECT_EQ(Summary(lost),
            (Lines{"1@2 A yes",
                   "2@3 error: line 3: the quote at line 3, column 3 never closes; the rows on "
                   "lines 4 to 6 could not be read again: from line 3 the input is longer than 20 "
                   "bytes (the limit; see --max-record-bytes)"}));
}

TEST(CsvStrict, AnUnclosedQuoteOverTheDefaultLimitIsReportedNotSwallowed) {
  std::string text = "id,patient.consent\nA,\"yes\n";
  int n = 0;
  PadTo(text, 3 * kBlock, n);
  Reading r = Read(text);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].line, 2u);
  EXPECT_NE(r.rows[0].error.find("never closes; the rows on lines 3 to "), std::string::npos)
      << r.rows[0].error;
  EXPECT_NE(r.rows[0].error.find("could not be read again"), std::string::npos);
}

TEST(CsvStrict, AnUnclosedQuoteAcrossTheReadBlockIsReadAgainAcrossIt) {
  std::string text = "id,patient.consent\n";
  int n = 0;
  PadTo(text, kBlock - 100, n);
  const size_t before = n;
  text += "Q,\"yes\n";
  const uint64_t quote_line = std::count(text.begin(), text.end(), '\n');
  PadTo(text, kBlock + 300000, n);
  Reading r = Read(text);
  ASSERT_EQ(r.rows.size(), static_cast<size_t>(n) + 1);
  const Row& q = r.rows[before];
  EXPECT_EQ(q.line, quote_line);
  EXPECT_NE(q.error.find("column 3 never closes; the rows on lines"), std::string::npos) << q.error;
  for (size_t i = before + 1; i < r.rows.size(); ++i) {
    ASSERT_EQ(r.rows[i].error, "") << i;
    EXPECT_EQ(r.rows[i].line, r.rows[i - 1].line + 1);
  }
}

// --- 2. A record over the limit inside quotes ---------------------------------------

TEST(CsvStrict, AnOversizedQuotedCellKeepsItsQuotesAndIsOneError) {
  const std::string ghost = "\nGHOST,yes\n";
  for (size_t cell : {size_t{200}, size_t{3 * kBlock / 2}}) {
    std::string text = "id,patient.consent\nA,\"" + std::string(cell, 'x') + ghost +
                       std::string(cell, 'y') + ghost + "\"\nB,no\n";
    const size_t limit = cell == 200 ? 100 : kDefaultMaxRecordBytes;
    Reading r = Read(text, limit);
    EXPECT_EQ(Summary(r), (Lines{"1@2 error: line 2: record longer than " + std::to_string(limit) +
                                     " bytes (the limit; see --max-record-bytes)",
                                 "2@7 B no"}))
        << "cell of " << cell;
  }
}

// --- 3. Line ends ------------------------------------------------------------------

TEST(CsvStrict, LfCrlfAndCrLineEndsReadAlikeAndAreDataInQuotes) {
  for (std::string nl : {"\n", "\r\n", "\r"}) {
    std::string text = "id,patient.consent" + nl + "A,yes" + nl + "\"B" + nl + "b\",no" + nl + nl +
                       "C,\"yes\"" + nl;
    Reading r = Read(text);
    ASSERT_EQ(r.rows.size(), 3u) << testing::PrintToString(nl);
    EXPECT_EQ(r.rows[1].id, "B" + nl + "b");  // kept as written, CR included
    EXPECT_EQ(Summary(r)[0], "1@2 A yes");
    EXPECT_EQ(r.rows[1].line, 3u);
    EXPECT_EQ(Summary(r)[2], "3@6 C yes");
  }
}

// The first line end says how lines end; LF files may hold CRLF lines (a CR
// before an LF belongs to it), nothing else mixes. A line end of the other
// kind outside quotes is its row's error, never a guess at where rows end.
TEST(CsvStrict, ALineEndOfTheOtherKindIsItsRowsError) {
  Reading lf = Read("id,patient.consent\r\nA,yes\nB,no\rC,yes\r\n\r\nD,\"x\ry\"\rE,no\n\rF,yes\n");
  EXPECT_EQ(
      Summary(lf),
      (Lines{"1@2 A yes",
             "2@3 error: line 3: a carriage return (CR) outside quotes at line 3, column 5, but "
             "this input's lines end with LF (as its first line does); a line end inside a cell "
             "needs quotes",
             "3@5 error: line 5: a carriage return (CR) outside quotes at line 5, column 8, but "
             "this input's lines end with LF (as its first line does); a line end inside a cell "
             "needs quotes",
             "4@6 error: line 6: a carriage return (CR) outside quotes at line 6, column 1, but "
             "this input's lines end with LF (as its first line does); a line end inside a cell "
             "needs quotes"}));
  Reading cr = Read("id,patient.consent\rA,yes\rB,no\nC,yes\r\"D\nd\",no\r\nE,yes\r");
  EXPECT_EQ(
      Summary(cr),
      (Lines{"1@2 A yes",
             "2@3 error: line 3: a line feed (LF) outside quotes at line 3, column 5, but this "
             "input's lines end with CR (as its first line does); a line end inside a cell needs "
             "quotes",
             "3@4 D\nd no",
             "4@5 error: line 5: a line feed (LF) outside quotes at line 5, column 1, but this "
             "input's lines end with CR (as its first line does); a line end inside a cell needs "
             "quotes"}));
}

TEST(CsvStrict, AByteOrderMarkBeforeCrOnlyLinesIsSkipped) {
  Reading r = Read("\xEF\xBB\xBFid,patient.consent\rA,yes\rB,no");
  EXPECT_EQ(Summary(r), (Lines{"1@2 A yes", "2@3 B no"}));
  EXPECT_TRUE(r.unknown.empty());
}

TEST(CsvStrict, CrOnlyHeaderAloneHoldsNoRecords) {
  EXPECT_TRUE(Read("id,patient.consent\r").rows.empty());
  EXPECT_TRUE(Read("id,patient.consent\r\r\r").rows.empty());
}

// --- 4. Quotes RFC 4180 does not allow ------------------------------------------

TEST(CsvStrict, ABareQuoteInAQuotedCellIsThatRowsErrorNamingTheField) {
  Reading r = Read(
      "id,patient.consent\n"
      "\"Hey, I missed \" it\",yes\n"
      "A,\"y\"es\"\n"
      "B,no\n");
  EXPECT_EQ(Summary(r),
            (Lines{"1@2 error: line 2, field id: text after the quote that closes the cell (column "
                   "17); a quote inside a quoted cell is written twice",
                   "2@3 error: line 3, field patient.consent: text after the quote that closes the "
                   "cell (column 6); a quote inside a quoted cell is written twice",
                   "3@4 B no"}));
}

TEST(CsvStrict, AQuoteInsideAnUnquotedCellIsThatRowsError) {
  Reading r = Read("id,patient.consent\nA\"1,yes\n \"B\",no\nC,yes\n");
  EXPECT_EQ(
      Summary(r),
      (Lines{"1@2 error: line 2, field id: a quote inside a cell that does not start with one "
             "(column 2); RFC 4180 quotes the whole cell and doubles each quote inside it",
             "2@3 error: line 3, field id: a quote inside a cell that does not start with one "
             "(column 2); RFC 4180 quotes the whole cell and doubles each quote inside it",
             "3@4 C yes"}));
}

TEST(CsvStrict, ABadQuoteAfterAQuotedLineEndNamesTheRecordsLine) {
  Reading r = Read("id,patient.consent\n\"A\nA\" ,yes\nB,no\n");
  EXPECT_EQ(Summary(r),
            (Lines{"1@2 error: line 2, field id: text after the quote that closes the cell (column "
                   "3 of the record's line 2); a quote inside a quoted cell is written twice",
                   "2@4 B no"}));
}

TEST(CsvStrict, ABadQuoteInAColumnOutsideThePackIsNamedByItsNumber) {
  Reading r = Read("id,note,patient.consent\nA,\"x\"y,yes\nB,z,no\nC,x,y,\"z\"q\n");
  EXPECT_EQ(Summary(r),
            (Lines{"1@2 error: line 2: cell 2: text after the quote that closes the cell (column "
                   "6); a quote inside a quoted cell is written twice",
                   "2@3 B no",
                   "3@4 error: line 4: cell 4: text after the quote that closes the cell (column "
                   "10); a quote inside a quoted cell is written twice"}));
}

// --- 5. Spaces -----------------------------------------------------------------------

TEST(CsvStrict, TextCellsKeepTheirSpacesAndTypedCellsForgiveThem) {
  Reading r = Read("id,patient.consent\n  A ,  yes \n\" B\",\" no \"\n\"C \",\"\tyes\"\n");
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(Summary(r), (Lines{"1@2   A  yes", "2@3  B no", "3@4 C  yes"}));
}

TEST(CsvStrict, AnIdOverTheTextLimitIsAnErrorWithSpacesAsWithout) {
  for (const std::string& id :
       {std::string(4097, 'x'), std::string(4096, 'x') + " ", " " + std::string(4096, 'x')}) {
    Reading r = Read("id,patient.consent\n" + id + ",yes\n\"" + id + "\",no\n");
    ASSERT_EQ(r.rows.size(), 2u);
    for (const Row& row : r.rows) {
      EXPECT_EQ(row.error.substr(row.error.find(',')),
                ", field id: expected text of at most 4096 bytes");
    }
  }
  Reading fits = Read("id,patient.consent\n" + std::string(4095, 'x') + " ,yes\n");
  EXPECT_EQ(fits.rows[0].id.size(), 4096u);
}

// --- 6. The header row ---------------------------------------------------------------

TEST(CsvStrict, AFirstRowOfPatientDataIsAnErrorAndSoIsEveryRowAfterIt) {
  Reading r = Read("MARKER-1,yes,none\nMARKER-2,no,severe\r\nMARKER-3,yes,mild\n");
  const std::string why =
      ": the first row is not a header row of field paths: no cell names a field of the rule pack "
      "(needlescreen template --format csv writes the header row)";
  EXPECT_EQ(Summary(r), (Lines{"1@1 error: line 1" + why, "2@2 error: line 2" + why,
                               "3@3 error: line 3" + why}));
  EXPECT_TRUE(r.unknown.empty());  // a patient's values are not field names to warn about
  EXPECT_EQ(Read("MARKER-1,yes\n").rows.size(), 1u);
  EXPECT_EQ(Read("MARKER-1,yes\n", kDefaultMaxRecordBytes, /*strict=*/true).rows.size(), 1u);
}

TEST(CsvStrict, AFirstRowThatIsNotValidCsvIsNoHeader) {
  Reading bad = Read("id,patient.consent\"x\nA,yes\n");
  const std::string why =
      ": the first row is not a header row of field paths: it is not valid CSV (cell 2: a quote "
      "inside a cell that does not start with one (column 19); RFC 4180 quotes the whole cell and "
      "doubles each quote inside it)";
  EXPECT_EQ(Summary(bad), (Lines{"1@1 error: line 1" + why, "2@2 error: line 2" + why}));

  Reading open = Read("id,\"patient.consent\nA,yes\nB,no\n");
  EXPECT_EQ(Summary(open),
            (Lines{"1@1 error: line 1: the quote at line 1, column 4 never closes; the rows on "
                   "lines 2 to 3 are read again",
                   "2@2 error: line 2: the first row is not a header row of field paths: it is not "
                   "valid CSV (cell 2: a quote that never closes)",
                   "3@3 error: line 3: the first row is not a header row of field paths: it is not "
                   "valid CSV (cell 2: a quote that never closes)"}));
}

TEST(CsvStrict, AFirstRowWithALineEndOfTheOtherKindIsNoHeader) {
  // Blank lines decide that lines end with LF; the first row holds a lone CR.
  Reading r = Read("\n\r\nid,patient.consent\r\r\nA,yes\n");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].line, 3u);
  EXPECT_EQ(r.rows[0].error,
            "line 3: a carriage return (CR) outside quotes at line 3, column 19, but this input's "
            "lines end with LF (as its first line does); a line end inside a cell needs quotes");
  EXPECT_EQ(r.rows[1].error,
            "line 4: the first row is not a header row of field paths: it is not valid CSV (a line "
            "end outside quotes)");
}

TEST(CsvStrict, AnOversizedFirstRowIsNoHeader) {
  Reading r = Read("id," + std::string(200, 'x') + "\nA,yes\n", /*max_record_bytes=*/100);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].error,
            "line 1: record longer than 100 bytes (the limit; see --max-record-bytes)");
  EXPECT_NE(r.rows[1].error.find("line 2: the first row is not a header row"), std::string::npos);
}

TEST(CsvStrict, HeaderCellsNameTheirFieldWithoutTheirSpaces) {
  Reading r = Read("id , patient.consent\nA,yes\n");
  EXPECT_EQ(Summary(r), (Lines{"1@2 A yes"}));
  EXPECT_TRUE(r.unknown.empty());
}

TEST(CsvStrict, AHeaderWithSomeUnknownColumnsWarnsOrFailsUnderStrict) {
  const std::string text = "id,shoe_size,patient.consent\nA,42,yes\nB,44,no\n";
  Reading lax = Read(text);
  EXPECT_EQ(Summary(lax), (Lines{"1@2 A yes", "2@3 B no"}));
  ASSERT_FALSE(lax.unknown.empty());
  for (const std::string& f : lax.unknown) EXPECT_EQ(f, "shoe_size");
  Reading strict = Read(text, kDefaultMaxRecordBytes, /*strict=*/true);
  EXPECT_EQ(strict.rows[0].error,
            "line 2, field shoe_size: not a field of the rule pack (--strict)");
}

// --- Hostile input -------------------------------------------------------------------

TEST(CsvStrict, EmptyAndBlankInputsHoldNoRecords) {
  for (const char* text :
       {"", "\n", "\r\n\r\n", "\r\r", "\xEF\xBB\xBF", "\xEF\xBB\xBF\r", "  \n"}) {
    Reading r = Read(text);
    EXPECT_TRUE(r.rows.empty()) << testing::PrintToString(text);
    EXPECT_EQ(r.problem, "");
  }
}

TEST(CsvStrict, NulBytesInAQuotedCellNameTheField) {
  std::string text = "id,patient.consent\nA,\"y";
  text += '\0';
  text += "s\"\n\"B";
  text += '\0';
  text += "\",no\nC,no\n";
  EXPECT_EQ(Summary(Read(text)),
            (Lines{"1@2 error: line 2, field patient.consent: contains a NUL byte",
                   "2@3 error: line 3, field id: contains a NUL byte", "3@4 C no"}));
}

TEST(CsvStrict, ARowOfExactlyTheLimitIsReadAndOneByteMoreIsAnError) {
  for (std::string nl : {"\n", "\r\n", "\r"}) {
    const std::string exact = std::string(60, 'x') + ",yes";  // 64 bytes
    const std::string quoted = "\"" + std::string(59, 'x') + "\",no";
    std::string text = "id,patient.consent" + nl + exact + nl + "y" + exact + nl + quoted + nl +
                       "\"y" + quoted.substr(1) + nl + "A,yes";
    Reading r = Read(text, /*max_record_bytes=*/64);
    ASSERT_EQ(r.rows.size(), 5u) << testing::PrintToString(nl);
    EXPECT_EQ(r.rows[0].error, "");
    EXPECT_EQ(r.rows[1].error,
              "line 3: record longer than 64 bytes (the limit; see --max-record-bytes)");
    EXPECT_EQ(r.rows[2].error, "");
    EXPECT_EQ(r.rows[3].error,
              "line 5: record longer than 64 bytes (the limit; see --max-record-bytes)");
    EXPECT_EQ(Summary(r)[4], "5@6 A yes");
  }
}

// The reader refills its buffer every 1 MiB: a line end, a quote or a
// doubled quote cut by the refill must read as if it were not.
TEST(CsvStrict, LineEndsAndQuotesCutByTheReadBlockReadWhole) {
  struct Case {
    std::string row;  // placed so that it starts `shift` bytes before the block ends
    std::string id;
    uint64_t lines;  // lines the row takes
  };
  const Case cases[] = {
      {"\"Q\"\"q\",yes\r\n", "Q\"q", 1},     {"\"Q\r\nq\",yes\r\n", "Q\r\nq", 2},
      {"\"Q\rq\"\"\",yes\r\n", "Q\rq\"", 1}, {"Q,yes\r\n", "Q", 1},
      {"\"\"\"\",yes\n", "\"", 1},           {"Q,\"yes\"\r\n", "Q", 1},
  };
  for (const Case& c : cases) {
    for (size_t shift = 1; shift <= c.row.size() + 1; ++shift) {
      std::string text = "id,patient.consent\r\n";
      int n = 0;
      PadTo(text, kBlock - shift, n);
      const uint64_t line = std::count(text.begin(), text.end(), '\n') + 1;
      text += c.row + "Z,no\r\n";
      Reading r = Read(text);
      ASSERT_EQ(r.rows.size(), static_cast<size_t>(n) + 2) << c.row << " shift " << shift;
      const Row& q = r.rows[n];
      EXPECT_EQ(q.error, "");
      EXPECT_EQ(q.id, c.id) << testing::PrintToString(c.row) << " shift " << shift;
      EXPECT_EQ(q.line, line);
      EXPECT_EQ(q.consent, "yes");
      EXPECT_EQ(r.rows[n + 1].line, line + c.lines) << testing::PrintToString(c.row);
      EXPECT_EQ(r.rows[n + 1].id, "Z");
    }
  }
}

// Valid CSV written every way RFC 4180 allows, over several read blocks,
// reads back cell for cell and line for line, with each kind of line end.
TEST(CsvStrict, RandomValidRowsReadBackExactly) {
  std::mt19937 random(4180);
  const std::string kBytes = "ab ,\"\r\n\t;x";
  for (const std::string nl : {"\n", "\r\n", "\r"}) {
    const char counted = nl == "\r" ? '\r' : '\n';  // the line end that counts in quotes
    std::string text = "id,patient.consent" + nl;
    struct Expected {
      std::string id;
      uint64_t line;
      bool consent;
    };
    std::vector<Expected> expected;
    uint64_t line = 2;
    while (text.size() < 5 * kBlock / 4) {
      std::string id;
      for (size_t i = random() % 40 + 1; i > 0; --i) id += kBytes[random() % kBytes.size()];
      std::string cell;
      if (id.find_first_of(",\"\r\n") == std::string::npos && random() % 2) {
        cell = id;
      } else {
        cell = "\"";
        for (char c : id) cell += c == '"' ? std::string("\"\"") : std::string(1, c);
        cell += "\"";
      }
      const bool consent = random() % 2;
      text += cell + "," + (consent ? "yes" : "\"no\"") + nl;
      expected.push_back({id, line, consent});
      line += std::count(id.begin(), id.end(), counted) + 1;
    }
    Reading r = Read(text);
    ASSERT_EQ(r.rows.size(), expected.size()) << testing::PrintToString(nl);
    for (size_t i = 0; i < expected.size(); ++i) {
      ASSERT_EQ(r.rows[i].error, "") << i;
      ASSERT_EQ(r.rows[i].id, expected[i].id) << i;
      ASSERT_EQ(r.rows[i].line, expected[i].line) << i;
      ASSERT_EQ(r.rows[i].consent, expected[i].consent ? "yes" : "no") << i;
    }
  }
}

// Random bytes of the kinds that matter to the reader: whatever they are,
// records are numbered one after another on lines that only go forward, and
// cutting the input into chunks of any size changes nothing.
TEST(CsvStrict, HostileBytesReadTheSameInAnyChunks) {
  std::mt19937 random(7);
  const std::string kBytes = "\"\",\r\n a\t";
  for (int round = 0; round < 3000; ++round) {
    std::string text = round % 2 ? "id,patient.consent\n" : "";
    for (size_t i = random() % 60; i > 0; --i) text += kBytes[random() % kBytes.size()];
    const Reading r = Read(text, 8 + round % 24);
    for (size_t i = 0; i < r.rows.size(); ++i) {
      ASSERT_EQ(r.rows[i].record, i + 1) << testing::PrintToString(text);
      if (i > 0) {
        ASSERT_GT(r.rows[i].line, r.rows[i - 1].line) << testing::PrintToString(text);
      }
    }
    std::vector<std::pair<uint64_t, bool>> whole, pieces;
    for (size_t chunk_bytes : {size_t{1} << 20, size_t{1}}) {
      std::istringstream in(text);
      records::ChunkReader reader(in, InputFormat::kCsv, 1, chunk_bytes, 8 + round % 24,
                                  &Builtin());
      records::Chunk chunk;
      auto& spans = chunk_bytes == 1 ? pieces : whole;
      while (reader.Next(chunk)) {
        for (const records::Span& s : chunk.spans) spans.emplace_back(s.line, s.oversized);
      }
    }
    ASSERT_EQ(pieces, whole) << testing::PrintToString(text);
    ASSERT_EQ(whole.size(), r.rows.size());
  }
}

// The same hostile bytes read the same wherever the 1 MiB read block ends in
// them: shifted by blank lines, the records, their faults and positions (as
// from the header's line) do not change. A small record limit makes rows
// over it straddle the block end too.
TEST(CsvStrict, HostileBytesReadTheSameWhereverTheReadBlockEnds) {
  std::mt19937 random(11);
  const std::string kBytes = "\"\"\",,\r\n\naaa  ";
  for (const char* nl : {"\n", "\r"}) {
    std::string body = std::string("id,patient.consent") + nl;
    int n = 0;
    PadTo(body, kBlock - 3000, n, std::string(",no") + nl);
    for (int i = 0; i < 6000; ++i) body += kBytes[random() % kBytes.size()];
    std::vector<std::string> first;
    for (size_t shift = 0; shift < 300; shift += 7) {
      std::string text(shift, nl[0]);
      text += body;
      std::istringstream in(text);
      records::ChunkReader reader(in, InputFormat::kCsv, 1, 1 << 20, 100, &Builtin());
      records::Chunk chunk;
      std::vector<std::string> spans;
      while (reader.Next(chunk)) {
        for (const records::Span& s : chunk.spans) {
          auto from_header = [&](uint64_t line) { return line ? line - shift : 0; };
          spans.push_back(
              std::string(chunk.record(s)) + "|" + std::to_string(from_header(s.line)) + "|" +
              std::to_string(s.oversized) + std::to_string(static_cast<int>(s.fault)) + "|" +
              std::to_string(from_header(s.fault_line)) + ":" + std::to_string(s.fault_column) +
              "|" + std::to_string(from_header(s.last_line)));
        }
      }
      if (shift == 0) {
        first = spans;
        ASSERT_GT(first.size(), static_cast<size_t>(n) + 100);
      } else {
        ASSERT_EQ(spans, first) << "shift " << shift;
      }
    }
  }
}

TEST(CsvStrict, ErrorMessagesNeverHoldACellsValue) {
  const std::vector<std::string> rows = {"MARKER-1,\"MARKER-2\" MARKER-3",
                                         "\"MARKER-4\"\"MARKER-5\"MARKER-6\"",
                                         "MARKER-7\"MARKER-8,MARKER-9", "\"MARKER-10", "MARKER-11"};
  for (std::string input : {"MARKER-h1,MARKER-h2\n", "id,patient.consent\n"}) {
    for (const std::string& row : rows) input += row + "\n";
    for (size_t limit : {size_t{16}, kDefaultMaxRecordBytes}) {
      for (bool strict : {false, true}) {
        Reading r = Read(input, limit, strict);
        EXPECT_GE(r.rows.size(), 5u);
        for (const Row& row : r.rows) {
          EXPECT_NE(row.error, "");
          EXPECT_EQ(row.error.find("MARKER"), std::string::npos) << row.error;
        }
        for (const std::string& u : r.unknown) EXPECT_EQ(u.find("MARKER"), std::string::npos);
      }
    }
  }
}

// --- The --jobs pipeline -------------------------------------------------------------

std::string ScreenCsv(const std::string& text, int jobs, size_t max_record_bytes,
                      BatchCounts* counts) {
  Screener screener(Builtin());
  BatchOptions options;
  options.output.format = OutputFormat::kCsv;
  options.now = *ParseDatetime("2026-12-01T10:00:00Z");
  options.jobs = jobs;
  options.max_record_bytes = max_record_bytes;
  BatchScreener batch(screener, options);
  std::string output;
  auto out = [&](std::string_view s) {
    output += s;
    return true;
  };
  batch.Begin(out);
  std::istringstream in(text);
  EXPECT_TRUE(batch
                  .Screen(
                      in, InputFormat::kCsv, "in.csv", out, [](std::string_view) {}, nullptr)
                  .ok());
  batch.End(out);
  *counts = batch.counts();
  return output;
}

TEST(CsvStrict, JobsTwoReadsBrokenCsvAsJobsOneDoes) {
  std::string text = "id,patient.consent,patient.needle_phobia\r\n";
  int n = 0;
  for (int part = 0; part < 6; ++part) {
    PadTo(text, text.size() + kBlock / 2 + 777, n, ",no,none\r\n");
    // Over the limit, one error either way; in quotes, what follows the
    // limit is still the cell's text.
    text += part % 2 ? "O,\"" + std::string(70000, 'o') + "\rGHOST,yes,none\r\",none\n"
                     : "O," + std::string(70000, 'o') + ",none\n";
    text += "\"Hey, I missed \" it\",yes,none\r\n";
  }
  text += "U,\"yes\nV,no,none\nW,yes,none\n";  // never closes: V and W are read again
  BatchCounts one_counts, two_counts;
  const std::string one = ScreenCsv(text, 1, 65536, &one_counts);
  const std::string two = ScreenCsv(text, 2, 65536, &two_counts);
  EXPECT_EQ(two, one);
  EXPECT_EQ(one.find("GHOST"), std::string::npos);
  EXPECT_EQ(one_counts.records(), static_cast<uint64_t>(n) + 6 * 2 + 3);
  EXPECT_EQ(one_counts.by_decision[static_cast<int>(Decision::kError)], 6u * 2 + 1);
  EXPECT_NE(one.find(",V,"), std::string::npos);
  EXPECT_NE(one.find(",W,"), std::string::npos);
}

}  // namespace
}  // namespace needlescreen
