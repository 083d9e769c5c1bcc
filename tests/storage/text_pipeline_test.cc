// The one text pipeline: tokens, folding, stopwords, Snowball stems.
#include "storage/text_pipeline.h"

#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "storage/title_index.h"

namespace interec::text {
namespace {

std::vector<std::string> norms(std::string_view s) {
  std::vector<std::string> out;
  for (const auto& t : tokenize(s)) out.push_back(t.norm);
  return out;
}

TEST(TextPipeline, TokensOfAMessage) {
  auto t = tokenize("Children's '90s 90's $10 4.5 1990\xE2\x80\x93" "1999 sci-fi");
  EXPECT_EQ(norms("Children's '90s 90's $10 4.5 1990\xE2\x80\x93" "1999 sci-fi"),
            (std::vector<std::string>{"childrens", "90s", "90s", "$", "10", "4.5", "1990", "-",
                                      "1999", "sci", "-", "fi"}));
  EXPECT_EQ(t[4].kind, Token::number);
  EXPECT_DOUBLE_EQ(t[5].value, 4.5);
  EXPECT_EQ(t[0].raw, "Children's");
  EXPECT_EQ(t[0].begin, 0u);
  EXPECT_EQ(t[0].end, 10u);
  // Anything goes in, nothing breaks.
  EXPECT_NO_THROW(tokenize(std::string("\xff\xfe\x80 abc" "\x00" "def", 11)));
}

TEST(TextPipeline, AccentsTypographyAndLatin1Fold) {
  // "Amélie", curly quotes around a title, a non-breaking space, an ellipsis.
  EXPECT_EQ(norms("Am\xC3\xA9lie \xE2\x80\x9CHeat\xE2\x80\x9D\xC2\xA0now\xE2\x80\xA6"),
            (std::vector<std::string>{"amelie", "\"", "heat", "\"", "now", "."}));
  // The right single quotation mark is an apostrophe: "don’t" -> "dont".
  EXPECT_EQ(norms("don\xE2\x80\x99t"), (std::vector<std::string>{"dont"}));
  // A Latin-1 byte (not UTF-8) is read as Latin-1.
  EXPECT_EQ(norms("Mis\xE9rables"), (std::vector<std::string>{"miserables"}));
  // Letters without a fold keep their bytes.
  EXPECT_EQ(norms("\xD0\x9C\xD0\xB8\xD1\x80"), (std::vector<std::string>{"\xD0\x9C\xD0\xB8\xD1\x80"}));
  EXPECT_EQ(fold_accents("Cit\xC3\xA9 \xC3\x86on"), "Cite aeon");
  // Trade marks separate words and vanish: ® © ™.
  EXPECT_EQ(norms("Civilization\xC2\xAE V SPINTIRES\xE2\x84\xA2 \xC2\xA9Ubi"),
            (std::vector<std::string>{"civilization", "v", "spintires", "ubi"}));
}

TEST(TextPipeline, OneStopwordList) {
  for (const char* w : {"the", "please", "movie", "films", "something", "3"}) EXPECT_TRUE(is_stopword(w)) << w;
  for (const char* w : {"comedy", "heat", "war", "horror", "1995"}) EXPECT_FALSE(is_stopword(w)) << w;
}

TEST(TextPipeline, SnowballStems) {
  EXPECT_EQ(stem("comedies"), stem("comedy"));
  EXPECT_EQ(stem("animated"), stem("animation"));
  EXPECT_EQ(stem("thrillers"), stem("thriller"));
  EXPECT_EQ(stem("childrens"), stem("children"));
  EXPECT_EQ(stem("documentaries"), stem("documentary"));
  EXPECT_EQ(stem("rated"), stem("rating"));
  EXPECT_NE(stem("acting"), stem("action"));
  EXPECT_EQ(stem("war"), "war");
  EXPECT_EQ(stem("1995"), "1995");
}

TEST(TextPipeline, StemsAreTheSameOnEveryThread) {
  // One stemmer per thread: threads stemming at once never see each other's words.
  std::vector<int> wrong(4, 0);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < wrong.size(); ++i)
    threads.emplace_back([&wrong, i] {
      for (int k = 0; k < 2000; ++k) {
        const bool odd = (k + i) % 2;
        if (stem(odd ? "documentaries" : "thrillers") != (odd ? "documentari" : "thriller")) ++wrong[i];
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

TEST(TextPipeline, ContentWordsAreStemsWithoutStopwords) {
  EXPECT_EQ(content_words("Please show me some funny comedies from 1995!"),
            (std::vector<std::string>{stem("funny"), stem("comedies"), "1995"}));
}

TEST(TextPipeline, TitlesNormaliseThroughThePipeline) {
  EXPECT_EQ(normalize_text("L.A. Confidential"), "la confidential");
  EXPECT_EQ(normalize_text("Mr. Holland's Opus"), "mr hollands opus");
  EXPECT_EQ(normalize_text("Tom & Jerry"), "tom and jerry");
  EXPECT_EQ(normalize_text("8.5 Women"), "85 women");
  EXPECT_EQ(normalize_text("Am\xC3\xA9lie"), "amelie");
  EXPECT_EQ(normalize_title("Usual Suspects, The (1995)"), "the usual suspects");
}

}  // namespace
}  // namespace interec::text
