// Text between IRC and the agent: what people type (colour codes, any
// encoding) made into a clean request, and the agent's reply made into
// lines that fit IRC's 512-byte limit without cutting a character in two.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace interec::irc {

/// The longest prefix of `s` of at most `max_bytes` that ends on a UTF-8
/// character boundary.
std::string cut_utf8(std::string_view s, size_t max_bytes);

/// What a person typed, as the agent should read it: mIRC formatting
/// (bold, colours "\x03" "12,4", reverse, italics, underline, reset) and
/// other control characters removed; bytes that are not UTF-8 read as
/// Latin-1 (older clients send it); blanks trimmed.
std::string clean_input(std::string_view s);

/// Splits `reply` into lines of at most `max_bytes` bytes each: one per
/// line of the reply (the header, then one item a line), a line too long
/// for IRC broken at the last space that fits (else at a character
/// boundary). Empty lines are dropped; tabs become spaces.
std::vector<std::string> reply_lines(std::string_view reply, size_t max_bytes);

}  // namespace interec::irc
