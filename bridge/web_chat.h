// `interec web --connect EP --listen HOST:PORT`: the web chat channel. One
// page (bridge/web/index.html, embedded in the binary) and a small JSON API
// that forwards to `interec serve` over the bridge protocol:
//   GET  /                 the page
//   POST /api/message      {"user", "session", "text"} -> the protocol answer
//   POST /api/reset        {"user", "session"}         -> the protocol answer
// The channel name is fixed by this process (never taken from the browser),
// so a web user can only reach the users of its own channel.
#pragma once

#include <string>

#include "bridge/client.h"

namespace interec {

struct WebChatOptions {
  BridgeClientOptions client;
  /// "HOST:PORT"; port 0 = any free port.
  std::string listen = "127.0.0.1:8080";
  std::string channel = "web";
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

}  // namespace interec
