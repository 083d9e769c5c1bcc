// The web chat's signed identity cookie on its own.
#include "bridge/web/session_cookie.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "tests/test_data.h"

namespace interec {
namespace {

const std::string kSecret(40, 's');

TEST(SessionCookieTest, IssuedCookiesVerifyAndForgedOnesDoNot) {
  SessionCookies cookies(kSecret, "web");
  auto a = cookies.issue(), b = cookies.issue();
  EXPECT_NE(a.user, b.user);
  EXPECT_EQ(cookies.verify(a.value), a.user);
  EXPECT_EQ(cookies.verify(b.value), b.user);
  // Another user's id with my signature, a changed signature, no signature.
  const std::string sig_a = a.value.substr(a.value.find('.'));
  EXPECT_FALSE(cookies.verify(b.user + sig_a));
  // (The last hex digit changed to another: "0" alone fails 1 time in 16.)
  std::string changed = a.value;
  changed.back() = changed.back() == '0' ? '1' : '0';
  EXPECT_FALSE(cookies.verify(changed));
  EXPECT_FALSE(cookies.verify(a.user));
  EXPECT_FALSE(cookies.verify(""));
  EXPECT_FALSE(cookies.verify("." + sig_a));
  // Another secret or another channel does not accept it either.
  EXPECT_FALSE(SessionCookies(std::string(40, 't'), "web").verify(a.value));
  EXPECT_FALSE(SessionCookies(kSecret, "web2").verify(a.value));
  EXPECT_THROW(SessionCookies("short", "web"), std::runtime_error);
}

TEST(SessionCookieTest, HeadersAreReadAndWritten) {
  EXPECT_EQ(SessionCookies::from_header("a=1; interec_id=w1.ab; b=2"), "w1.ab");
  EXPECT_EQ(SessionCookies::from_header("a=1"), "");
  const std::string set = SessionCookies::set_cookie("w1.ab", true);
  for (const char* part : {"interec_id=w1.ab", "HttpOnly", "SameSite=Strict", "Secure", "Path=/"})
    EXPECT_NE(set.find(part), std::string::npos) << part;
  EXPECT_EQ(SessionCookies::set_cookie("x", false).find("Secure"), std::string::npos);
  EXPECT_NE(SessionCookies::clear_cookie(false).find("Max-Age=0"), std::string::npos);
}

TEST(SessionCookieTest, TheSecretFileIsCreatedOnceAndKeptPrivate) {
  const std::string dir = test::scratch_dir("SessionCookieTest.SecretFile");
  const std::string path = dir + "/web.secret";
  const std::string secret = SessionCookies::load_or_create_secret(path);
  EXPECT_GE(secret.size(), SessionCookies::kMinSecretBytes);
  EXPECT_EQ(SessionCookies::load_or_create_secret(path), secret) << "a restart keeps identities";
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::others_read,
            std::filesystem::perms::none);
  std::ofstream(dir + "/short.secret") << "tooshort\n";
  EXPECT_THROW(SessionCookies::load_or_create_secret(dir + "/short.secret"), std::runtime_error);
}

}  // namespace
}  // namespace interec
