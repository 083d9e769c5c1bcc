// A real agent on the project's tiny catalog behind a real BridgeServer on loopback,
// and a raw DEALER client that can send any bytes (malformed ones included).
#pragma once

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/all.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <zmq.hpp>

#include "actors/agent.h"
#include "actors/messages.h"
#include "bridge/server.h"
#include "storage/profile_store.h"
#include "tests/test_data.h"
#include "tests/time_scale.h"
#include "tools/toolbox.h"

namespace interec::test {

using json = nlohmann::json;

/// One DEALER socket, used from the test thread only.
class RawClient {
 public:
  explicit RawClient(const std::string& endpoint, const CurveKeyPair& curve = {},
                     const std::string& server_key = {})
      : socket_(context_, zmq::socket_type::dealer) {
    socket_.set(zmq::sockopt::linger, 0);
    if (!curve.secret_key.empty()) {
      socket_.set(zmq::sockopt::curve_serverkey, server_key);
      socket_.set(zmq::sockopt::curve_publickey, curve.public_key);
      socket_.set(zmq::sockopt::curve_secretkey, curve.secret_key);
    }
    socket_.connect(endpoint);
  }
  ~RawClient() { socket_.close(); }

  void send_body(const std::string& body) { socket_.send(zmq::buffer(body), zmq::send_flags::none); }
  void send(const json& request) { send_body(request.dump()); }
  void send_frames(const std::vector<std::string>& frames) {
    for (size_t i = 0; i < frames.size(); ++i)
      socket_.send(zmq::buffer(frames[i]),
                   i + 1 < frames.size() ? zmq::send_flags::sndmore : zmq::send_flags::none);
  }

  /// The next answer, or nullopt after `timeout` (times time_scale()).
  std::optional<json> receive(std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    return receive_by(std::chrono::steady_clock::now() + scaled(timeout));
  }
  /// The next answer, or nullopt at `deadline` (already scaled by the caller).
  std::optional<json> receive_by(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    zmq_pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, std::max(left, std::chrono::milliseconds(0))) == 0) return std::nullopt;
    zmq::message_t frame;
    if (!socket_.recv(frame)) return std::nullopt;
    return json::parse(frame.to_string());
  }

 private:
  zmq::context_t context_{1};
  zmq::socket_t socket_;
};

class BridgeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = tiny();
    box_ = Toolbox::open(dir_);
  }
  static void TearDownTestSuite() { box_.reset(); }

  void SetUp() override {
    add_interec_types(cfg_);
    sys_ = std::make_unique<caf::actor_system>(cfg_);
  }

  void TearDown() override {
    server_.reset();
    if (sys_) stop_agent(*sys_, agent_);
    sys_.reset();
    profiles_.reset();
  }

  /// Starts the agent (with a ProfileStore in a scratch folder) and a server,
  /// their time limits scaled (tests/time_scale.h).
  void start(BridgeOptions options = {}, AgentConfig config = {}) {
    ProfileStoreOptions store;
    store.path = scratch_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    store.sync = false;  // durability is the store's own tests' business
    profiles_ = ProfileStore::open(store);
    agent_ = spawn_agent(*sys_, box_, scaled_limits(config), profiles_);
    options.bind = "tcp://127.0.0.1:*";
    options.request_timeout = scaled(options.request_timeout);
    if (!options.cards) options.cards = ItemCards::open(dir_, box_->dataset->catalog);
    server_ = std::make_unique<BridgeServer>(*sys_, agent_, options);
  }

  const std::string& endpoint() const { return server_->endpoint(); }

  static json message(const std::string& id, const std::string& user, const std::string& text,
                      const std::string& session = "", const std::string& channel = "test") {
    return {{"v", 1},         {"type", "message"}, {"id", id},     {"channel", channel},
            {"user", user},   {"session", session}, {"text", text}};
  }

  static inline std::string dir_;
  static inline std::shared_ptr<const Toolbox> box_;
  caf::actor_system_config cfg_;
  std::unique_ptr<caf::actor_system> sys_;
  std::shared_ptr<ProfileStore> profiles_;
  Agent agent_;
  std::unique_ptr<BridgeServer> server_;
};

}  // namespace interec::test
