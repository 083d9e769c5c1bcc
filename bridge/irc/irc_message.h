// IRC protocol lines (RFC 1459 / 2812, with IRCv3 message tags skipped):
// reading one line into its parts, writing a command as one line, nick
// names, and cutting a byte stream into lines. Pure logic without sockets,
// so every line a server may send is tested (and fuzzed: bridge/fuzz/).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interec::irc {

/// RFC 1459: a line is at most 512 bytes including the CR LF.
constexpr size_t kMaxLineBytes = 512;

struct Message {
  std::string prefix;   // "nick!user@host" or a server name; "" when absent
  std::string command;  // upper-cased: "PRIVMSG", "001", ...
  std::vector<std::string> params;  // the trailing parameter last, without ':'
};

/// Parses one line without its CR LF. nullopt for a line that is not a
/// message (empty, a prefix or tags with no command, a command with bytes
/// other than letters and digits). Never throws.
std::optional<Message> parse_line(std::string_view line);

/// "COMMAND p1 p2 :last\r\n". Every parameter is cleaned of CR, LF and NUL
/// (which would end or break the line); the last one gets a ':' when it is
/// empty, has a space or starts with ':'. The line is cut to kMaxLineBytes
/// on a UTF-8 character boundary.
std::string format_line(std::string_view command, const std::vector<std::string>& params);

/// The nick of a prefix "nick!user@host" ("" for a server prefix).
std::string nick_of(std::string_view prefix);

/// RFC 1459 case mapping: A-Z and []\~ fold to a-z and {}|^, so "Bob[1]"
/// and "bob{1}" are one nick.
std::string fold_case(std::string_view nick);

/// True for a channel name (#, &, + or ! first).
bool is_channel(std::string_view target);

/// Cuts a byte stream into lines (LF or CR LF). A line longer than
/// `max_line` bytes is dropped whole (counted), never split into pieces
/// that would be read as commands.
class LineBuffer {
 public:
  explicit LineBuffer(size_t max_line = 8192) : max_line_(max_line) {}
  /// Appends received bytes; returns the complete lines now available.
  std::vector<std::string> feed(std::string_view bytes);
  size_t dropped() const { return dropped_; }

 private:
  size_t max_line_;
  std::string partial_;
  bool discarding_ = false;
  size_t dropped_ = 0;
};

}  // namespace interec::irc
