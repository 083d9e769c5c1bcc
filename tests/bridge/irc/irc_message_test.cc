// IRC lines, text and the bot's reactions on their own: every shape of line
// a server may send, replies cut to IRC's limits, flood pacing.
#include "bridge/irc/irc_message.h"

#include <gtest/gtest.h>

#include "bridge/irc/flood_gate.h"
#include "bridge/irc/irc_bot.h"
#include "bridge/irc/irc_text.h"
#include "storage/text.h"

namespace interec::irc {
namespace {

using json = nlohmann::json;

TEST(IrcMessageTest, ParsesPrefixCommandAndTrailing) {
  auto m = parse_line(":alice!~a@127.0.0.1 PRIVMSG #movies :recbot: top 3 comedies\r\n");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->prefix, "alice!~a@127.0.0.1");
  EXPECT_EQ(m->command, "PRIVMSG");
  EXPECT_EQ(m->params, (std::vector<std::string>{"#movies", "recbot: top 3 comedies"}));
  auto ping = parse_line("ping :irc.example.org");
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->command, "PING");
  EXPECT_EQ(ping->params, (std::vector<std::string>{"irc.example.org"}));
  auto tagged = parse_line("@time=2024-01-01T00:00:00Z :srv 001  bot   :Welcome ");
  ASSERT_TRUE(tagged);
  EXPECT_EQ(tagged->command, "001");
  EXPECT_EQ(tagged->params, (std::vector<std::string>{"bot", "Welcome "}));
  auto empty_trailing = parse_line("PRIVMSG bot :");
  ASSERT_TRUE(empty_trailing);
  EXPECT_EQ(empty_trailing->params.back(), "");
}

TEST(IrcMessageTest, MalformedLinesAreNotMessages) {
  for (std::string_view line : {"", "   ", ":prefixonly", ":prefix ", "@tags", "@tags :p",
                                "PR\x01VMSG x", "\xff\xfe", "::: :::"})
    EXPECT_FALSE(parse_line(line)) << line;
  // Odd but harmless: a command alone, a NUL in a parameter.
  EXPECT_TRUE(parse_line("QUIT"));
  EXPECT_TRUE(parse_line(std::string_view("PRIVMSG a :b\0c", 14)));
}

TEST(IrcMessageTest, FormatKeepsEveryParameterOnOneLine) {
  EXPECT_EQ(format_line("PRIVMSG", {"#a", "hello world"}), "PRIVMSG #a :hello world\r\n");
  EXPECT_EQ(format_line("NICK", {"bot"}), "NICK bot\r\n");
  EXPECT_EQ(format_line("PRIVMSG", {"#a", ":)"}), "PRIVMSG #a ::)\r\n");
  EXPECT_EQ(format_line("PRIVMSG", {"#a", ""}), "PRIVMSG #a :\r\n");
  // An injected command never becomes a second line.
  EXPECT_EQ(format_line("PRIVMSG", {"#a", "x\r\nQUIT :gone"}), "PRIVMSG #a :x  QUIT :gone\r\n");
  EXPECT_EQ(format_line("PRIVMSG", {"a b", "x"}), "PRIVMSG a_b x\r\n");
  const std::string long_utf8 = std::string(505, 'a') + "ééé";
  const std::string line = format_line("PRIVMSG", {"#a", long_utf8});
  EXPECT_LE(line.size(), kMaxLineBytes);
  EXPECT_TRUE(text::is_utf8(line));
  EXPECT_EQ(line.substr(line.size() - 2), "\r\n");
}

TEST(IrcMessageTest, NicksFoldTheRfc1459Way) {
  EXPECT_EQ(nick_of("alice!~a@host"), "alice");
  EXPECT_EQ(nick_of("alice@host"), "alice");
  EXPECT_EQ(nick_of("irc.example.org"), "");
  EXPECT_EQ(fold_case("Bob[1]~\\"), "bob{1}^|");
  EXPECT_TRUE(is_channel("#movies"));
  EXPECT_FALSE(is_channel("alice"));
}

