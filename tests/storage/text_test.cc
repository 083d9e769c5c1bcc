#include "storage/text.h"

#include <gtest/gtest.h>

#include <cmath>

#include "storage/delimited_reader.h"
#include "storage/importer.h"
#include "tests/storage/storage_test_util.h"

namespace interec {
namespace {

TEST(Text, Latin1BecomesUtf8AndUtf8IsKept) {
  EXPECT_EQ(text::ensure_utf8("Mis\xE9rables"), "Mis\xC3\xA9rables");
  EXPECT_EQ(text::ensure_utf8("Mis\xC3\xA9rables"), "Mis\xC3\xA9rables");
  EXPECT_TRUE(text::is_utf8("plain"));
  EXPECT_FALSE(text::is_utf8("\xC0\xAF"));  // overlong '/'
  EXPECT_FALSE(text::is_utf8("\xED\xA0\x80"));  // surrogate
}

TEST(Text, InvalidBytesAreReplacedAndControlsEscaped) {
  EXPECT_EQ(text::valid_utf8("a comedy \xff\xfe\xc3 from the 90s"),
            "a comedy \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD from the 90s");
  EXPECT_EQ(text::valid_utf8("Mis\xC3\xA9rables"), "Mis\xC3\xA9rables");
  EXPECT_EQ(text::valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  EXPECT_EQ(text::clean("red\x1b[31m\tok\nbell\x07\x7f"), "red\\x1B[31m\tok\nbell\\x07\\x7F");
  EXPECT_EQ(text::clean("csi \xC2\x9B, nbsp \xC2\xA0"), "csi \\u009B, nbsp \xC2\xA0");
  EXPECT_TRUE(text::is_utf8(text::clean(std::string("\x00\x80\xff\xc3", 4))));
}

TEST(Text, ExcerptsAreShortValidAndSayHowLongTheInputWas) {
  EXPECT_EQ(text::excerpt("short"), "short");
  const std::string huge(10 * 1024 * 1024, 'x');
  const std::string e = text::excerpt(huge);
  EXPECT_LE(e.size(), 240u);
  EXPECT_NE(e.find("(10485760 bytes)"), std::string::npos) << e;
  // Never cut inside a character: 100 two-byte characters and a bit.
  std::string accents;
  for (int i = 0; i < 150; ++i) accents += "\xC3\xA9";
  EXPECT_TRUE(text::is_utf8(text::excerpt(accents, 101)));
  EXPECT_EQ(text::cut_utf8("\xC3\xA9\xC3\xA9", 3), "\xC3\xA9");
  EXPECT_EQ(text::excerpt("bin\x01\x02" "ary"), "bin\\x01\\x02ary");
}

TEST(Text, NumbersParseStrictly) {
  EXPECT_EQ(text::parse_int(" 42 "), 42);
  EXPECT_FALSE(text::parse_int("42x"));
  EXPECT_FALSE(text::parse_int(""));
  EXPECT_FALSE(text::parse_int("99999999999999999999"));
  EXPECT_DOUBLE_EQ(*text::parse_real("3.5"), 3.5);
  EXPECT_DOUBLE_EQ(*text::parse_real("1e3"), 1000);
  EXPECT_FALSE(text::parse_real("inf"));
  EXPECT_FALSE(text::parse_real("nan"));
  EXPECT_FALSE(text::parse_real("Free"));
}

TEST(Text, Years) {
  EXPECT_EQ(text::title_year("Toy Story (1995)"), 1995);
  EXPECT_EQ(text::title_year("Babylon 5 (1993/I) "), 1993);
  EXPECT_FALSE(text::title_year("Babylon 5"));
  EXPECT_FALSE(text::title_year("Spaceballs (the movie)"));
  EXPECT_EQ(text::dmy_date_year("01-Jan-1995"), 1995);
  EXPECT_FALSE(text::dmy_date_year(""));
  EXPECT_EQ(text::iso_date_year("2019-02-28"), 2019);
  EXPECT_FALSE(text::iso_date_year("2019-02-30"));
  EXPECT_FALSE(text::iso_date_year("2019-2-3"));
  EXPECT_EQ(text::iso_to_unix("1970-01-02"), 86400);
  EXPECT_EQ(text::iso_to_unix("2000-03-01T00:00:01Z"), 951868801);
}

TEST(DelimitedReader, QuotedFieldsCrlfAndLineBreaks) {
  const std::string dir = test::scratch_dir("DelimitedReader");
  const std::string path = dir + "/a.csv";
  test::write_file(path,
                   "\xEF\xBB\xBFid,title\r\n"
                   "11,\"American President, The (1995)\"\r\n"
                   "\r\n"
                   "12,\"say \"\"hi\"\"\"\r\n"
                   "13,\"two\nlines\"\r\n"
                   "14,\"open\r\n");
  DelimitedReader in(path, ',', true);
  DelimitedRecord r;
  ASSERT_TRUE(in.next(r));
  EXPECT_EQ(r.fields, (std::vector<std::string>{"id", "title"}));
  ASSERT_TRUE(in.next(r));
  EXPECT_EQ(r.line, 2u);
  EXPECT_EQ(r.fields, (std::vector<std::string>{"11", "American President, The (1995)"}));
  ASSERT_TRUE(in.next(r));
  EXPECT_EQ(r.line, 4u);
  EXPECT_EQ(r.fields[1], "say \"hi\"");
  ASSERT_TRUE(in.next(r));
  EXPECT_EQ(r.line, 5u);
  EXPECT_EQ(r.fields[1], "two\nlines");
  ASSERT_TRUE(in.next(r));
  EXPECT_EQ(r.line, 7u);
  EXPECT_FALSE(r.error.empty());
  EXPECT_FALSE(in.next(r));
}

TEST(DelimitedReader, TsvKeepsQuotesLiterally) {
  const std::string dir = test::scratch_dir("DelimitedReaderTsv");
  test::write_file(dir + "/a.tsv", "1\t\"Weird\" Game\t\n");
  DelimitedReader in(dir + "/a.tsv", '\t', false);
  DelimitedRecord r;
  ASSERT_TRUE(in.next(r));
  EXPECT_EQ(r.fields, (std::vector<std::string>{"1", "\"Weird\" Game", ""}));
}

TEST(DelimitedReader, MissingFileNamesIt) {
  try {
    DelimitedReader in("/nonexistent/x.csv", ',', true);
    FAIL() << "no error";
  } catch (const ImportError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/x.csv"), std::string::npos);
  }
}

}  // namespace
}  // namespace interec
