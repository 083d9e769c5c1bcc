// The rules brain over mapped column facts (columns.idx, as a start reads a
// prepared folder) plans exactly as over facts counted from the catalog (a
// folder without the file): every golden request of ML-100K, and requests
// over the vocabulary of the tiny catalog.
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storage/column_facts.h"
#include "tests/brain/rules/brain_test_util.h"
#include "tests/test_data.h"
#include "tools/plan_json.h"

namespace interec {
namespace {

// The requests of a golden file (the text before each line's tab).
std::vector<std::string> golden_requests(const std::string& file) {
  std::ifstream in(test::source_root() + "/tests/golden/" + file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#' && line.find('\t') != std::string::npos)
      out.push_back(line.substr(0, line.find('\t')));
  return out;
}

void expect_same_plans(const std::string& dir, const std::vector<std::string>& requests) {
  const auto box = test::toolbox_for(dir);
  ASSERT_TRUE(box->column_facts->mapped()) << dir << ": prepare wrote no columns.idx";
  RulesBrain mapped(box);
  RulesBrain counted(box->dataset->catalog, box->titles);  // no toolbox: the facts counted from the catalog
  for (const std::string& text : requests) {
    BrainRequest r;
    r.text = text;
    const BrainPlan a = mapped.plan(r), b = counted.plan(r);
    EXPECT_EQ(plan_to_json(a.plan).dump(), plan_to_json(b.plan).dump()) << text;
    EXPECT_EQ(a.understood, b.understood) << text;
  }
}

TEST(ColumnFactsBrain, MappedPlansAsCountedOnTiny) {
  expect_same_plans(test::tiny(), {"comedies from the 90s", "a highly rated drama", "something scary but not gory",
                                   "films before 1980 with a rating above 4", "not horror, after 2005",
                                   "early 2000s thrillers", "the best rated westerns", "something uplifting"});
}

TEST(ColumnFactsBrain, MappedPlansAsCountedOnMl100kGolden) {
  INTEREC_REQUIRE_PREPARED(dir, "ml-100k");
  const auto requests = golden_requests("rules_brain_ml100k.tsv");
  ASSERT_GT(requests.size(), 10u);
  expect_same_plans(dir, requests);
}

}  // namespace
}  // namespace interec
