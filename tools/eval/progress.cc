#include "tools/eval/progress.h"

#include <algorithm>
#include <cstdio>
#include <ostream>

namespace interec {
namespace {
constexpr double kQuietSeconds = 1.0;    // steps shorter than this print nothing
constexpr double kBarSeconds = 0.25;     // redraw period on a terminal: a few times a second
constexpr double kLineSeconds = 5.0;     // line period otherwise
constexpr int kBarWidth = 30;
}  // namespace

std::string short_count(double n) {
  char buf[32];
  if (n < 100 && n != static_cast<double>(static_cast<long>(n))) std::snprintf(buf, sizeof buf, "%.3g", n);  // a slow rate
  else if (n < 1e3) std::snprintf(buf, sizeof buf, "%.0f", n);
  else if (n < 1e6) std::snprintf(buf, sizeof buf, "%.3gk", n / 1e3);
  else if (n < 1e9) std::snprintf(buf, sizeof buf, "%.3gM", n / 1e6);
  else std::snprintf(buf, sizeof buf, "%.3gG", n / 1e9);
  return buf;
}

std::string short_duration(double seconds) {
  const long s = seconds < 0 ? 0 : static_cast<long>(seconds + 0.5);
  char buf[48];
  if (s < 60) std::snprintf(buf, sizeof buf, "%ld s", s);
  else if (s < 3600) std::snprintf(buf, sizeof buf, "%ld min %02ld s", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ld h %02ld min", s / 3600, (s % 3600) / 60);
  return buf;
}

std::string progress_text(const std::string& step, size_t done, size_t total, double elapsed_seconds,
                          int bar_width) {
  std::string out = step;
  const double d = static_cast<double>(done);
  if (total > 0) {
    const double frac = std::min(1.0, d / static_cast<double>(total));
    if (bar_width > 0) {
      const auto fill = static_cast<size_t>(frac * bar_width + 0.5);
      std::string bar(fill, '#');
      bar.resize(static_cast<size_t>(bar_width), '.');
      out += " [" + bar + "]";
    }
    char pct[16];
    std::snprintf(pct, sizeof pct, " %.0f%%", 100 * frac);
    out += pct;
    out += " " + short_count(d) + "/" + short_count(static_cast<double>(total));
  } else {
    out += " " + short_count(d);
  }
  if (done > 0 && elapsed_seconds > 0) {
    const double rate = d / elapsed_seconds;
    out += " " + short_count(rate) + "/s";
    if (total > done) out += ", " + short_duration(static_cast<double>(total - done) / rate) + " left";
  }
  return out;
}

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
  if (terminal_) {
    out_ << "\r" << progress_text(step_, done_, total_, elapsed, kBarWidth) << "\033[K";
    if (final) out_ << "\n";
  } else {
    out_ << progress_text(step_, done_, total_, elapsed, 0) << "\n";
  }
  out_.flush();
  shown_ = true;
}

}  // namespace interec
