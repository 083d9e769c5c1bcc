// Whether the bridge server answers, known without waiting on a turn: a
// thread pings it every `interval` (bounded by `timeout`). A channel that
// sees the server down answers its users at once instead of letting them
// wait out the turn bound.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "bridge/client.h"

namespace interec {

class ServerWatch {
 public:
  enum class State { unknown, up, down };

  /// Starts pinging through `client`, which must outlive this object.
  ServerWatch(BridgeClient& client, std::chrono::milliseconds interval = std::chrono::seconds(2),
              std::chrono::milliseconds timeout = std::chrono::milliseconds(1500));
  /// Stops the thread.
  ~ServerWatch();
  ServerWatch(const ServerWatch&) = delete;
  ServerWatch& operator=(const ServerWatch&) = delete;

  State state() const { return state_; }
  /// A request just failed for lack of a server: down until a ping answers.
  void saw_down() { state_ = State::down; }
  /// "up", "down" or "unknown".
  static const char* name(State s);

 private:
  void run();

  BridgeClient& client_;
  std::chrono::milliseconds interval_, timeout_;
  std::atomic<State> state_{State::unknown};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace interec
