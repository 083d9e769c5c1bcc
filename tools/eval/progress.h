// Progress of long steps on a stream (stderr): a bar redrawn in place on a
// terminal, otherwise a line every few seconds so logs stay short. A step
// that ends within a second prints nothing.
#pragma once

#include <chrono>
#include <iosfwd>
#include <mutex>
#include <string>

#include "tools/models/train_progress.h"

namespace interec {

class ProgressReporter {
 public:
  ProgressReporter(std::ostream& out, bool terminal, bool quiet = false);
  ~ProgressReporter();

  /// `done` of `total` of `step`; a new step name ends the previous one.
  /// Thread-safe.
  void update(const std::string& step, size_t done, size_t total);
  /// Ends the current step (a final line or bar when it was shown).
  void finish();
  /// update() as a TrainProgress; valid while this reporter lives.
  TrainProgress callback();

 private:
  using Clock = std::chrono::steady_clock;
  void draw(bool final);

  std::ostream& out_;
  bool terminal_, quiet_;
  std::mutex mu_;
  std::string step_;
  size_t done_ = 0, total_ = 0;
  Clock::time_point start_, last_draw_;
  bool shown_ = false;
};

}  // namespace interec
