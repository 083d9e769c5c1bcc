// Flood control for what the IRC bot sends: a token bucket. Servers
// disconnect ("Excess Flood") or throttle clients that send lines faster
// than a person types, so after a burst lines go out at a steady pace.
// Pure: the caller passes the time, so tests need no clock.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>

namespace interec::irc {

class FloodGate {
 public:
  using Clock = std::chrono::steady_clock;

  /// `burst` lines at once, then one line every `interval`.
  FloodGate(size_t burst, std::chrono::milliseconds interval, Clock::time_point now)
      : burst_(static_cast<double>(std::max<size_t>(burst, 1))),
        interval_(std::max<std::chrono::milliseconds>(interval, std::chrono::milliseconds(1))),
        tokens_(burst_),
        last_(now) {}

  /// Takes one line's token when there is one.
  bool take(Clock::time_point now) {
    refill(now);
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }

  /// When the next line may go (now, when a token is there).
  Clock::time_point next(Clock::time_point now) {
    refill(now);
    if (tokens_ >= 1) return now;
    const auto wait = std::chrono::duration<double, std::milli>((1 - tokens_) * interval_.count());
    return now + std::chrono::duration_cast<Clock::duration>(wait) + std::chrono::microseconds(1);
  }

 private:
  void refill(Clock::time_point now) {
    if (now <= last_) return;
    const double earned = std::chrono::duration<double, std::milli>(now - last_).count() /
                          static_cast<double>(interval_.count());
    tokens_ = std::min(burst_, tokens_ + earned);
    last_ = now;
  }

  double burst_;
  std::chrono::milliseconds interval_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace interec::irc
