#include "bridge/client.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include <zmq.hpp>

#include "bridge/protocol.h"

namespace interec {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

json client_error(const std::string& id, const char* code, const std::string& message) {
  return {{"v", protocol::kVersion}, {"type", "error"}, {"id", id},
          {"code", code},            {"message", message}, {"local", true}};
}

}  // namespace

struct BridgeClient::Impl {
  struct Outgoing {
    json request;
    Callback done;
    std::chrono::milliseconds timeout;
  };
  struct Waiting {
    Callback done;
    Clock::time_point deadline;
  };

  BridgeClientOptions options;
  int wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  std::mutex mutex;
  std::vector<Outgoing> outbox;  // guarded by mutex
  std::atomic<bool> stopping{false};
  std::atomic<uint64_t> next_id{1};
  std::thread thread;

  // I/O thread only.
  std::unordered_map<std::string, Waiting> waiting;
  std::multimap<Clock::time_point, std::string> deadlines;

  ~Impl() { ::close(wake_fd); }

  void wake() {
    const uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd, &one, sizeof one);
  }

  static void call_back(const Callback& done, json answer) {
    // A throwing callback must not take the I/O thread (and every other
    // caller's answers) down with it.
    try {
      done(std::move(answer));
    } catch (...) {
    }
  }

  void send_outbox(zmq::socket_t& socket) {
    uint64_t count;
    [[maybe_unused]] auto n = ::read(wake_fd, &count, sizeof count);
    std::vector<Outgoing> batch;
    {
      std::lock_guard<std::mutex> lock(mutex);
      batch.swap(outbox);
    }
    for (auto& out : batch) {
      const std::string id = out.request["id"].get<std::string>();
      const std::string body = out.request.dump(-1, ' ', false, json::error_handler_t::replace);
      bool sent = false;
      try {
        sent = socket.send(zmq::buffer(body), zmq::send_flags::dontwait).has_value();
      } catch (const zmq::error_t&) {
      }
      if (!sent) {
        call_back(out.done, client_error(id, "busy", "the client's send queue is full"));
        continue;
      }
      const auto deadline = Clock::now() + out.timeout;
      waiting[id] = Waiting{std::move(out.done), deadline};
      deadlines.emplace(deadline, id);
    }
  }

  void receive(zmq::socket_t& socket) {
    while (true) {
      zmq::message_t frame;
      if (!socket.recv(frame, zmq::recv_flags::dontwait)) return;
      if (frame.more()) {  // not ours: skip the rest of it
        while (frame.more() && socket.recv(frame, zmq::recv_flags::dontwait)) {
        }
        continue;
      }
      json answer = json::parse(frame.to_string(), nullptr, false);
      if (!answer.is_object() || !answer.contains("id") || !answer["id"].is_string()) continue;
      auto it = waiting.find(answer["id"].get<std::string>());
      if (it == waiting.end()) continue;  // timed out already
      Callback done = std::move(it->second.done);
      waiting.erase(it);
      call_back(done, std::move(answer));
    }
  }

  void expire() {
    const auto now = Clock::now();
    while (!deadlines.empty() && deadlines.begin()->first <= now) {
      const std::string id = deadlines.begin()->second;
      deadlines.erase(deadlines.begin());
      auto it = waiting.find(id);
      if (it == waiting.end() || it->second.deadline > now) continue;
      Callback done = std::move(it->second.done);
      waiting.erase(it);
      call_back(done, client_error(id, "timeout", "no answer from the server in time"));
    }
  }

  void run(zmq::socket_t& socket) {
    while (!stopping) {
      zmq_pollitem_t items[2] = {{socket.handle(), 0, ZMQ_POLLIN, 0},
                                 {nullptr, wake_fd, ZMQ_POLLIN, 0}};
      auto wait = std::chrono::milliseconds(-1);
      if (!deadlines.empty())
        wait = std::max(std::chrono::milliseconds(0),
                        std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadlines.begin()->first - Clock::now()) +
                          std::chrono::milliseconds(1));
      zmq::poll(items, 2, wait);
      if (items[1].revents & ZMQ_POLLIN) send_outbox(socket);
      if (items[0].revents & ZMQ_POLLIN) receive(socket);
      expire();
    }
    for (auto& [id, w] : waiting)
      call_back(w.done, client_error(id, "disconnected", "the client was closed"));
    waiting.clear();
    std::vector<Outgoing> left;
    {
      std::lock_guard<std::mutex> lock(mutex);
      left.swap(outbox);
    }
    for (auto& out : left)
      call_back(out.done, client_error(out.request["id"].get<std::string>(), "disconnected",
                                      "the client was closed"));
  }
};

BridgeClient::BridgeClient(BridgeClientOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  if (impl_->wake_fd < 0) throw std::runtime_error("bridge client: cannot create an eventfd");
  std::promise<void> ready;
  auto connected = ready.get_future();
  impl_->thread = std::thread([impl = impl_.get(), &ready] {
    zmq::context_t context(1);
    std::optional<zmq::socket_t> socket;
    try {
      socket.emplace(context, zmq::socket_type::dealer);
      socket->set(zmq::sockopt::linger, 0);
      socket->set(zmq::sockopt::sndhwm, 100000);
      socket->set(zmq::sockopt::rcvhwm, 100000);
      const auto& o = impl->options;
      if (!o.curve.secret_key.empty()) {
        socket->set(zmq::sockopt::curve_serverkey, o.server_public_key);
        socket->set(zmq::sockopt::curve_publickey, o.curve.public_key);
        socket->set(zmq::sockopt::curve_secretkey, o.curve.secret_key);
      }
      socket->connect(o.endpoint);
      ready.set_value();
    } catch (...) {
      ready.set_exception(std::current_exception());
      return;
    }
    impl->run(*socket);
    socket.reset();
  });
  try {
    connected.get();
  } catch (const std::exception& e) {
    impl_->thread.join();
    throw std::runtime_error("cannot connect to " + impl_->options.endpoint + ": " + e.what());
  }
}

BridgeClient::~BridgeClient() {
  impl_->stopping = true;
  impl_->wake();
  impl_->thread.join();
}

void BridgeClient::send(json request, Callback done, std::chrono::milliseconds timeout) {
  if (!request.is_object()) request = json::object();
  if (!request.contains("v")) request["v"] = protocol::kVersion;
  // Always our own id: answers are matched by it, so it must be unique.
  request["id"] = "c" + std::to_string(impl_->next_id++);
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->outbox.push_back({std::move(request), std::move(done), timeout});
  }
  impl_->wake();
}

json BridgeClient::call(json request, std::chrono::milliseconds timeout) {
  auto answer = std::make_shared<std::promise<json>>();
  auto result = answer->get_future();
  send(std::move(request), [answer](json a) { answer->set_value(std::move(a)); }, timeout);
  return result.get();
}

}  // namespace interec
