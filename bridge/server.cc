#include "bridge/server.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include <caf/all.hpp>
#include <zmq.hpp>

#include "actors/agent.h"
#include "actors/messages.h"
#include "bridge/channel_socket.h"
#include "bridge/protocol.h"
#include "bridge/reply_json.h"

namespace interec {
// Named, not anonymous: BridgeServer::Impl holds the Completions, and a class
// with external linkage must not hold a type of an anonymous namespace.
namespace bridge_server_detail {

// Answers from the actor system to the bridge thread. Producers are CAF
// threads; the bridge thread is the only consumer and polls `fd`.
class Completions {
 public:
  struct Entry {
    uint64_t token;
    std::string body;
    bool error;
  };

  Completions() : fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (fd_ < 0) throw std::runtime_error("serve: cannot create an eventfd");
  }
  ~Completions() { ::close(fd_); }

  void push(Entry entry) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      entries_.push_back(std::move(entry));
    }
    wake();
  }
  void wake() {
    const uint64_t one = 1;
    // EAGAIN means the counter is already non-zero: the poller will wake.
    [[maybe_unused]] auto n = ::write(fd_, &one, sizeof one);
  }
  std::vector<Entry> take() {
    uint64_t count;
    [[maybe_unused]] auto n = ::read(fd_, &count, sizeof count);
    std::lock_guard<std::mutex> lock(mutex_);
    return std::exchange(entries_, {});
  }
  int fd() const { return fd_; }

 private:
  int fd_;
  std::mutex mutex_;
  std::vector<Entry> entries_;
};

}  // namespace bridge_server_detail

namespace {

using json = nlohmann::json;
namespace code = protocol::code;

// Bodies read per wake-up before completions are sent back, so a flood of
// requests cannot starve the answers.
constexpr int kServerReadBatch = 256;

// Never lets an exception out of an actor handler (it would kill the
// forwarder and with it every later answer).
template <class F>
void complete(bridge_server_detail::Completions& out, uint64_t token, const std::string& id, F&& make_body) {
  try {
    out.push({token, make_body(), false});
  } catch (const std::exception& e) {
    out.push({token, protocol::encode_error(id, code::internal, e.what()), true});
  }
}

struct ForwarderState {
  static inline const char* name = "bridge_forwarder";
};

// The one actor between the bridge thread and the agent. Being one actor
// keeps the turns of a session in arrival order on their way to the router.
caf::behavior forwarder(caf::stateful_actor<ForwarderState>* self, RouterActor router,
                        MemoryActor memory, std::shared_ptr<bridge_server_detail::Completions> out,
                        std::chrono::milliseconds timeout, std::shared_ptr<const ItemCards> cards) {
  auto fail = [self, out](uint64_t token, const std::string& id) {
    return [self, out, token, id](caf::error& err) {
      const bool late = err == caf::sec::request_timeout;
      out->push({token,
                 protocol::encode_error(id, late ? code::timeout : code::internal,
                                        late ? "the agent did not answer in time"
                                             : self->system().render(err)),
                 true});
    };
  };
  return {
    [=](atoms::turn_atom atom, uint64_t token, const std::string& id, TurnRequest& request) {
      self->request(router, timeout, atom, std::move(request))
        .then(
          [=](TurnReply& reply) {
            complete(*out, token, id, [&] {
              json answer = reply_to_json(reply);
              if (cards) cards->add_attributes(answer["items"]);
              return protocol::encode("reply", id, std::move(answer));
            });
          },
          fail(token, id));
    },
    [=](atoms::reset_atom atom, uint64_t token, const std::string& id, const std::string& channel,
        const std::string& user, const std::string& session) {
      self->request(router, timeout, atom, channel, user, session)
        .then([=]() { complete(*out, token, id, [&] { return protocol::encode("reset_ok", id); }); },
              fail(token, id));
    },
    // The update is built here, inside the actor system (FeedbackRequest).
    [=](atoms::feedback_atom atom, uint64_t token, const std::string& id, const FeedbackRequest& feedback) {
      self->request(router, timeout, atom, feedback.channel, feedback.user, feedback.session,
                    feedback_update(feedback.verdict, feedback.item_id, feedback.title))
        .then(
          [=, item_id = feedback.item_id, title = feedback.title](MemoryAck& ack) {
            complete(*out, token, id, [&] {
              json item = {{"item_id", item_id}, {"title", title}};
              return ack.error ? protocol::encode_error(id, code::internal, ack.error->message)
                               : protocol::encode("feedback_ok", id, {{"item", item}});
            });
          },
          fail(token, id));
    },
    [=](atoms::profile_atom atom, uint64_t token, const std::string& id,
        const std::string& channel, const std::string& user) {
      self->request(memory, timeout, atom, channel, user)
        .then(
          [=](ProfileReply& profile) {
            complete(*out, token, id, [&] {
              if (profile.error) return protocol::encode_error(id, code::internal, profile.error->message);
              json view = json::parse(profile.view, nullptr, false);
              if (view.is_discarded()) view = nullptr;
              return protocol::encode("profile", id, {{"profile", view}});
            });
          },
          fail(token, id));
    },
    [=](atoms::forget_atom atom, uint64_t token, const std::string& id, const std::string& channel,
        const std::string& user) {
      self->request(memory, timeout, atom, channel, user)
        .then(
          [=](MemoryAck& ack) {
            complete(*out, token, id, [&] {
              return ack.error ? protocol::encode_error(id, code::internal, ack.error->message)
                               : protocol::encode("profile_deleted", id);
            });
          },
          fail(token, id));
    },
  };
}

}  // namespace

