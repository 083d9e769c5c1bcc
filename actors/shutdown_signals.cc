#include "actors/shutdown_signals.h"

#include <pthread.h>

#include <cstdlib>
#include <iostream>

namespace interec {

ShutdownSignals::ShutdownSignals() {
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set_, &previous_);
}

ShutdownSignals::~ShutdownSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

int ShutdownSignals::wait() {
  int signal = 0;
  while (sigwait(&set_, &signal) != 0) {
  }
  return signal;
}

ShutdownWatchdog::ShutdownWatchdog(std::string who, std::chrono::milliseconds limit)
    : thread_([this, who = std::move(who), limit] {
        std::unique_lock<std::mutex> lock(mutex_);
        if (!done_cv_.wait_for(lock, limit, [this] { return done_; })) {
          std::cerr << who << ": shutdown took longer than " << limit.count() << " ms; exiting"
                    << std::endl;
          std::_Exit(1);
        }
      }) {}

ShutdownWatchdog::~ShutdownWatchdog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
  }
  done_cv_.notify_all();
  thread_.join();
}

}  // namespace interec
