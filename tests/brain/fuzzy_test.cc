// The string-distance helpers of brain/fuzzy.h.
#include "brain/fuzzy.h"

#include <gtest/gtest.h>

namespace interec::fuzzy {
namespace {

TEST(OneSlip, OneLetterAddedDroppedChangedOrTwoSwapped) {
  EXPECT_TRUE(one_slip("sars", "stars"));    // dropped
  EXPECT_TRUE(one_slip("starrs", "stars"));  // added
  EXPECT_TRUE(one_slip("starts", "stars"));  // added
  EXPECT_TRUE(one_slip("stors", "stars"));   // changed
  EXPECT_TRUE(one_slip("yeras", "years"));   // swapped
  EXPECT_FALSE(one_slip("stars", "stars"));  // no slip
  EXPECT_FALSE(one_slip("sts", "stars"));    // two dropped
  EXPECT_TRUE(one_slip("tsars", "stars"));   // the first two swapped
  EXPECT_FALSE(one_slip("yrase", "years"));  // two slips
  EXPECT_FALSE(one_slip("ras", "rats"));     // too short to tell
}

}  // namespace
}  // namespace interec::fuzzy
