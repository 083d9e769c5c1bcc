// `interec openai-api --connect EP --listen HOST:PORT [--api-keys FILE]`:
// an OpenAI-compatible HTTP endpoint in front of `interec serve` (or
// `interec front`), so chat front ends and bot frameworks that speak the
// OpenAI API use interec as a model. Routes:
//   POST /v1/chat/completions   one turn (bridge/openai_api/chat_completion.h);
//                               `stream: true` answers with server-sent events
//   GET  /v1/models             the one model, "interec"
//   GET  /v1/models/interec
// Anything else is a 404 in OpenAI's error shape. Every request gets an
// answer; a malformed one an OpenAI-shaped 4xx, never a crash.
//
// The channel (`--channel`, default "openai") is fixed by this process;
// users and conversations come from the request (see chat_completion.h).
// A turn is one bridge `message` request (plus a `reset` before the first
// turn of a conversation named by its hash), sent through one BridgeClient.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "bridge/client.h"

namespace interec {

struct OpenAiApiOptions {
  BridgeClientOptions client;
  /// "HOST:PORT"; port 0 = any free port.
  std::string listen = "127.0.0.1:8000";
  std::string channel = "openai";
  /// `account = key` lines (bridge/openai_api/api_keys.h); "" = no keys:
  /// anyone who reaches the port may name any user (bind to loopback).
  std::string api_keys_file;
  /// HTTP connections served at once (a thread each, mostly waiting on the
  /// agent); more wait in a queue. Default 256.
  size_t max_connections = 256;
  /// Bound on the server answering one turn; then a 503/504. Default 40 s
  /// (serve's own bound is 35 s).
  std::chrono::milliseconds turn_timeout{40000};
};

class OpenAiApi {
 public:
  /// Reads the key file and binds the port. Throws std::runtime_error when
  /// either fails.
  explicit OpenAiApi(OpenAiApiOptions options);
  /// stop(), then joins.
  ~OpenAiApi();
  OpenAiApi(const OpenAiApi&) = delete;
  OpenAiApi& operator=(const OpenAiApi&) = delete;

  /// The port actually bound.
  int port() const;
  /// Stops serving HTTP; idempotent.
  void stop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

/// Runs until SIGINT/SIGTERM. Returns the exit code.
int run_openai_api(const OpenAiApiOptions& options);

/// `interec openai-api ...`: reads the flags (argv[2..]), then runs.
int openai_api_command(int argc, char** argv);

}  // namespace interec
