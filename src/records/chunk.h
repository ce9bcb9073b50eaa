// Streaming input for the line-oriented formats (JSON Lines, CSV): the input
// is cut into chunks of whole records so that memory stays flat in the number
// of records and chunks can be screened on several threads (SPEC §5).
#ifndef NEEDLESCREEN_RECORDS_CHUNK_H_
#define NEEDLESCREEN_RECORDS_CHUNK_H_

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "needlescreen/reader.h"

namespace needlescreen::records {

// One record's bytes within a chunk.
struct Span {
  uint32_t offset = 0;
  uint32_t length = 0;
  uint64_t line = 0;       // 1-based line where the record starts
  bool oversized = false;  // longer than the record limit; its bytes were dropped
};

struct Chunk {
  std::string text;
  std::vector<Span> spans;
  uint64_t first_record = 0;  // number of spans[0]; the others follow

  std::string_view record(const Span& s) const { return {text.data() + s.offset, s.length}; }
};

class ChunkReader {
 public:
  // `format` is kJsonLines or kCsv. For CSV the first row is the header: it is
  // kept apart (header()) and not numbered as a record.
  ChunkReader(std::istream& in, InputFormat format, uint64_t first_record,
              size_t chunk_bytes = 1 << 20, size_t max_record_bytes = 1 << 20);

  // Fills `chunk` with the next records; false when the input is exhausted.
  bool Next(Chunk& chunk);

  // The CSV header row (available after the first Next()); found() false if
  // the input had no rows at all.
  bool header_found() const { return header_found_; }
  std::string_view header() const { return header_; }
  uint64_t header_line() const { return header_line_; }

  // The number the next record would get.
  uint64_t next_record() const { return next_record_; }
  // "" or a description of a read failure of the stream.
  const std::string& error() const { return error_; }

 private:
  bool Fill();
  size_t FindEnd(size_t from, bool& found);
  void Add(Chunk& chunk, size_t begin, size_t end, uint64_t line, bool oversized);
  void Skip(size_t begin, size_t end);
  bool Blank(size_t begin, size_t end) const;

  std::istream& in_;
  InputFormat format_;
  size_t chunk_bytes_, max_record_bytes_;
  std::string buf_;
  size_t pos_ = 0;  // first unconsumed byte of buf_
  bool eof_ = false;
  bool last_row_quoted_ = false;  // the row FindEnd found has quotes (CSV)
  bool started_ = false;
  uint64_t line_ = 1;
  uint64_t next_record_;
  bool header_found_ = false;
  std::string header_;
  uint64_t header_line_ = 0;
  std::string error_;
};

}  // namespace needlescreen::records

#endif  // NEEDLESCREEN_RECORDS_CHUNK_H_
