#include "storage/profile_keys.h"

#include <gtest/gtest.h>

namespace interec {
namespace {

bool in_range_of(const std::string& stored, const std::string& user) {
  return stored >= profile_keys::dialogue(user, 0) && stored < profile_keys::range_end(user);
}

TEST(ProfileKeys, EveryKeyOfAUserLiesInItsErasureRange) {
  EXPECT_TRUE(in_range_of(profile_keys::dialogue("cli:ann", 0), "cli:ann"));
  EXPECT_TRUE(in_range_of(profile_keys::dialogue("cli:ann", ~uint64_t{0}), "cli:ann"));
  EXPECT_TRUE(in_range_of(profile_keys::conversation("cli:ann", "s1"), "cli:ann"));
  EXPECT_TRUE(in_range_of(profile_keys::conversation("cli:ann", "\xff\xff"), "cli:ann"));
}

TEST(ProfileKeys, AUserWhoseKeyExtendsAnotherIsOutsideItsRange) {
  // Erasing "cli:ann" must not touch "cli:anna".
  EXPECT_FALSE(in_range_of(profile_keys::dialogue("cli:anna", 0), "cli:ann"));
  EXPECT_FALSE(in_range_of(profile_keys::conversation("cli:anna", ""), "cli:ann"));
  EXPECT_FALSE(in_range_of(profile_keys::dialogue("cli:an", 7), "cli:ann"));
}

TEST(ProfileKeys, DialogueKeysSortByLineNumber) {
  EXPECT_LT(profile_keys::dialogue("u", 255), profile_keys::dialogue("u", 256));
  EXPECT_LT(profile_keys::dialogue("u", 1), profile_keys::dialogue("u", uint64_t{1} << 40));
}

TEST(ProfileKeys, KeysWithNulOrOverLongAreInvalid) {
  EXPECT_TRUE(profile_keys::valid("cli:ann"));
  EXPECT_FALSE(profile_keys::valid(""));
  EXPECT_FALSE(profile_keys::valid(std::string("a\0b", 3)));
  EXPECT_FALSE(profile_keys::valid(std::string(1025, 'x')));
  EXPECT_TRUE(profile_keys::valid(std::string(1024, 'x')));
}

}  // namespace
}  // namespace interec
