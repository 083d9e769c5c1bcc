// `interec chat --data DIR [--user ID] [--json]`: the terminal channel.
// On a terminal it is a REPL; otherwise it reads one request per line and
// writes one reply per request (one JSON object per line with --json).
#pragma once

#include <chrono>
#include <iosfwd>
#include <string>

#include "config/agent_config.h"

namespace interec {

struct ChatOptions {
  std::string data_dir;
  /// Profile database folder; "" = DATA_DIR/profiles. Profiles persist by
  /// default, so a later chat with the same --user remembers this one.
  std::string state_dir;
  std::string user = "local";
  bool json = false;
  /// Items to list per answer (1–50) when the text states no count; 0 = the
  /// agent's default (the protocol's "items").
  uint32_t items = 0;
  AgentConfig agent;
  /// Non-empty: talk to `interec serve` at this endpoint instead of running
  /// the agent in this process (data_dir, state_dir and agent are unused).
  std::string connect;
  /// Over --connect: the channel our users belong to.
  std::string channel = "cli";
  /// Over --connect with CURVE: our key file and the server's public key file.
  std::string curve_secret_file;
  std::string server_key_file;
  /// Over --connect: a server that does not answer a ping within this is
  /// reported unreachable (exit code 1) instead of queueing every message
  /// until its turn times out. Default 5 s (--connect-timeout SECONDS).
  std::chrono::milliseconds connect_timeout{5000};
};

/// Runs the chat until end of input or "/quit". Returns the process exit
/// code: 0 when every request was answered, 1 when one failed (an error
/// answer, a time-out, a turn the agent could not finish; each is printed).
/// Throws std::runtime_error when the server of --connect is unreachable.
int run_chat(const ChatOptions& options, std::istream& in, std::ostream& out, bool interactive);

}  // namespace interec
