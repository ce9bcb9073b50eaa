#include <algorithm>
#include <cstring>

#include "records/chunk.h"

namespace needlescreen::records {
namespace {

constexpr size_t kReadBytes = 1 << 20;

// The end of the CSV row starting at `from`: the first newline outside a
// quoted field (RFC 4180: quoted fields may hold newlines; "" is a quote).
// Mirrors libcsv's non-strict reading so the two agree on row boundaries.
size_t CsvRowEnd(std::string_view s, size_t from) {
  enum { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted } state = kFieldStart;
  for (size_t i = from; i < s.size(); ++i) {
    char c = s[i];
    switch (state) {
      case kFieldStart:
        if (c == '"')
          state = kQuoted;
        else if (c == '\n')
          return i;
        else if (c != ',' && c != ' ' && c != '\t')
          state = kUnquoted;
        break;
      case kUnquoted:
        if (c == ',')
          state = kFieldStart;
        else if (c == '\n')
          return i;
        break;
      case kQuoted:
        if (c == '"') state = kQuoteInQuoted;
        break;
      case kQuoteInQuoted:
        if (c == '"')
          state = kQuoted;
        else if (c == ',')
          state = kFieldStart;
        else if (c == '\n')
          return i;
        else
          state = kUnquoted;
        break;
    }
  }
  return std::string_view::npos;
}

}  // namespace

ChunkReader::ChunkReader(std::istream& in, InputFormat format, uint64_t first_record,
                         size_t chunk_bytes, size_t max_record_bytes)
    : in_(in),
      format_(format),
      chunk_bytes_(chunk_bytes),
      max_record_bytes_(max_record_bytes),
      next_record_(first_record) {}

bool ChunkReader::Fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  size_t old = buf_.size();
  buf_.resize(old + kReadBytes);
  in_.read(buf_.data() + old, kReadBytes);
  size_t got = static_cast<size_t>(in_.gcount());
  buf_.resize(old + got);
  if (in_.bad()) error_ = "read error";
  if (got == 0 || !in_) eof_ = true;
  if (!started_ && buf_.size() >= 3 && buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    pos_ = 3;  // a UTF-8 byte order mark is not part of the first record
  }
  started_ = started_ || buf_.size() >= 3 || eof_;
  return got > 0;
}

size_t ChunkReader::FindEnd(size_t from, bool& found) {
  size_t end;
  const void* nl = std::memchr(buf_.data() + from, '\n', buf_.size() - from);
  if (format_ == InputFormat::kCsv) {
    // Rows without quotes (most of them) end at the next newline.
    size_t line_end = nl ? static_cast<const char*>(nl) - buf_.data() : buf_.size();
    bool quoted = std::memchr(buf_.data() + from, '"', line_end - from) != nullptr;
    last_row_quoted_ = quoted;
    end = quoted || !nl ? CsvRowEnd(buf_, from) : line_end;
  } else {
    end = nl ? static_cast<const char*>(nl) - buf_.data() : std::string::npos;
  }
  found = end != std::string::npos;
  return found ? end : buf_.size();
}

bool ChunkReader::Blank(size_t begin, size_t end) const {
  for (size_t i = begin; i < end; ++i) {
    char c = buf_[i];
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

void ChunkReader::Add(Chunk& chunk, size_t begin, size_t end, uint64_t line, bool oversized) {
  Span s;
  s.line = line;
  s.oversized = oversized;
  s.offset = static_cast<uint32_t>(chunk.text.size());
  if (!oversized) {
    if (end > begin && buf_[end - 1] == '\r') --end;  // CRLF
    chunk.text.append(buf_, begin, end - begin);
    s.length = static_cast<uint32_t>(end - begin);
  }
  if (format_ == InputFormat::kCsv && !header_found_) {
    header_found_ = true;
    header_ = chunk.text.substr(s.offset, s.length);
    header_line_ = line;
    chunk.text.resize(s.offset);
    return;
  }
  if (chunk.spans.empty()) chunk.first_record = next_record_;
  chunk.spans.push_back(s);
  ++next_record_;
}

void ChunkReader::Skip(size_t begin, size_t end) {
  line_ += std::count(buf_.begin() + begin, buf_.begin() + end, '\n');
}

bool ChunkReader::Next(Chunk& chunk) {
  chunk.text.clear();
  chunk.spans.clear();
  if (buf_.size() - pos_ == 0) Fill();
  while (chunk.text.size() < chunk_bytes_) {
    bool found = false;
    size_t end = FindEnd(pos_, found);
    if (!found && !eof_) {
      if (end - pos_ > max_record_bytes_) {
        // Too long to be a record: drop its bytes up to its end, keep its place.
        uint64_t line = line_;
        bool done = false;
        while (!done) {
          Skip(pos_, end);
          pos_ = end;
          if (!Fill() && eof_) break;
          end = FindEnd(pos_, done);
        }
        if (done) {
          Skip(pos_, end + 1);
          pos_ = end + 1;
        } else {
          pos_ = buf_.size();
        }
        Add(chunk, 0, 0, line, true);
        continue;
      }
      if (!Fill() && eof_ && buf_.size() == pos_) break;
      continue;
    }
    if (!found && pos_ == buf_.size()) break;  // end of input
    uint64_t line = line_;
    size_t next = found ? end + 1 : end;
    // A JSON Lines record, or a CSV row without quotes, holds exactly the one
    // newline that ends it: counting newlines byte by byte is only needed for
    // quoted CSV rows (the count showed in the JSON Lines profile).
    if (found && !last_row_quoted_) {
      ++line_;
    } else {
      Skip(pos_, next);
    }
    if (!Blank(pos_, end)) Add(chunk, pos_, end, line, end - pos_ > max_record_bytes_);
    pos_ = next;
    if (pos_ == buf_.size() && !eof_) Fill();
  }
  return !chunk.spans.empty();
}

}  // namespace needlescreen::records