TEST(IrcMessageTest, LineBufferJoinsPiecesAndDropsOverlongLines) {
  LineBuffer lines(16);
  EXPECT_TRUE(lines.feed("PING :a").empty());
  EXPECT_EQ(lines.feed("b\r\nPONG x\n"), (std::vector<std::string>{"PING :ab", "PONG x"}));
  EXPECT_EQ(lines.feed(std::string(40, 'x') + "\r\nNEXT\r\n"), (std::vector<std::string>{"NEXT"}));
  EXPECT_EQ(lines.dropped(), 1u);
  // The overlong line's tail, arriving later, is dropped too.
  EXPECT_TRUE(lines.feed(std::string(20, 'y')).empty());
  EXPECT_EQ(lines.feed("zz\r\nOK\r\n"), (std::vector<std::string>{"OK"}));
}

TEST(IrcTextTest, InputLosesFormattingAndBecomesUtf8) {
  EXPECT_EQ(clean_input("\x02top\x02 \x03" "04,12three\x03 \x1d" "comedies\x0f  "), "top three comedies");
  EXPECT_EQ(clean_input("caf\xe9"), "caf\xc3\xa9");  // Latin-1 from an old client
  EXPECT_EQ(clean_input("a\tb\x01"), "a b");
}

TEST(IrcTextTest, RepliesAreCutOnWordsAndCharacters) {
  auto lines = reply_lines("Here are 2 picks:\n1. Heat (1995)\n\n2. Fargo (1996)", 100);
  EXPECT_EQ(lines, (std::vector<std::string>{"Here are 2 picks:", "1. Heat (1995)", "2. Fargo (1996)"}));
  std::string words;
  for (int i = 0; i < 60; ++i) words += "word\xc3\xa9 ";
  for (const auto& line : reply_lines(words, 50)) {
    EXPECT_LE(line.size(), 50u);
    EXPECT_TRUE(text::is_utf8(line)) << line;
    EXPECT_EQ(line.back(), '\xa9') << "cut inside a word: " << line;
  }
  for (const auto& line : reply_lines(std::string(200, '\xe2') + "", 50)) EXPECT_LE(line.size(), 50u);
}

TEST(IrcFloodGateTest, BurstThenSteadyPace) {
  const auto t0 = FloodGate::Clock::time_point();
  FloodGate gate(3, std::chrono::milliseconds(500), t0);
  EXPECT_TRUE(gate.take(t0));
  EXPECT_TRUE(gate.take(t0));
  EXPECT_TRUE(gate.take(t0));
  EXPECT_FALSE(gate.take(t0));
  EXPECT_EQ(gate.next(t0) - t0 >= std::chrono::milliseconds(500), true);
  EXPECT_FALSE(gate.take(t0 + std::chrono::milliseconds(499)));
  EXPECT_TRUE(gate.take(t0 + std::chrono::milliseconds(501)));
  // Idle time refills the burst, never beyond it.
  const auto later = t0 + std::chrono::seconds(60);
  int sent = 0;
  while (gate.take(later)) ++sent;
  EXPECT_EQ(sent, 3);
}

class IrcBotTest : public ::testing::Test {
 protected:
  Bot bot{BotIdentity{"recbot", {"#movies", "#films"}, "irc.test:6667"}};
};

TEST_F(IrcBotTest, RegistersJoinsAndAnswersPing) {
  auto greet = bot.greet();
  EXPECT_EQ(greet[0], "NICK recbot\r\n");
  EXPECT_EQ(bot.on_line("PING :12345").lines, (std::vector<std::string>{"PONG 12345\r\n"}));
  auto taken = bot.on_line(":srv 433 * recbot :Nickname already in use");
  EXPECT_EQ(taken.lines, (std::vector<std::string>{"NICK recbot_\r\n"}));
  auto welcome = bot.on_line(":srv 001 recbot_ :Welcome");
  EXPECT_TRUE(bot.registered());
  EXPECT_EQ(bot.nick(), "recbot_");
  EXPECT_EQ(welcome.lines, (std::vector<std::string>{"JOIN #movies\r\n", "JOIN #films\r\n"}));
  EXPECT_EQ(bot.on_line(":recbot_!b@h JOIN :#movies").event, "joined #movies");
  EXPECT_EQ(bot.on_line(":op!o@h KICK #movies recbot_ :out").lines,
            (std::vector<std::string>{"JOIN #movies\r\n"}));
  bot.greet();  // a new connection asks for the wanted nick again
  EXPECT_EQ(bot.nick(), "recbot");
  EXPECT_FALSE(bot.registered());
}

