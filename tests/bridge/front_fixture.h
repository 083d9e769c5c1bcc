// `interec front` over real `interec serve` processes on loopback, spoken to
// over the ZeroMQ protocol: the fixture starts the processes and reads the
// answers; front_test.cc checks routing and input, front_failure_test.cc
// backends that die, hang or time out, and SIGTERM.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/bridge/bridge_fixture.h"
#include "tests/child_process.h"
#include "tests/loopback_port.h"
#include "tests/time_scale.h"

namespace interec::test {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

/// A ZeroMQ endpoint on 127.0.0.1 that nothing listens on now.
inline std::string free_endpoint() { return "tcp://127.0.0.1:" + std::to_string(free_loopback_port()); }

class FrontTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tiny();
    scratch_ = scratch_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }

  /// A real `interec serve` on `endpoint` with its own profile store.
  std::unique_ptr<ChildProcess> serve(const std::string& endpoint) {
    const std::string state = scratch_ + "/state" + std::to_string(serves_++);
    return std::make_unique<ChildProcess>(std::vector<std::string>{
      interec_binary(), "serve", "--data", dir_, "--bind", endpoint, "--state", state,
      "--workers", "1"});
  }

  /// A real `interec front` on a free port; sets front_endpoint_.
  std::unique_ptr<ChildProcess> front(const std::vector<std::string>& backends,
                                      std::vector<std::string> extra = {}) {
    std::string list;
    for (const auto& b : backends) list += (list.empty() ? "" : ",") + b;
    std::vector<std::string> argv = {interec_binary(), "front", "--bind", "tcp://127.0.0.1:*",
                                     "--backends", list};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto child = std::make_unique<ChildProcess>(argv);
    const std::string said = child->read_line(20s);
    const std::string prefix = "interec front: listening on ";
    if (said.rfind(prefix, 0) != 0) {
      ADD_FAILURE() << "the front said: " << said;
      return child;
    }
    front_endpoint_ = said.substr(prefix.size());
    return child;
  }

  /// Pings the front until it reports `up` backends up (ZeroMQ connects
  /// lazily, serve needs a moment to load the dataset).
  bool wait_for_backends(RawClient& client, int up) {
    const auto deadline = Clock::now() + scaled(30s);
    json pong;
    while (Clock::now() < deadline) {
      client.send({{"v", 1}, {"type", "ping"}, {"id", "health"}});
      if (auto answer = client.receive(2s)) {
        pong = *answer;
        if (pong.value("backends_up", -1) == up) return true;
      }
      std::this_thread::sleep_for(50ms);
    }
    ADD_FAILURE() << "backends up never became " << up << "; last pong " << pong.dump();
    return false;
  }

  static json message(const std::string& id, const std::string& user, const std::string& text,
                      const std::string& session = "s", const std::string& channel = "test") {
    return {{"v", 1},       {"type", "message"},  {"id", id},    {"channel", channel},
            {"user", user}, {"session", session}, {"text", text}};
  }

  /// The next `n` answers by id; fails the test on a duplicate id or when
  /// fewer come within `timeout`.
  static std::map<std::string, json> receive_all(RawClient& client, size_t n,
                                                 std::chrono::milliseconds timeout = 30s) {
    std::map<std::string, json> by_id;
    const auto deadline = Clock::now() + scaled(timeout);
    while (by_id.size() < n) {
      auto answer = client.receive_by(deadline);
      if (!answer) {
        ADD_FAILURE() << "got " << by_id.size() << " of " << n << " answers";
        break;
      }
      const std::string id = answer->value("id", "");
      EXPECT_TRUE(by_id.emplace(id, *answer).second) << "two answers for " << id;
    }
    return by_id;
  }

  static std::vector<std::string> item_ids(const json& answer) {
    std::vector<std::string> ids;
    for (const auto& item : answer.value("items", json::array())) ids.push_back(item.at("item_id"));
    return ids;
  }

  std::string dir_, scratch_, front_endpoint_;
  int serves_ = 0;
};

}  // namespace interec::test
