// A conversation outlives its session actor: the dialogue state is written
// with each turn to the profile store on disk, and a session created again
// -- after the router evicted the idle one, or in a new process on the same
// store -- resumes it, so "the second one", "why the first one?" and
// "more" still mean the list shown before. Real actors, real RocksDB.
#include <chrono>
#include <functional>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "actors/agent.h"
#include "actors/messages.h"
#include "storage/profile_store.h"
#include "tests/actors/running_agent.h"
#include "tests/test_data.h"
#include "tests/time_scale.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

using namespace std::chrono_literals;

class SessionResumeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Folders of their own: ctest runs the tests of this file in parallel.
    const std::string name = std::string("session-resume-") +
                             ::testing::UnitTest::GetInstance()->current_test_info()->name();
    box_ = Toolbox::open(test::games_dataset(name));
    store_dir_ = test::scratch_dir(name + "-profiles");
  }
  void TearDown() override { stop(); }

  // An agent as a process has it; stop() is the process ending.
  void start(AgentConfig config = {}) {
    ProfileStoreOptions options;
    options.path = store_dir_;
    agent_.start(box_, options, config);
  }
  void stop() { agent_.stop(); }

  TurnReply ask(const std::string& text, const std::string& session = "tab-1") {
    return agent_.ask(TurnRequest{"web", "ann", session, text});
  }

  // Polled, not timed: what the actors do on their own (an eviction, a
  // write not waited for) shows within a few seconds (times the tests' time
  // scale).
  static bool eventually(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + test::scaled(5s);
    while (std::chrono::steady_clock::now() < deadline) {
      if (done()) return true;
      std::this_thread::sleep_for(20ms);
    }
    return done();
  }

  // A turn that teaches nothing replies before its write is durable: wait
  // until the state of `turns` turns of `session` is stored.
  void await_stored(int turns, const std::string& session = "tab-1") {
    ASSERT_TRUE(eventually([&] {
      const auto state = agent_.store().conversation("web:ann", session);
      return state && nlohmann::json::parse(*state).value("turn", 0) == turns;
    })) << "the dialogue state of turn " << turns << " was not stored";
  }

  uint64_t live_sessions() {
    caf::scoped_actor self{agent_.system()};
    uint64_t live = 0;
    self->request(agent_.agent().router, test::scaled(5s), atoms::sessions_atom_v).receive([&](uint64_t n) { live = n; }, [&](caf::error&) {});
    return live;
  }

  // The turns after the conversation was taken up again resolve against the
  // list shown before it.
  void expect_resumed(const TurnReply& first) {
    ASSERT_GE(first.items.size(), 3u) << first.reply;
    const TurnReply about = ask("tell me about the second one");
    EXPECT_TRUE(about.items.empty()) << about.reply;
    EXPECT_EQ(about.reply.rfind(first.items[1].title + ":", 0), 0u) << about.reply;
    const TurnReply why = ask("why the first one?");
    EXPECT_NE(why.reply.find("I picked " + first.items[0].title + " because"), std::string::npos) << why.reply;
    const TurnReply more = ask("more");
    ASSERT_FALSE(more.items.empty()) << more.reply;
    std::set<std::string> shown;
    for (const auto& ref : first.items) shown.insert(ref.item_id);
    for (const auto& ref : more.items) EXPECT_FALSE(shown.count(ref.item_id)) << ref.title << " was shown before";
  }

  std::shared_ptr<const Toolbox> box_;
  std::string store_dir_;
  test::RunningAgent agent_;
};

TEST_F(SessionResumeTest, AnEvictedSessionResumesItsConversation) {
  AgentConfig config;
  config.session_idle_timeout = 100ms;
  start(config);
  const TurnReply first = ask("simulation games");
  ASSERT_TRUE(eventually([&] { return live_sessions() == 0; })) << "the idle session was not evicted";
  expect_resumed(first);
}

TEST_F(SessionResumeTest, ARestartedProcessResumesTheConversationFromTheStoreOnDisk) {
  start();
  const TurnReply first = ask("simulation games");
  await_stored(1);
  stop();
  start();
  expect_resumed(first);
}

TEST_F(SessionResumeTest, ConversationsOfOneUserStaySeparate) {
  start();
  const TurnReply sims = ask("simulation games", "tab-1");
  const TurnReply rpgs = ask("RPG games", "tab-2");
  ASSERT_GE(sims.items.size(), 2u);
  ASSERT_GE(rpgs.items.size(), 2u);
  await_stored(1, "tab-1");
  await_stored(1, "tab-2");
  stop();
  start();
  EXPECT_EQ(ask("tell me about the second one", "tab-2").reply.rfind(rpgs.items[1].title + ":", 0), 0u);
  EXPECT_EQ(ask("tell me about the second one", "tab-1").reply.rfind(sims.items[1].title + ":", 0), 0u);
}

TEST_F(SessionResumeTest, AResetIsNotUndoneByARestart) {
  start();
  const TurnReply first = ask("simulation games");
  ASSERT_GE(first.items.size(), 2u);
  await_stored(1);
  caf::anon_send(agent_.agent().router, atoms::reset_atom_v, std::string("web"), std::string("ann"), std::string("tab-1"));
  // The router erases the stored state too.
  ASSERT_TRUE(eventually([&] { return !agent_.store().conversation("web:ann", "tab-1").has_value(); }))
    << "the reset left the stored dialogue state";
  stop();
  start();
  const TurnReply about = ask("tell me about the second one");
  EXPECT_EQ(about.reply.find(first.items[1].title + ":"), std::string::npos) << about.reply;
}

// An idle conversation's state is small (storage/profile_store.h bounds it).
TEST_F(SessionResumeTest, TheStoredStateOfAnIdleConversationIsSmall) {
  start();
  for (const char* text : {"simulation games", "more", "I loved the first one", "cheaper", "why the second one?",
                           "RPG games", "more", "seen the third one", "something completely different", "more"})
    ask(text);
  await_stored(10);
  stop();
  ProfileStoreOptions options;
  options.path = store_dir_;
  auto store = ProfileStore::open(options);
  const auto state = store->conversation("web:ann", "tab-1");
  ASSERT_TRUE(state.has_value());
  EXPECT_LE(state->size(), 5u * 1024) << *state;
}

}  // namespace
}  // namespace interec
