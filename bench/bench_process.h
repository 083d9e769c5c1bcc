// Child processes for the scaling benchmark: run `interec prepare` and keep
// its wall time and peak resident set; start `interec chat` and time its
// first reply.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace interec::bench {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  double seconds = 0;
  double peak_rss_mb = 0;  // the child's maximum resident set (getrusage)
};

/// Runs argv to completion, stdin from /dev/null, stdout and stderr inherited.
ProcessResult run_process(const std::vector<std::string>& argv);

/// A child with its stdin and stdout on pipes and stderr sent to /dev/null.
class PipedProcess {
 public:
  explicit PipedProcess(const std::vector<std::string>& argv);
  ~PipedProcess();
  PipedProcess(const PipedProcess&) = delete;
  PipedProcess& operator=(const PipedProcess&) = delete;

  void write_line(const std::string& line);
  /// The next stdout line, "" on end of file or after `timeout`.
  std::string read_line(std::chrono::milliseconds timeout);
  /// Closes stdin and waits for the child to exit.
  ProcessResult finish();

 private:
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1;
  std::string buffer_;
  std::chrono::steady_clock::time_point start_;
};

/// The `interec` binary next to the running benchmark (BUILD/bench/..).
std::string sibling_interec_binary();

/// Asks the kernel to drop `path` (a file, or every file under a folder)
/// from the page cache (posix_fadvise DONTNEED), so that the next start
/// reads it from disk: a cold start without root and without touching other
/// processes' files. Pages another process has mapped stay. Returns the
/// bytes of the files advised.
size_t evict_from_page_cache(const std::string& path);

}  // namespace interec::bench
