#include "bridge/irc/irc_bridge.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <deque>
#include <iostream>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "bridge/client_cli.h"
#include "bridge/irc/flood_gate.h"
#include "bridge/irc/irc_bot.h"
#include "bridge/irc/irc_message.h"
#include "bridge/protocol.h"
#include "actors/shutdown_signals.h"
#include "config/cli_args.h"
#include "storage/text.h"

namespace interec {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr size_t kMaxQueuedLines = 400;
constexpr size_t kMaxTurnsPerUser = 2;
constexpr milliseconds kConnectTimeout{10000};
// Silence from the server this long: we PING; as long again: it is gone.
constexpr milliseconds kQuietBeforePing{90000};
constexpr milliseconds kPingGrace{60000};
constexpr milliseconds kStableConnection{60000};
constexpr milliseconds kQuitGrace{2000};

void log(const std::string& line) { std::cout << "interec irc: " << line << std::endl; }

int until(Clock::time_point when) {
  const auto ms = std::chrono::duration_cast<milliseconds>(when - Clock::now()).count();
  return static_cast<int>(std::clamp<int64_t>(ms + 1, 0, 60000));
}

}  // namespace

struct IrcBridge::Impl {
  IrcOptions options;
  irc::Bot bot;
  BridgeClient client;
  int wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  std::atomic<bool> stopping{false};
  std::mutex mutex;
  std::vector<std::pair<irc::Turn, json>> answers;  // guarded by mutex

  // The I/O thread's own.
  std::unordered_map<std::string, size_t> turns_in_flight;
  std::deque<std::string> outgoing;
  size_t dropped_lines = 0;

  explicit Impl(IrcOptions o)
      : options(std::move(o)),
        bot(irc::BotIdentity{options.nick, options.channels, options.server}),
        client(options.client) {}
  ~Impl() { ::close(wake_fd); }

  void wake() {
    const uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd, &one, sizeof one);
  }

  void enqueue(std::vector<std::string> lines) {
    for (auto& line : lines) {
      if (outgoing.size() >= kMaxQueuedLines) {
        ++dropped_lines;
        continue;
      }
      outgoing.push_back(std::move(line));
    }
  }

  void ask(const irc::Turn& turn) {
    auto& count = turns_in_flight[turn.user];
    if (count >= kMaxTurnsPerUser) return enqueue(bot.still_busy(turn));
    ++count;
    json request = {{"type", "message"},    {"channel", options.channel}, {"user", turn.user},
                    {"session", turn.session}, {"text", turn.text}};
    client.send(std::move(request),
                [this, turn](json answer) {
                  {
                    std::lock_guard<std::mutex> lock(mutex);
                    answers.emplace_back(turn, std::move(answer));
                  }
                  wake();
                },
                options.turn_timeout);
  }

  void take_answers() {
    uint64_t count;
    [[maybe_unused]] auto n = ::read(wake_fd, &count, sizeof count);
    std::vector<std::pair<irc::Turn, json>> batch;
    {
      std::lock_guard<std::mutex> lock(mutex);
      batch.swap(answers);
    }
    for (auto& [turn, answer] : batch) {
      auto it = turns_in_flight.find(turn.user);
      if (it != turns_in_flight.end() && --it->second == 0) turns_in_flight.erase(it);
      if (bot.registered()) enqueue(bot.answer(turn, answer));
    }
  }

  void on_bytes(irc::LineBuffer& lines, const std::string& bytes) {
    for (const auto& line : lines.feed(bytes)) {
      auto reaction = bot.on_line(line);
      if (!reaction.event.empty()) log(reaction.event);
      enqueue(std::move(reaction.lines));
      if (reaction.turn) ask(*reaction.turn);
    }
  }

  // Sends what the flood gate allows; false when the connection broke.
  bool flush(irc::Connection& connection, irc::FloodGate& gate) {
    while (!outgoing.empty() && gate.take(Clock::now())) {
      if (!connection.write_all(outgoing.front())) return false;
      outgoing.pop_front();
    }
    return true;
  }

  void quit(irc::Connection& connection) {
    connection.write_all(irc::format_line("QUIT", {"interec is stopping"}));
    const auto deadline = Clock::now() + kQuitGrace;
    while (!connection.closed() && Clock::now() < deadline) {
      pollfd p{connection.fd(), POLLIN, 0};
      if (connection.buffered() || ::poll(&p, 1, until(deadline)) > 0) connection.read_some();
    }
    log("quit");
  }

  // Serves one connection until it breaks or we stop; returns why it ended.
  std::string serve(irc::Connection& connection) {
    irc::LineBuffer lines;
    irc::FloodGate gate(options.flood_burst, options.flood_interval, Clock::now());
    outgoing.clear();
    enqueue(bot.greet());
    auto heard = Clock::now();
    bool pinged = false;
    while (!stopping) {
      if (!flush(connection, gate)) return "the connection broke while sending";
      auto wake_at = heard + kQuietBeforePing + (pinged ? kPingGrace : milliseconds(0));
      if (!outgoing.empty()) wake_at = std::min(wake_at, gate.next(Clock::now()));
      pollfd fds[2] = {{connection.fd(), POLLIN, 0}, {wake_fd, POLLIN, 0}};
      const int timeout = connection.buffered() ? 0 : until(wake_at);
      if (::poll(fds, 2, timeout) < 0 && errno != EINTR) return "poll failed";
      if (fds[1].revents & POLLIN) take_answers();
      if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) || connection.buffered()) {
        const std::string bytes = connection.read_some();
        if (connection.closed()) return "the server closed the connection";
        if (!bytes.empty()) {
          heard = Clock::now();
          pinged = false;
          on_bytes(lines, bytes);
        }
      }
      const auto quiet = Clock::now() - heard;
      if (quiet > kQuietBeforePing + kPingGrace) return "no answer to PING";
      if (quiet > kQuietBeforePing && !pinged) {
        pinged = true;
        outgoing.push_front(irc::format_line("PING", {"interec"}));
      }
    }
    quit(connection);
    return "stopped";
  }

  // Waits `wait`, or less when stop() is called.
  void pause(milliseconds wait) {
    pollfd p{wake_fd, POLLIN, 0};
    const auto deadline = Clock::now() + wait;
    while (!stopping && Clock::now() < deadline) {
      if (::poll(&p, 1, until(deadline)) > 0) take_answers();
    }
  }

  void run() {
    const auto [host, port] = irc::split_host_port(options.server);
    milliseconds backoff = options.reconnect_min;
    while (!stopping) {
      std::string why;
      auto started = Clock::now();
      try {
        auto connection = irc::Connection::open(host, port, options.tls, kConnectTimeout);
        log("connected to " + options.server);
        started = Clock::now();
        why = serve(*connection);
      } catch (const std::exception& e) {
        why = e.what();
      }
      if (stopping) break;
      if (Clock::now() - started > kStableConnection) backoff = options.reconnect_min;
      log("disconnected (" + why + "); reconnecting in " + std::to_string(backoff.count()) + " ms" +
          (dropped_lines ? "; " + std::to_string(dropped_lines) + " lines dropped so far" : ""));
      pause(backoff);
      backoff = std::min(backoff * 2, options.reconnect_max);
    }
  }
};

