// Progress of long steps on a stream (stderr): a bar with the rate and the
// time left, redrawn in place at most four times a second on a terminal,
// otherwise a line every few seconds so logs stay short. A step that ends
// within a second prints nothing.
#pragma once

#include <chrono>
#include <iosfwd>
#include <mutex>
#include <string>

#include "tools/models/train_progress.h"

namespace interec {

/// The text of one progress line, without line ends:
/// "STEP [######......] 41% 412k/1.00M 85.3k/s, 7 s left" (the bar only when
/// bar_width > 0; percent, bar and time left only when total > 0; rate and
/// time left only once something was done). Pure, for the tests.
std::string progress_text(const std::string& step, size_t done, size_t total, double elapsed_seconds,
                          int bar_width);
/// A count as people read it: 950, 41.2k, 1.00M, 2.50G.
std::string short_count(double n);
/// A duration: "7 s", "2 min 05 s", "1 h 02 min".
std::string short_duration(double seconds);

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
