// The ZeroMQ gateway of `interec serve`: one ROUTER socket speaking the
// protocol of docs/protocol.md, in front of an Agent.
//
// Threads: one bridge thread owns every socket (the ROUTER, the ZAP handler
// when CURVE is on: bridge/channel_socket.h, shared with `interec front`) and
// the ZeroMQ context. Requests enter the actor system
// as messages to one forwarding actor (so the turns of one session reach the
// router in arrival order); answers come back through an in-process queue
// whose eventfd the bridge thread polls. No socket is touched by two threads.
//
// Promises:
//  * every request gets exactly one answer (a reply, or an error with a code)
//    while the client is connected, also when it is malformed, refused
//    (`busy`, `forbidden`) or caught by shutdown (`shutting_down`);
//  * turns of one (channel, user, session) are answered in the order sent;
//  * at most `max_in_flight` requests wait on the agent (and
//    `max_in_flight_per_channel` per channel); past that `busy`, so memory
//    stays bounded whatever clients send;
//  * a client whose send queue is full or who has gone loses that answer
//    (counted in Stats::dropped), never blocks the others.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <caf/fwd.hpp>

#include "bridge/curve_keys.h"
#include "bridge/item_cards.h"

namespace interec {

struct Agent;

struct BridgeOptions {
  /// ZeroMQ endpoint to bind, e.g. "tcp://127.0.0.1:5555" ("...:*" = any
  /// free port; endpoint() tells which).
  std::string bind = "tcp://127.0.0.1:5555";
  /// The server's CURVE key pair; an empty secret = no encryption, no
  /// authentication (any client may use any channel).
  CurveKeyPair curve;
  /// With CURVE: client public key (Z85) -> the one channel it may use.
  std::map<std::string, std::string> allowed_keys;
  /// Requests waiting on the agent, in total and per channel. Default 4096 / 2048.
  size_t max_in_flight = 4096;
  size_t max_in_flight_per_channel = 2048;
  /// On stop(): how long in-flight requests may still finish. Default 3 s.
  std::chrono::milliseconds drain_timeout{3000};
  /// Bound on the agent answering one request; then a `timeout` error.
  /// Default 35 s (the agent's own turn bound is 30 s).
  std::chrono::milliseconds request_timeout{35000};
  /// The catalog's cards: reply items get their "attributes", and `item`
  /// requests are answered from it. Null: items are id and title only, and
  /// `item` requests get `bad_value`.
  std::shared_ptr<const ItemCards> cards;
};

class BridgeServer {
 public:
  /// Binds and starts serving. Throws std::runtime_error when the endpoint
  /// cannot be bound or the options are inconsistent. `agent` must outlive
  /// the server.
  BridgeServer(caf::actor_system& sys, const Agent& agent, BridgeOptions options);
  /// stop(), then joins.
  ~BridgeServer();
  BridgeServer(const BridgeServer&) = delete;
  BridgeServer& operator=(const BridgeServer&) = delete;

  /// The bound endpoint, with the real port.
  const std::string& endpoint() const;

  /// Graceful stop: new requests get `shutting_down`, in-flight ones may
  /// finish until drain_timeout, the rest get `shutting_down`; then the
  /// sockets close. Blocks until done; idempotent.
  void stop();

  struct Stats {
    uint64_t requests = 0;      // bodies received
    uint64_t replies = 0;       // answers sent (errors included)
    uint64_t errors = 0;        // error answers sent
    uint64_t busy = 0;          // of which `busy`
    uint64_t dropped = 0;       // answers that could not be delivered
    uint64_t auth_refused = 0;  // CURVE clients refused by the ZAP handler
    uint64_t in_flight = 0;     // requests waiting on the agent now
  };
  Stats stats() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace interec
