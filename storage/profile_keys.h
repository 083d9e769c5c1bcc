// How one user's data is laid out in the profile store's column families.
// Erasure depends on it: everything of user KEY in the dialogue and
// conversations column families lies in [KEY \0, KEY \x01), so one range
// deletion covers it.
#pragma once

#include <cstdint>
#include <string>

namespace interec::profile_keys {

/// A user key is 1-1024 bytes without NUL (NUL separates the key's parts).
inline bool valid(const std::string& key) {
  return !key.empty() && key.find('\0') == std::string::npos && key.size() <= 1024;
}

/// Dialogue line `seq` of `key`: KEY, NUL, 8-byte big-endian seq, so one
/// user's lines are contiguous and in order.
inline std::string dialogue(const std::string& key, uint64_t seq) {
  std::string k = key;
  k.push_back('\0');
  for (int shift = 56; shift >= 0; shift -= 8) k.push_back(static_cast<char>((seq >> shift) & 0xff));
  return k;
}

/// The conversation state of `session`: KEY, NUL, session id.
inline std::string conversation(const std::string& key, const std::string& session) {
  std::string k = key;
  k.push_back('\0');
  return k + session;
}

/// The first key after every dialogue and conversation key of `key`.
inline std::string range_end(const std::string& key) {
  std::string k = key;
  k.push_back('\x01');
  return k;
}

}  // namespace interec::profile_keys
