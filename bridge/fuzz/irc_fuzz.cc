// libFuzzer target for the IRC adapter's pure logic (scripts/fuzz.sh builds
// it with clang and runs it for a bounded time): the bytes are a stream from
// an IRC server, cut into lines and fed to the bot, and the text of every
// turn comes back as the agent's reply. Whatever the bytes, nothing may
// crash or throw, and every line the bot sends must be one IRC line: at
// most 512 bytes, ending in CR LF with no other CR, LF or NUL, valid UTF-8
// when its text came from the agent.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bridge/irc/irc_bot.h"
#include "bridge/irc/irc_message.h"
#include "storage/text.h"

using namespace interec;

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

void check_line(const std::string& line) {
  check(line.size() <= irc::kMaxLineBytes && line.size() >= 2);
  check(line.compare(line.size() - 2, 2, "\r\n") == 0);
  const std::string_view body(line.data(), line.size() - 2);
  check(body.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  irc::Bot bot(irc::BotIdentity{"recbot", {"#movies"}, "irc.test:6667"});
  for (const auto& line : bot.greet()) check_line(line);
  bot.on_line(":srv 001 recbot :Welcome");
  irc::LineBuffer lines(512);
  for (const auto& line : lines.feed(bytes)) {
    check(line.size() <= 512);
    auto reaction = bot.on_line(line);
    for (const auto& out : reaction.lines) check_line(out);
    if (!reaction.turn) continue;
    check(text::is_utf8(reaction.turn->text));
    // The agent's reply is valid UTF-8 (it is JSON); use the turn's text.
    nlohmann::json reply = {{"type", "reply"}, {"reply", reaction.turn->text + "\n1. " + reaction.turn->text}};
    for (const auto& out : bot.answer(*reaction.turn, reply)) {
      check_line(out);
      check(text::is_utf8(out));
    }
  }
  return 0;
}
