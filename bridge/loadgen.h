// `interec loadgen`: many concurrent sessions against `interec serve`, each
// sending its turns one after the other (the next when the previous is
// answered), as chat users do. Measures throughput and latency.
//
// Without a rate every session sends its next turn as soon as the previous
// is answered (closed loop: all sessions always waiting, so by Little's law
// latency = sessions / throughput). With `rate` turns are offered at that
// many per second in total, spread over the sessions (users with think
// time); a turn due while its session still waits is sent on the answer.
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "bridge/client.h"

namespace interec {

struct LoadgenOptions {
  BridgeClientOptions client;
  size_t sessions = 100;
  size_t turns = 10;  // per session
  /// Channel the users belong to (with CURVE: the channel of our key).
  std::string channel = "loadgen";
  /// Turns offered per second in total; 0 = closed loop (as fast as answered).
  double rate = 0;
};

struct LoadgenResult {
  size_t sessions = 0;
  size_t turns = 0;   // answered turns (errors included)
  size_t errors = 0;  // error answers, replies carrying an error, local time-outs
  double turns_per_s = 0;
  double p50_ms = 0;
  double p99_ms = 0;

  /// Exactly {"sessions", "turns", "errors", "turns_per_s", "p50_ms", "p99_ms"}.
  nlohmann::ordered_json to_json() const;
};

/// Runs until every session has sent and got all its turns. Blocks.
LoadgenResult run_loadgen(const LoadgenOptions& options);

}  // namespace interec
