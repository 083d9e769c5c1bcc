#include "tools/eval/progress.h"

#include <cstdio>
#include <ostream>

namespace interec {
namespace {
constexpr double kQuietSeconds = 1.0;    // steps shorter than this print nothing
constexpr double kBarSeconds = 0.1;      // redraw period on a terminal
constexpr double kLineSeconds = 5.0;     // line period otherwise
constexpr int kBarWidth = 30;
}  // namespace

ProgressReporter::ProgressReporter(std::ostream& out, bool terminal, bool quiet)
    : out_(out), terminal_(terminal), quiet_(quiet) {}

ProgressReporter::~ProgressReporter() { finish(); }

void ProgressReporter::update(const std::string& step, size_t done, size_t total) {
  if (quiet_) return;
  std::lock_guard<std::mutex> lock(mu_);
  const auto now = Clock::now();
  if (step != step_) {
    if (!step_.empty()) draw(true);
    step_ = step;
    start_ = last_draw_ = now;
    shown_ = false;
  }
  done_ = done;
  total_ = total;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double since = std::chrono::duration<double>(now - last_draw_).count();
  if (elapsed >= kQuietSeconds && (!shown_ || since >= (terminal_ ? kBarSeconds : kLineSeconds))) {
    draw(false);
    last_draw_ = now;
  }
}

void ProgressReporter::finish() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!step_.empty()) draw(true);
  step_.clear();
}

TrainProgress ProgressReporter::callback() {
  return [this](const std::string& step, size_t done, size_t total) { update(step, done, total); };
}

// Called with mu_ held. A final draw happens only for a step that was shown
// or that took longer than the quiet threshold.
void ProgressReporter::draw(bool final) {
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  if (final && !shown_ && elapsed < kQuietSeconds) return;
  const double frac = total_ ? static_cast<double>(done_) / static_cast<double>(total_) : 0.0;
  char line[256];
  if (terminal_) {
    const int fill = static_cast<int>(frac * kBarWidth + 0.5);
    std::string bar(static_cast<size_t>(fill), '#');
    bar.resize(kBarWidth, '.');
    std::snprintf(line, sizeof line, "\r%s [%s] %zu/%zu %.1f s", step_.c_str(), bar.c_str(), done_, total_, elapsed);
    out_ << line << "\033[K";
    if (final) out_ << "\n";
  } else {
    std::snprintf(line, sizeof line, "%s: %zu/%zu (%.0f%%) %.1f s", step_.c_str(), done_, total_, 100 * frac, elapsed);
    out_ << line << "\n";
  }
  out_.flush();
  shown_ = true;
}

}  // namespace interec
