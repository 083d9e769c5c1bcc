// Long-term memory end to end: the real actors over the project's tiny
// catalog and a real RocksDB profile store on disk, restarted between
// conversations.
#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "actors/agent.h"
#include "actors/memory.h"
#include "actors/messages.h"
#include "storage/profile_store.h"
#include "tests/test_data.h"
#include "tests/time_scale.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

// One running agent with its own actor system and profile store; destroying
// it stops everything and closes the store, like a process exit.
class RunningAgent {
 public:
  RunningAgent(std::shared_ptr<const Toolbox> box, const std::string& state_dir) : box_(box) {
    ProfileStoreOptions options;
    options.path = state_dir;
    store_ = ProfileStore::open(options);
    add_interec_types(cfg_);
    sys_ = std::make_unique<caf::actor_system>(cfg_);
    agent_ = spawn_agent(*sys_, box, test::scaled_limits(AgentConfig{}), store_);
  }
  ~RunningAgent() {
    stop_agent(*sys_, agent_);
    sys_.reset();
    store_.reset();
  }

  TurnReply ask(const std::string& channel, const std::string& user, const std::string& text,
                const std::string& session = "") {
    caf::scoped_actor self{*sys_};
    TurnReply reply;
    self->request(agent_.router, test::scaled(std::chrono::seconds(30)), atoms::turn_atom_v,
                  TurnRequest{channel, user, session, text})
      .receive([&](const TurnReply& r) { reply = r; },  // copied: see running_agent.h
               [&](caf::error& e) { ADD_FAILURE() << "no reply: " << sys_->render(e); });
    return reply;
  }


  std::string profile_json(const std::string& channel, const std::string& user) {
    caf::scoped_actor self{*sys_};
    std::string out;
    self->request(agent_.memory, test::scaled(std::chrono::seconds(10)), atoms::profile_atom_v, channel, user)
      .receive([&](ProfileReply& r) { out = r.error ? "error: " + r.error->message : r.view; },
               [&](caf::error& e) { ADD_FAILURE() << sys_->render(e); });
    return out;
  }

  std::string forget(const std::string& channel, const std::string& user) {
    caf::scoped_actor self{*sys_};
    std::string out = "no answer";
    self->request(agent_.memory, test::scaled(std::chrono::seconds(10)), atoms::forget_atom_v, channel, user)
      .receive([&](MemoryAck& ack) { out = ack.error ? ack.error->message : ""; },
               [&](caf::error& e) { ADD_FAILURE() << sys_->render(e); });
    return out;
  }

  ProfileStore& store() { return *store_; }

 private:
  std::shared_ptr<const Toolbox> box_;
  std::shared_ptr<ProfileStore> store_;
  caf::actor_system_config cfg_;
  std::unique_ptr<caf::actor_system> sys_;
  Agent agent_;
};

class MemoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::tiny();
    box_ = Toolbox::open(dir_);
    state_ = test::scratch_dir(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "/profiles";
  }

  bool has_genre(const ItemRef& ref, const std::string& genre) const {
    const auto& catalog = *box_->dataset->catalog;
    auto i = catalog.find(ref.item_id);
    auto c = catalog.column_index("genres");
    EXPECT_TRUE(i && c);
    const auto& vs = catalog.values(*c, *i);
    return std::find(vs.begin(), vs.end(), genre) != vs.end();
  }
  size_t count_genre(const TurnReply& r, const std::string& genre) const {
    return static_cast<size_t>(
      std::count_if(r.items.begin(), r.items.end(), [&](const ItemRef& x) { return has_genre(x, genre); }));
  }
  static bool lists(const TurnReply& r, const std::string& title) {
    return std::any_of(r.items.begin(), r.items.end(), [&](const ItemRef& x) { return x.title == title; });
  }

  std::string dir_, state_;
  std::shared_ptr<const Toolbox> box_;
};

TEST_F(MemoryTest, DislikeStatedLastWeekIsHonouredAfterARestart) {
  {
    RunningAgent agent(box_, state_);
    // Control: without the dislike, horror is among these.
    EXPECT_GT(count_genre(agent.ask("web", "control", "top 30 films from the 90s"), "Horror"), 0u);
    agent.ask("web", "ann", "I hate horror");
  }
  RunningAgent agent(box_, state_);
  auto reply = agent.ask("web", "ann", "top 30 films from the 90s");
  ASSERT_EQ(reply.items.size(), 30u) << reply.reply;
  EXPECT_EQ(count_genre(reply, "Horror"), 0u) << reply.reply;
  // Unless the request names the disliked value.
  auto asked = agent.ask("web", "ann", "top 5 horror films from the 90s");
  ASSERT_EQ(asked.items.size(), 5u) << asked.reply;
  EXPECT_EQ(count_genre(asked, "Horror"), 5u) << asked.reply;
}

TEST_F(MemoryTest, ConsumedItemIsNeverRecommendedAgain) {
  RunningAgent agent(box_, state_);
  ASSERT_TRUE(lists(agent.ask("web", "control", "top 5 crime films from 1996"), "Frozen Creek"));
  agent.ask("web", "bob", "I've already seen Frozen Creek");
  EXPECT_FALSE(lists(agent.ask("web", "bob", "top 5 crime films from 1996", "other-session"), "Frozen Creek"));
}

TEST_F(MemoryTest, DislikedItemIsNeverRecommendedAgain) {
  RunningAgent agent(box_, state_);
  ASSERT_TRUE(lists(agent.ask("web", "control", "top 5 crime films from 1996"), "Frozen Creek"));
  agent.ask("web", "cid", "I hated Frozen Creek");
  EXPECT_FALSE(lists(agent.ask("web", "cid", "top 5 crime films from 1996", "s2"), "Frozen Creek"));
}

TEST_F(MemoryTest, AChannelNeverSeesAnotherChannelsUsers) {
  RunningAgent agent(box_, state_);
  agent.ask("slack", "ann", "I hate horror");
  EXPECT_EQ(count_genre(agent.ask("slack", "ann", "top 30 films from the 90s"), "Horror"), 0u);
  EXPECT_GT(count_genre(agent.ask("web", "ann", "top 30 films from the 90s"), "Horror"), 0u);
  EXPECT_EQ(agent.profile_json("web", "ann").find("Horror"), std::string::npos);
}

TEST_F(MemoryTest, TasteIsDurableWhenTheReplyArrives) {
  RunningAgent agent(box_, state_);
  agent.ask("web", "dee", "I love comedies");
  // No waiting: the reply is only sent once the profile update is durable.
  auto profile = agent.store().get("web:dee");
  ASSERT_TRUE(profile.has_value());
  EXPECT_EQ(profile->liked_values, std::vector<std::string>{"genres=Comedy"});
  auto view = nlohmann::json::parse(agent.profile_json("web", "dee"));
  EXPECT_EQ(view["liked_values"], nlohmann::json::array({"genres=Comedy"}));
}

TEST_F(MemoryTest, ForgetErasesTheUser) {
  RunningAgent agent(box_, state_);
  agent.ask("web", "eve", "I hate horror");
  ASSERT_NE(agent.profile_json("web", "eve"), "null");
  EXPECT_EQ(agent.forget("web", "eve"), "");
  EXPECT_EQ(agent.profile_json("web", "eve"), "null");
  EXPECT_TRUE(agent.store().dialogue("web:eve", 10).empty());
  EXPECT_GT(count_genre(agent.ask("web", "eve", "top 30 films from the 90s", "fresh"), "Horror"), 0u);
}

}  // namespace
}  // namespace interec
