#include "brain/llm/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

namespace interec {
// Named, not anonymous: HttpClient::Impl holds Transfers, and a class with
// external linkage must not hold a type of an anonymous namespace.
namespace http_client_detail {

struct Transfer {
  HttpRequest request;
  HttpClient::Callback done;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  HttpResponse response;
  bool too_large = false;
  std::chrono::steady_clock::time_point start;

  ~Transfer() {
    if (headers) curl_slist_free_all(headers);
    if (easy) curl_easy_cleanup(easy);
  }
};

}  // namespace http_client_detail

namespace {

using Clock = std::chrono::steady_clock;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<http_client_detail::Transfer*>(user);
  const size_t bytes = size * n;
  if (t->response.body.size() + bytes > t->request.max_response_bytes) {
    t->too_large = true;
    return 0;  // makes curl abort the exchange with CURLE_WRITE_ERROR
  }
  t->response.body.append(data, bytes);
  return bytes;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<http_client_detail::Transfer*>(user);
  const size_t bytes = size * n;
  static constexpr char kName[] = "retry-after:";
  constexpr size_t kLen = sizeof(kName) - 1;
  if (bytes > kLen) {
    bool match = true;
    for (size_t k = 0; k < kLen && match; ++k)
      match = std::tolower(static_cast<unsigned char>(data[k])) == kName[k];
    if (match) {
      long seconds = std::strtol(std::string(data + kLen, bytes - kLen).c_str(), nullptr, 10);
      if (seconds >= 0) t->response.retry_after_ms = seconds * 1000;
    }
  }
  return bytes;
}

}  // namespace

struct HttpClient::Impl {
  std::mutex mu;
  std::deque<std::unique_ptr<http_client_detail::Transfer>> queued;
  std::atomic<bool> stop{false};
  std::atomic<size_t> in_flight{0};
  CURLM* multi = nullptr;
  std::thread thread;

  Impl() {
    global_init();
    multi = curl_multi_init();
    // Keep enough idle connections for hundreds of concurrent sessions, so
    // a turn reuses a connection instead of paying for a new one.
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, 1024L);
  }
  ~Impl() { curl_multi_cleanup(multi); }

  void start(http_client_detail::Transfer* t) {
    t->easy = curl_easy_init();
    CURL* e = t->easy;
    curl_easy_setopt(e, CURLOPT_URL, t->request.url.c_str());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);  // signals and threads do not mix
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(t->request.timeout.count()));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::min<long>(t->request.timeout.count(), 10000)));
    // A proxy from the environment must never see loopback traffic.
    curl_easy_setopt(e, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1");
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t);
    for (const auto& h : t->request.headers) t->headers = curl_slist_append(t->headers, h.c_str());
    if (!t->request.body.empty()) {
      // Without this curl waits for a "100 Continue" on bodies over 1 KiB.
      t->headers = curl_slist_append(t->headers, "Expect:");
      curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->request.body.c_str());
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, static_cast<long>(t->request.body.size()));
    }
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    t->start = Clock::now();
    curl_multi_add_handle(multi, e);
  }

  void finish(http_client_detail::Transfer* t, CURLcode code) {
    auto& r = t->response;
    r.ms = std::chrono::duration<double, std::milli>(Clock::now() - t->start).count();
    if (code == CURLE_OK) {
      curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &r.status);
    } else {
      r.status = 0;
      r.body.clear();
      if (t->too_large) r.error = "response too large";
      else if (code == CURLE_OPERATION_TIMEDOUT) {
        r.error = "timed out";
        r.timed_out = true;
      } else if (code == CURLE_COULDNT_CONNECT) r.error = "connection refused";
      else r.error = curl_easy_strerror(code);
    }
    curl_multi_remove_handle(multi, t->easy);
    try {
      t->done(std::move(r));
    } catch (...) {
    }
    in_flight.fetch_sub(1);
  }

  void loop(std::shared_ptr<Impl> keep_alive) {
    // Owned here; found again via CURLOPT_PRIVATE.
    std::deque<std::unique_ptr<http_client_detail::Transfer>> active;
    while (!stop.load()) {
      {
        std::lock_guard<std::mutex> lock(mu);
        while (!queued.empty()) {
          active.push_back(std::move(queued.front()));
          queued.pop_front();
          start(active.back().get());
        }
      }
      int running = 0;
      curl_multi_perform(multi, &running);
      int left = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        http_client_detail::Transfer* t = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
        finish(t, msg->data.result);
        for (auto it = active.begin(); it != active.end(); ++it)
          if (it->get() == t) {
            // Swap-remove: order does not matter, and the list may be long.
            std::swap(*it, active.back());
            active.pop_back();
            break;
          }
      }
      curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
    }
    for (auto& t : active) curl_multi_remove_handle(multi, t->easy);
    active.clear();
    (void)keep_alive;
  }
};

HttpClient::HttpClient() : impl_(std::make_shared<Impl>()) {
  impl_->thread = std::thread(&Impl::loop, impl_.get(), impl_);
}

HttpClient::~HttpClient() {
  impl_->stop.store(true);
  curl_multi_wakeup(impl_->multi);
  // The last owner may be a callback's capture, destroyed on the I/O thread
  // itself: then the thread, which holds the Impl alive, ends on its own.
  if (impl_->thread.get_id() == std::this_thread::get_id()) impl_->thread.detach();
  else impl_->thread.join();
}

void HttpClient::send(HttpRequest request, Callback done) {
  auto t = std::make_unique<http_client_detail::Transfer>();
  t->request = std::move(request);
  t->done = std::move(done);
  impl_->in_flight.fetch_add(1);
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->queued.push_back(std::move(t));
  }
  curl_multi_wakeup(impl_->multi);
}

HttpResponse HttpClient::send_sync(HttpRequest request) {
  auto promise = std::make_shared<std::promise<HttpResponse>>();
  auto future = promise->get_future();
  send(std::move(request), [promise](HttpResponse r) { promise->set_value(std::move(r)); });
  return future.get();
}

size_t HttpClient::in_flight() const { return impl_->in_flight.load(); }

}  // namespace interec
