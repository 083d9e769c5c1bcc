// `interec front` as a process: its config file section and its run loop
// around FrontServer (bridge/front.h), stopped by SIGINT or SIGTERM.
#pragma once

#include <string>

#include "bridge/front.h"

namespace interec {

struct FrontRunOptions {
  FrontOptions front;
  /// CURVE towards the channels: the front's key file and the folder of
  /// CHANNEL.pub client keys, as for serve.
  std::string curve_secret_file;
  std::string allow_keys_dir;
};

/// Applies a JSON config file's "front" section:
///   {"front": {"backends": ["tcp://HOST:PORT", ...], "max_in_flight": N,
///              "max_in_flight_per_channel": N, "drain_timeout_ms": N,
///              "request_timeout_ms": N, "ping_interval_ms": N,
///              "ping_timeout_ms": N}}
/// "serve" and "llm" sections are ignored (one file may configure every
/// process); keys starting with "_" are comments. Throws std::runtime_error
/// naming the file and an unknown section, or an unknown or mistyped key.
/// The caller applies flags afterwards (they override).
void apply_front_config(const std::string& path, FrontRunOptions& options);

/// Runs until SIGINT or SIGTERM, then stops gracefully (FrontServer::stop);
/// a shutdown stuck beyond drain_timeout + 5 s ends the process with exit
/// code 1. Prints "interec front: listening on ENDPOINT" on stdout once
/// bound. Returns the exit code.
int run_front(const FrontRunOptions& options);

}  // namespace interec
