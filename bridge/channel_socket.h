// The channel-facing side of the protocol (docs/protocol.md), shared by
// `interec serve` (bridge/server.cc) and `interec front` (bridge/front.cc):
// the ROUTER socket chat channels connect to, its size bounds and CURVE/ZAP
// admission, reading and validating a request (frame envelope, then
// protocol::parse_request), answering what is malformed, and sending answers
// without ever blocking. So a malformed request gets the same answer from a
// front as from serve.
//
// Not thread-safe: the one thread that owns the ZeroMQ context uses it.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "bridge/curve_keys.h"
#include "bridge/protocol.h"

namespace interec {

/// Counters of a ChannelSocket; atomics, so other threads may read them.
struct ChannelCounters {
  std::atomic<uint64_t> requests{0};      // messages received (malformed included)
  std::atomic<uint64_t> replies{0};       // answers sent (errors included)
  std::atomic<uint64_t> errors{0};        // error answers sent
  std::atomic<uint64_t> busy{0};          // of which `busy`
  std::atomic<uint64_t> dropped{0};       // answers that could not be delivered
  std::atomic<uint64_t> auth_refused{0};  // CURVE clients refused by the ZAP handler
};

class ChannelSocket {
 public:
  struct Options {
    /// ZeroMQ endpoint to bind ("tcp://127.0.0.1:*" = any free port).
    std::string bind;
    /// CURVE key pair of the server; an empty secret = plain TCP, any
    /// client may use any channel.
    CurveKeyPair curve;
    /// With CURVE: client public key (Z85) -> the one channel it may use.
    std::map<std::string, std::string> allowed_keys;
  };

  /// A well-formed request and where its answer goes.
  struct Incoming {
    std::vector<std::string> envelope;  // [routing id] or [routing id][""]
    protocol::Request request;
    zmq::message_t body;                // the raw JSON body, as received
  };

  enum class Read {
    none,      // nothing waiting
    answered,  // a malformed message, already answered (or unanswerable)
    request,   // `out` holds a well-formed request
  };

  /// With CURVE, binds the ZAP handler first (no client is ever admitted
  /// without our decision), then binds the ROUTER. Throws zmq::error_t when
  /// the endpoint cannot be bound. `counters` must outlive this object.
  ChannelSocket(zmq::context_t& context, const Options& options, ChannelCounters& counters);
  /// Closes the sockets; the context must still be open. Answers not yet
  /// written get up to 2 s to go out while the context ends (linger), so a
  /// graceful stop loses none.
  ~ChannelSocket();
  ChannelSocket(const ChannelSocket&) = delete;
  ChannelSocket& operator=(const ChannelSocket&) = delete;

  /// The bound endpoint, with the real port.
  const std::string& endpoint() const { return endpoint_; }

  /// Adds this socket's poll items (the ROUTER, and the ZAP handler with
  /// CURVE) at `items`; returns how many (1 or 2).
  int poll_items(zmq_pollitem_t* items);
  /// After zmq::poll over the items poll_items() wrote: answers pending ZAP
  /// requests; true when the ROUTER has messages to read.
  bool after_poll(const zmq_pollitem_t* items);

  /// Reads one message. A bad frame envelope or a body parse_request refuses
  /// is answered here with its error code (Read::answered).
  Read receive(Incoming& out);

  /// With CURVE, a request (other than ping) for a channel the client's key
  /// may not use is answered with `forbidden`; returns true then.
  bool refuse_forbidden(const Incoming& in);

  /// Sends an answer with dontwait; false (and counted as dropped) when the
  /// client has gone or its queue is full.
  bool send(const std::vector<std::string>& envelope, const std::string& body, bool is_error);
  bool send_error(const std::vector<std::string>& envelope, const std::string& id,
                  const char* code, const std::string& message);

 private:
  void handle_zap();

  Options options_;
  ChannelCounters& counters_;
  // Declared so that the ROUTER closes before the ZAP handler.
  std::optional<zmq::socket_t> zap_;
  std::optional<zmq::socket_t> router_;
  std::string endpoint_;
};

}  // namespace interec
