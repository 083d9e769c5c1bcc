// The user simulator and the conversation metrics: arithmetic on hand-made
// transcripts, and on real MovieLens data a simulator that never says the
// target's title and only states clues true of the target.
#include "tools/eval/simulator.h"

#include <random>
#include <set>

#include <gtest/gtest.h>

#include "storage/title_index.h"
#include "tests/test_data.h"
#include "tools/eval/conversation_metrics.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

SessionOutcome outcome(size_t hit_turn, size_t failed, std::vector<double> ms) {
  SessionOutcome s;
  s.hit_turn = hit_turn;
  s.failed_plans = failed;
  s.turn_ms = std::move(ms);
  return s;
}

TEST(ConversationMetrics, HitAndAverageTurnOnHandMadeTranscripts) {
  // Hits at turns 1, 3 and 5; one miss; one hit at turn 6, past the budget
  // of 5, which counts as a miss (6 = budget + 1 turns).
  const std::vector<SessionOutcome> s = {outcome(1, 0, {10}), outcome(3, 1, {20, 30, 40}),
                                         outcome(0, 2, {5, 5, 5, 5, 5}), outcome(5, 0, {1, 2, 3, 4, 50}),
                                         outcome(6, 0, {7})};
  const ConversationMetrics m = summarize(s, 5);
  EXPECT_EQ(m.sessions, 5u);
  EXPECT_DOUBLE_EQ(m.hit, 3.0 / 5.0);
  EXPECT_DOUBLE_EQ(m.at, (1.0 + 3 + 6 + 5 + 6) / 5.0);
  EXPECT_EQ(m.failed_plans, 3u);
  // 15 turn times; the median of {1,2,3,4,5,5,5,5,5,7,10,20,30,40,50} is 5.
  EXPECT_DOUBLE_EQ(m.turn_ms_p50, 5.0);
  EXPECT_EQ(metrics_json(m, 5),
            "{\"sessions\": 5, \"hit@5\": 0.6, \"at@5\": 4.2, \"failed_plans\": 3, \"turn_ms_p50\": 5.0}");
  // The key names follow k.
  EXPECT_NE(metrics_json(m, 10).find("\"hit@10\": 0.6, \"at@10\": 4.2"), std::string::npos);
}

