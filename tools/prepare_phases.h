// Where `interec prepare` spends its time and memory: each phase's wall
// time, CPU time (user + system, all threads) and the process's peak
// resident memory when it ended. A phase starts with each progress line
// prepare writes ("reading items.csv", "training mf", ...) and ends at the
// next, so the table needs no hooks beyond those lines.
//
// Contract: start() ends the current phase and begins another; finish()
// ends the current one; table() formats the phases ended so far, one per
// line, with a total. Not thread-safe: prepare reports from one thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace interec {

/// The process's resources used so far.
struct ResourceUse {
  double cpu_seconds = 0;  // user + system, every thread
  size_t peak_rss_kb = 0;  // the process's peak resident set so far
};
ResourceUse resource_use_now();

class PreparePhases {
 public:
  struct Phase {
    std::string name;
    double wall_seconds = 0;
    double cpu_seconds = 0;
    size_t peak_rss_kb = 0;  // the process's peak when the phase ended
  };

  void start(std::string name);
  void finish();
  const std::vector<Phase>& phases() const { return phases_; }
  /// "  wall s   CPU s  peak RSS  phase" lines and a total line.
  std::string table() const;

 private:
  using Clock = std::chrono::steady_clock;
  std::vector<Phase> phases_;
  std::string current_;
  bool open_ = false;
  Clock::time_point wall_start_;
  double cpu_start_ = 0;
};

}  // namespace interec
