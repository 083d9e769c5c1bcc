// prepare's table of where its time and memory went: one row per phase,
// in order, from the progress lines.
#include <cmath>

#include <gtest/gtest.h>

#include "tools/prepare_phases.h"

namespace interec {
namespace {

TEST(PreparePhases, EachLineStartsAPhaseAndTheTableHasATotal) {
  PreparePhases phases;
  phases.start("reading items.csv");
  volatile double sink = 0;
  for (int i = 0; i < 2'000'000; ++i) sink = sink + std::sqrt(static_cast<double>(i));
  phases.start("training mf");
  phases.finish();
  phases.finish();  // twice: nothing more
  ASSERT_EQ(phases.phases().size(), 2u);
  EXPECT_EQ(phases.phases()[0].name, "reading items.csv");
  EXPECT_EQ(phases.phases()[1].name, "training mf");
  for (const auto& p : phases.phases()) {
    EXPECT_GE(p.wall_seconds, 0);
    EXPECT_GE(p.cpu_seconds, 0);
    EXPECT_GT(p.peak_rss_kb, 0u);  // this process holds some memory
  }
  const std::string table = phases.table();
  EXPECT_NE(table.find("reading items.csv\n"), std::string::npos) << table;
  EXPECT_NE(table.find("training mf\n"), std::string::npos) << table;
  EXPECT_NE(table.find("total\n"), std::string::npos) << table;
  EXPECT_LT(table.find("reading items.csv"), table.find("training mf")) << table;
}

TEST(PreparePhases, ResourceUseGrowsWithWork) {
  const ResourceUse before = resource_use_now();
  volatile double sink = 0;
  for (int i = 0; i < 5'000'000; ++i) sink = sink + std::sqrt(static_cast<double>(i));
  const ResourceUse after = resource_use_now();
  EXPECT_GE(after.cpu_seconds, before.cpu_seconds);
  EXPECT_GE(after.peak_rss_kb, before.peak_rss_kb);
}

}  // namespace
}  // namespace interec
