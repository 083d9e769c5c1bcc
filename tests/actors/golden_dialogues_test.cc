// The golden dialogues (tests/golden/dialogues.txt) through the real actors:
// router, session, planner (rules brain), executor, tool actors and memory
// with a real RocksDB profile store on disk -- what a client gets, not only
// what the brain plans (tests/brain/dialogue/golden_dialogues_test.cc).
//
// A TurnReply carries the items, their reasons, the reply, what was relaxed
// and the plan, not the brain's reading of the message: the expectations
// about acts, referents, the open question and what was learned are checked
// by the brain's runner only; every other one is checked here too.
// "/restart" opens a new session of the same user (the profile stays),
// "/reset" asks the router to forget the session and opens a new one;
// "/evict" ends the process as far as the conversation can tell -- every
// actor, the actor system and the open store go -- and the same session
// goes on in a new one on the same store on disk.
#include <chrono>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "actors/agent.h"
#include "actors/messages.h"
#include "storage/profile_store.h"
#include "tests/actors/running_agent.h"
#include "tests/golden_dialogue.h"
#include "tests/test_data.h"
#include "tools/plan_json.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

// What a TurnReply shows of the expectations of tests/golden/dialogues.txt.
const std::set<std::string> kReplyKeys = {"constraints", "keeps", "drops", "seeds", "relaxed", "items",
                                          "excludes",    "reply", "no-reply", "why", "no-why", "all"};

test::ExpectedTurn reply_expectations(const test::ExpectedTurn& turn) {
  test::ExpectedTurn out = turn;
  out.expect.clear();
  for (const auto& e : turn.expect)
    if (kReplyKeys.count(e.first)) out.expect.push_back(e);
  return out;
}

test::TurnView view_of(const Catalog& c, const TurnReply& reply, const std::vector<std::string>& previous,
                       const std::vector<std::string>& shown_before) {
  test::TurnView v;
  const Plan plan = plan_from_json(nlohmann::json::parse(reply.plan));
  for (const auto& step : plan.steps) {
    if (const auto* filter = std::get_if<HardFilterStep>(&step))
      for (const Condition& cond : filter->conditions) v.constraints.push_back(cond.label);
    if (const auto* soft = std::get_if<SoftFilterStep>(&step))
      for (const auto& s : soft->similar_to) v.seeds.push_back(s);
  }
  v.relaxed = reply.relaxed;
  for (const auto& ref : reply.items) {
    v.items.push_back(ref.title);
    v.why.push_back(ref.why);
    std::map<std::string, std::vector<std::string>> attrs;
    if (auto i = c.find(ref.item_id))
      for (size_t col = 0; col < c.columns().size(); ++col) {
        const ColumnInfo& info = c.columns()[col];
        if (info.type == ColumnType::integer || info.type == ColumnType::real) {
          const double x = c.number(col, *i);
          if (x == x) attrs[info.name] = {std::to_string(x)};
        } else {
          attrs[info.name] = c.values(col, *i).strings();
        }
      }
    v.attributes.push_back(std::move(attrs));
  }
  v.previous = previous;
  v.shown_before = shown_before;
  v.reply = reply.reply;
  return v;
}

class GoldenDialoguesThroughActors : public ::testing::Test {
 protected:
  void start(const std::string& dir, const std::string& name) {
    box_ = Toolbox::open(dir);
    options_.path = test::scratch_dir(name + "-profiles");
    options_.sync = false;  // durability is the profile store's own tests' subject
    agent_.start(box_, options_);
  }
  void TearDown() override { agent_.stop(); }

  void play(const test::GoldenDialogue& d, int number) {
    const std::string user = d.user == "new" ? "new-" + std::to_string(number) : d.user;
    std::string session = d.name;
    int sessions = 0;
    std::vector<std::string> previous, shown;
    for (const auto& turn : d.turns) {
      if (turn.text == "/evict") {
        agent_.start(box_, options_);
        ++evictions_;
        continue;
      }
      if (turn.text == "/restart" || turn.text == "/reset") {
        if (turn.text == "/reset") caf::anon_send(agent_.agent().router, atoms::reset_atom_v, std::string("golden"), user, session);
        session = d.name + "#" + std::to_string(++sessions);
        previous.clear();
        shown.clear();
        continue;
      }
      const TurnReply reply = agent_.ask(TurnRequest{"golden", user, session, turn.text});
      const test::TurnView v = view_of(*box_->dataset->catalog, reply, previous, shown);
      for (const auto& f : test::check_turn(reply_expectations(turn), v))
        ADD_FAILURE() << "tests/golden/dialogues.txt:" << turn.line << " [" << d.name << "] > " << turn.text
                      << "\n  " << f;
      if (!v.items.empty()) previous = v.items;
      shown.insert(shown.end(), v.items.begin(), v.items.end());
    }
  }

  std::shared_ptr<const Toolbox> box_;
  ProfileStoreOptions options_;
  size_t evictions_ = 0;
  test::RunningAgent agent_;
};

// The games catalog is the project's own (tests/data/games): these run on a
// clean clone.
TEST_F(GoldenDialoguesThroughActors, Games) {
  start(test::games_dataset("golden-dialogues-actors-games"), "golden-dialogues-actors-games");
  size_t played = 0;
  int number = 0;
  for (const auto& d : test::read_golden_dialogues("dialogues.txt")) {
    ++number;
    if (d.catalog != "games") continue;
    play(d, number);
    ++played;
  }
  EXPECT_GE(played, 40u);
  EXPECT_GE(evictions_, 2u) << "the dialogues that survive eviction were not played";
}

TEST_F(GoldenDialoguesThroughActors, MlLatestSmall) {
  INTEREC_REQUIRE_PREPARED(dir, "ml-latest-small");
  start(dir, "golden-dialogues-actors-mls");
  int number = 0;
  for (const auto& d : test::read_golden_dialogues("dialogues.txt")) {
    ++number;
    if (d.catalog == "ml-latest-small") play(d, number);
  }
}

}  // namespace
}  // namespace interec
