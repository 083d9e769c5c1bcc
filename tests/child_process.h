// A child process for multi-process tests (nodes, servers): started with its
// stdout on a pipe, killed and reaped when the object goes.
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
  /// came within `timeout` or the child closed stdout.
  std::string read_line(std::chrono::milliseconds timeout);
  /// Sends `sig` (default SIGKILL) and reaps the child; returns its status.
  int kill(int sig = 9);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::string buffer_;
};

}  // namespace interec::test
