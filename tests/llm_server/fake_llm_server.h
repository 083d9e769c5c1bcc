// An OpenAI-compatible test server on 127.0.0.1 (ephemeral port), in
// process: it answers POST /v1/chat/completions (and any other path) with
// scripted responses, optionally after a delay, and records every request.
// One epoll thread serves every connection, so hundreds of delayed answers
// cost no threads and little CPU (the benchmark shares the machine with it).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace interec::test {

struct FakeRequest {
  std::string method;
  std::string path;  // with the query string
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  nlohmann::json json;  // the body parsed; null when it is not JSON

  /// The header's value, or "".
  std::string header(const std::string& lower_name) const;
  /// The text of the last message with `role` in a chat request, or "".
  std::string last_message(const std::string& role = "user") const;
  /// Every message's content joined by "\n" (what the model would read).
  std::string prompt() const;
};

struct FakeResponse {
  int status = 200;
  std::string body;
  std::chrono::milliseconds delay{0};
  /// Extra header lines ("Retry-After: 0").
  std::vector<std::string> headers;
  /// Close the connection without answering.
  bool drop = false;

  /// A chat-completions answer whose message content is `content`.
  static FakeResponse chat(const std::string& content,
                           std::chrono::milliseconds delay = std::chrono::milliseconds(0));
  static FakeResponse error(int status, std::chrono::milliseconds delay = std::chrono::milliseconds(0));
};

class FakeLlmServer {
 public:
  /// `handler` runs on the server thread; `index` counts requests from 0.
  using Handler = std::function<FakeResponse(const FakeRequest& request, size_t index)>;

  explicit FakeLlmServer(Handler handler);
  ~FakeLlmServer();

  uint16_t port() const;
  /// "http://127.0.0.1:PORT/v1"
  std::string url() const;
  /// Every request so far, in arrival order.
  std::vector<FakeRequest> requests() const;
  size_t request_count() const;
  /// The most requests the server held at one time, received but not yet
  /// answered (a scripted delay holds one): more than one means the callers
  /// had calls open at the same time. A request whose connection closes
  /// before its answer stops counting then.
  size_t max_in_flight() const;
  /// CPU time the server thread has used (for benchmarks to subtract).
  double cpu_seconds() const;

  /// A 127.0.0.1 port on which nothing listens (bound, then closed).
  static uint16_t closed_port();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace interec::test
