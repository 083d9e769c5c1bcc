#include "bridge/web/server_watch.h"

namespace interec {

ServerWatch::ServerWatch(BridgeClient& client, std::chrono::milliseconds interval,
                         std::chrono::milliseconds timeout)
    : client_(client), interval_(interval), timeout_(timeout), thread_([this] { run(); }) {}

ServerWatch::~ServerWatch() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

const char* ServerWatch::name(State s) {
  return s == State::up ? "up" : s == State::down ? "down" : "unknown";
}

void ServerWatch::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    const auto answer = client_.call({{"type", "ping"}}, timeout_);
    state_ = answer.value("type", std::string()) == "pong" ? State::up : State::down;
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace interec
