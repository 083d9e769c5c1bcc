// `interec irc` end to end: a real IRC server (Debian's ngircd, started
// here on a loopback port with a config file written here), the bot as a
// real process, a real agent behind the bridge, and scripted IRC users.
// Also a hostile "server" of our own that sends malformed lines.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>

#include "bridge/irc/irc_message.h"
#include "storage/text.h"
#include "tests/bridge/bridge_fixture.h"
#include "tests/child_process.h"
#include "tests/loopback_port.h"
#include "tests/time_scale.h"

namespace interec::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
constexpr const char* kNgircd = "/usr/sbin/ngircd";

int listen_socket(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0) {
    ::close(fd);
    return -1;
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}

int connect_to(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
  ::close(fd);
  return -1;
}

// One end of an IRC connection driven by the test: send lines, wait for
// lines matching a predicate.
class LinePeer {
 public:
  explicit LinePeer(int fd) : fd_(fd) {}
  ~LinePeer() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return fd_ >= 0; }
  void send(const std::string& line) {
    const std::string bytes = line + "\r\n";
    [[maybe_unused]] auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  }
  void send_raw(const std::string& bytes) {
    [[maybe_unused]] auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  }
  /// The first line (from now on) for which `want` holds; "" after `timeout`
  /// (times time_scale()).
  std::string wait_for(const std::function<bool(const std::string&)>& want,
                       milliseconds timeout = seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + scaled(timeout);
    while (true) {
      while (!lines_.empty()) {
        std::string line = std::move(lines_.front());
        lines_.erase(lines_.begin());
        seen_.push_back(line);
        if (want(line)) return line;
      }
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
      pollfd p{fd_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return "";
      char buffer[8192];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) return "";
      for (auto& line : buffer_.feed(std::string_view(buffer, static_cast<size_t>(n)))) {
        if (line.rfind("PING", 0) == 0) send("PONG" + line.substr(4));
        lines_.push_back(std::move(line));
      }
    }
  }
  std::string wait_for_text(const std::string& needle, milliseconds timeout = seconds(30)) {
    return wait_for([&](const std::string& l) { return l.find(needle) != std::string::npos; }, timeout);
  }
  const std::vector<std::string>& seen() const { return seen_; }

 private:
  int fd_;
  irc::LineBuffer buffer_;
  std::vector<std::string> lines_, seen_;
};

// A scripted IRC user on the real server.
class IrcUser : public LinePeer {
 public:
  IrcUser(int port, const std::string& nick) : LinePeer(connect_to(port)), nick_(nick) {
    send("NICK " + nick);
    send("USER " + nick + " 0 * :" + nick);
    EXPECT_NE(wait_for_text(" 001 " + nick), "") << nick << " was not welcomed";
  }
  void join(const std::string& channel) {
    send("JOIN " + channel);
    EXPECT_NE(wait_for_text(" 366 " + nick_ + " " + channel), "");
  }
  /// The item lines ("N. Title") of the next reply from `bot` to `target`,
  /// read until `count` item lines arrived.
  std::vector<std::string> items_from(const std::string& bot, const std::string& target, size_t count) {
    std::vector<std::string> items;
    const std::regex item(":" + bot + "!\\S+ PRIVMSG " + target + " :\\d+\\. (.+)");
    while (items.size() < count) {
      const std::string line = wait_for([&](const std::string& l) { return std::regex_match(l, item); });
      if (line.empty()) break;
      std::smatch m;
      std::regex_match(line, m, item);
      items.push_back(m[1]);
    }
    return items;
  }

 private:
  std::string nick_;
};

// ngircd on a loopback port, configured by a file written here.
class Ngircd {
 public:
  Ngircd(const std::string& dir, int port) : conf_(dir + "/ngircd.conf"), port_(port) {
    std::ofstream(conf_) << "[Global]\nName = irc.interec.test\nInfo = interec test\n"
                         << "Listen = 127.0.0.1\nPorts = " << port << "\nMotdPhrase = \"test\"\n"
                         << "[Limits]\nMaxConnectionsIP = 0\nMaxNickLength = 30\n"
                         << "[Options]\nPAM = no\nIdent = no\nDNS = no\n";
    start();
  }
  void start() {
    process_ = std::make_unique<ChildProcess>(std::vector<std::string>{kNgircd, "-n", "-f", conf_});
    for (int i = 0; i < 100; ++i) {
      const int fd = connect_to(port_);
      if (fd >= 0) {
        ::close(fd);
        return;
      }
      std::this_thread::sleep_for(milliseconds(50));
    }
    ADD_FAILURE() << "ngircd did not start on port " << port_;
  }
  void stop() { process_.reset(); }

