// The rules brain over several turns: a refinement ("not those, it also
// has ...") keeps the conditions of the request it refines.
#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "brain/rules/rules_brain.h"
#include "tests/brain/rules/brain_test_util.h"
#include "tests/test_data.h"

namespace interec {
namespace {

std::vector<std::string> refined_labels(const BrainPlan& p) {
  std::vector<std::string> out;
  if (p.plan.answer) out.push_back("answer: " + *p.plan.answer);
  for (const auto& s : p.plan.steps)
    if (const auto* filter = std::get_if<HardFilterStep>(&s))
      for (const auto& c : filter->conditions) out.push_back(c.label);
  std::sort(out.begin(), out.end());
  return out;
}

BrainPlan plan(RulesBrain& brain, const std::string& text, std::vector<std::string> dialogue) {
  BrainRequest r;
  r.text = text;
  r.dialogue = std::move(dialogue);
  return brain.plan(r);
}

TEST(RulesBrainRefinement, CluesAccumulateAcrossTurns) {
  INTEREC_REQUIRE_PREPARED(dir, "ml-100k");
  auto brain = test::brain_for(dir);
  const std::vector<std::string> d1 = {"user: I'm looking for something with genres Drama.", "agent: Here are 5 ..."};
  EXPECT_EQ(refined_labels(plan(*brain, "Not those. It also has year from 1990 to 1999.", d1)),
            (std::vector<std::string>{"genres: Drama", "year 1990\xE2\x80\x93" "1999"}));
  // Chains back through earlier refinements, and stops at the request they refine.
  const std::vector<std::string> d2 = {"user: a western", "agent: ...",
                                       "user: I'm looking for something with genres Drama.", "agent: ...",
                                       "user: None of those. It also has genres Romance.", "agent: ..."};
  EXPECT_EQ(refined_labels(plan(*brain, "No, not these. It also has year 1996.", d2)),
            (std::vector<std::string>{"genres: Drama", "genres: Romance", "year 1996"}));
  // "not those" alone asks for others under the same conditions.
  EXPECT_EQ(refined_labels(plan(*brain, "Not those. Any other ideas?", d2)),
            (std::vector<std::string>{"genres: Drama", "genres: Romance"}));
  // A new request is not a refinement: the earlier conditions go.
  EXPECT_EQ(refined_labels(plan(*brain, "a comedy from the 80s", d2)),
            (std::vector<std::string>{"genres: Comedy", "year 1980\xE2\x80\x93" "1989"}));
  // Tastes are learned from the message itself only.
  const std::vector<std::string> d3 = {"user: I hate horror, give me a comedy", "agent: ..."};
  EXPECT_TRUE(plan(*brain, "Not those. It also has year 1995.", d3).learned.empty());
}

}  // namespace
}  // namespace interec
