// Child processes for multi-process tests (nodes, servers, the command line):
// started in their own process group with a death signal, so that they are
// killed on every exit path of the test process — its destructor, a failed
// assertion, an uncaught exception, abort() or SIGKILL from ctest's timeout —
// and never keep ctest's output pipe open after the test has gone.
//
// The death signal fires when the thread that started the child ends:
// start children from the test's own thread, not from a helper thread that
// finishes before them.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace interec::test {

/// The `interec` binary of this build tree.
std::string interec_binary();

class ChildProcess {
 public:
  /// Starts argv[0] with the given arguments; stderr is inherited.
  explicit ChildProcess(const std::vector<std::string>& argv);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// The next line of the child's stdout, without the newline; "" when none
  /// came within `timeout` (times time_scale(), tests/time_scale.h) or the
  /// child closed stdout.
  std::string read_line(std::chrono::milliseconds timeout);
  /// Sends `sig` (default SIGKILL) to the child's process group and reaps
  /// the child; returns its wait status.
  int kill(int sig = 9);
  /// False once the child has exited (checked without waiting), so that a
  /// test waiting for it to answer stops at once when it died (its stderr,
  /// a sanitizer's report included, is the test's).
  bool running();
  /// Sends SIGSTOP to the child and returns once every thread of it is
  /// stopped (kill() only queues the signal: a thread still running on the
  /// other core could answer one more request); false when it is not
  /// stopped within about 10 s. resume() lets it go on.
  bool stop();
  /// Sends SIGCONT to the child; false when the signal could not be sent.
  bool resume();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;  // running() saw the exit; kill() must not wait again
  int status_ = 0;
  int out_ = -1;
  std::string buffer_;
};

/// What a finished command did.
struct RunResult {
  int exit_code = -1;  // the exit code; 128 + N when killed by signal N
  std::string out;     // everything it wrote to stdout
  std::string err;     // ... and to stderr
};

/// Runs argv to completion with `input` on its stdin (then closed), as
/// ChildProcess does (own group, death signal); killed after `timeout`
/// (times time_scale()).
RunResult run(const std::vector<std::string>& argv, const std::string& input = "",
              std::chrono::milliseconds timeout = std::chrono::seconds(120));

}  // namespace interec::test
