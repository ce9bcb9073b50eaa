// Streaming input for the line-oriented formats (JSON Lines, CSV): the input
// is cut into chunks of whole records so that memory stays flat in the number
// of records and chunks can be screened on several threads (SPEC §5).
#ifndef NEEDLESCREEN_RECORDS_CHUNK_H_
#define NEEDLESCREEN_RECORDS_CHUNK_H_

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/pack.h"
#include "needlescreen/reader.h"
#include "needlescreen/status.h"

namespace needlescreen::records {

// What makes a CSV row an error before its cells are read (ChunkReader).
enum class RowFault : uint8_t {
  kNone,
  // A quote that opens a cell at (fault_line, fault_column) and never closes.
  // The record ends with the quote's line; the lines after it, up to
  // `last_line` (the input's last), are read again as rows, unless the span
  // is `oversized`: then their bytes were dropped.
  kUnclosedQuote,
  // A CR outside quotes, not before an LF, in an input whose lines end with
  // LF (kStrayCr); an LF outside quotes where lines end with CR (kStrayLf).
  kStrayCr,
  kStrayLf,
};

// One record's bytes within a chunk, without its line end.
struct Span {
  uint32_t offset = 0;
  uint32_t length = 0;
  uint64_t line = 0;       // 1-based line where the record starts
  bool oversized = false;  // longer than the record limit; its bytes were dropped
  RowFault fault = RowFault::kNone;
  uint64_t fault_line = 0;
  uint64_t fault_column = 0;  // 1-based, in bytes
  uint64_t last_line = 0;
};

struct Chunk {
  std::string text;
  std::vector<Span> spans;
  uint64_t first_record = 0;  // number of spans[0]; the others follow
  bool padded = false;        // ChunkParser appended simdjson's padding to `text`

  std::string_view record(const Span& s) const { return {text.data() + s.offset, s.length}; }
};

// Why `header`, the first row of a CSV input, is not a header row of field
// paths of the pack ("" when it is one): it is not valid RFC 4180 CSV, or
// none of its cells names a field (`is_field`). ChunkReader numbers such a
// row as a record and CsvRowParser fails every record with the message, so
// both call this one function and cannot disagree.
std::string CsvHeaderProblem(std::string_view header,
                             const std::function<bool(std::string_view)>& is_field);

// Cuts JSON Lines or CSV input into chunks of whole records. Not thread-safe;
// one per input stream.
//
// CSV (RFC 4180): a row ends at a line end outside quotes, which is what the
// input's first line end is: LF (CRLF too) or CR alone. Inside a quoted cell
// line ends are data. A quote that never closes makes the rows up to its
// line one error record and the lines after it are read again; a line end of
// the other kind outside quotes makes its row an error (RowFault). JSON
// Lines: a record ends at LF (CRLF too).
class ChunkReader {
 public:
  // `format` is kJsonLines or kCsv. For CSV the first row is the header: it is
  // kept apart (header()) and not numbered as a record, unless `pack` is given
  // and the row is not a header of its field paths (CsvHeaderProblem): then
  // it is record `first_record` too. `pack`, when given, must outlive the
  // reader. A record longer than `max_record_bytes` (without its line end) is
  // a span marked oversized, whose bytes are dropped as they are read.
  ChunkReader(std::istream& in, InputFormat format, uint64_t first_record,
              size_t chunk_bytes = 1 << 20, size_t max_record_bytes = 1 << 20,
              const Pack* pack = nullptr);

  // Fills `chunk` with the next records; false when there are none. Reads
  // what the stream has ready (std::streambuf::in_avail): when it has
  // nothing ready (a stalled pipe), the records read so far are returned,
  // and with none read, Next() waits for input only if `may_wait`; otherwise
  // it returns false with stalled() true and is called again later. False
  // with stalled() false: the input is exhausted.
  bool Next(Chunk& chunk, bool may_wait = true);
  bool stalled() const { return stalled_; }