 private:
  std::string conf_;
  int port_;
  std::unique_ptr<ChildProcess> process_;
};

class IrcBridgeTest : public BridgeTest {
 protected:
  void SetUp() override {
    BridgeTest::SetUp();
    if (IsSkipped()) return;
    if (!std::filesystem::exists(kNgircd)) GTEST_SKIP() << "ngircd is not installed (apt-get install ngircd)";
  }

  std::unique_ptr<ChildProcess> start_bot(int irc_port, const std::string& channels = "#movies") {
    auto bot = std::make_unique<ChildProcess>(std::vector<std::string>{
      interec_binary(), "irc", "--server", "127.0.0.1:" + std::to_string(irc_port), "--nick",
      "recbot", "--channels", channels, "--connect", endpoint()});
    return bot;
  }

  /// Reads the bot's progress lines until one contains `needle`, at most
  /// `timeout` (times time_scale()).
  static bool bot_says(ChildProcess& bot, const std::string& needle, milliseconds timeout = seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + scaled(timeout);
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string line = bot.read_line(milliseconds(500));
      if (line.find(needle) != std::string::npos) return true;
    }
    return false;
  }

  json profile_of(const std::string& user) {
    RawClient raw(endpoint());
    raw.send({{"v", 1}, {"type", "profile_get"}, {"id", "p"}, {"channel", "irc"}, {"user", user}});
    auto answer = raw.receive();
    return answer ? (*answer)["profile"] : json();
  }

  static std::vector<int> years(const std::vector<std::string>& titles) {
    std::vector<int> out;
    for (const auto& t : titles) {
      std::smatch m;
      if (std::regex_search(t, m, std::regex("\\((\\d{4})\\)$"))) out.push_back(std::stoi(m[1]));
    }
    return out;
  }
};

