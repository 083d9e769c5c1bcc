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
#include "bridge/protocol.h"
#include "bridge/reply_json.h"

namespace interec {
namespace {

using json = nlohmann::json;
namespace code = protocol::code;

// Above this a client is disconnected by libzmq before we read the body:
// bounded memory against a hostile sender. Between 64 KiB and this, the
// request gets a `too_large` answer and the connection stays.
constexpr int64_t kMaxWireBytes = 1 << 20;
constexpr int kHighWaterMark = 10000;
// Bodies read per wake-up before completions are sent back, so a flood of
// requests cannot starve the answers.
constexpr int kReadBatch = 256;

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

// Never lets an exception out of an actor handler (it would kill the
// forwarder and with it every later answer).
template <class F>
void complete(Completions& out, uint64_t token, const std::string& id, F&& make_body) {
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
caf::behavior forwarder(caf::stateful_actor<ForwarderState>* self, caf::actor router,
                        caf::actor memory, std::shared_ptr<Completions> out,
                        std::chrono::milliseconds timeout) {
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
            complete(*out, token, id, [&] { return protocol::encode("reply", id, reply_to_json(reply)); });
          },
          fail(token, id));
    },
    [=](atoms::reset_atom atom, uint64_t token, const std::string& id, const std::string& channel,
        const std::string& user, const std::string& session) {
      self->request(router, timeout, atom, channel, user, session)
        .then([=]() { complete(*out, token, id, [&] { return protocol::encode("reset_ok", id); }); },
              fail(token, id));
    },
    [=](atoms::profile_atom atom, uint64_t token, const std::string& id,
        const std::string& channel, const std::string& user) {
      self->request(memory, timeout, atom, channel, user)
        .then(
          [=](std::string& profile) {
            complete(*out, token, id, [&] {
              json view = json::parse(profile, nullptr, false);
              if (view.is_discarded()) view = nullptr;
              if (view.is_object() && view.contains("error") && view.size() == 1)
                return protocol::encode_error(id, code::internal, view["error"].dump());
              return protocol::encode("profile", id, {{"profile", view}});
            });
          },
          fail(token, id));
    },
    [=](atoms::forget_atom atom, uint64_t token, const std::string& id, const std::string& channel,
        const std::string& user) {
      self->request(memory, timeout, atom, channel, user)
        .then(
          [=](std::string& error) {
            complete(*out, token, id, [&] {
              return error.empty() ? protocol::encode("profile_deleted", id)
                                   : protocol::encode_error(id, code::internal, error);
            });
          },
          fail(token, id));
    },
  };
}

std::string z85(const void* key32) {
  char text[41];
  if (!zmq_z85_encode(text, static_cast<const uint8_t*>(key32), 32)) return {};
  return std::string(text, 40);
}

}  // namespace

struct BridgeServer::Impl {
  caf::actor_system& sys;
  BridgeOptions options;
  caf::actor forwarder;
  std::shared_ptr<Completions> completions = std::make_shared<Completions>();
  std::string endpoint;
  std::thread thread;
  std::atomic<bool> stop_requested{false};
  std::mutex stop_mutex;

  std::atomic<uint64_t> requests{0}, replies{0}, errors{0}, busy{0}, dropped{0},
    auth_refused{0}, in_flight{0};

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

  void send(zmq::socket_t& router, const std::vector<std::string>& envelope,
            const std::string& body, bool is_error) {
    try {
      for (const auto& frame : envelope)
        if (!router.send(zmq::buffer(frame), zmq::send_flags::sndmore | zmq::send_flags::dontwait)) {
          ++dropped;
          return;
        }
      if (!router.send(zmq::buffer(body), zmq::send_flags::dontwait)) {
        ++dropped;
        return;
      }
    } catch (const zmq::error_t&) {
      // EHOSTUNREACH: the client has gone (router_mandatory tells us).
      ++dropped;
      return;
    }
    ++replies;
    if (is_error) ++errors;
  }

