// A non-blocking HTTP client: libcurl's multi interface on one dedicated I/O
// thread, so hundreds of LLM calls can be in flight without occupying a CAF
// scheduler thread. Plain C++ (no CAF): an actor posts a request with a
// callback that runs on the I/O thread and must only hand the result back
// (caf::anon_send), never block or touch actor state.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace interec {

struct HttpRequest {
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;                  // sent with POST; empty = GET
  /// Bound on the whole exchange, connecting included.
  std::chrono::milliseconds timeout{15000};
  /// A longer body aborts the exchange with error "response too large".
  size_t max_response_bytes = 1 << 20;
};

struct HttpResponse {
  /// HTTP status; 0 when no HTTP answer arrived (see error).
  long status = 0;
  std::string body;
  /// Transport failure, empty when an HTTP answer arrived: "timed out",
  /// "connection refused", "response too large", or curl's own words.
  std::string error;
  bool timed_out = false;
  /// From a Retry-After header (seconds form), else -1.
  long retry_after_ms = -1;
  double ms = 0;  // wall time of the exchange
};

class HttpClient {
 public:
  using Callback = std::function<void(HttpResponse)>;

  /// Starts the I/O thread.
  HttpClient();
  /// Stops the I/O thread; callbacks of exchanges still in flight are not
  /// called. Safe to run on any thread, the I/O thread included.
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// Thread-safe, returns at once. `done` runs exactly once on the I/O
  /// thread (unless the client is destroyed first); an exception it throws
  /// is swallowed.
  void send(HttpRequest request, Callback done);
  /// Blocks the calling thread until the exchange ends. For commands and
  /// tests, never for actor handlers.
  HttpResponse send_sync(HttpRequest request);
  /// Exchanges posted and not finished yet.
  size_t in_flight() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace interec
