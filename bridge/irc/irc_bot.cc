#include "bridge/irc/irc_bot.h"

#include "bridge/irc/irc_message.h"
#include "bridge/irc/irc_text.h"
#include "storage/text.h"

namespace interec::irc {
namespace {

constexpr const char* kUsage =
  "Ask me for recommendations in your own words, e.g. \"a comedy from the 90s, no horror\", "
  "\"something like Heat\", \"more\", or about one title: \"when was Fargo released?\"";

// What the server may put before our PRIVMSG when relaying it:
// ":" nick "!" user (at most 10) "@" host (at most 63) " ".
size_t relay_prefix_bytes(const std::string& nick) { return 1 + nick.size() + 1 + 10 + 1 + 63 + 1; }

// The text after "nick:" or "nick," when `text` addresses `nick`.
std::optional<std::string> addressed_text(const std::string& nick, const std::string& text) {
  if (text.size() <= nick.size() || fold_case(text.substr(0, nick.size())) != fold_case(nick))
    return std::nullopt;
  const char sep = text[nick.size()];
  if (sep != ':' && sep != ',') return std::nullopt;
  return text.substr(nick.size() + 1);
}

// A nick or channel a real server could have sent: UTF-8, no blanks or
// control bytes. Anything else is not someone to answer.
bool plausible_name(const std::string& name) {
  if (name.empty() || name.size() > 200 || !text::is_utf8(name)) return false;
  for (char c : name)
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7F) return false;
  return true;
}

std::string error_text(const nlohmann::json& answer) {
  const std::string code = answer.value("code", std::string());
  if (code == "busy") return "sorry, I'm busy right now; please ask again in a moment.";
  if (code == "timeout" && !answer.value("local", false))
    return "sorry, that took too long; please try again.";
  if (code == "timeout" || code == "unavailable" || code == "shutting_down" || code == "disconnected")
    return "sorry, the recommender is unavailable right now; please try again later.";
  return "sorry, something went wrong with that request (" + code + ").";
}

}  // namespace

Bot::Bot(BotIdentity identity) : identity_(std::move(identity)), nick_(identity_.nick) {}

std::vector<std::string> Bot::greet() {
  nick_ = identity_.nick;
  registered_ = false;
  return {format_line("NICK", {nick_}), format_line("USER", {"interec", "0", "*", "interec recommender"})};
}

Bot::Reaction Bot::on_line(std::string_view raw) {
  Reaction r;
  auto parsed = parse_line(raw);
  if (!parsed) return r;
  const Message& m = *parsed;
  const auto param = [&m](size_t i) { return i < m.params.size() ? m.params[i] : std::string(); };
  if (m.command == "PING") {
    r.lines.push_back(format_line("PONG", {param(0)}));
  } else if (m.command == "001") {
    registered_ = true;
    if (!param(0).empty()) nick_ = param(0);
    for (const auto& channel : identity_.channels) r.lines.push_back(format_line("JOIN", {channel}));
    r.event = "registered as " + nick_;
  } else if ((m.command == "433" || m.command == "432") && !registered_) {
    // Taken (or refused): try "nick_", the convention; bounded by the
    // server's nick length, which refuses with 432 when too long.
    if (nick_.size() >= 30) return r;
    nick_ += "_";
    r.lines.push_back(format_line("NICK", {nick_}));
  } else if (m.command == "NICK" && fold_case(nick_of(m.prefix)) == fold_case(nick_)) {
    nick_ = param(0);
  } else if (m.command == "JOIN" && fold_case(nick_of(m.prefix)) == fold_case(nick_)) {
    r.event = "joined " + param(0);
  } else if (m.command == "KICK" && fold_case(param(1)) == fold_case(nick_)) {
    r.lines.push_back(format_line("JOIN", {param(0)}));
    r.event = "kicked from " + param(0) + "; joining again";
  } else if (m.command == "PRIVMSG" && m.params.size() >= 2) {
    const std::string sender = nick_of(m.prefix);
    if (!plausible_name(sender) || !plausible_name(m.params[0]) ||
        fold_case(sender) == fold_case(nick_))
      return r;
    const std::string& text = m.params[1];
    if (!text.empty() && text[0] == '\x01') {  // CTCP
      if (text.rfind("\x01VERSION", 0) == 0)
        r.lines.push_back(format_line("NOTICE", {sender, "\x01VERSION interec recommender\x01"}));
      return r;
    }
    r.turn = turn_for(sender, m.params[0], text);
    if (r.turn && r.turn->text.empty()) {
      r.lines = say(*r.turn, {kUsage});
      r.turn.reset();
    }
  }
  return r;
}

std::optional<Turn> Bot::turn_for(const std::string& sender, const std::string& target,
                                  const std::string& text) const {
  Turn t;
  if (is_channel(target)) {
    auto asked = addressed_text(nick_, text);
    if (!asked) return std::nullopt;
    t.text = clean_input(*asked);
    t.target = target;
    t.addressee = sender;
  } else if (fold_case(target) == fold_case(nick_)) {
    t.text = clean_input(text);
    t.target = sender;
  } else {
    return std::nullopt;
  }
  t.user = fold_case(sender) + "@" + identity_.server;
  t.session = fold_case(identity_.nick);
  return t;
}

std::vector<std::string> Bot::say(const Turn& turn, const std::vector<std::string>& texts) const {
  const std::string lead = turn.addressee.empty() ? "" : turn.addressee + ": ";
  const size_t overhead = relay_prefix_bytes(nick_) + format_line("PRIVMSG", {turn.target, "x y"}).size() - 3;
  const size_t budget = kMaxLineBytes > overhead + lead.size() + 16
                          ? kMaxLineBytes - overhead - lead.size()
                          : 16;
  std::vector<std::string> lines;
  for (const auto& text : texts)
    for (auto& line : reply_lines(text, budget)) lines.push_back(std::move(line));
  if (lines.size() > kMaxReplyLines) {
    const size_t left = lines.size() - (kMaxReplyLines - 1);
    lines.resize(kMaxReplyLines - 1);
    lines.push_back("(" + std::to_string(left) + " more lines left out; ask for fewer)");
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < lines.size(); ++i)
    out.push_back(format_line("PRIVMSG", {turn.target, (i == 0 ? lead : "") + lines[i]}));
  return out;
}

std::vector<std::string> Bot::answer(const Turn& turn, const nlohmann::json& answer) const {
  if (answer.value("type", std::string()) == "reply") {
    std::string reply = answer.value("reply", std::string());
    if (text::trim(reply).empty()) reply = "I have no answer to that.";
    return say(turn, {reply});
  }
  return say(turn, {error_text(answer)});
}

std::vector<std::string> Bot::still_busy(const Turn& turn) const {
  return say(turn, {"one moment: I'm still answering your earlier requests."});
}

}  // namespace interec::irc
