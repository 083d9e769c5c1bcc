// `interec front`: one ZeroMQ endpoint for chat channels in front of several
// `interec serve` backends, speaking protocol v1 (docs/protocol.md) on both
// sides, with sticky sessions (docs/deployment.md).
//
// Threads: one front thread owns the ZeroMQ context and every socket — the
// channels' ROUTER (bridge/channel_socket.h, the same code as serve's, so a
// malformed request gets serve's answer), the ZAP handler with CURVE, and one
// DEALER per backend — and waits on them with zmq::poll.
//
// Promises:
//  * a request of (channel, user, session) — message, reset — goes to the
//    backend that rendezvous hashing picks for that key among the backends
//    up; profile_get/profile_delete are keyed by (channel, user). Losing a
//    backend moves only the keys it held. While a key has requests in
//    flight it stays on their backend, so answers of one session keep
//    request order (also when a backend rejoins);
//  * the front puts its own token in "id" before forwarding and restores the
//    client's id in the answer, so clients' ids may collide;
//  * every request gets exactly one answer while its client is connected:
//    the backend's, or an error — `unavailable` (no backend up, or its
//    backend went down before answering), `timeout` (no answer within
//    request_timeout; the backend is then marked down), `busy`
//    (max_in_flight), `shutting_down`, or serve's code for a malformed one;
//  * a backend is down after a missed answer, an unanswered ping
//    (ping_timeout) or a refused send (no connection); every backend is
//    pinged each ping_interval and is up again once it answers;
//  * `ping` is answered by the front itself, with "backends" and
//    "backends_up" counts.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bridge/curve_keys.h"

namespace interec {

struct FrontOptions {
  /// Endpoint for the channels ("...:*" = any free port; endpoint() tells).
  std::string bind = "tcp://127.0.0.1:5555";
  /// The `interec serve` endpoints, e.g. "tcp://10.0.0.1:5555". Connected
  /// in plain TCP: keep these links on loopback or a private network.
  std::vector<std::string> backends;
  /// CURVE towards the channels, as serve has it (BridgeOptions).
  CurveKeyPair curve;
  std::map<std::string, std::string> allowed_keys;
  /// Requests waiting on backends, in total and per channel; past that `busy`.
  size_t max_in_flight = 4096;
  size_t max_in_flight_per_channel = 2048;
  /// On stop(): how long in-flight requests may still be answered.
  std::chrono::milliseconds drain_timeout{3000};
  /// A backend that has not answered a request within this gets it failed
  /// with `timeout` and is marked down. Default 37 s: above serve's own
  /// bound (35 s), below the shipped client's (40 s).
  std::chrono::milliseconds request_timeout{37000};
  /// How often each backend is pinged, and how long a ping may go
  /// unanswered before the backend is down.
  std::chrono::milliseconds ping_interval{500};
  std::chrono::milliseconds ping_timeout{2000};
};

class FrontServer {
 public:
  /// Binds, connects to the backends and starts. Throws std::runtime_error
  /// when the endpoint cannot be bound, a backend endpoint is malformed, or
  /// the options are inconsistent.
  explicit FrontServer(FrontOptions options);
  /// stop(), then joins.
  ~FrontServer();
  FrontServer(const FrontServer&) = delete;
  FrontServer& operator=(const FrontServer&) = delete;

  const std::string& endpoint() const;

  /// Graceful stop: new requests get `shutting_down`, in-flight ones may be
  /// answered until drain_timeout, the rest get `shutting_down`; then the
  /// sockets close. Blocks until done; idempotent.
  void stop();

  struct Stats {
    uint64_t requests = 0;     // messages from channels
    uint64_t replies = 0;      // answers sent (errors included)
    uint64_t errors = 0;       // error answers sent (the backends' included)
    uint64_t busy = 0;         // `busy` answers of the front itself
    uint64_t dropped = 0;      // answers that could not be delivered
    uint64_t forwarded = 0;    // requests sent to a backend
    uint64_t unavailable = 0;  // `unavailable` answers
    uint64_t timeouts = 0;     // `timeout` answers of the front itself
    uint64_t in_flight = 0;    // requests waiting on a backend now
    uint64_t backends_up = 0;
  };
  Stats stats() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace interec
