// Bitmap::to_words must give the members below n as to_vector() does, for
// every kind of CRoaring container (arrays, full bit sets, runs) and for an
// n inside a container or a word.
#include <random>

#include <gtest/gtest.h>

#include "storage/bitmap.h"

namespace interec {
namespace {

std::vector<uint32_t> from_words(const std::vector<uint64_t>& words) {
  std::vector<uint32_t> out;
  for (size_t w = 0; w < words.size(); ++w)
    for (uint32_t b = 0; b < 64; ++b)
      if (words[w] >> b & 1) out.push_back(static_cast<uint32_t>(w * 64 + b));
  return out;
}

TEST(Bitmap, ToWordsHoldsTheMembersBelowN) {
  std::mt19937_64 rng(3);
  std::vector<uint32_t> values;
  for (uint32_t v = 0; v < 65536; ++v)  // a dense container: a bit set
    if (rng() % 3) values.push_back(v);
  for (uint32_t v = 65536; v < 131072; v += 97) values.push_back(v);  // sparse: an array
  for (uint32_t v = 140000; v < 190000; ++v) values.push_back(v);     // runs
  for (uint32_t v = 200001; v < 200070; ++v) values.push_back(v);
  Bitmap b = Bitmap::of(values);  // run-optimised
  Bitmap flipped = b;
  flipped.complement(300000);
  for (const Bitmap* m : {&b, &flipped})
    for (uint32_t n : {300000u, 200035u, 150001u, 131072u, 65600u, 1000u, 64u, 0u}) {
      std::vector<uint32_t> want;
      for (uint32_t v : m->to_vector())
        if (v < n) want.push_back(v);
      std::vector<uint64_t> words{42};  // replaced, not added to
      m->to_words(n, words);
      ASSERT_EQ(words.size(), (n + 63) / 64);
      EXPECT_EQ(from_words(words), want) << "n " << n;
    }
  std::vector<uint64_t> words;
  Bitmap().to_words(100, words);
  EXPECT_EQ(words, std::vector<uint64_t>(2, 0));
}

}  // namespace
}  // namespace interec