struct BridgeServer::Impl {
  caf::actor_system& sys;
  BridgeOptions options;
  caf::actor forwarder;
  std::shared_ptr<bridge_server_detail::Completions> completions = std::make_shared<bridge_server_detail::Completions>();
  std::string endpoint;
  std::thread thread;
  std::atomic<bool> stop_requested{false};
  std::mutex stop_mutex;

  ChannelCounters counters;
  std::atomic<uint64_t> in_flight{0};

  // Owned by the bridge thread only.
  struct Pending {
    std::vector<std::string> envelope;
    std::string channel;
    std::string id;
  };
  std::unordered_map<uint64_t, Pending> pending;
  std::unordered_map<std::string, size_t> per_channel;
  uint64_t next_token = 1;

  Impl(caf::actor_system& s, BridgeOptions o) : sys(s), options(std::move(o)) {}

  void release(const Pending& p) {
    auto it = per_channel.find(p.channel);
    if (it != per_channel.end() && --it->second == 0) per_channel.erase(it);
    --in_flight;
  }

  void deliver_completions(ChannelSocket& channels) {
    for (auto& entry : completions->take()) {
      auto it = pending.find(entry.token);
      if (it == pending.end()) continue;  // already answered at shutdown
      channels.send(it->second.envelope, entry.body, entry.error);
      release(it->second);
      pending.erase(it);
    }
  }

  void handle_request(ChannelSocket& channels, ChannelSocket::Incoming& in, bool draining) {
    auto& request = in.request;
    if (draining) {
      channels.send_error(in.envelope, request.id, code::shutting_down,
                          "the server is shutting down");
      return;
    }
    if (request.type == protocol::RequestType::ping) {
      channels.send(in.envelope, protocol::encode("pong", request.id), false);
      return;
    }
    if (channels.refuse_forbidden(in)) return;
    if (request.type == protocol::RequestType::item) return answer_item(channels, in);
    auto& channel_count = per_channel[request.channel];
    if (in_flight >= options.max_in_flight || channel_count >= options.max_in_flight_per_channel) {
      if (channel_count == 0) per_channel.erase(request.channel);
      channels.send_error(in.envelope, request.id, code::busy,
                          "too many requests in flight; retry shortly");
      return;
    }
    ++channel_count;
    ++in_flight;
    const uint64_t token = next_token++;
    pending.emplace(token, Pending{std::move(in.envelope), request.channel, request.id});
    using protocol::RequestType;
    switch (request.type) {
      case RequestType::message:
        caf::anon_send(forwarder, atoms::turn_atom_v, token, request.id,
                       TurnRequest{request.channel, request.user, request.session,
                                   std::move(request.text), request.items});
        break;
      case RequestType::reset:
        caf::anon_send(forwarder, atoms::reset_atom_v, token, request.id, request.channel,
                       request.user, request.session);
        break;
      case RequestType::profile_get:
        caf::anon_send(forwarder, atoms::profile_atom_v, token, request.id, request.channel,
                       request.user);
        break;
      case RequestType::profile_delete:
        caf::anon_send(forwarder, atoms::forget_atom_v, token, request.id, request.channel,
                       request.user);
        break;
      case RequestType::feedback:
        send_feedback(request, token);
        break;
      case RequestType::ping:
      case RequestType::item:
        break;
    }
  }

  // Details come from the catalog in memory: answered here, at once.
  void answer_item(ChannelSocket& channels, ChannelSocket::Incoming& in) {
    const auto& request = in.request;
    auto details = options.cards ? options.cards->details(request.item_id) : std::nullopt;
    if (!details)
      channels.send_error(in.envelope, request.id, code::bad_value,
                          "no item \"" + request.item_id + "\" in the catalog");
    else
      channels.send(in.envelope, protocol::encode("item", request.id, std::move(*details)), false);
  }

