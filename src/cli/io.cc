// The CLI's standard streams and signals (issue 13: stderr failures never stop
// a run, output ends at a record boundary, Ctrl-C stops cleanly).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>

#include "cli/cli.h"

namespace needlescreen::cli {
namespace {

std::atomic<bool> stop_requested{false};
volatile sig_atomic_t stop_signal = 0;
int wake_pipe[2] = {-1, -1};
bool sigpipe_was_default = false;

// Async-signal-safe: an atomic store and a write(2).
void OnStopSignal(int signo) {
  stop_signal = signo;
  stop_requested.store(true);
  if (wake_pipe[1] >= 0) {
    int saved = errno;
    [[maybe_unused]] ssize_t n = write(wake_pipe[1], "x", 1);
    errno = saved;
  }
}

// A reader of stdout that went away: end the way a pipeline expects.
void OnStdoutError(int error) {
  if (error == EPIPE && sigpipe_was_default) {
    signal(SIGPIPE, SIG_DFL);
    raise(SIGPIPE);
  }
}

}  // namespace

void Err(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), stderr) != text.size()) std::clearerr(stderr);
}

bool Out(std::string_view text) {
  bool ok = std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
  ok = std::fflush(stdout) == 0 && ok;
  if (!ok) OnStdoutError(errno);
  return ok;
}

void SetUpSignals() {
  struct sigaction old {};
  if (sigaction(SIGPIPE, nullptr, &old) == 0) sigpipe_was_default = old.sa_handler == SIG_DFL;
  signal(SIGPIPE, SIG_IGN);
}

void StopOnSignals() {
  if (wake_pipe[0] < 0 && pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    wake_pipe[0] = wake_pipe[1] = -1;
  }
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  // SA_RESTART: a write of whole records is finished, not cut by the signal;
  // a wait for input (poll) is never restarted, and FdInput checks the flag.
  action.sa_flags = SA_RESTART | SA_RESETHAND;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

const std::atomic<bool>& StopRequested() { return stop_requested; }
int WakeFd() { return wake_pipe[0]; }
int StopSignal() { return stop_signal; }

OutputFile::OutputFile() {
  struct stat st {};
  regular_ = fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode);
}

bool OutputFile::Write(std::string_view text) {
  if (failed_) return false;
  const off_t start = regular_ ? lseek(STDOUT_FILENO, 0, SEEK_CUR) : -1;
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = write(STDOUT_FILENO, text.data() + done, text.size() - done);
    if (n > 0) {
      done += static_cast<size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      error_ = n < 0 ? errno : ENOSPC;
      failed_ = true;
      if (done > 0 && start >= 0 && ftruncate(STDOUT_FILENO, start) == 0) {
        lseek(STDOUT_FILENO, start, SEEK_SET);
      }
      OnStdoutError(error_);
      return false;
    }
  }
  return true;
}

}  // namespace needlescreen::cli
