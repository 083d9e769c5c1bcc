// The API keys of `interec openai-api --api-keys FILE`: which account each
// bearer key belongs to. The file is text, one `account = key` line per key,
// `#` comments and blank lines ignored (the layout of the CURVE key files):
//   # interec openai-api keys: keep this file secret (mode 0600)
//   support-bot = sk-3f9a...      (keys: 16-256 printable ASCII, no spaces)
// Accounts are user ids of the bridge protocol's `user` field (1-200 bytes,
// no '/', which separates an account from the end users it names).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

namespace interec::openai_api {

class ApiKeys {
 public:
  /// No keys: requests are not authenticated.
  ApiKeys() = default;
  /// Throws std::runtime_error naming the file and line of a malformed
  /// entry, a key listed twice, or a file without any key.
  static ApiKeys read(const std::string& path);

  bool empty() const { return account_of_.empty(); }
  /// The account of `key`, or nullopt for an unknown key.
  std::optional<std::string> account(const std::string& key) const;

 private:
  std::unordered_map<std::string, std::string> account_of_;
};

}  // namespace interec::openai_api
