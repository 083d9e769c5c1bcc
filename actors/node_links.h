// Links from one actor to a set of remote interec nodes (CAF middleman),
// kept alive: each node is connected by a short-lived detached actor (because
// remote_actor blocks), monitored once connected, and reconnected with
// exponential back-off after it goes away. The owning actor must route
// (connected_atom, size_t, caf::actor), (reconnect_atom, size_t) and its
// down messages here (NodeLinkMessages lists the first two for its typed
// interface). `Handle` is the typed interface the node publishes: CAF checks
// it on connecting, so a node of another role or version is refused (and
// retried with back-off) rather than sent messages it does not understand.
#pragma once

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include <caf/all.hpp>
#include <caf/io/middleman.hpp>
#include <caf/openssl/remote_actor.hpp>

#include "actors/messages.h"
#include "actors/node_address.h"

namespace interec {

/// The messages an owner of NodeLinks must handle, to extend its interface.
using NodeLinkMessages = caf::typed_actor<caf::reacts_to<atoms::connected_atom, size_t, caf::actor>,
                                          caf::reacts_to<atoms::reconnect_atom, size_t>>;

template <class Handle>
struct NodeLink {
  NodeAddress address;
  Handle handle;  // invalid while not connected
  size_t in_flight = 0;
  std::chrono::milliseconds backoff{0};
};

template <class Handle>
class NodeLinks {
 public:
  NodeLinks() = default;
  /// With `tls`, connects through CAF's OpenSSL module (which must be loaded).
  NodeLinks(std::vector<NodeAddress> nodes, std::chrono::milliseconds min_backoff,
            std::chrono::milliseconds max_backoff, bool tls)
      : min_backoff_(min_backoff), max_backoff_(max_backoff), tls_(tls) {
    for (auto& a : nodes) links_.push_back(NodeLink<Handle>{std::move(a), {}, 0, min_backoff});
  }

  template <class Self>
  void start(Self* self) {
    for (size_t i = 0; i < links_.size(); ++i) connect(self, i);
  }

  template <class Self>
  void on_connected(Self* self, size_t i, const caf::actor& handle) {
    if (i >= links_.size()) return;
    auto& link = links_[i];
    if (!handle) {  // the attempt failed: try again later, waiting longer each time
      self->delayed_send(self, link.backoff, atoms::reconnect_atom_v, i);
      link.backoff = std::min(max_backoff_, link.backoff * 2);
      return;
    }
    // remote_actor<Handle> checked the interface; the message carried it untyped.
    link.handle = caf::actor_cast<Handle>(handle);
    link.in_flight = 0;
    link.backoff = min_backoff_;
    self->monitor(handle);
  }

  template <class Self>
  void on_reconnect(Self* self, size_t i) {
    if (i < links_.size() && !links_[i].handle) connect(self, i);
  }

  /// True when the down message was about one of the nodes (then it is
  /// dropped and reconnected later).
  template <class Self>
  bool on_down(Self* self, const caf::down_msg& down) {
    for (size_t i = 0; i < links_.size(); ++i) {
      if (links_[i].handle && links_[i].handle.address() == down.source) {
        links_[i].handle = Handle{};
        links_[i].in_flight = 0;
        self->delayed_send(self, links_[i].backoff, atoms::reconnect_atom_v, i);
        return true;
      }
    }
    return false;
  }

  /// The connected node with the fewest requests in flight (ties: the lower
  /// index), other than `except`; -1 when there is none.
  int pick(int except = -1) const {
    int best = -1;
    for (size_t i = 0; i < links_.size(); ++i) {
      if (!links_[i].handle || static_cast<int>(i) == except) continue;
      if (best < 0 || links_[i].in_flight < links_[best].in_flight) best = static_cast<int>(i);
    }
    return best;
  }

  NodeLink<Handle>& operator[](size_t i) { return links_[i]; }
  size_t size() const { return links_.size(); }

  /// "127.0.0.1:4242 up, 127.0.0.1:4243 down" for error messages.
  std::string describe() const {
    std::string out;
    for (const auto& l : links_) out += (out.empty() ? "" : ", ") + l.address.text() + (l.handle ? " up" : " down");
    return out;
  }

 private:
  template <class Self>
  void connect(Self* self, size_t i) {
    // What the connecting actor needs goes in as arguments, not captures:
    // CAF 0.17 spawns a function that takes none through a null argument
    // tuple (init_fun_factory.hpp:85), which UBSan reports.
    self->system().template spawn<caf::detached>(
      [](caf::event_based_actor* conn, caf::actor owner, size_t i, NodeAddress address, bool tls) {
        auto handle = tls ? caf::openssl::remote_actor<Handle>(conn->system(), address.host, address.port)
                          : conn->system().middleman().template remote_actor<Handle>(address.host, address.port);
        conn->send(owner, atoms::connected_atom_v, i, handle ? caf::actor_cast<caf::actor>(*handle) : caf::actor{});
        conn->quit();
      },
      caf::actor_cast<caf::actor>(self), i, links_[i].address, tls_);
  }

  std::vector<NodeLink<Handle>> links_;
  std::chrono::milliseconds min_backoff_{200};
  std::chrono::milliseconds max_backoff_{5000};
  bool tls_ = false;
};

}  // namespace interec
