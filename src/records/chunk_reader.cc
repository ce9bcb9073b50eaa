#include <algorithm>
#include <cstring>

#include "records/chunk.h"

namespace needlescreen::records {
namespace {

constexpr size_t kReadBytes = 1 << 20;

}  // namespace

ChunkReader::ChunkReader(std::istream& in, InputFormat format, uint64_t first_record,
                         size_t chunk_bytes, size_t max_record_bytes, const Pack* pack)
    : in_(in),
      format_(format),
      chunk_bytes_(chunk_bytes),
      max_record_bytes_(max_record_bytes),
      pack_(pack),
      next_record_(first_record) {}

// Reads more input, keeping the bytes from pos_ on (the row being found).
// Takes what the stream has ready rather than waiting for a whole block, so
// a pipe that delivers a record and stalls has it screened at once. False
// when nothing is ready and may_wait_ is not set: the input stalled (the
// bytes so far are kept, and the row being found is resumed later).
bool ChunkReader::Fill() {
  if (eof_) return true;
  if (pos_ > base_) {
    buf_.erase(0, pos_ - base_);
    base_ = pos_;
  }
  std::streambuf* in = in_.rdbuf();
  std::streamsize ready = in->in_avail();
  if (ready == 0) {
    if (!may_wait_) return false;
    if (std::char_traits<char>::eq_int_type(in->sgetc(), std::char_traits<char>::eof())) {
      eof_ = true;
      if (in_.bad()) error_ = Status::Error(StatusCode::kIoError, "read error");
      return true;
    }
    ready = in->in_avail();  // still 0 from a stream that cannot say: read a block
  }
  const size_t want = ready > 0 ? std::min(kReadBytes, static_cast<size_t>(ready)) : kReadBytes;
  size_t old = buf_.size();
  buf_.resize(old + want);
  auto got = static_cast<size_t>(in->sgetn(buf_.data() + old, static_cast<std::streamsize>(want)));
  buf_.resize(old + got);
  if (got == 0) eof_ = true;
  return true;
}

// A UTF-8 byte order mark is not part of the first record.
bool ChunkReader::SkipByteOrderMark() {
  while (!eof_ && end() - pos_ < 3) {
    if (!Fill()) return false;
  }
  started_ = true;
  if (end() - pos_ >= 3 && std::memcmp(Ptr(pos_), "\xEF\xBB\xBF", 3) == 0) pos_ += 3;
  return true;
}

uint64_t ChunkReader::Find(Cursor& cursor, char c, uint64_t from) {
  if (from < cursor.start || from > cursor.at) cursor = {from, from, from};
  if (cursor.at < cursor.to) return cursor.at;
  if (cursor.to < end()) {
    const void* found = std::memchr(Ptr(cursor.to), c, end() - cursor.to);
    cursor.at = found ? base_ + (static_cast<const char*>(found) - buf_.data()) : end();
    cursor.to = end();
  }
  return cursor.at;
}

// The row before ended with the input's first line end, a CR: an LF right
// after it makes it CRLF. Either way the input's lines end so from now on.
bool ChunkReader::DecideLineEnd() {
  while (pos_ == end() && !eof_) {
    if (!Fill()) return false;
  }
  cr_ended_ = false;
  const bool lf = pos_ < end() && *Ptr(pos_) == '\n';
  line_end_ = lf ? LineEnd::kLf : LineEnd::kCr;
  if (lf) ++pos_;
  return true;
}

// Whether `c` ends a CSV row outside quotes: a line end of the input's kind,
// or either kind before the first line end has said which.
bool ChunkReader::EndsRow(char c) const {
  return c == '\n' ? line_end_ != LineEnd::kCr : c == '\r' && line_end_ != LineEnd::kLf;
}

// Notes the input's first line end, at `at`, if this is it. An LF decides;
// a CR may be the start of a CRLF, which the next row's first byte decides.
void ChunkReader::FirstLineEnd(uint64_t at) {
  if (line_end_ != LineEnd::kUndecided) return;
  if (*Ptr(at) == '\n') {
    line_end_ = LineEnd::kLf;
  } else {
    cr_ended_ = true;
  }
}

// Finds the next row's extent (row_), reading input as needed. A row over
// the limit has its bytes dropped as it goes, so memory stays bounded
// however long it is (SPEC §6). A stall leaves row_ as it is, to be resumed.
ChunkReader::Found ChunkReader::FindRow() {
  if (!started_ && !SkipByteOrderMark()) return Found::kStalled;
  if (cr_ended_ && !DecideLineEnd()) return Found::kStalled;
  if (!in_row_) {
    const Found start = StartRow();
    if (start != Found::kRow) return start;
  }
  for (;;) {
    if (format_ == InputFormat::kCsv ? ScanCsvBytes() : ScanJsonLine()) break;
    if (eof_) {
      row_.end = end();
      break;
    }
    DropIfOversized();
    if (!Fill()) return Found::kStalled;
  }
  in_row_ = false;
  return Found::kRow;
}

// Starts row_ at the next byte, reading input as needed: kRow when it is
// started, kEnd or kStalled when there is no byte yet.
ChunkReader::Found ChunkReader::StartRow() {
  while (pos_ == end() && !eof_) {
    if (!Fill()) return Found::kStalled;
  }
  if (pos_ == end()) return Found::kEnd;
  row_ = Row{};
  row_.begin = row_.at = row_.line_start = pos_;
  row_.line = line_;
  in_row_ = true;
  return Found::kRow;
}

// The row goes on past the bytes read: once it is over the limit, the bytes
// scanned are let go (pos_ moves past them) before more are read.
void ChunkReader::DropIfOversized() {
  uint64_t length = row_.at - row_.begin;
  // May be a CRLF's. (After a stall the bytes scanned may all have been
  // dropped already: then the row is over the limit anyway.)
  if (row_.at > base_ && *Ptr(row_.at - 1) == '\r') --length;
  row_.dropped = row_.dropped || length > max_record_bytes_;
  if (row_.dropped) pos_ = row_.at;
}

bool ChunkReader::ScanJsonLine() {
  row_.at = Find(lf_, '\n', row_.at);
  row_.end = row_.at;
  return row_.at < end();
}

// Where a CSV row whose bytes from `from` on hold no quote, and no line end
// of the other kind (but a CRLF's CR), ends: at the next line end. end()
// when that is not so in the bytes read. The cursors make one search for a
// quote or a stray line end serve every row up to the next one.
uint64_t ChunkReader::PlainEnd(uint64_t from) {
  const bool lf = line_end_ == LineEnd::kLf;
  const uint64_t line_end = lf ? Find(lf_, '\n', from) : Find(cr_, '\r', from);
  if (line_end == end() || Find(quote_, '"', from) < line_end) return end();
  const uint64_t other = lf ? Find(cr_, '\r', from) + 1 : Find(lf_, '\n', from);
  return other >= line_end ? line_end : end();
}

// Most rows hold no quote and lie whole in the buffer: they end at the next
// line end, found by memchr, without the byte-by-byte scan of FindRow (which
// showed in the profile). False when the next row is not such a row.
bool ChunkReader::TakePlainRow(Chunk& chunk) {
  if (!started_) return false;  // FindRow first skips a byte order mark
  const bool json_lines = format_ == InputFormat::kJsonLines;
  // FindRow learns from the first CSV row how lines end.
  if (!json_lines && line_end_ == LineEnd::kUndecided) return false;
  const uint64_t line_end = json_lines ? Find(lf_, '\n', pos_) : PlainEnd(pos_);
  if (line_end == end()) return false;
  const uint64_t begin = pos_;
  uint64_t content_end = line_end;
  if (content_end > begin && *Ptr(content_end - 1) == '\r') --content_end;  // CRLF
  Span span;
  span.line = line_++;
  span.oversized = content_end - begin > max_record_bytes_;
  pos_ = line_end + 1;
  if (span.oversized || !Blank(begin, content_end)) Add(chunk, span, begin, content_end);
  return true;
}

// RFC 4180 §2.6: a quoted cell may hold line ends; outside quotes one ends
// the row. Quote errors (text after a closing quote, a quote inside an
// unquoted cell) are left to the row's parser: here such a cell reads on as
// unquoted, as libcsv's lenient mode does, so the error stays in one row.
// Spaces before a quote still open a quoted cell, so that a cell holding
// line ends does not spill its lines out as rows; the parser refuses it.
bool ChunkReader::ScanCsvBytes() {
  Row& r = row_;
  for (const char* stop = Ptr(end()); r.at < end(); ++r.at) {
    if (r.state == Row::kQuoted) {
      if (!ScanQuoted(stop)) break;
    } else if (ScanUnquoted()) {
      return true;
    }
  }
  r.at = end();
  return false;
}

// The byte at row_.at and on, inside quotes: most bytes of a quoted row are,
// so it skips to the next that matters (a quote or a line end) and takes it.
// False when the bytes read end first (`stop` is their end).
bool ChunkReader::ScanQuoted(const char* stop) {
  Row& r = row_;
  const char* p = Ptr(r.at);
  const char* q = p;
  while (q < stop && *q != '"' && *q != '\n' && *q != '\r') ++q;
  if (q != p) {
    r.after_cr = false;
    r.at += q - p;
    p = q;
  }
  if (p == stop) return false;
  if (*p == '"') {
    r.state = Row::kQuoteInQuoted;
    r.after_cr = false;
  } else {
    QuotedLineEnd(*p);
  }
  return true;
}

// The byte at row_.at, outside quotes; true when the row ends (row_.end is
// set). Past a quoted cell the rest of the row is most often plain: then it
// is found at once.
bool ChunkReader::ScanUnquoted() {
  Row& r = row_;
  const bool closed = r.state == Row::kQuoteInQuoted;
  if (OutsideQuotes(*Ptr(r.at))) return true;
  if (!closed || r.state == Row::kQuoted || r.after_cr || line_end_ == LineEnd::kUndecided) {
    return false;
  }
  const uint64_t line_end = PlainEnd(r.at + 1);
  if (line_end >= end()) return false;
  r.end = r.at = line_end;
  return true;
}

// A line end inside quotes is data, and counts as a line if it is the
// input's kind (before that is known, CR, LF and CRLF each count one).
void ChunkReader::QuotedLineEnd(char c) {
  Row& r = row_;
  const bool counts = line_end_ == LineEnd::kLf   ? c == '\n'
                      : line_end_ == LineEnd::kCr ? c == '\r'
                                                  : c == '\r' || !r.after_cr;
  const bool crlf = c == '\n' && r.after_cr && line_end_ == LineEnd::kUndecided;
  if (counts || crlf) r.line_start = r.at + 1;
  if (counts) ++r.line_ends;
  r.after_cr = c == '\r';
}

// One byte outside quotes; true when it ends the row (row_.end is set).
bool ChunkReader::OutsideQuotes(char c) {
  Row& r = row_;
  if (r.after_cr) {  // LF lines: a CR belongs to a line end only right before the LF
    r.after_cr = false;
    if (c != '\n') Stray(r.at - 1, true);
  }
  if (c == '\n' || c == '\r') {
    if (EndsRow(c)) {
      r.end = r.at;
      return true;
    }
    if (c == '\r') {
      r.after_cr = true;
    } else {
      Stray(r.at, false);
    }
    r.state = Row::kUnquoted;  // a stray byte is text (of a row that is an error)
    return false;
  }
  switch (r.state) {
    case Row::kFieldStart:
      if (c == '"') {
        r.state = Row::kQuoted;
        r.quote_at = r.at;
        r.quote_line = r.line + r.line_ends;
        r.quote_column = r.at - r.line_start + 1;
      } else if (c != ',' && c != ' ' && c != '\t') {
        r.state = Row::kUnquoted;
      }
      break;
    case Row::kUnquoted:
      if (c == ',') r.state = Row::kFieldStart;
      break;
    case Row::kQuoteInQuoted:
      r.state = c == '"' ? Row::kQuoted : c == ',' ? Row::kFieldStart : Row::kUnquoted;
      break;
    case Row::kQuoted:
      break;  // handled by ScanCsvBytes
  }
  return false;
}

// Mixed line ends are not guessed at: a row holding a line end of the other
// kind outside quotes is an error (it may be two rows, or one with a stray
// byte), and nothing of it is screened.
void ChunkReader::Stray(uint64_t at, bool cr) {
  Row& r = row_;
  if (r.stray_line != 0) return;
  r.stray_line = r.line + r.line_ends;
  r.stray_column = at - r.line_start + 1;
  r.stray_cr = cr;
}

bool ChunkReader::Blank(uint64_t begin, uint64_t end) const {
  for (const char* p = Ptr(begin); p != Ptr(end); ++p) {
    if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') return false;
  }
  return true;
}

// Consumes the row found by FindRow, adding it to `chunk` unless it is blank.
void ChunkReader::TakeRow(Chunk& chunk) {
  const Row& r = row_;
  if (r.state == Row::kQuoted) return TakeUnclosedQuote(chunk);  // only at the end of input
  const bool ended = r.end < end();  // by a line end, not by the end of the input
  uint64_t content_end = r.end;
  if (!r.dropped && content_end > r.begin && *Ptr(content_end - 1) == '\r') --content_end;  // CRLF
  Span span;
  span.line = r.line;
  span.oversized = r.dropped || content_end - r.begin > max_record_bytes_;
  if (r.stray_line != 0) {
    span.fault = r.stray_cr ? RowFault::kStrayCr : RowFault::kStrayLf;
    span.fault_line = r.stray_line;
    span.fault_column = r.stray_column;
  }
  pos_ = ended ? r.end + 1 : r.end;
  if (ended && format_ == InputFormat::kCsv) FirstLineEnd(r.end);
  line_ = r.line + r.line_ends + (ended ? 1 : 0);
  if (!span.oversized && Blank(r.begin, content_end)) return;
  Add(chunk, span, r.begin, content_end);
}

// A quote that never closes would make the rest of the input one cell. The
// rows up to the quote's line are one error record and the lines after it
// are read again as rows, so no row is lost unseen. That second reading
// cannot meet another quote that never closes: every quote after the first
// was doubled (that is how the cell stayed open), so each cell it opens
// closes at the end of its run of quotes. When the bytes were too many to
// keep (over the record limit), the record says those lines are lost.
void ChunkReader::TakeUnclosedQuote(Chunk& chunk) {
  const Row& r = row_;
  Span span;
  span.line = r.line;
  span.fault = RowFault::kUnclosedQuote;
  span.fault_line = r.quote_line;
  span.fault_column = r.quote_column;
  span.last_line = r.line + r.line_ends - (r.line_start == end() ? 1 : 0);
  span.oversized = r.dropped || end() - r.begin > max_record_bytes_;
  if (span.oversized) {
    pos_ = end();
    return Add(chunk, span, 0, 0);
  }
  uint64_t line_end = r.quote_at;
  while (line_end < end() && !EndsRow(*Ptr(line_end))) ++line_end;
  const bool ended = line_end < end();
  pos_ = ended ? line_end + 1 : line_end;
  if (ended) FirstLineEnd(line_end);
  line_ = r.quote_line + 1;
  if (ended && *Ptr(line_end) == '\n' && *Ptr(line_end - 1) == '\r') --line_end;  // CRLF
  Add(chunk, span, r.begin, line_end);
}

void ChunkReader::Add(Chunk& chunk, Span span, uint64_t begin, uint64_t end) {
  span.offset = static_cast<uint32_t>(chunk.text.size());
  if (!span.oversized) {
    chunk.text.append(Ptr(begin), end - begin);
    span.length = static_cast<uint32_t>(end - begin);
  }
  if (format_ == InputFormat::kCsv && !header_found_) {
    header_found_ = true;
    header_.assign(chunk.text, span.offset, span.length);
    header_line_ = span.line;
    // A first row that is not a header of field paths (a file without one
    // starts with a patient's row) is a record, so that it has its output.
    bool header = !span.oversized && span.fault == RowFault::kNone &&
                  (!pack_ || CsvHeaderProblem(header_, [this](std::string_view path) {
                               return pack_->FieldIndex(path) >= 0;
                             }).empty());
    if (header) {
      chunk.text.resize(span.offset);
      return;
    }
  }
  if (chunk.spans.empty()) chunk.first_record = next_record_;
  chunk.spans.push_back(span);
  ++next_record_;
}

bool ChunkReader::Next(Chunk& chunk, bool may_wait) {
  chunk.text.clear();
  chunk.spans.clear();
  chunk.padded = false;
  stalled_ = false;
  while (chunk.text.size() < chunk_bytes_) {
    // Records in hand are not held back waiting for more input.
    may_wait_ = may_wait && chunk.spans.empty();
    if (TakePlainRow(chunk)) continue;
    const Found found = FindRow();
    if (found == Found::kStalled) {
      stalled_ = true;
      break;
    }
    if (found == Found::kEnd) break;
    TakeRow(chunk);
  }
  return !chunk.spans.empty();
}

}  // namespace needlescreen::records
