// SHA-256 and HMAC-SHA256 (OpenSSL) for the channels: the OpenAI endpoint
// names a conversation by the hash of its opening, the web chat signs its
// session cookies. Binary results are returned as lower-case hex.
#pragma once

#include <string>
#include <string_view>

namespace interec {

/// Hex SHA-256 of `data` (64 characters).
std::string sha256_hex(std::string_view data);

/// Hex HMAC-SHA256 of `data` under `key` (64 characters).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

/// Compares without an early exit, so the time taken does not tell how much
/// of a forged signature was right.
bool equal_in_constant_time(std::string_view a, std::string_view b);

/// `bytes` random bytes from the operating system's generator, as hex.
/// Throws std::runtime_error when none can be had.
std::string random_hex(size_t bytes);

}  // namespace interec
