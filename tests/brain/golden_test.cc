// Golden plans of the rules brain: tests/golden/rules_brain_<dataset>.tsv,
// one case per line, "request<TAB>expected plan JSON" (compact, keys sorted
// as nlohmann dumps them); lines starting with '#' are comments.
//
// INTEREC_UPDATE_GOLDEN=1 rewrites the files with the actual plans (comments
// and order kept) -- review the diff by eye before committing it.
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/brain/brain_test_util.h"
#include "tests/test_data.h"

namespace interec {
namespace {

struct GoldenLine {
  std::string text;      // the whole line (comments) or the request
  std::string expected;  // empty for comments
  bool is_case = false;
  int line_no = 0;
};

std::vector<GoldenLine> read_golden(const std::string& path) {
  std::ifstream in(path);
  std::vector<GoldenLine> out;
  std::string line;
  int no = 0;
  while (std::getline(in, line)) {
    ++no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    GoldenLine g;
    g.line_no = no;
    const size_t tab = line.find('\t');
    if (line.empty() || line[0] == '#' || tab == std::string::npos) {
      g.text = line;
    } else {
      g.text = line.substr(0, tab);
      g.expected = line.substr(tab + 1);
      g.is_case = true;
    }
    out.push_back(std::move(g));
  }
  return out;
}

void run_golden(const std::string& dataset, const std::string& file) {
  INTEREC_REQUIRE_PREPARED(dir, dataset);
  const std::string path = test::source_root() + "/tests/golden/" + file;
  auto lines = read_golden(path);
  ASSERT_FALSE(lines.empty()) << "cannot read " << path;
  auto brain = test::brain_for(dir);
  const char* update = std::getenv("INTEREC_UPDATE_GOLDEN");
  const bool rewrite = update && std::string(update) == "1";
  size_t cases = 0, failed = 0;
  std::ostringstream rewritten;
  for (auto& g : lines) {
    if (!g.is_case) {
      rewritten << g.text << "\n";
      continue;
    }
    ++cases;
    BrainRequest request;
    request.text = g.text;
    const BrainPlan plan = brain->plan(request);
    const std::string actual = plan_to_json(plan.plan).dump();
    rewritten << g.text << "\t" << actual << "\n";
    if (actual != g.expected) {
      ++failed;
      if (!rewrite)
        ADD_FAILURE() << file << ":" << g.line_no << "\n  request:  " << g.text
                      << "\n  expected: " << g.expected << "\n  actual:   " << actual
                      << "\n  understood: " << plan.understood;
    }
  }
  if (rewrite) {
    std::ofstream(path) << rewritten.str();
    std::cout << "rewrote " << path << " (" << failed << " of " << cases << " cases changed)\n";
  }
  std::cout << file << ": " << cases << " cases, " << failed << " differ\n";
  EXPECT_GE(cases, 1u);
}

TEST(RulesBrainGolden, Ml100k) { run_golden("ml-100k", "rules_brain_ml100k.tsv"); }

TEST(RulesBrainGolden, MlLatest) {
  const std::string path = test::source_root() + "/tests/golden/rules_brain_ml_latest.tsv";
  if (!std::ifstream(path)) GTEST_SKIP() << "no " << path;
  run_golden("ml-latest-small", "rules_brain_ml_latest.tsv");
}

}  // namespace
}  // namespace interec
