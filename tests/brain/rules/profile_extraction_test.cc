// What the rules brain learns about a user's lasting tastes from one message:
// tests/golden/profile_extraction_ml100k.tsv, "utterance<TAB>profile change",
// where the change lists only non-empty fields and names items by title.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/brain/rules/brain_test_util.h"
#include "tests/golden_file.h"
#include "tests/test_data.h"

namespace interec {
namespace {

nlohmann::json readable(const ProfileUpdate& u, const Catalog& catalog) {
  nlohmann::json out = nlohmann::json::object();
  auto titles = [&](const char* field, const std::vector<std::string>& ids) {
    if (ids.empty()) return;
    for (const auto& id : ids) {
      auto i = catalog.find(id);
      out[field].push_back(i ? std::string(catalog.title(*i)) : "unknown id " + id);
    }
  };
  auto values = [&](const char* field, const std::vector<std::string>& vs) {
    if (!vs.empty()) out[field] = vs;
  };
  titles("like", u.like);
  titles("dislike", u.dislike);
  titles("want", u.want);
  titles("consumed", u.consumed);
  values("like_values", u.like_values);
  values("dislike_values", u.dislike_values);
  values("forget", u.forget);
  return out;
}

TEST(ProfileExtraction, GoldenMl100k) {
  INTEREC_REQUIRE_PREPARED(dir, "ml-100k");
  auto brain = test::brain_for(dir);
  const auto& catalog = *test::toolbox_for(dir)->dataset->catalog;
  const size_t cases = test::check_golden("profile_extraction_ml100k.tsv", [&](const std::string& text) {
    BrainRequest request;
    request.text = text;
    return readable(brain->plan(request).learned, catalog).dump();
  });
  EXPECT_GE(cases, 20u);
}

}  // namespace
}  // namespace interec
