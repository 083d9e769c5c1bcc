// SIGINT/SIGTERM as an event to wait for, not an asynchronous handler: the
// constructor blocks both signals (before any thread starts, so every thread
// inherits the mask) and wait() returns the one that arrived.
#pragma once

#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

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

/// Ends the process with exit code 1 if a shutdown hangs: an orchestrator
/// sending SIGTERM must see us go. Armed from construction until destruction;
/// `who` names the process in the message ("interec serve").
class ShutdownWatchdog {
 public:
  ShutdownWatchdog(std::string who, std::chrono::milliseconds limit);
  ~ShutdownWatchdog();
  ShutdownWatchdog(const ShutdownWatchdog&) = delete;
  ShutdownWatchdog& operator=(const ShutdownWatchdog&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable done_cv_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace interec
