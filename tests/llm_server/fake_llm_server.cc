#include "tests/llm_server/fake_llm_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstring>
#include <map>
#include <mutex>
#include <queue>
#include <stdexcept>
#include <thread>

namespace interec::test {
namespace {

using Clock = std::chrono::steady_clock;

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

const char* reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

std::string render(const FakeResponse& r) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + reason(r.status) + "\r\n";
  out += "Content-Type: application/json\r\nContent-Length: " + std::to_string(r.body.size()) + "\r\n";
  for (const auto& h : r.headers) out += h + "\r\n";
  out += "\r\n";
  out += r.body;
  return out;
}

struct Conn {
  int fd = -1;
  std::string in;
  std::string out;
  bool waiting = false;  // a delayed answer is scheduled
};

struct Due {
  Clock::time_point at;
  uint64_t conn;
  FakeResponse response;
  bool operator>(const Due& o) const { return at > o.at; }
};

}  // namespace

std::string FakeRequest::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return {};
}

std::string FakeRequest::last_message(const std::string& role) const {
  if (!json.is_object() || !json.contains("messages") || !json["messages"].is_array()) return {};
  std::string found;
  for (const auto& m : json["messages"])
    if (m.is_object() && m.value("role", "") == role && m.contains("content") && m["content"].is_string())
      found = m["content"].get<std::string>();
  return found;
}

std::string FakeRequest::prompt() const {
  if (!json.is_object() || !json.contains("messages") || !json["messages"].is_array()) return {};
  std::string all;
  for (const auto& m : json["messages"])
    if (m.is_object() && m.contains("content") && m["content"].is_string())
      all += m["content"].get<std::string>() + "\n";
  return all;
}

FakeResponse FakeResponse::chat(const std::string& content, std::chrono::milliseconds delay) {
  nlohmann::json j = {
    {"id", "chatcmpl-test"},
    {"object", "chat.completion"},
    {"model", "test"},
    {"choices", {{{"index", 0}, {"message", {{"role", "assistant"}, {"content", content}}},
                  {"finish_reason", "stop"}}}},
  };
  FakeResponse r;
  r.body = j.dump();
  r.delay = delay;
  return r;
}

FakeResponse FakeResponse::error(int status, std::chrono::milliseconds delay) {
  FakeResponse r;
  r.status = status;
  r.body = R"({"error": {"message": "scripted failure"}})";
  r.delay = delay;
  return r;
}

struct FakeLlmServer::Impl {
  Handler handler;
  int listen_fd = -1;
  int epoll_fd = -1;
  int wake_fd = -1;
  uint16_t port = 0;
  std::atomic<bool> stop{false};
  mutable std::mutex mu;
  std::vector<FakeRequest> log;
  // Requests received and not yet answered (nor their connection closed),
  // and the most there were at once; guarded by mu.
  size_t in_flight = 0;
  size_t max_in_flight = 0;
  std::thread thread;

  std::map<uint64_t, Conn> conns;
  std::map<int, uint64_t> by_fd;
  uint64_t next_id = 1;
  std::priority_queue<Due, std::vector<Due>, std::greater<Due>> timers;

  void settle(Conn& c) {
    if (!c.waiting) return;
    c.waiting = false;
    std::lock_guard<std::mutex> lock(mu);
    --in_flight;
  }

