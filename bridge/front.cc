#include "bridge/front.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>
#include <zmq.hpp>

#include "bridge/channel_socket.h"
#include "bridge/front_routing.h"
#include "bridge/protocol.h"

namespace interec {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace code = protocol::code;

// Channel requests read per wake-up, so a flood of requests cannot starve
// the answers coming back from the backends (and vice versa).
constexpr int kFrontReadBatch = 256;
constexpr int kAnswerBatch = 1024;
// A backend whose ping could not even be sent (no connection) is tried again
// this soon: ZeroMQ reconnects every 100 ms.
constexpr std::chrono::milliseconds kReconnectProbe{100};

std::string ms_text(std::chrono::milliseconds ms) { return std::to_string(ms.count()) + " ms"; }

// Token of a wire id ("f12" for a forwarded request, "p13" for a ping); 0
// when the id is not one of ours.
uint64_t token_of(const std::string& id, char kind) {
  if (id.size() < 2 || id.size() > 21 || id[0] != kind) return 0;
  uint64_t token = 0;
  for (size_t i = 1; i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9') return 0;
    token = token * 10 + static_cast<uint64_t>(id[i] - '0');
  }
  return token;
}

}  // namespace

struct FrontServer::Impl {
  struct Backend {
    std::string endpoint;
    std::optional<zmq::socket_t> socket;
    bool up = false;
    uint64_t ping_token = 0;  // the ping awaiting its pong; 0 = none
    Clock::time_point ping_sent;
    Clock::time_point next_ping;
  };
  struct Pending {
    std::vector<std::string> envelope;
    std::string id;  // the client's
    std::string channel;
    std::string key;
    int backend;
    Clock::time_point deadline;
  };
  // While a key has requests in flight, they all went to this backend.
  struct Pin {
    int backend;
    size_t count;
  };

  FrontOptions options;
  std::string endpoint;
  std::thread thread;
  int wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  std::atomic<bool> stop_requested{false};
  std::mutex stop_mutex;

  ChannelCounters counters;
  std::atomic<uint64_t> forwarded{0}, unavailable{0}, timeouts{0}, in_flight{0}, backends_up{0};

  // Owned by the front thread only. Tokens grow and request_timeout is one
  // constant, so `pending` in token order is also in deadline order.
  std::vector<Backend> backends;
  std::vector<std::string> endpoints;
  std::map<uint64_t, Pending> pending;
  std::unordered_map<std::string, size_t> per_channel;
  std::unordered_map<std::string, Pin> pins;
  uint64_t next_token = 1;

  explicit Impl(FrontOptions o) : options(std::move(o)) {}
  ~Impl() {
    if (wake_fd >= 0) ::close(wake_fd);
  }

