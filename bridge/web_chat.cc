#include "bridge/web_chat.h"

#include <iostream>
#include <optional>
#include <thread>

#include <httplib.h>

#include "bridge/client_cli.h"
#include "bridge/http_listen.h"
#include "bridge/protocol.h"
#include "actors/shutdown_signals.h"
#include "bridge/web/server_watch.h"
#include "bridge/web/session_cookie.h"
#include "bridge/digest.h"
#include "config/cli_args.h"
#include "storage/text.h"

namespace interec {
namespace {

using json = nlohmann::json;

constexpr const char* kFavicon =
  R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#1d2330"/><path d="M14 40l10-22 8 14 6-8 12 16z" fill="#7fb0ff"/><circle cx="44" cy="20" r="6" fill="#ffd166"/></svg>)";

void answer_json(httplib::Response& res, const json& body, int status = 200) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

json page_error(const char* code, const std::string& message) {
  return {{"v", protocol::kVersion}, {"type", "error"}, {"id", nullptr},
          {"code", code},            {"message", message}};
}

bool server_missing(const json& answer) {
  const std::string code = answer.value("code", std::string());
  return answer.value("local", false) && (code == "timeout" || code == "disconnected");
}

}  // namespace

struct WebChat::Impl {
  WebChatOptions options;
  BridgeClient client;
  SessionCookies cookies;
  ServerWatch watch{client};
  httplib::Server http;
  std::thread thread;
  int port = 0;

  Impl(WebChatOptions o, std::string secret)
      : options(std::move(o)), client(options.client), cookies(std::move(secret), options.channel) {}

  // The user of the request's cookie; a new identity (and its Set-Cookie)
  // when it has none that verifies.
  std::string user_of(const httplib::Request& req, httplib::Response& res) {
    if (auto user = cookies.verify(SessionCookies::from_header(req.get_header_value("Cookie"))))
      return *user;
    auto issued = cookies.issue();
    res.set_header("Set-Cookie", SessionCookies::set_cookie(issued.value, options.secure_cookie));
    return issued.user;
  }

  // The JSON object of a POST body, or nullopt after answering the error.
  static std::optional<json> body_of(const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
      answer_json(res, page_error("bad_request", "send Content-Type: application/json"), 415);
      return std::nullopt;
    }
    // A browser or script may send bytes that are not UTF-8: replaced, so
    // the person's message still gets through (the server escapes controls).
    json in = json::parse(text::valid_utf8(req.body), nullptr, false);
    if (!in.is_object()) {
      answer_json(res, page_error("bad_json", "expected a JSON object"), 400);
      return std::nullopt;
    }
    return in;
  }

  // Sends `request` for the cookie's user; answers at once while the server
  // is known to be down.
  json call(json request, const std::string& user) {
    if (watch.state() == ServerWatch::State::down)
      return page_error("unavailable", "the recommender server is unreachable; retrying");
    request["channel"] = options.channel;
    request["user"] = user;
    json answer = client.call(std::move(request), options.turn_timeout);
    if (server_missing(answer)) {
      watch.saw_down();
      answer["code"] = "unavailable";
    }
    return answer;
  }

  // POST /api/TYPE: the fields the browser may set, then the user's call.
  void forward(const httplib::Request& req, httplib::Response& res, const char* type,
               std::initializer_list<const char*> fields) {
    auto in = body_of(req, res);
    if (!in) return;
    const std::string user = user_of(req, res);
    json request = {{"type", type}};
    for (const char* field : fields)
      if (in->contains(field)) request[field] = (*in)[field];
    answer_json(res, call(std::move(request), user));
  }

  void profile_routes() {
    http.Get("/api/profile", [this](const httplib::Request& req, httplib::Response& res) {
      answer_json(res, call({{"type", "profile_get"}}, user_of(req, res)));
    });
    http.Get("/api/profile/export", [this](const httplib::Request& req, httplib::Response& res) {
      json answer = call({{"type", "profile_get"}}, user_of(req, res));
      if (answer.value("type", std::string()) != "profile") return answer_json(res, answer, 503);
      res.set_header("Content-Disposition", "attachment; filename=\"interec-profile.json\"");
      res.set_content(json{{"channel", options.channel}, {"profile", answer["profile"]}}.dump(2),
                      "application/json");
    });
    http.Post("/api/profile/delete", [this](const httplib::Request& req, httplib::Response& res) {
      if (!body_of(req, res)) return;
      json answer = call({{"type", "profile_delete"}}, user_of(req, res));
      // Nothing links the browser to the erased user any more.
      if (answer.value("type", std::string()) == "profile_deleted")
        res.set_header("Set-Cookie", SessionCookies::clear_cookie(options.secure_cookie));
      answer_json(res, answer);
    });
  }

