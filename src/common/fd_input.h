// A stream buffer over a file descriptor that can tell "nothing to read yet"
// from "the end", and that a signal can end while it waits. std::ifstream and
// std::cin can do neither: libstdc++ retries a read interrupted by a signal,
// so Ctrl-C could not stop a run waiting on a pipe, and a read of a block
// waits until the block is full, so a pipe that delivers one record and
// stalls would hold back a result already decided (issue 13).
#ifndef NEEDLESCREEN_COMMON_FD_INPUT_H_
#define NEEDLESCREEN_COMMON_FD_INPUT_H_

#include <atomic>
#include <functional>
#include <streambuf>
#include <string>
#include <vector>

namespace needlescreen {

class FdInput : public std::streambuf {
 public:
  // Reads `fd`, which stays open and owned by the caller.
  explicit FdInput(int fd);

  // Serves `head` before the bytes not yet read (what was read ahead to sniff
  // the format is put back).
  void Prepend(std::string head);

  // `on_stall` is called (on the reading thread) each time a read is about to
  // wait for a pipe, a FIFO, a socket or a terminal that has nothing ready:
  // the moment to flush results already decided.
  void OnStall(std::function<void()> on_stall) { on_stall_ = std::move(on_stall); }

  // While waiting, a readable `wake_fd` (the self-pipe of a signal handler)
  // with `*stop` true ends the wait: the stream reads as ended and stopped()
  // is true. `stop` must outlive this buffer.
  void StopWhen(const std::atomic<bool>* stop, int wake_fd) {
    stop_ = stop;
    wake_fd_ = wake_fd;
  }

  // The errno of a failed read (the stream then reads as ended), 0 if none.
  int error() const { return error_; }
  bool stopped() const { return stopped_; }

 protected:
  int_type underflow() override;
  // Bytes that can be read without waiting: > 0 some, 0 none yet (a stalled
  // pipe), -1 the end.
  std::streamsize showmanyc() override;
  std::streamsize xsgetn(char* s, std::streamsize n) override;

 private:
  bool Stopping() const { return stop_ && stop_->load(std::memory_order_relaxed); }
  bool Ready();
  bool WaitReadable();
  std::streamsize ReadInto(char* s, size_t n);
  bool Refill();

  int fd_;
  bool regular_ = false;  // a regular file: never stalls, never polled
  std::string head_;
  std::vector<char> buffer_;
  std::function<void()> on_stall_;
  const std::atomic<bool>* stop_ = nullptr;
  int wake_fd_ = -1;
  int error_ = 0;
  bool eof_ = false;
  bool stopped_ = false;
};

}  // namespace needlescreen

#endif  // NEEDLESCREEN_COMMON_FD_INPUT_H_
