// `interec irc --server HOST:PORT --nick NAME --channels '#a,#b' --connect EP
// [--tls]`: the IRC channel adapter. It joins the channels, answers private
// messages and channel lines that address it ("NAME: ..." or "NAME, ..."),
// and forwards each as one turn over the bridge protocol (bridge/irc/irc_bot.h
// says who is who and how answers are laid out).
//
// Promises:
//  * one thread owns the IRC connection; answers from the bridge client's
//    thread reach it through a queue and an eventfd;
//  * what it sends is paced by a FloodGate (default: 5 lines at once, then
//    one every 700 ms) and bounded (at most 400 lines waiting; more are
//    dropped and counted), and a user gets at most 2 turns in flight;
//  * a lost connection (EOF, error, ERROR from the server, no answer to our
//    PING) is re-opened with back-off: 1 s, doubling to 60 s, back to 1 s
//    once a connection has stayed up for a minute;
//  * stop() (SIGINT/SIGTERM in run_irc) sends QUIT, waits up to 2 s for the
//    server to close, and returns.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "bridge/client.h"
#include "bridge/irc/irc_connection.h"

namespace interec {

struct IrcOptions {
  BridgeClientOptions client;
  /// The IRC server, "HOST:PORT"; also part of every user id.
  std::string server;
  std::string nick = "interec";
  std::vector<std::string> channels;
  irc::TlsOptions tls;
  /// The bridge channel IRC users belong to.
  std::string channel = "irc";
  /// Flood control: lines sent at once, then one per interval.
  size_t flood_burst = 5;
  std::chrono::milliseconds flood_interval{700};
  /// Reconnect back-off: first wait and the most it doubles to.
  std::chrono::milliseconds reconnect_min{1000};
  std::chrono::milliseconds reconnect_max{60000};
  /// Bound on the server answering one turn.
  std::chrono::milliseconds turn_timeout{40000};
};

class IrcBridge {
 public:
  /// Checks the options (throws std::runtime_error); connects in run().
  explicit IrcBridge(IrcOptions options);
  ~IrcBridge();
  IrcBridge(const IrcBridge&) = delete;
  IrcBridge& operator=(const IrcBridge&) = delete;

  /// Connects, serves and reconnects until stop(). Progress ("connected",
  /// "joined #a", "disconnected: ...") is written to stdout, a line each.
  void run();
  /// From any thread: QUIT and leave run(). Idempotent.
  void stop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

/// Runs until SIGINT/SIGTERM. Returns the exit code.
int run_irc(const IrcOptions& options);

/// `interec irc ...`: reads the flags (argv[2..]), then runs.
int irc_command(int argc, char** argv);

}  // namespace interec
