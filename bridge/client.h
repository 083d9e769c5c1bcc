// A client of `interec serve` for the channels we ship (chat --connect, web,
// loadgen): one DEALER socket owned by one I/O thread; any thread may call.
//
// Promises: every send() gets exactly one callback, with the server's answer
// or with a local {"type":"error","code":"timeout"|"disconnected"} object;
// callbacks run on the I/O thread, one at a time, and may call send().
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "bridge/curve_keys.h"

namespace interec {

struct BridgeClientOptions {
  /// e.g. "tcp://127.0.0.1:5555".
  std::string endpoint;
  /// CURVE: this client's key pair and the server's public key; both empty =
  /// plain TCP.
  CurveKeyPair curve;
  std::string server_public_key;
};

class BridgeClient {
 public:
  using Callback = std::function<void(nlohmann::json answer)>;

  /// Connects (ZeroMQ connects lazily: a server that is not up yet is fine).
  /// Throws std::runtime_error for a malformed endpoint or key.
  explicit BridgeClient(BridgeClientOptions options);
  /// Pending callbacks are called with a "disconnected" error, then the
  /// socket and context close.
  ~BridgeClient();
  BridgeClient(const BridgeClient&) = delete;
  BridgeClient& operator=(const BridgeClient&) = delete;

  /// Sends `request` (a JSON object; "v" is filled in when absent, "id" is
  /// always replaced by a fresh one). `done` gets the answer, or a local timeout error after `timeout`.
  void send(nlohmann::json request, Callback done,
            std::chrono::milliseconds timeout = std::chrono::seconds(40));

  /// Blocking form for callers that are not on the I/O thread.
  nlohmann::json call(nlohmann::json request,
                      std::chrono::milliseconds timeout = std::chrono::seconds(40));

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace interec
