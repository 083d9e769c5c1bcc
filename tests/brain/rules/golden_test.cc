// Golden plans of the rules brain: tests/golden/rules_brain_<dataset>.tsv,
// one case per line, "request<TAB>expected plan JSON" (compact, keys sorted
// as nlohmann dumps them); lines starting with '#' are comments.
//
// INTEREC_UPDATE_GOLDEN=1 rewrites the files with the actual plans (comments
// and order kept) -- review the diff by eye before committing it.
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/brain/rules/brain_test_util.h"
#include "tests/golden_file.h"
#include "tests/test_data.h"
#include "tools/plan_json.h"

namespace interec {
namespace {

void run_golden(const std::string& dataset, const std::string& file) {
  INTEREC_REQUIRE_PREPARED(dir, dataset);
  auto brain = test::brain_for(dir);
  auto plan_of = [&](const std::string& text) {
    BrainRequest request;
    request.text = text;
    return brain->plan(request);
  };
  const size_t cases = test::check_golden(
    file, [&](const std::string& text) { return plan_to_json(plan_of(text).plan).dump(); },
    [&](const std::string& text) { return "understood: " + plan_of(text).understood; });
  EXPECT_GE(cases, 1u);
}

TEST(RulesBrainGolden, Ml100k) { run_golden("ml-100k", "rules_brain_ml100k.tsv"); }

TEST(RulesBrainGolden, MlLatest) { run_golden("ml-latest-small", "rules_brain_ml_latest.tsv"); }

}  // namespace
}  // namespace interec
