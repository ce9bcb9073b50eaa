#include "common/fd_input.h"

#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace needlescreen {
namespace {

// A pipe delivers at most 64 KiB at once; larger reads go straight into the
// caller's buffer (xsgetn).
constexpr size_t kBufferBytes = 1 << 16;

}  // namespace

FdInput::FdInput(int fd) : fd_(fd), buffer_(kBufferBytes) {
  struct stat st {};
  regular_ = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  setg(nullptr, nullptr, nullptr);
}

void FdInput::Prepend(std::string head) {
  head_ = std::move(head);
  head_.append(gptr(), egptr());  // what was read beyond the head stays next
  setg(head_.data(), head_.data(), head_.data() + head_.size());
}

// Whether a read would return at once. A poll error says yes: the read then
// reports it.
bool FdInput::Ready() {
  if (regular_ || fd_ < 0) return true;  // poll() ignores a negative descriptor
  pollfd p{fd_, POLLIN, 0};
  int r = 0;
  do {
    r = poll(&p, 1, 0);
  } while (r < 0 && errno == EINTR);
  return r != 0;
}

// Waits until the descriptor is readable, telling the owner first that the
// input stalled. False when a stop request ended the wait. The wake pipe is
// written by the signal handler after it sets the flag, so a signal that
// lands just before poll() still ends it.
bool FdInput::WaitReadable() {
  if (Stopping()) return false;
  if (Ready()) return true;
  if (on_stall_) on_stall_();
  for (;;) {
    if (Stopping()) return false;
    pollfd p[2] = {{fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    int r = poll(p, wake_fd_ >= 0 ? 2 : 1, -1);
    if (r < 0 && errno != EINTR) return true;
    if (r > 0 && p[0].revents != 0) return true;
  }
}

std::streamsize FdInput::ReadInto(char* s, size_t n) {
  if (eof_) return 0;
  for (;;) {
    if (!WaitReadable()) {
      stopped_ = eof_ = true;
      return 0;
    }
    ssize_t got = read(fd_, s, n);
    if (got > 0) return got;
    if (got == 0) {
      eof_ = true;
      return 0;
    }
    if (errno == EINTR || errno == EAGAIN) continue;  // EAGAIN: a non-blocking stdin
    error_ = errno;
    eof_ = true;
    return 0;
  }
}

bool FdInput::Refill() {
  std::streamsize got = ReadInto(buffer_.data(), buffer_.size());
  if (got <= 0) {
    setg(nullptr, nullptr, nullptr);
    return false;
  }
  setg(buffer_.data(), buffer_.data(), buffer_.data() + got);
  return true;
}

FdInput::int_type FdInput::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  if (!Refill()) return traits_type::eof();
  return traits_type::to_int_type(*gptr());
}

std::streamsize FdInput::showmanyc() {
  if (eof_) return -1;
  if (regular_) return static_cast<std::streamsize>(buffer_.size());
  if (!Ready()) return 0;
  if (!Refill()) return -1;
  return egptr() - gptr();
}

std::streamsize FdInput::xsgetn(char* s, std::streamsize n) {
  std::streamsize done = 0;
  while (done < n) {
    std::streamsize buffered = egptr() - gptr();
    if (buffered > 0) {
      std::streamsize take = std::min(buffered, n - done);
      std::memcpy(s + done, gptr(), static_cast<size_t>(take));
      setg(eback(), gptr() + take, egptr());
      done += take;
      continue;
    }
    if (static_cast<size_t>(n - done) >= buffer_.size()) {
      std::streamsize got = ReadInto(s + done, static_cast<size_t>(n - done));
      if (got <= 0) break;
      done += got;
      continue;
    }
    if (!Refill()) break;
  }
  return done;
}

}  // namespace needlescreen
