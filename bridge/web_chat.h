// `interec web --connect EP --listen HOST:PORT`: the web chat channel. One
// page (bridge/web/index.html, embedded in the binary) and a small JSON API
// that forwards to `interec serve` over the bridge protocol:
//   GET  /                     the page
//   GET  /favicon.ico          the icon (SVG)
//   GET  /api/status           {"server": "up"|"down"|"unknown"}
//   POST /api/message          {"session", "text"}             -> reply
//   POST /api/reset            {"session"}                     -> reset_ok
//   POST /api/feedback         {"session", "item_id", "kind"}  -> feedback_ok
//   POST /api/item             {"item_id"}                     -> item (details)
//   GET  /api/profile          -> profile
//   GET  /api/profile/export   -> the profile as a JSON download
//   POST /api/profile/delete   -> profile_deleted; the browser gets a new identity
// Identity: the user is the one named by the signed session cookie
// (bridge/web/session_cookie.h), issued on the first request; any user id a
// request body names is ignored. The channel is fixed by this process. POSTs
// must be `Content-Type: application/json` (a cross-site form cannot send
// that), and the cookie is SameSite=Strict.
//
// A background ping (every 2 s, 1.5 s bound) tracks whether the server is up;
// while it is down, requests are answered at once with `unavailable` instead
// of waiting out the turn bound, so the page can say so immediately.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "bridge/client.h"

namespace interec {

struct WebChatOptions {
  BridgeClientOptions client;
  /// "HOST:PORT"; port 0 = any free port.
  std::string listen = "127.0.0.1:8080";
  std::string channel = "web";
  /// File holding the cookie-signing secret, created (random, mode 0600)
  /// when missing. "" = a random secret per process: identities, and so
  /// profiles, are lost on restart (a warning says so).
  std::string secret_file;
  /// Mark the cookie Secure (the site is served over HTTPS, e.g. behind a
  /// TLS-terminating proxy).
  bool secure_cookie = false;
  /// Bound on the server answering one turn. Default 40 s.
  std::chrono::milliseconds turn_timeout{40000};
  /// At start, a server that does not answer a ping within this is
  /// reported on stderr (the page then says so and the watch retries).
  /// Default 5 s (--connect-timeout SECONDS).
  std::chrono::milliseconds connect_timeout{5000};
};

/// The embedded page (generated from bridge/web/index.html).
const char* web_chat_page();

class WebChat {
 public:
  /// Binds the HTTP port. Throws std::runtime_error when it cannot.
  explicit WebChat(WebChatOptions options);
  /// stop(), then joins.
  ~WebChat();
  WebChat(const WebChat&) = delete;
  WebChat& operator=(const WebChat&) = delete;

  /// The port actually bound.
  int port() const;
  /// Stops serving HTTP; idempotent.
  void stop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

/// Runs the web chat until SIGINT/SIGTERM. Returns the exit code.
int run_web_chat(const WebChatOptions& options);

/// `interec web ...`: reads the flags (argv[2..]), then runs.
int web_chat_command(int argc, char** argv);

}  // namespace interec