  void send_error(zmq::socket_t& router, const std::vector<std::string>& envelope,
                  const std::string& id, const char* error_code, const std::string& message) {
    if (error_code == std::string(code::busy)) ++busy;
    send(router, envelope, protocol::encode_error(id, error_code, message), true);
  }

  void release(const Pending& p) {
    auto it = per_channel.find(p.channel);
    if (it != per_channel.end() && --it->second == 0) per_channel.erase(it);
    --in_flight;
  }

  void deliver_completions(zmq::socket_t& router) {
    for (auto& entry : completions->take()) {
      auto it = pending.find(entry.token);
      if (it == pending.end()) continue;  // already answered at shutdown
      send(router, it->second.envelope, entry.body, entry.error);
      release(it->second);
      pending.erase(it);
    }
  }

  void handle_request(zmq::socket_t& router, std::vector<zmq::message_t>& frames, bool draining) {
    ++requests;
    std::vector<std::string> envelope;
    for (size_t i = 0; i + 1 < frames.size(); ++i) envelope.push_back(frames[i].to_string());
    // [routing id][JSON] from a DEALER, or [routing id][""][JSON] from a REQ.
    if (frames.size() < 2 || frames.size() > 3 || (frames.size() == 3 && frames[1].size() != 0)) {
      if (envelope.empty()) return;
      envelope.resize(1);
      send_error(router, envelope, "", code::bad_request,
                 "a request is one JSON frame (after an optional empty delimiter)");
      return;
    }
    auto& body = frames.back();
    auto parsed = protocol::parse_request(std::string_view(body.data<char>(), body.size()));
    if (auto* e = std::get_if<protocol::ParseError>(&parsed)) {
      send_error(router, envelope, e->id, e->code.c_str(), e->message);
      return;
    }
    auto& request = std::get<protocol::Request>(parsed);
    if (draining) {
      send_error(router, envelope, request.id, code::shutting_down, "the server is shutting down");
      return;
    }
    if (request.type == protocol::RequestType::ping) {
      send(router, envelope, protocol::encode("pong", request.id), false);
      return;
    }
    if (!options.curve.secret_key.empty()) {
      // The ZAP handler put the key's one channel into the User-Id property.
      const char* allowed = zmq_msg_gets(body.handle(), "User-Id");
      if (!allowed || request.channel != allowed) {
        send_error(router, envelope, request.id, code::forbidden,
                   "this client's key may not use channel \"" + request.channel + "\"");
        return;
      }
    }
    auto& channel_count = per_channel[request.channel];
    if (in_flight >= options.max_in_flight || channel_count >= options.max_in_flight_per_channel) {
      if (channel_count == 0) per_channel.erase(request.channel);
      send_error(router, envelope, request.id, code::busy,
                 "too many requests in flight; retry shortly");
      return;
    }
    ++channel_count;
    ++in_flight;
    const uint64_t token = next_token++;
    pending.emplace(token, Pending{std::move(envelope), request.channel, request.id});
    using protocol::RequestType;
    switch (request.type) {
      case RequestType::message:
        caf::anon_send(forwarder, atoms::turn_atom_v, token, request.id,
                       TurnRequest{request.channel, request.user, request.session,
                                   std::move(request.text)});
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
      case RequestType::ping:
        break;
    }
  }

  // ZAP (RFC 27): admit a CURVE client only when its key is listed, and tell
  // the ROUTER which channel it may use (the reply's user id).
  void handle_zap(zmq::socket_t& zap) {
    std::vector<zmq::message_t> frames;
    while (true) {
      zmq::message_t frame;
      if (!zap.recv(frame, zmq::recv_flags::dontwait)) break;
      const bool more = frame.more();
      frames.push_back(std::move(frame));
      if (!more) break;
    }
    if (frames.size() < 2) return;
    std::string status = "400", text = "key not allowed", user;
    if (frames.size() >= 7 && frames[5].to_string() == "CURVE" && frames[6].size() == 32) {
      auto it = options.allowed_keys.find(z85(frames[6].data()));
      if (it != options.allowed_keys.end()) {
        status = "200";
        text = "OK";
        user = it->second;
      }
    }
    if (status != "200") ++auth_refused;
    const std::string reply[] = {"1.0", frames[1].to_string(), status, text, user, ""};
    for (size_t i = 0; i < 6; ++i)
      zap.send(zmq::buffer(reply[i]), i < 5 ? zmq::send_flags::sndmore : zmq::send_flags::none);
  }