TEST(ConversationMetrics, EdgeCases) {
  const ConversationMetrics none = summarize({}, 5);
  EXPECT_EQ(none.sessions, 0u);
  EXPECT_EQ(none.hit, 0.0);
  EXPECT_EQ(none.at, 0.0);
  // All misses: AT = budget + 1.
  const ConversationMetrics miss = summarize({outcome(0, 0, {}), outcome(0, 0, {})}, 3);
  EXPECT_EQ(miss.hit, 0.0);
  EXPECT_EQ(miss.at, 4.0);
  EXPECT_EQ(miss.turn_ms_p50, 0.0);
  EXPECT_DOUBLE_EQ(quantile({4, 1, 3, 2}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(quantile({7}, 0.5), 7.0);
  EXPECT_DOUBLE_EQ(ndcg_of_rank(0), 1.0);
  EXPECT_DOUBLE_EQ(ndcg_of_rank(2), 0.5);
}

TEST(RulesSimulator, AcceptsOnlyTheTargetWithinK) {
  SimulatedUser user;
  user.target = 7;
  EXPECT_TRUE(RulesSimulator::accepts(user, {1, 7, 3}, 5));
  EXPECT_FALSE(RulesSimulator::accepts(user, {1, 2, 3, 4, 5, 7}, 5));
  EXPECT_FALSE(RulesSimulator::accepts(user, {}, 5));
}

// Every dataset user's last item as the target, the rest as history: the
// simulator's every utterance over a long conversation, and its one-turn
// request, must not say the title; every clue must hold for the target.
void check_never_leaks(const std::string& dir, size_t max_users) {
  auto box = Toolbox::open(dir);
  const Catalog& catalog = *box->dataset->catalog;
  const Interactions& in = box->dataset->interactions;
  RulesSimulator sim(box);
  size_t checked = 0, exempt = 0, utterances = 0, similar = 0;
  for (size_t u = 0; u < in.users() && checked < max_users; ++u) {
    const auto items = in.items(static_cast<UserIndex>(u));
    if (items.size() < 6) continue;
    const ItemIndex target = items[items.size() - 1];
    std::vector<ItemIndex> history(items.begin(), items.end() - 1);
    std::mt19937_64 rng(u);
    SimulatedUser user = sim.start(target, history, rng);
    ++checked;
    const bool may_say = sim.leak_exempt(target);
    exempt += may_say ? 1 : 0;
    for (const auto& clue : user.clues) {
      EXPECT_TRUE(clue.kind == Clue::similar || sim.matches(clue, target))
          << catalog.title(target) << ": clue \"" << clue.phrase << "\" is false";
      if (clue.kind == Clue::similar) {
        ++similar;
        EXPECT_NE(clue.item, target);
        EXPECT_NE(normalize_title(catalog.title(clue.item)), normalize_title(catalog.title(target)));
      }
    }
    std::vector<std::string> said;
    for (size_t turn = 0; turn < 8; ++turn) said.push_back(sim.next_utterance(user, rng));
    said.push_back(sim.describe(user, 3));
    for (const auto& text : said) {
      ++utterances;
      EXPECT_FALSE(text.empty());
      // A one-word title ("Heat") may only appear inside a clue that holds
      // it for another reason (a catalog value, another item's title): the
      // rest of the utterance must not say it.
      std::string rest = text;
      if (may_say)
        for (const auto& clue : user.clues)
          for (size_t at = rest.find(clue.phrase); at != std::string::npos; at = rest.find(clue.phrase))
            rest.erase(at, clue.phrase.size());
      // The simulator's own sentence words cannot be avoided: a film called
      // "It" is exempt from "It also has ...".
      static const std::set<std::string> kTemplateWords = {
          "i", "im", "looking", "for", "something", "with", "and", "like", "not", "those", "none", "of",
          "no", "these", "it", "also", "has", "is", "a", "bit", "any", "other", "ideas", "can", "you",
          "recommend", "me"};
      if (may_say && kTemplateWords.count(normalize_title(catalog.title(target)))) continue;
      EXPECT_FALSE(sim.says_title(target, rest)) << "\"" << text << "\" says " << catalog.title(target);
    }
  }
  EXPECT_GT(checked, max_users / 2);
  EXPECT_GT(similar, checked / 4) << "the similar-item clue should be common";
  // One-word titles are common in MovieLens ("Heat", "Fargo"); they are
  // checked outside the clue phrases above.
  EXPECT_LT(exempt, checked / 3);
  std::cerr << dir << ": " << checked << " users, " << utterances << " utterances checked, " << exempt
            << " one-word titles exempt\n";
}

TEST(RulesSimulator, NeverSaysTheTitleMl100k) {
  INTEREC_REQUIRE_PREPARED(dir, "ml-100k");
  check_never_leaks(dir, 943);
}

TEST(RulesSimulator, NeverSaysTheTitleMlLatestWithTags) {
  INTEREC_REQUIRE_PREPARED(dir, "ml-latest-small");
  check_never_leaks(dir, 610);
}

TEST(RulesSimulator, SaysTitleDetectsWordBoundedTitles) {
  INTEREC_REQUIRE_PREPARED(dir, "ml-100k");
  auto box = Toolbox::open(dir);
  RulesSimulator sim(box);
  const Catalog& catalog = *box->dataset->catalog;
  for (size_t i = 0; i < catalog.size(); ++i) {
    const auto item = static_cast<ItemIndex>(i);
    if (normalize_title(catalog.title(item)) != "toy story") continue;
    EXPECT_TRUE(sim.says_title(item, "Something like Toy Story please"));
    EXPECT_TRUE(sim.says_title(item, "something like TOY-STORY!"));
    EXPECT_FALSE(sim.says_title(item, "a toy for a story"));
    return;
  }
  FAIL() << "Toy Story not in ML-100K";
}

}  // namespace
}  // namespace interec
