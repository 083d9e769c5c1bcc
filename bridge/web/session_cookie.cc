#include "bridge/web/session_cookie.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "bridge/digest.h"
#include "storage/text.h"

namespace interec {

SessionCookies::SessionCookies(std::string secret, std::string channel)
    : secret_(std::move(secret)), channel_(std::move(channel)) {
  if (secret_.size() < kMinSecretBytes)
    throw std::runtime_error("the cookie secret must have at least " +
                             std::to_string(kMinSecretBytes) + " bytes");
}

std::string SessionCookies::load_or_create_secret(const std::string& path) {
  if (std::filesystem::exists(path)) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    if (!in) throw std::runtime_error("cannot read the cookie secret " + path);
    std::string secret(text::trim(content.str()));
    if (secret.size() < kMinSecretBytes)
      throw std::runtime_error(path + ": the cookie secret must have at least " +
                               std::to_string(kMinSecretBytes) + " bytes");
    return secret;
  }
  const std::string secret = random_hex(32);
  {
    // Created empty and restricted before the secret goes in.
    std::ofstream(path).flush();
    ::chmod(path.c_str(), 0600);
    std::ofstream out(path);
    out << secret << "\n";
    if (!out.flush()) throw std::runtime_error("cannot write the cookie secret " + path);
  }
  return secret;
}

std::string SessionCookies::sign(std::string_view user) const {
  return hmac_sha256_hex(secret_, channel_ + "\n" + std::string(user));
}

SessionCookies::Issued SessionCookies::issue() const {
  Issued out;
  out.user = "w" + random_hex(12);
  out.value = out.user + "." + sign(out.user);
  return out;
}

std::optional<std::string> SessionCookies::verify(std::string_view value) const {
  const size_t dot = value.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || value.size() > 256) return std::nullopt;
  const std::string_view user = value.substr(0, dot);
  if (!equal_in_constant_time(value.substr(dot + 1), sign(user))) return std::nullopt;
  return std::string(user);
}

std::string SessionCookies::from_header(std::string_view header) {
  const std::string wanted = std::string(kName) + "=";
  for (auto part : text::split(header, ";")) {
    part = text::trim(part);
    if (part.substr(0, wanted.size()) == wanted) return std::string(part.substr(wanted.size()));
  }
  return {};
}

std::string SessionCookies::set_cookie(const std::string& value, bool secure) {
  return std::string(kName) + "=" + value + "; Path=/; Max-Age=31536000; HttpOnly; SameSite=Strict" +
         (secure ? "; Secure" : "");
}

std::string SessionCookies::clear_cookie(bool secure) {
  return std::string(kName) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" +
         (secure ? "; Secure" : "");
}

}  // namespace interec
