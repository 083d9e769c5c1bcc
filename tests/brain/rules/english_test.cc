// EnglishWords: ordinary words, names and neither, from hunspell-en-us; a
// missing dictionary is the documented degraded mode, not an error.
#include <gtest/gtest.h>

#include "brain/rules/english.h"

namespace interec::rules {
namespace {

TEST(EnglishWords, WordsNamesAndNeither) {
  EnglishWords english;
  if (!english.available()) GTEST_SKIP() << english.missing();
  EXPECT_EQ(english.kind("heat"), EnglishWords::Kind::word);
  EXPECT_EQ(english.kind("comedies"), EnglishWords::Kind::word);  // affix rules
  EXPECT_EQ(english.kind("emma"), EnglishWords::Kind::name);
  EXPECT_EQ(english.kind("zootopia"), EnglishWords::Kind::unknown);
  EXPECT_EQ(english.kind("reccomend"), EnglishWords::Kind::unknown);
  EXPECT_EQ(english.kind(""), EnglishWords::Kind::unknown);
}

TEST(EnglishWords, AMissingDictionaryKnowsNoWord) {
  EnglishWords english({"/nonexistent/en_US.aff", "/nonexistent/en_US.dic"});
  EXPECT_FALSE(english.available());
  EXPECT_NE(english.missing().find("hunspell-en-us"), std::string::npos);
  EXPECT_EQ(english.kind("heat"), EnglishWords::Kind::unknown);
}

}  // namespace
}  // namespace interec::rules