  void close_conn(uint64_t id) {
    auto it = conns.find(id);
    if (it == conns.end()) return;
    settle(it->second);
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, it->second.fd, nullptr);
    ::close(it->second.fd);
    by_fd.erase(it->second.fd);
    conns.erase(it);
  }

  void flush(uint64_t id) {
    auto it = conns.find(id);
    if (it == conns.end()) return;
    Conn& c = it->second;
    while (!c.out.empty()) {
      ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
      if (n > 0) {
        c.out.erase(0, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      close_conn(id);
      return;
    }
    epoll_event ev{};
    ev.events = EPOLLIN | (c.out.empty() ? 0u : static_cast<uint32_t>(EPOLLOUT));
    ev.data.fd = c.fd;
    epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c.fd, &ev);
  }

  void answer(uint64_t id, const FakeResponse& r) {
    auto it = conns.find(id);
    if (it == conns.end()) return;
    settle(it->second);
    if (r.drop) {
      close_conn(id);
      return;
    }
    it->second.out += render(r);
    flush(id);
    parse(id);  // a pipelined request may be waiting
  }

  // Takes one complete request off the connection's buffer, if there is one.
  void parse(uint64_t id) {
    auto it = conns.find(id);
    if (it == conns.end() || it->second.waiting) return;
    Conn& c = it->second;
    size_t head_end = c.in.find("\r\n\r\n");
    if (head_end == std::string::npos) return;
    FakeRequest req;
    size_t line_end = c.in.find("\r\n");
    std::string line = c.in.substr(0, line_end);
    size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
    req.method = line.substr(0, sp1);
    req.path = sp1 == std::string::npos ? "" : line.substr(sp1 + 1, sp2 - sp1 - 1);
    size_t length = 0;
    size_t pos = line_end + 2;
    while (pos < head_end) {
      size_t e = c.in.find("\r\n", pos);
      std::string h = c.in.substr(pos, e - pos);
      pos = e + 2;
      size_t colon = h.find(':');
      if (colon == std::string::npos) continue;
      std::string name = lower(h.substr(0, colon));
      std::string value = h.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      if (name == "content-length") length = std::stoul(value);
      req.headers.emplace_back(name, value);
    }
    if (c.in.size() < head_end + 4 + length) return;
    req.body = c.in.substr(head_end + 4, length);
    c.in.erase(0, head_end + 4 + length);
    req.json = nlohmann::json::parse(req.body, nullptr, false);
    if (req.json.is_discarded()) req.json = nullptr;
    size_t index;
    {
      std::lock_guard<std::mutex> lock(mu);
      index = log.size();
      log.push_back(req);
      max_in_flight = std::max(max_in_flight, ++in_flight);
    }
    FakeResponse r;
    try {
      r = handler(req, index);
    } catch (...) {
      r = FakeResponse::error(500);
    }
    c.waiting = true;
    if (r.delay.count() > 0) timers.push(Due{Clock::now() + r.delay, id, std::move(r)});
    else answer(id, r);
  }

  void accept_all() {
    while (true) {
      int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      uint64_t id = next_id++;
      conns[id].fd = fd;
      by_fd[fd] = id;
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.fd = fd;
      epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev);
    }
  }

  void readable(int fd) {
    auto f = by_fd.find(fd);
    if (f == by_fd.end()) return;
    uint64_t id = f->second;
    char buf[65536];
    while (true) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n > 0) {
        conns[id].in.append(buf, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      close_conn(id);  // peer closed or failed
      return;
    }
    parse(id);
  }

  void run() {
    epoll_event events[256];
    while (!stop.load()) {
      int timeout_ms = 1000;
      if (!timers.empty()) {
        auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(timers.top().at - Clock::now());
        timeout_ms = static_cast<int>(std::max<long>(0, std::min<long>(wait.count() + 1, 1000)));
      }
      int n = epoll_wait(epoll_fd, events, 256, timeout_ms);
      for (int k = 0; k < n; ++k) {
        int fd = events[k].data.fd;
        if (fd == listen_fd) accept_all();
        else if (fd == wake_fd) {
          uint64_t v;
          [[maybe_unused]] auto r = ::read(wake_fd, &v, sizeof v);
        } else {
          auto f = by_fd.find(fd);
          if (f == by_fd.end()) continue;
          if (events[k].events & EPOLLOUT) flush(f->second);
          if (events[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) readable(fd);
        }
      }
      const auto now = Clock::now();
      while (!timers.empty() && timers.top().at <= now) {
        Due d = timers.top();
        timers.pop();
        answer(d.conn, d.response);
      }
    }
    for (auto& [id, c] : conns) ::close(c.fd);
  }
};

FakeLlmServer::FakeLlmServer(Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  impl_->listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(impl_->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(impl_->listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(impl_->listen_fd, 1024) != 0)
    throw std::runtime_error(std::string("fake LLM server: ") + std::strerror(errno));
  socklen_t len = sizeof addr;
  getsockname(impl_->listen_fd, reinterpret_cast<sockaddr*>(&addr), &len);
  impl_->port = ntohs(addr.sin_port);
  impl_->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  impl_->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  for (int fd : {impl_->listen_fd, impl_->wake_fd}) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    epoll_ctl(impl_->epoll_fd, EPOLL_CTL_ADD, fd, &ev);
  }
  impl_->thread = std::thread([this] { impl_->run(); });
}

FakeLlmServer::~FakeLlmServer() {
  impl_->stop.store(true);
  uint64_t v = 1;
  [[maybe_unused]] auto r = ::write(impl_->wake_fd, &v, sizeof v);
  impl_->thread.join();
  ::close(impl_->listen_fd);
  ::close(impl_->wake_fd);
  ::close(impl_->epoll_fd);
}

uint16_t FakeLlmServer::port() const { return impl_->port; }

std::string FakeLlmServer::url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->port) + "/v1";
}

std::vector<FakeRequest> FakeLlmServer::requests() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->log;
}

size_t FakeLlmServer::max_in_flight() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->max_in_flight;
}

size_t FakeLlmServer::request_count() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->log.size();
}

double FakeLlmServer::cpu_seconds() const {
  clockid_t cid;
  if (pthread_getcpuclockid(const_cast<std::thread&>(impl_->thread).native_handle(), &cid) != 0)
    return 0;
  timespec ts{};
  clock_gettime(cid, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

uint16_t FakeLlmServer::closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace interec::test