  // The CSV header row (available after the first Next()); found() false if
  // the input had no rows at all.
  bool header_found() const { return header_found_; }
  std::string_view header() const { return header_; }
  uint64_t header_line() const { return header_line_; }

  // The number the next record would get.
  uint64_t next_record() const { return next_record_; }
  // OK, or kIoError when the stream could not be read.
  const Status& error() const { return error_; }

 private:
  // What ends a CSV row: decided by the input's first line end.
  enum class LineEnd : uint8_t { kUndecided, kLf, kCr };
  // The row being looked for. Offsets are absolute in the input (buf_[0] is
  // at base_), so they survive the buffer being refilled.
  struct Row {
    enum State : uint8_t { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };
    uint64_t begin = 0;       // first byte
    uint64_t at = 0;          // next byte to scan
    uint64_t end = 0;         // its line end (or the end of input), once found
    uint64_t line = 0;        // line of `begin`
    uint64_t line_ends = 0;   // line ends inside quotes so far
    uint64_t line_start = 0;  // where the line of `at` starts (for columns)
    uint64_t quote_at = 0;    // the quote that opened the current quoted cell
    uint64_t quote_line = 0;
    uint64_t quote_column = 0;
    uint64_t stray_line = 0;  // the first line end of the other kind, if any
    uint64_t stray_column = 0;
    State state = kFieldStart;
    bool stray_cr = false;
    bool after_cr = false;  // the last byte scanned was a CR (outside quotes: LF lines only)
    bool dropped = false;   // over the limit: bytes before `at` are gone
  };
  // The first `c` at or after a position; remembered, so that one memchr
  // serves many rows when `c` is rare (a quote, a CR in an LF file).
  struct Cursor {
    uint64_t start = 0, at = 0, to = 0;  // the first `c` in [start, to) is at `at` (== to: none)
  };

  enum class Found : uint8_t { kRow, kEnd, kStalled };

  bool Fill();
  bool SkipByteOrderMark();
  bool DecideLineEnd();
  bool EndsRow(char c) const;
  void FirstLineEnd(uint64_t at);
  Found FindRow();
  Found StartRow();
  void DropIfOversized();
  bool ScanJsonLine();
  uint64_t PlainEnd(uint64_t from);
  bool TakePlainRow(Chunk& chunk);
  bool ScanCsvBytes();
  bool ScanQuoted(const char* stop);
  bool ScanUnquoted();
  bool OutsideQuotes(char c);
  void QuotedLineEnd(char c);
  void Stray(uint64_t at, bool cr);
  uint64_t Find(Cursor& cursor, char c, uint64_t from);
  void TakeRow(Chunk& chunk);
  void TakeUnclosedQuote(Chunk& chunk);
  void Add(Chunk& chunk, Span span, uint64_t begin, uint64_t end);
  bool Blank(uint64_t begin, uint64_t end) const;
  const char* Ptr(uint64_t offset) const { return buf_.data() + (offset - base_); }
  uint64_t end() const { return base_ + buf_.size(); }

  std::istream& in_;
  InputFormat format_;
  size_t chunk_bytes_, max_record_bytes_;
  const Pack* pack_;
  std::string buf_;
  uint64_t base_ = 0;  // input offset of buf_[0]
  uint64_t pos_ = 0;   // input offset of the first byte not consumed
  bool eof_ = false;
  bool started_ = false;  // the byte order mark has been looked for
  LineEnd line_end_ = LineEnd::kUndecided;
  bool cr_ended_ = false;  // the first row ended with a CR: an LF next makes it CRLF
  Row row_;
  bool in_row_ = false;   // row_ is being found (a stall interrupted FindRow)
  bool may_wait_ = true;  // Fill() may wait for input
  bool stalled_ = false;  // the last Next() stopped because input stalled
  Cursor lf_, cr_, quote_;
  uint64_t line_ = 1;
  uint64_t next_record_;
  bool header_found_ = false;
  std::string header_;
  uint64_t header_line_ = 0;
  Status error_;
};

}  // namespace needlescreen::records

#endif  // NEEDLESCREEN_RECORDS_CHUNK_H_
