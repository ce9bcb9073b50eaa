// FdInput and the chunk reader on a pipe (issue 13): "nothing ready yet" is
// told from "the end", records already read are not held back by a stall, a
// stop request ends a wait, and the sniffed head is put back in order.
#include "common/fd_input.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <istream>
#include <string>

#include "records/chunk.h"

namespace needlescreen {
namespace {

class Pipe {
 public:
  Pipe() { EXPECT_EQ(pipe(fds_), 0); }
  ~Pipe() {
    CloseWriter();
    close(fds_[0]);
  }
  int reader() const { return fds_[0]; }
  int writer() const { return fds_[1]; }
  void Write(std::string_view text) {
    ASSERT_EQ(write(fds_[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }
  void CloseWriter() {
    if (fds_[1] >= 0) close(fds_[1]);
    fds_[1] = -1;
  }

 private:
  int fds_[2] = {-1, -1};
};

TEST(FdInput, TellsNothingReadyFromTheEnd) {
  Pipe pipe;
  FdInput input(pipe.reader());
  EXPECT_EQ(input.in_avail(), 0);  // open, nothing written: would wait
  pipe.Write("ab");
  EXPECT_EQ(input.in_avail(), 2);
  char buffer[2];
  EXPECT_EQ(input.sgetn(buffer, 2), 2);
  EXPECT_EQ(input.in_avail(), 0);
  pipe.CloseWriter();
  EXPECT_EQ(input.in_avail(), -1);
  EXPECT_EQ(input.error(), 0);
  EXPECT_FALSE(input.stopped());
}

TEST(FdInput, StallIsToldBeforeWaiting) {
  Pipe pipe;
  FdInput input(pipe.reader());
  int stalls = 0;
  // The owner flushes on a stall; here the "flush" delivers the input, so a
  // read that waited without telling first would never return.
  input.OnStall([&] {
    ++stalls;
    pipe.Write("x");
    pipe.CloseWriter();
  });
  std::istream in(&input);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "x");
  EXPECT_EQ(stalls, 1);
}

TEST(FdInput, StopRequestEndsAWait) {
  Pipe pipe, wake;
  std::atomic<bool> stop{false};
  FdInput input(pipe.reader());
  input.StopWhen(&stop, wake.reader());
  // What a signal handler does: the flag, then a byte on the wake pipe.
  input.OnStall([&] {
    stop = true;
    wake.Write("!");
  });
  EXPECT_TRUE(std::char_traits<char>::eq_int_type(input.sgetc(), std::char_traits<char>::eof()));
  EXPECT_TRUE(input.stopped());
}

TEST(FdInput, PrependedHeadComesFirstThenWhatWasBuffered) {
  Pipe pipe;
  pipe.Write("0123456789");
  pipe.CloseWriter();
  FdInput input(pipe.reader());
  char head[4];
  ASSERT_EQ(input.sgetn(head, 4), 4);  // reads the whole pipe into the buffer
  input.Prepend(std::string(head, 4));
  std::istream in(&input);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "0123456789");
}

TEST(FdInput, ReadErrorIsKept) {
  FdInput input(-1);
  EXPECT_TRUE(std::char_traits<char>::eq_int_type(input.sgetc(), std::char_traits<char>::eof()));
  EXPECT_EQ(input.error(), EBADF);
}

TEST(ChunkReaderOnAPipe, RecordsReadAreNotHeldBackByAStall) {
  Pipe pipe;
  FdInput input(pipe.reader());
  std::istream in(&input);
  records::ChunkReader reader(in, InputFormat::kJsonLines, 1);
  records::Chunk chunk;
  pipe.Write("{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":");
  ASSERT_TRUE(reader.Next(chunk, /*may_wait=*/false));
  EXPECT_TRUE(reader.stalled());
  ASSERT_EQ(chunk.spans.size(), 2u);
  EXPECT_EQ(chunk.record(chunk.spans[1]), "{\"id\":\"b\"}");
  // Nothing whole is ready: no records, stalled, and the partial line is kept.
  EXPECT_FALSE(reader.Next(chunk, /*may_wait=*/false));
  EXPECT_TRUE(reader.stalled());
  pipe.Write("\"c\"}\n");
  pipe.CloseWriter();
  ASSERT_TRUE(reader.Next(chunk, /*may_wait=*/true));
  ASSERT_EQ(chunk.spans.size(), 1u);
  EXPECT_EQ(chunk.record(chunk.spans[0]), "{\"id\":\"c\"}");
  EXPECT_EQ(chunk.first_record, 3u);
  EXPECT_EQ(chunk.spans[0].line, 3u);
  EXPECT_FALSE(reader.Next(chunk, true));
  EXPECT_FALSE(reader.stalled());
}

TEST(ChunkReaderOnAPipe, CsvRowWithAQuotedLineEndResumesAcrossAStall) {
  Pipe pipe;
  FdInput input(pipe.reader());
  std::istream in(&input);
  records::ChunkReader reader(in, InputFormat::kCsv, 1);
  records::Chunk chunk;
  pipe.Write("id,notes\na,\"line one\n");
  EXPECT_FALSE(reader.Next(chunk, false));  // the header, and a row still open in quotes
  EXPECT_TRUE(reader.stalled());
  pipe.Write("line two\"\n");
  pipe.CloseWriter();
  ASSERT_TRUE(reader.Next(chunk, true));
  ASSERT_EQ(chunk.spans.size(), 1u);
  EXPECT_EQ(chunk.record(chunk.spans[0]), "a,\"line one\nline two\"");
  EXPECT_EQ(reader.header(), "id,notes");
}

}  // namespace
}  // namespace needlescreen