  // The feedback's item must exist; its update goes to the user's session.
  void send_feedback(protocol::Request& request, uint64_t token) {
    const Catalog* catalog = options.cards ? &options.cards->catalog() : nullptr;
    const auto item = catalog ? catalog->find(request.item_id) : std::nullopt;
    if (!item) {
      completions->push({token,
                         protocol::encode_error(request.id, code::bad_value,
                                                "no item \"" + request.item_id + "\" in the catalog"),
                         true});
      return;
    }
    caf::anon_send(forwarder, atoms::feedback_atom_v, token, request.id,
                   FeedbackRequest{request.channel, request.user, request.session, request.feedback,
                                   request.item_id, std::string(catalog->title(*item))});
  }

  void run(std::promise<std::string>& ready) {
    zmq::context_t context(1);
    std::optional<ChannelSocket> channels;
    try {
      channels.emplace(context,
                       ChannelSocket::Options{options.bind, options.curve, options.allowed_keys},
                       counters);
      ready.set_value(channels->endpoint());
    } catch (...) {
      ready.set_exception(std::current_exception());
      return;
    }
    loop(*channels);
    // Sockets close before the context, as libzmq requires; the context's
    // end then waits (bounded) for the answers still queued.
    channels.reset();
  }

  void loop(ChannelSocket& channels) {
    bool draining = false;
    auto deadline = std::chrono::steady_clock::time_point::max();
    while (true) {
      zmq_pollitem_t items[3];
      const int n = channels.poll_items(items);
      items[n] = {nullptr, completions->fd(), ZMQ_POLLIN, 0};
      auto wait = std::chrono::milliseconds(-1);
      if (draining)
        wait = std::max(std::chrono::milliseconds(0),
                        std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now()));
      zmq::poll(items, n + 1, wait);
      if (items[n].revents & ZMQ_POLLIN) deliver_completions(channels);
      if (channels.after_poll(items)) {
        for (int k = 0; k < kServerReadBatch; ++k) {
          ChannelSocket::Incoming in;
          const auto read = channels.receive(in);
          if (read == ChannelSocket::Read::none) break;
          if (read == ChannelSocket::Read::request) handle_request(channels, in, draining);
        }
      }
      if (stop_requested && !draining) {
        draining = true;
        deadline = std::chrono::steady_clock::now() + options.drain_timeout;
      }
      if (draining && (pending.empty() || std::chrono::steady_clock::now() >= deadline)) break;
    }
    for (auto& [token, p] : pending) {
      channels.send_error(p.envelope, p.id, code::shutting_down,
                          "the server shut down before this request finished");
      release(p);
    }
    pending.clear();
  }
};

BridgeServer::BridgeServer(caf::actor_system& sys, const Agent& agent, BridgeOptions options)
    : impl_(std::make_unique<Impl>(sys, std::move(options))) {
  auto& o = impl_->options;
  if (o.curve.secret_key.empty() != o.allowed_keys.empty())
    throw std::runtime_error(
      "serve: CURVE needs both a server secret key and at least one allowed client key");
  if (o.max_in_flight == 0 || o.max_in_flight_per_channel == 0)
    throw std::runtime_error("serve: in-flight limits must be positive");
  impl_->forwarder = sys.spawn(forwarder, agent.router, agent.memory, impl_->completions,
                               o.request_timeout, o.cards);
  std::promise<std::string> ready;
  auto endpoint = ready.get_future();
  impl_->thread = std::thread([this, &ready] { impl_->run(ready); });
  try {
    impl_->endpoint = endpoint.get();
  } catch (const zmq::error_t& e) {
    impl_->thread.join();
    caf::anon_send_exit(impl_->forwarder, caf::exit_reason::user_shutdown);
    throw std::runtime_error("serve: cannot bind " + o.bind + ": " + e.what());
  } catch (...) {
    impl_->thread.join();
    caf::anon_send_exit(impl_->forwarder, caf::exit_reason::user_shutdown);
    throw;
  }
}

BridgeServer::~BridgeServer() { stop(); }

const std::string& BridgeServer::endpoint() const { return impl_->endpoint; }

void BridgeServer::stop() {
  std::lock_guard<std::mutex> lock(impl_->stop_mutex);
  if (!impl_->thread.joinable()) return;
  impl_->stop_requested = true;
  impl_->completions->wake();
  impl_->thread.join();
  caf::anon_send_exit(impl_->forwarder, caf::exit_reason::user_shutdown);
}

BridgeServer::Stats BridgeServer::stats() const {
  const auto& c = impl_->counters;
  return {c.requests, c.replies, c.errors, c.busy, c.dropped, c.auth_refused, impl_->in_flight};
}

}  // namespace interec