  void wake() {
    const uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd, &one, sizeof one);
  }

  bool send_to(Backend& b, const std::string& body) {
    try {
      // With `immediate`, a backend without a live connection has no pipe:
      // the send fails at once instead of queueing for a later reconnect.
      return b.socket->send(zmq::buffer(body), zmq::send_flags::dontwait).has_value();
    } catch (const zmq::error_t&) {
      return false;
    }
  }

  std::vector<bool> up_flags() const {
    std::vector<bool> up;
    for (const auto& b : backends) up.push_back(b.up);
    return up;
  }

  void mark_up(int index) {
    auto& b = backends[index];
    if (b.up) return;
    b.up = true;
    ++backends_up;
    std::cerr << "interec front: backend " << b.endpoint << " up" << std::endl;
  }

  // Stops routing to the backend. With `fail_in_flight`, its requests in
  // flight are answered `unavailable` now: their answers will not come.
  void mark_down(ChannelSocket& channels, int index, const std::string& reason,
                 bool fail_in_flight) {
    auto& b = backends[index];
    if (b.up) {
      b.up = false;
      --backends_up;
      std::cerr << "interec front: backend " << b.endpoint << " down (" << reason << ")"
                << std::endl;
    }
    if (!fail_in_flight) return;
    for (auto it = pending.begin(); it != pending.end();) {
      if (it->second.backend != index) {
        ++it;
        continue;
      }
      ++unavailable;
      channels.send_error(it->second.envelope, it->second.id, code::unavailable,
                          "the backend went down before answering (" + reason + "); retry");
      it = release(it);
    }
  }

  std::map<uint64_t, Pending>::iterator release(std::map<uint64_t, Pending>::iterator it) {
    const Pending& p = it->second;
    auto channel = per_channel.find(p.channel);
    if (channel != per_channel.end() && --channel->second == 0) per_channel.erase(channel);
    auto pin = pins.find(p.key);
    if (pin != pins.end() && --pin->second.count == 0) pins.erase(pin);
    --in_flight;
    return pending.erase(it);
  }

  void handle_request(ChannelSocket& channels, ChannelSocket::Incoming& in, bool draining) {
    auto& request = in.request;
    if (draining) {
      channels.send_error(in.envelope, request.id, code::shutting_down,
                          "the server is shutting down");
      return;
    }
    using protocol::RequestType;
    if (request.type == RequestType::ping) {
      channels.send(in.envelope,
                    protocol::encode("pong", request.id,
                                     {{"backends", backends.size()},
                                      {"backends_up", backends_up.load()}}),
                    false);
      return;
    }
    if (channels.refuse_forbidden(in)) return;
    const auto counted = per_channel.find(request.channel);
    const size_t channel_count = counted == per_channel.end() ? 0 : counted->second;
    if (in_flight >= options.max_in_flight || channel_count >= options.max_in_flight_per_channel) {
      channels.send_error(in.envelope, request.id, code::busy,
                          "too many requests in flight; retry shortly");
      return;
    }
    const bool has_session =
      request.type == RequestType::message || request.type == RequestType::reset ||
      request.type == RequestType::feedback;
    std::string key =
      front_routing_key(request.channel, request.user, has_session ? &request.session : nullptr);
    // The body as the client wrote it (unknown fields kept), with our token.
    json body = json::parse(in.body.data<char>(), in.body.data<char>() + in.body.size(), nullptr,
                            false);
    for (size_t attempt = 0; attempt < backends.size(); ++attempt) {
      int index = -1;
      if (auto pin = pins.find(key); pin != pins.end() && backends[pin->second.backend].up)
        index = pin->second.backend;
      else
        index = front_pick_backend(key, endpoints, up_flags());
      if (index < 0) break;
      const uint64_t token = next_token++;
      body["id"] = "f" + std::to_string(token);
      const std::string text = body.dump(-1, ' ', false, json::error_handler_t::replace);
      if (text.size() > protocol::kMaxBodyBytes) {
        channels.send_error(in.envelope, request.id, code::too_large,
                            "request of " + std::to_string(text.size()) +
                              " bytes with the front's id; at most " +
                              std::to_string(protocol::kMaxBodyBytes));
        return;
      }
      if (!send_to(backends[index], text)) {
        mark_down(channels, index, "cannot send to it: no connection", true);
        continue;  // not delivered: the next backend may take it
      }
      ++forwarded;
      ++in_flight;
      ++per_channel[request.channel];
      auto pin = pins.try_emplace(key, Pin{index, 0}).first;
      pin->second.backend = index;
      ++pin->second.count;
      const auto deadline = Clock::now() + options.request_timeout;
      pending.emplace(token, Pending{std::move(in.envelope), request.id, request.channel,
                                     std::move(key), index, deadline});
      return;
    }
    ++unavailable;
    channels.send_error(in.envelope, request.id, code::unavailable,
                        "no backend is up (0 of " + std::to_string(backends.size()) +
                          "); retry shortly");
  }

  void handle_answer(ChannelSocket& channels, int index, const zmq::message_t& frame) {
    const char* data = frame.data<char>();
    json answer = json::parse(data, data + frame.size(), nullptr, false);
    if (!answer.is_object()) return;
    auto id = answer.find("id");
    if (id == answer.end() || !id->is_string()) return;
    const std::string wire_id = id->get<std::string>();
    const bool is_error = answer.value("type", "") == "error";
    const bool stopping = is_error && answer.value("code", "") == code::shutting_down;
    auto& b = backends[index];
    if (const uint64_t ping = token_of(wire_id, 'p'); ping != 0) {
      if (ping != b.ping_token) return;
      b.ping_token = 0;
      if (answer.value("type", "") == "pong") mark_up(index);
      else if (stopping) mark_down(channels, index, "it is shutting down", false);
      return;
    }
    auto it = pending.find(token_of(wire_id, 'f'));
    if (it == pending.end() || it->second.backend != index) return;  // answered already
    if (stopping) {
      // The backend is going away, not the front: for the client this is
      // a request to retry, which the next backend will take.
      mark_down(channels, index, "it is shutting down", false);
      ++unavailable;
      channels.send_error(it->second.envelope, it->second.id, code::unavailable,
                          "the backend is shutting down; retry");
      release(it);
      return;
    }
    answer["id"] = it->second.id.empty() ? json(nullptr) : json(it->second.id);
    channels.send(it->second.envelope, answer.dump(-1, ' ', false, json::error_handler_t::replace),
                  is_error);
    release(it);
  }

  void receive_answers(ChannelSocket& channels, int index) {
    auto& socket = *backends[index].socket;
    for (int n = 0; n < kAnswerBatch; ++n) {
      zmq::message_t frame;
      if (!socket.recv(frame, zmq::recv_flags::dontwait)) return;
      if (frame.more()) {  // not an answer of the protocol: skip all of it
        while (frame.more() && socket.recv(frame, zmq::recv_flags::dontwait)) {
        }
        continue;
      }
      try {
        handle_answer(channels, index, frame);
      } catch (const std::exception& e) {  // a backend speaking something odd
        std::cerr << "interec front: ignored an answer of " << backends[index].endpoint << ": "
                  << e.what() << std::endl;
      }
    }
  }

  void ping(ChannelSocket& channels, Clock::time_point now) {
    for (size_t i = 0; i < backends.size(); ++i) {
      auto& b = backends[i];
      if (b.ping_token != 0 && now - b.ping_sent >= options.ping_timeout) {
        b.ping_token = 0;
        mark_down(channels, static_cast<int>(i),
                  "no answer to a ping in " + ms_text(options.ping_timeout), true);
      }
      if (b.ping_token != 0 || now < b.next_ping) continue;
      const uint64_t token = next_token++;
      if (send_to(b, protocol::encode("ping", "p" + std::to_string(token)))) {
        b.ping_token = token;
        b.ping_sent = now;
        b.next_ping = now + options.ping_interval;
      } else {
        mark_down(channels, static_cast<int>(i), "no connection", true);
        b.next_ping = now + std::min(options.ping_interval, kReconnectProbe);
      }
    }
  }

  // Requests past their deadline get `timeout`, and their backend is down.
  void expire(ChannelSocket& channels, Clock::time_point now) {
    while (!pending.empty() && pending.begin()->second.deadline <= now) {
      auto it = pending.begin();
      const int index = it->second.backend;
      ++timeouts;
      channels.send_error(it->second.envelope, it->second.id, code::timeout,
                          "the backend did not answer in time");
      release(it);
      mark_down(channels, index,
                "a request had no answer in " + ms_text(options.request_timeout), true);
    }
  }

  Clock::time_point next_timer() const {
    auto next = Clock::time_point::max();
    for (const auto& b : backends) {
      next = std::min(next, b.next_ping);
      if (b.ping_token != 0) next = std::min(next, b.ping_sent + options.ping_timeout);
    }
    if (!pending.empty()) next = std::min(next, pending.begin()->second.deadline);
    return next;
  }

  void run(std::promise<std::string>& ready) {
    zmq::context_t context(1);
    std::optional<ChannelSocket> channels;
    try {
      channels.emplace(context,
                       ChannelSocket::Options{options.bind, options.curve, options.allowed_keys},
                       counters);
      for (const auto& endpoint : options.backends) {
        Backend b;
        b.endpoint = endpoint;
        b.socket.emplace(context, zmq::socket_type::dealer);
        b.socket->set(zmq::sockopt::linger, 0);
        b.socket->set(zmq::sockopt::immediate, 1);
        // Never the bound: in-flight requests are capped below it.
        b.socket->set(zmq::sockopt::sndhwm, static_cast<int>(options.max_in_flight) + 1000);
        b.socket->set(zmq::sockopt::rcvhwm, static_cast<int>(options.max_in_flight) + 1000);
        try {
          b.socket->connect(endpoint);
        } catch (const zmq::error_t& e) {
          throw std::runtime_error("front: cannot connect to backend " + endpoint + ": " +
                                   e.what());
        }
        backends.push_back(std::move(b));
        endpoints.push_back(endpoint);
      }
      ready.set_value(channels->endpoint());
    } catch (...) {
      backends.clear();
      channels.reset();
      ready.set_exception(std::current_exception());
      return;
    }
    loop(*channels);
    // Sockets close (linger 0) before the context, as libzmq requires.
    backends.clear();
    channels.reset();
  }

  void loop(ChannelSocket& channels) {
    bool draining = false;
    auto drain_deadline = Clock::time_point::max();
    const int n_backends = static_cast<int>(backends.size());
    std::vector<zmq_pollitem_t> items(3 + backends.size());
    while (true) {
      const int n = channels.poll_items(items.data());
      items[n] = {nullptr, wake_fd, ZMQ_POLLIN, 0};
      for (int i = 0; i < n_backends; ++i)
        items[n + 1 + i] = {backends[i].socket->handle(), 0, ZMQ_POLLIN, 0};
      const auto until = std::min(next_timer(), drain_deadline);
      auto wait = std::chrono::milliseconds(-1);
      if (until != Clock::time_point::max()) {
        using std::chrono::milliseconds;
        const auto left = std::chrono::duration_cast<milliseconds>(until - Clock::now());
        wait = std::max(milliseconds(0), left + milliseconds(1));
      }
      zmq::poll(items.data(), n + 1 + n_backends, wait);
      if (items[n].revents & ZMQ_POLLIN) {
        uint64_t count;
        [[maybe_unused]] auto r = ::read(wake_fd, &count, sizeof count);
      }
      for (int i = 0; i < n_backends; ++i)
        if (items[n + 1 + i].revents & ZMQ_POLLIN) receive_answers(channels, i);
      if (channels.after_poll(items.data())) {
        for (int k = 0; k < kFrontReadBatch; ++k) {
          ChannelSocket::Incoming in;
          const auto read = channels.receive(in);
          if (read == ChannelSocket::Read::none) break;
          if (read == ChannelSocket::Read::request) handle_request(channels, in, draining);
        }
      }
      const auto now = Clock::now();
      ping(channels, now);
      expire(channels, now);
      if (stop_requested && !draining) {
        draining = true;
        drain_deadline = now + options.drain_timeout;
      }
      if (draining && (pending.empty() || Clock::now() >= drain_deadline)) break;
    }
    for (auto it = pending.begin(); it != pending.end();) {
      channels.send_error(it->second.envelope, it->second.id, code::shutting_down,
                          "the server shut down before this request finished");
      it = release(it);
    }
  }
};