  void routes() {
    http.set_payload_max_length(protocol::kMaxBodyBytes);
    http.Get("/", [this](const httplib::Request& req, httplib::Response& res) {
      user_of(req, res);
      res.set_header("Cache-Control", "no-store");
      res.set_header("Content-Security-Policy",
                     "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                     "img-src 'self' data:");
      res.set_content(web_chat_page(), "text/html; charset=utf-8");
    });
    for (const char* path : {"/favicon.ico", "/favicon.svg"})
      http.Get(path, [](const httplib::Request&, httplib::Response& res) {
        res.set_header("Cache-Control", "max-age=86400");
        res.set_content(kFavicon, "image/svg+xml");
      });
    http.Get("/api/status", [this](const httplib::Request& req, httplib::Response& res) {
      user_of(req, res);
      answer_json(res, {{"server", ServerWatch::name(watch.state())}});
    });
    http.Post("/api/message", [this](const httplib::Request& req, httplib::Response& res) {
      forward(req, res, "message", {"session", "text"});
    });
    http.Post("/api/reset", [this](const httplib::Request& req, httplib::Response& res) {
      forward(req, res, "reset", {"session"});
    });
    http.Post("/api/feedback", [this](const httplib::Request& req, httplib::Response& res) {
      forward(req, res, "feedback", {"session", "item_id", "kind"});
    });
    http.Post("/api/item", [this](const httplib::Request& req, httplib::Response& res) {
      forward(req, res, "item", {"item_id"});
    });
    profile_routes();
    // A throwing handler answers 500 instead of ending the process.
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      answer_json(res, page_error("internal", "the web channel failed on this request"), 500);
    });
  }
};

WebChat::WebChat(WebChatOptions options) {
  if (!protocol::valid_channel(options.channel))
    throw std::runtime_error("web: --channel must match [A-Za-z0-9_.-]{1,64}");
  std::string secret = options.secret_file.empty()
                         ? random_hex(32)
                         : SessionCookies::load_or_create_secret(options.secret_file);
  impl_ = std::make_unique<Impl>(std::move(options), std::move(secret));
  impl_->routes();
  impl_->port = bind_http(impl_->http, impl_->options.listen, 64, "web");
  Impl* impl = impl_.get();
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
  if (options.secret_file.empty())
    std::cerr << "interec web: no --secret-file: identities (and with them profiles) are lost "
                 "when this process restarts"
              << std::endl;
  WebChat web(options);
  std::cerr << "interec web: " << http_url(options.listen, web.port()) << " (channel "
            << options.channel << ", server " << options.client.endpoint << ")" << std::endl;
  {
    // A web channel outlives restarts of its server, so an unreachable one
    // is reported, not fatal: the page shows it as down until it answers.
    BridgeClient probe(options.client);
    const json pong = probe.call({{"type", "ping"}}, options.connect_timeout);
    if (pong.value("type", "") != "pong")
      std::cerr << "interec web: no answer from " << options.client.endpoint << " within "
                << options.connect_timeout.count() / 1000 << " s; the page says the server is down "
                << "and retries" << std::endl;
  }
  signals.wait();
  std::cerr << "interec web: stopping" << std::endl;
  web.stop();
  return 0;
}

int web_chat_command(int argc, char** argv) {
  CliArgs args(argc, argv, 2, with_client_options({"listen", "channel", "secret-file", "connect-timeout"}),
               {"secure-cookie"});
  WebChatOptions options;
  options.client = client_options(args);
  options.connect_timeout = connect_timeout(args);
  options.listen = args.get("listen", options.listen);
  options.channel = args.get("channel", options.channel);
  options.secret_file = args.get("secret-file");
  options.secure_cookie = args.has("secure-cookie");
  return run_web_chat(options);
}

}  // namespace interec