IrcBridge::IrcBridge(IrcOptions options) {
  if (options.nick.empty() || options.nick.size() > 30 ||
      options.nick.find_first_of(" ,:!@\r\n") != std::string::npos)
    throw std::runtime_error("irc: --nick must be 1-30 characters without spaces, ',', ':', '!' or '@'");
  for (const auto& channel : options.channels)
    if (!irc::is_channel(channel) || channel.find_first_of(" ,\a\r\n") != std::string::npos)
      throw std::runtime_error("irc: '" + channel + "' is not a channel name (#name)");
  if (!protocol::valid_channel(options.channel))
    throw std::runtime_error("irc: --channel must match [A-Za-z0-9_.-]{1,64}");
  irc::split_host_port(options.server);  // throws on a malformed address
  impl_ = std::make_unique<Impl>(std::move(options));
  if (impl_->wake_fd < 0) throw std::runtime_error("irc: cannot create an eventfd");
}

IrcBridge::~IrcBridge() = default;

void IrcBridge::run() { impl_->run(); }

void IrcBridge::stop() {
  impl_->stopping = true;
  impl_->wake();
}

int run_irc(const IrcOptions& options) {
  ShutdownSignals signals;
  IrcBridge bridge(options);
  std::thread waiter([&] {
    signals.wait();
    bridge.stop();
  });
  bridge.run();
  waiter.join();
  return 0;
}

int irc_command(int argc, char** argv) {
  CliArgs args(argc, argv, 2,
               with_client_options({"server", "nick", "channels", "channel", "tls-ca",
                                    "flood-burst", "flood-interval-ms"}),
               {"tls"});
  IrcOptions options;
  options.client = client_options(args);
  options.server = args.require("server");
  options.nick = args.require("nick");
  // split() returns views into its argument: keep the list alive while they are read.
  const std::string channels = args.get("channels");
  for (auto channel : text::split(channels, ","))
    if (!(channel = text::trim(channel)).empty()) options.channels.emplace_back(channel);
  options.channel = args.get("channel", options.channel);
  options.tls.enabled = args.has("tls") || args.has("tls-ca");
  options.tls.ca_file = args.get("tls-ca");
  options.flood_burst = static_cast<size_t>(args.get_int("flood-burst", 5, 1, 100));
  options.flood_interval = milliseconds(args.get_int("flood-interval-ms", 700, 0, 60000));
  return run_irc(options);
}

}  // namespace interec