FrontServer::FrontServer(FrontOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  auto& o = impl_->options;
  if (impl_->wake_fd < 0) throw std::runtime_error("front: cannot create an eventfd");
  if (o.backends.empty()) throw std::runtime_error("front: no backends");
  if (std::set<std::string>(o.backends.begin(), o.backends.end()).size() != o.backends.size())
    throw std::runtime_error("front: a backend is listed twice");
  if (o.curve.secret_key.empty() != o.allowed_keys.empty())
    throw std::runtime_error(
      "front: CURVE needs both a server secret key and at least one allowed client key");
  if (o.max_in_flight == 0 || o.max_in_flight_per_channel == 0)
    throw std::runtime_error("front: in-flight limits must be positive");
  if (o.max_in_flight > 1000000)
    throw std::runtime_error("front: max_in_flight is at most 1000000");
  if (o.request_timeout.count() <= 0 || o.ping_interval.count() <= 0 ||
      o.ping_timeout.count() <= 0)
    throw std::runtime_error(
      "front: request_timeout, ping_interval and ping_timeout must be positive");
  std::promise<std::string> ready;
  auto endpoint = ready.get_future();
  impl_->thread = std::thread([this, &ready] { impl_->run(ready); });
  try {
    impl_->endpoint = endpoint.get();
  } catch (const zmq::error_t& e) {
    impl_->thread.join();
    throw std::runtime_error("front: cannot bind " + o.bind + ": " + e.what());
  } catch (...) {
    impl_->thread.join();
    throw;
  }
}

FrontServer::~FrontServer() { stop(); }

const std::string& FrontServer::endpoint() const { return impl_->endpoint; }

void FrontServer::stop() {
  std::lock_guard<std::mutex> lock(impl_->stop_mutex);
  if (!impl_->thread.joinable()) return;
  impl_->stop_requested = true;
  impl_->wake();
  impl_->thread.join();
}

FrontServer::Stats FrontServer::stats() const {
  const auto& i = *impl_;
  const auto& c = i.counters;
  return {c.requests, c.replies,   c.errors,    c.busy,         c.dropped,
          i.forwarded, i.unavailable, i.timeouts, i.in_flight, i.backends_up};
}

}  // namespace interec
