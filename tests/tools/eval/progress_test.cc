// The progress line prepare, train and eval draw on a terminal: rate and
// time left from what was done so far.
#include <sstream>

#include <gtest/gtest.h>

#include "tools/eval/progress.h"

namespace interec {
namespace {

TEST(ProgressText, BarPercentCountsRateAndTimeLeft) {
  // 250,000 of 1,000,000 in 10 s: 25,000 a second, 30 s to go.
  EXPECT_EQ(progress_text("reading items.csv", 250'000, 1'000'000, 10.0, 8),
            "reading items.csv [##......] 25% 250k/1M 25k/s, 30 s left");
  EXPECT_EQ(progress_text("mf iterations", 3, 12, 90.0, 4), "mf iterations [#...] 25% 3/12 0.0333/s, 4 min 30 s left");
}

TEST(ProgressText, NoRateBeforeAnythingIsDoneNoTimeLeftWhenDoneOrUnknown) {
  EXPECT_EQ(progress_text("sorting", 0, 100, 5.0, 0), "sorting 0% 0/100");
  EXPECT_EQ(progress_text("sorting", 100, 100, 4.0, 0), "sorting 100% 100/100 25/s");
  EXPECT_EQ(progress_text("rows", 4'500'000, 0, 3.0, 10), "rows 4.5M 1.5M/s");
  // Done past the total (a file that grew) stays a full bar.
  EXPECT_EQ(progress_text("x", 12, 10, 0.0, 2), "x [##] 100% 12/10");
}

TEST(ProgressText, CountsAndDurationsAsPeopleReadThem) {
  EXPECT_EQ(short_count(950), "950");
  EXPECT_EQ(short_count(41'200), "41.2k");
  EXPECT_EQ(short_count(2'500'000'000.0), "2.5G");
  EXPECT_EQ(short_duration(7.4), "7 s");
  EXPECT_EQ(short_duration(125), "2 min 05 s");
  EXPECT_EQ(short_duration(3720), "1 h 02 min");
  EXPECT_EQ(short_duration(-3), "0 s");
}

TEST(ProgressReporter, QuietDrawsNothingAndALogGetsLinesNotCarriageReturns) {
  std::ostringstream quiet_out;
  {
    ProgressReporter quiet(quiet_out, true, true);
    quiet.update("step", 1, 2);
  }
  EXPECT_EQ(quiet_out.str(), "");
  // A step shorter than a second prints nothing, on a terminal or not.
  std::ostringstream short_out;
  {
    ProgressReporter r(short_out, true);
    r.update("step", 1, 2);
    r.update("step", 2, 2);
  }
  EXPECT_EQ(short_out.str(), "");
}

}  // namespace
}  // namespace interec
