#include "bridge/web_chat.h"

#include <iostream>
#include <thread>

#include <httplib.h>

#include "bridge/http_listen.h"
#include "bridge/protocol.h"
#include "bridge/shutdown_signals.h"

namespace interec {
namespace {

using json = nlohmann::json;

void answer_json(httplib::Response& res, const json& body, int status = 200) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

json local_error(const char* code, const std::string& message) {
  return {{"v", protocol::kVersion}, {"type", "error"}, {"id", nullptr},
          {"code", code},            {"message", message}};
}

}  // namespace

struct WebChat::Impl {
  WebChatOptions options;
  BridgeClient client;
  httplib::Server http;
  std::thread thread;
  int port = 0;

  explicit Impl(WebChatOptions o) : options(std::move(o)), client(options.client) {}

  // Forwards one browser request; the browser chooses user and session
  // within our channel, never the channel.
  void forward(const httplib::Request& req, httplib::Response& res, const char* type,
               bool with_text) {
    json in = json::parse(req.body, nullptr, false);
    if (!in.is_object()) return answer_json(res, local_error("bad_json", "expected a JSON object"), 400);
    json request = {{"type", type}, {"channel", options.channel}};
    for (const char* field : {"user", "session", "text"}) {
      if (!with_text && std::string(field) == "text") continue;
      if (in.contains(field)) request[field] = in[field];
    }
    answer_json(res, client.call(std::move(request)));
  }
};

WebChat::WebChat(WebChatOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  auto& o = impl_->options;
  if (!protocol::valid_channel(o.channel))
    throw std::runtime_error("web: --channel must match [A-Za-z0-9_.-]{1,64}");
  auto& http = impl_->http;
  http.set_payload_max_length(protocol::kMaxBodyBytes);
  http.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(web_chat_page(), "text/html; charset=utf-8");
  });
  Impl* impl = impl_.get();
  http.Post("/api/message", [impl](const httplib::Request& req, httplib::Response& res) {
    impl->forward(req, res, "message", true);
  });
  http.Post("/api/reset", [impl](const httplib::Request& req, httplib::Response& res) {
    impl->forward(req, res, "reset", false);
  });
  // A throwing handler answers 500 instead of ending the process.
  http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    answer_json(res, local_error("internal", "the web channel failed on this request"), 500);
  });
  impl_->port = bind_http(http, o.listen, 64, "web");
  impl_->thread = std::thread([impl] { impl->http.listen_after_bind(); });
}

WebChat::~WebChat() { stop(); }

int WebChat::port() const { return impl_->port; }

void WebChat::stop() {
  impl_->http.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

int run_web_chat(const WebChatOptions& options) {
  ShutdownSignals signals;
  WebChat web(options);
  std::cerr << "interec web: " << http_url(options.listen, web.port()) << " (channel " << options.channel << ", server " << options.client.endpoint << ")"
            << std::endl;
  signals.wait();
  std::cerr << "interec web: stopping" << std::endl;
  web.stop();
  return 0;
}

}  // namespace interec
