// `interec serve`: the agent of one prepared dataset behind the ZeroMQ
// bridge, until SIGINT/SIGTERM.
#pragma once

#include <string>

#include "bridge/server.h"
#include "config/agent_config.h"

namespace interec {

struct ServeOptions {
  std::string data_dir;
  /// Profile database folder; "" = DATA_DIR/profiles.
  std::string state_dir;
  /// CURVE: the server's key file and the folder of CHANNEL.pub client keys.
  std::string curve_secret_file;
  std::string allow_keys_dir;
  BridgeOptions bridge;
  AgentConfig agent;
};

/// Applies a JSON config file:
///   {"serve": {"max_in_flight": N, "max_in_flight_per_channel": N,
///              "drain_timeout_ms": N, "request_timeout_ms": N,
///              "session_idle_timeout_ms": N, "workers": N},
///    "llm": {...}}
/// "llm" is the section load_llm_config reads (config/llm.example.json) and
/// goes to agent.llm; it is used when agent.brain is "openai". A "front"
/// section (`interec front`'s, bridge/front.h) is ignored, so one file may
/// configure every process. All sections are optional; keys starting with "_" are comments. Throws
/// std::runtime_error naming the file and an unknown section, or an unknown
/// or mistyped key. The caller applies flags afterwards (they override).
void apply_serve_config(const std::string& path, ServeOptions& options);

/// Serves until SIGINT or SIGTERM, then shuts down gracefully: stops
/// accepting, lets in-flight turns finish (BridgeOptions::drain_timeout),
/// flushes profiles, exits. A shutdown stuck beyond drain_timeout + 5 s ends
/// the process with exit code 1 rather than hang. Returns the exit code.
int run_serve(const ServeOptions& options);

}  // namespace interec
