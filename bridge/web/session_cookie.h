// The web chat's identity: a signed session cookie. The web server makes up
// a user id for a new browser and signs it (HMAC-SHA256 with a server
// secret, bound to the channel); the browser only carries the cookie back.
// A cookie that does not verify is ignored (a new identity is issued), so a
// client can never choose another user's id.
//
// Cookie value: "<user>.<hex HMAC-SHA256(secret, channel + '\n' + user)>",
// user = "w" + 24 hex digits.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace interec {

class SessionCookies {
 public:
  /// The cookie's name in Set-Cookie and Cookie headers.
  static constexpr const char* kName = "interec_id";
  /// A secret shorter than this many bytes is refused.
  static constexpr size_t kMinSecretBytes = 32;

  /// Throws std::runtime_error for a secret that is too short.
  SessionCookies(std::string secret, std::string channel);

  /// The secret of `path`: read when the file exists (at least
  /// kMinSecretBytes bytes, surrounding blanks ignored), else made up from
  /// the system's random generator and written there (mode 0600), so
  /// identities survive restarts. Throws std::runtime_error naming the file.
  static std::string load_or_create_secret(const std::string& path);

  /// A new user id and its signed cookie value.
  struct Issued {
    std::string user;
    std::string value;
  };
  Issued issue() const;

  /// The user of a cookie value; nullopt unless its signature verifies.
  std::optional<std::string> verify(std::string_view value) const;

  /// The value of cookie kName in a Cookie request header, "" when absent.
  static std::string from_header(std::string_view cookie_header);

  /// The Set-Cookie header value: HttpOnly, SameSite=Strict, Path=/, one
  /// year; Secure when `secure` (the site is served over HTTPS).
  static std::string set_cookie(const std::string& value, bool secure);
  /// The Set-Cookie header value that makes the browser forget the cookie.
  static std::string clear_cookie(bool secure);

 private:
  std::string sign(std::string_view user) const;

  std::string secret_;
  std::string channel_;
};

}  // namespace interec
