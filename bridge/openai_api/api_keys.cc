#include "bridge/openai_api/api_keys.h"

#include <fstream>
#include <stdexcept>

#include "storage/text.h"

namespace interec::openai_api {
namespace {

bool valid_key(std::string_view key) {
  if (key.size() < 16 || key.size() > 256) return false;
  for (char c : key)
    if (c <= ' ' || c > '~') return false;
  return true;
}

}  // namespace

ApiKeys ApiKeys::read(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read API key file " + path);
  ApiKeys keys;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    const auto t = text::trim(line);
    if (t.empty() || t[0] == '#') continue;
    const std::string where = path + ":" + std::to_string(number) + ": ";
    const auto eq = t.find('=');
    if (eq == std::string_view::npos) throw std::runtime_error(where + "expected `account = key`");
    const std::string account(text::trim(t.substr(0, eq)));
    const std::string key(text::trim(t.substr(eq + 1)));
    if (account.empty() || account.size() > 200 || account.find('/') != std::string::npos ||
        !text::is_utf8(account))
      throw std::runtime_error(where + "the account must be 1-200 bytes of UTF-8 without '/'");
    if (!valid_key(key))
      throw std::runtime_error(where + "a key is 16-256 printable ASCII characters, no spaces");
    if (!keys.account_of_.emplace(key, account).second)
      throw std::runtime_error(where + "this key is listed twice");
  }
  if (keys.empty()) throw std::runtime_error(path + ": no `account = key` line");
  return keys;
}

std::optional<std::string> ApiKeys::account(const std::string& key) const {
  auto it = account_of_.find(key);
  if (it == account_of_.end()) return std::nullopt;
  return it->second;
}

}  // namespace interec::openai_api