TEST_F(IrcBridgeTest, TwoUsersInAChannelAndInPrivateAreKeptApart) {
  start();
  const int port = free_loopback_port();
  Ngircd server(scratch_dir("IrcBridgeTest.KeptApart"), port);
  auto bot = start_bot(port);
  ASSERT_TRUE(bot_says(*bot, "joined #movies"));
  IrcUser alice(port, "alice"), bob(port, "bob");
  alice.join("#movies");
  bob.join("#movies");

  alice.send("PRIVMSG #movies :recbot: top 3 movies from 1995");
  EXPECT_NE(alice.wait_for_text("PRIVMSG #movies :alice: Here are 3 picks"), "");
  auto a1 = alice.items_from("recbot", "#movies", 3);
  bob.send("PRIVMSG #movies :RecBot, top 3 movies from the 70s");
  EXPECT_NE(bob.wait_for_text("PRIVMSG #movies :bob: Here are 3 picks"), "");
  auto b1 = bob.items_from("recbot", "#movies", 3);
  // In private, each continues their own conversation.
  alice.send("PRIVMSG recbot :more");
  bob.send("PRIVMSG recbot :more");
  auto a2 = alice.items_from("recbot", "alice", 3);
  auto b2 = bob.items_from("recbot", "bob", 3);
  ASSERT_EQ(a1.size(), 3u);
  ASSERT_EQ(a2.size(), 3u);
  ASSERT_EQ(b1.size(), 3u);
  ASSERT_EQ(b2.size(), 3u);
  for (int y : years(a1)) EXPECT_EQ(y, 1995);
  for (int y : years(a2)) EXPECT_EQ(y, 1995);
  for (int y : years(b1)) EXPECT_TRUE(y >= 1970 && y <= 1979) << y;
  for (int y : years(b2)) EXPECT_TRUE(y >= 1970 && y <= 1979) << y;
  for (const auto& t : a2) EXPECT_EQ(std::count(a1.begin(), a1.end(), t), 0) << t << " shown twice";
  // A taste told in private stays with its user.
  alice.send("PRIVMSG recbot :I hate horror");
  EXPECT_NE(alice.wait_for_text("PRIVMSG alice :"), "");
  const std::string server_name = "@127.0.0.1:" + std::to_string(port);
  EXPECT_NE(profile_of("alice" + server_name).dump().find("Horror"), std::string::npos);
  EXPECT_EQ(profile_of("bob" + server_name).dump().find("Horror"), std::string::npos);
  // Bob never got a line meant for Alice in private.
  for (const auto& line : bob.seen()) EXPECT_EQ(line.find("PRIVMSG alice"), std::string::npos);

  // SIGTERM: a clean QUIT seen by the channel, exit code 0.
  const int status = bot->kill(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_NE(alice.wait_for_text(":recbot!~interec@127.0.0.1 QUIT :"), "");
}

TEST_F(IrcBridgeTest, AServerRestartIsSurvived) {
  start();
  const int port = free_loopback_port();
  Ngircd server(scratch_dir("IrcBridgeTest.Restart"), port);
  auto bot = start_bot(port);
  ASSERT_TRUE(bot_says(*bot, "joined #movies"));
  server.stop();
  ASSERT_TRUE(bot_says(*bot, "reconnecting"));
  server.start();
  ASSERT_TRUE(bot_says(*bot, "joined #movies", seconds(60)));
  IrcUser carol(port, "carol");
  carol.join("#movies");
  carol.send("PRIVMSG #movies :recbot: top 2 dramas");
  EXPECT_EQ(carol.items_from("recbot", "#movies", 2).size(), 2u);
}

TEST_F(IrcBridgeTest, MalformedLinesNeverBringItDown) {
  start();
  // Our own "server": the bot connects, gets garbage, then a real question.
  int port = 0;
  const int listener = listen_socket(port);
  ASSERT_GE(listener, 0);
  auto bot = start_bot(port);
  pollfd p{listener, POLLIN, 0};
  ASSERT_GT(::poll(&p, 1, 30000), 0);
  LinePeer server(::accept(listener, nullptr, nullptr));
  EXPECT_NE(server.wait_for_text("USER "), "");
  server.send(":srv 001 recbot :Welcome");
  EXPECT_NE(server.wait_for_text("JOIN #movies"), "");
  for (const std::string& junk :
       {std::string(""), std::string(":"), std::string("@"), std::string(":only.prefix"),
        std::string("PRIVMSG"), std::string("PRIVMSG #movies"), std::string(":x PRIVMSG"),
        std::string(":!@ PRIVMSG recbot :hi"), std::string("\x01\x02\x03\xff\xfe"),
        std::string("001"), std::string(":srv 433"), std::string("PING"),
        std::string(":a!b@c PRIVMSG recbot :\x01"), std::string(":a!b@c PRIVMSG recbot :\x03"),
        std::string(":a!b@c PRIVMSG #movies :recbot:"), std::string(":a!b@c KICK"),
        std::string(":a!b@c PRIVMSG recbot :\xc3\x28 invalid utf8 \xe2\x82"),
        std::string(":a!b@c PRIVMSG recbot :") + std::string(20000, 'x')})
    server.send(junk);
  server.send_raw(std::string("\0\0\0\r\n", 5) + std::string(100000, 'y') + "\r\n");
  server.send(":dave!d@h PRIVMSG recbot :top 2 westerns");
  EXPECT_NE(server.wait_for_text("PRIVMSG dave :Here are 2 picks"), "") << "the bot stopped answering";
  server.send("PING :still-there");
  EXPECT_NE(server.wait_for_text("PONG still-there"), "");
  // Whatever came in, what went out is IRC: short lines of UTF-8.
  for (const auto& line : server.seen()) {
    EXPECT_LE(line.size() + 2, irc::kMaxLineBytes) << line;
    EXPECT_TRUE(text::is_utf8(line)) << line;
  }
  ::close(listener);
}

}  // namespace
}  // namespace interec::test