TEST_F(IrcBotTest, OnlyLinesThatAddressTheBotAreTurns) {
  bot.on_line(":srv 001 recbot :Welcome");
  auto channel = bot.on_line(":Alice!a@h PRIVMSG #movies :RecBot, top 3 \x02" "comedies");
  ASSERT_TRUE(channel.turn);
  EXPECT_EQ(channel.turn->text, "top 3 comedies");
  EXPECT_EQ(channel.turn->user, "alice@irc.test:6667");
  EXPECT_EQ(channel.turn->session, "recbot");
  EXPECT_EQ(channel.turn->target, "#movies");
  EXPECT_EQ(channel.turn->addressee, "Alice");
  auto direct = bot.on_line(":bob!b@h PRIVMSG recbot :more");
  ASSERT_TRUE(direct.turn);
  EXPECT_EQ(direct.turn->target, "bob");
  EXPECT_EQ(direct.turn->addressee, "");
  EXPECT_FALSE(bot.on_line(":bob!b@h PRIVMSG #movies :recbots are cool").turn);
  EXPECT_FALSE(bot.on_line(":bob!b@h PRIVMSG #movies :hello recbot: hi").turn);
  EXPECT_FALSE(bot.on_line(":bob!b@h NOTICE recbot :hi").turn);
  EXPECT_FALSE(bot.on_line(":recbot!b@h PRIVMSG recbot :talking to myself").turn);
  EXPECT_FALSE(bot.on_line(":bob!b@h PRIVMSG recbot :\x01" "ACTION waves\x01").turn);
  EXPECT_EQ(bot.on_line(":bob!b@h PRIVMSG recbot :\x01VERSION\x01").lines.size(), 1u);
  auto blank = bot.on_line(":bob!b@h PRIVMSG #movies :recbot:   ");
  EXPECT_FALSE(blank.turn);
  ASSERT_EQ(blank.lines.size(), 1u);
  EXPECT_EQ(blank.lines[0].rfind("PRIVMSG #movies :bob: Ask me", 0), 0u) << blank.lines[0];
}

TEST_F(IrcBotTest, AnswersFitIrcAndNameTheAsker) {
  bot.on_line(":srv 001 recbot :Welcome");
  Turn t = *bot.on_line(":alice!a@h PRIVMSG #movies :recbot: top 20 comedies").turn;
  std::string reply = "Here are 20 picks for genres: Comedy:";
  for (int i = 1; i <= 20; ++i) reply += "\n" + std::to_string(i) + ". " + std::string(300, 'x');
  auto lines = bot.answer(t, {{"type", "reply"}, {"reply", reply}});
  EXPECT_EQ(lines.size(), kMaxReplyLines);
  EXPECT_EQ(lines[0], "PRIVMSG #movies :alice: Here are 20 picks for genres: Comedy:\r\n");
  EXPECT_NE(lines.back().find("more lines left out"), std::string::npos);
  for (const auto& line : lines) {
    // What the server relays: our line behind ":recbot!user@host ".
    EXPECT_LE(line.size() + 1 + 6 + 1 + 10 + 1 + 63 + 1, kMaxLineBytes) << line;
    EXPECT_EQ(line.find('\n'), line.size() - 1);
  }
  auto busy = bot.answer(t, {{"type", "error"}, {"code", "busy"}});
  ASSERT_EQ(busy.size(), 1u);
  EXPECT_NE(busy[0].find("alice: sorry, I'm busy"), std::string::npos);
  auto down = bot.answer(t, {{"type", "error"}, {"code", "timeout"}, {"local", true}});
  EXPECT_NE(down[0].find("unavailable"), std::string::npos);
}

}  // namespace
}  // namespace interec::irc
