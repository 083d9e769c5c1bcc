// What the IRC bot says and does, as pure logic: the lines to register,
// how each line from the server is answered (PING, welcome, nick in use,
// messages that address the bot), which turns go to the agent, and how an
// answer becomes IRC lines. The I/O around it is bridge/irc/irc_bridge.h.
//
// Who is who: a turn's user is the sender's nick, case-folded, "@" the
// server ("alice@irc.example.org:6697"), its session the bot's nick, so
// there is one conversation per (server, bot nick, user) whether the user
// writes in a channel or in private. IRC nicks are not authenticated:
// whoever holds a nick holds its profile (docs/channels.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace interec::irc {

/// At most this many lines answer one turn; a longer reply is cut with a
/// last line saying how much was left out.
constexpr size_t kMaxReplyLines = 12;

struct BotIdentity {
  std::string nick;                   // wanted nick; "_" is appended while it is taken
  std::vector<std::string> channels;  // joined on every (re)connect
  std::string server;                 // "HOST:PORT", part of every user id
};

/// One request for the agent and where its answer goes.
struct Turn {
  std::string user;       // protocol user: folded nick "@" server
  std::string session;    // the bot's folded nick
  std::string text;       // what was asked, cleaned
  std::string target;     // the channel, or the asker's nick in private
  std::string addressee;  // the asker's nick in a channel ("" in private)
};

class Bot {
 public:
  explicit Bot(BotIdentity identity);

  /// NICK and USER, sent first on every connection; resets the state of
  /// the previous connection.
  std::vector<std::string> greet();

  struct Reaction {
    std::vector<std::string> lines;  // to send, in order
    std::optional<Turn> turn;        // to ask the agent
    std::string event;               // for the log ("joined #a"), "" when none
  };
  /// Reacts to one line from the server (without CR LF). Malformed lines,
  /// notices, CTCP requests other than VERSION and our own messages cause
  /// nothing.
  Reaction on_line(std::string_view line);

  /// The lines answering `turn` with the bridge's answer (a reply or an
  /// error). In a channel the first line starts "nick: ".
  std::vector<std::string> answer(const Turn& turn, const nlohmann::json& answer) const;
  /// The one line telling the asker to wait: their earlier turns are still
  /// being answered.
  std::vector<std::string> still_busy(const Turn& turn) const;

  bool registered() const { return registered_; }
  /// The nick the server knows us by now.
  const std::string& nick() const { return nick_; }

 private:
  std::vector<std::string> say(const Turn& turn, const std::vector<std::string>& texts) const;
  std::optional<Turn> turn_for(const std::string& sender, const std::string& target,
                               const std::string& text) const;

  BotIdentity identity_;
  std::string nick_;
  bool registered_ = false;
};

}  // namespace interec::irc