  void run(std::promise<std::string>& ready) {
    zmq::context_t context(1);
    std::optional<zmq::socket_t> zap;
    std::optional<zmq::socket_t> router;
    try {
      const bool curve = !options.curve.secret_key.empty();
      if (curve) {
        // Bound before the ROUTER exists, so no client is ever admitted
        // without a decision of ours.
        zap.emplace(context, zmq::socket_type::rep);
        zap->set(zmq::sockopt::linger, 0);
        zap->bind("inproc://zeromq.zap.01");
      }
      router.emplace(context, zmq::socket_type::router);
      router->set(zmq::sockopt::linger, 0);
      router->set(zmq::sockopt::router_mandatory, 1);
      router->set(zmq::sockopt::maxmsgsize, kMaxWireBytes);
      router->set(zmq::sockopt::rcvhwm, kHighWaterMark);
      router->set(zmq::sockopt::sndhwm, kHighWaterMark);
      if (curve) {
        router->set(zmq::sockopt::curve_server, 1);
        router->set(zmq::sockopt::curve_secretkey, options.curve.secret_key);
        router->set(zmq::sockopt::zap_domain, "interec");
      }
      router->bind(options.bind);
      ready.set_value(router->get(zmq::sockopt::last_endpoint));
    } catch (...) {
      ready.set_exception(std::current_exception());
      return;
    }
    loop(*router, zap ? &*zap : nullptr);
    // Sockets close (linger 0) before the context, as libzmq requires.
    router.reset();
    zap.reset();
  }

  void loop(zmq::socket_t& router, zmq::socket_t* zap) {
    bool draining = false;
    auto deadline = std::chrono::steady_clock::time_point::max();
    while (true) {
      zmq_pollitem_t items[3] = {
        {router.handle(), 0, ZMQ_POLLIN, 0},
        {nullptr, completions->fd(), ZMQ_POLLIN, 0},
        {zap ? zap->handle() : nullptr, 0, ZMQ_POLLIN, 0},
      };
      auto wait = std::chrono::milliseconds(-1);
      if (draining)
        wait = std::max(std::chrono::milliseconds(0),
                        std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now()));
      zmq::poll(items, zap ? 3 : 2, wait);
      if (items[1].revents & ZMQ_POLLIN) deliver_completions(router);
      if (zap && (items[2].revents & ZMQ_POLLIN)) handle_zap(*zap);
      if (items[0].revents & ZMQ_POLLIN) {
        for (int n = 0; n < kReadBatch; ++n) {
          std::vector<zmq::message_t> frames;
          bool got = false;
          while (true) {
            zmq::message_t frame;
            if (!router.recv(frame, zmq::recv_flags::dontwait)) break;
            got = true;
            const bool more = frame.more();
            frames.push_back(std::move(frame));
            if (!more) break;
          }
          if (!got) break;
          handle_request(router, frames, draining);
        }
      }
      if (stop_requested && !draining) {
        draining = true;
        deadline = std::chrono::steady_clock::now() + options.drain_timeout;
      }
      if (draining && (pending.empty() || std::chrono::steady_clock::now() >= deadline)) break;
    }
    for (auto& [token, p] : pending) {
      send_error(router, p.envelope, p.id, code::shutting_down,
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
                               o.request_timeout);
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
  const auto& i = *impl_;
  return {i.requests, i.replies, i.errors, i.busy, i.dropped, i.auth_refused, i.in_flight};
}

}  // namespace interec
