// SIGINT/SIGTERM as an event to wait for, not an asynchronous handler: the
// constructor blocks both signals (before any thread starts, so every thread
// inherits the mask) and wait() returns the one that arrived.
#pragma once

#include <signal.h>

namespace interec {

class ShutdownSignals {
 public:
  /// Call on the main thread before starting other threads.
  ShutdownSignals();
  /// Restores the previous mask; a signal still pending then acts as usual.
  ~ShutdownSignals();
  ShutdownSignals(const ShutdownSignals&) = delete;
  ShutdownSignals& operator=(const ShutdownSignals&) = delete;

  /// Blocks until SIGINT or SIGTERM arrives; returns it.
  int wait();

 private:
  sigset_t set_;
  sigset_t previous_;
};

}  // namespace interec
