// A deployment learns from its own conversations: a chat through the real
// agent (profile store on disk), its log exported as ReDial dialogues, read
// back and trained on; and the commands that do it.
#include "storage/dialogue_export.h"

#include <gtest/gtest.h>

#include <caf/all.hpp>

#include "actors/agent.h"
#include "actors/messages.h"
#include "storage/dialogue_files.h"
#include "storage/dialogue_log.h"
#include "storage/profile_store.h"
#include "tests/child_process.h"
#include "tests/dialogue_fixture.h"
#include "tests/test_data.h"
#include "tests/time_scale.h"
#include "tools/models/dialog_model.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

class DialogueExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::prepare_dialogue_catalog("DialogueExport");
    state_ = test::scratch_dir("DialogueExportState");
    box_ = Toolbox::open(dir_);
  }

  // Talks to the real agent as web:ann; returns the replies.
  std::vector<TurnReply> chat(const std::vector<std::pair<std::string, std::string>>& turns) {
    ProfileStoreOptions o;
    o.path = state_;
    auto store = std::shared_ptr<ProfileStore>(ProfileStore::open(o));
    caf::actor_system_config cfg;
    add_interec_types(cfg);
    caf::actor_system sys{cfg};
    AgentConfig config;
    config.workers = 1;
    Agent agent = spawn_agent(sys, box_, test::scaled_limits(config), store);
    std::vector<TurnReply> replies;
    {
      caf::scoped_actor self{sys};
      for (const auto& [session, text] : turns)
        self->request(agent.router, test::scaled(std::chrono::seconds(30)), atoms::turn_atom_v, TurnRequest{"web", "ann", session, text})
          .receive([&](const TurnReply& r) { replies.push_back(r); },  // copied: see running_agent.h
                   [&](caf::error& e) { ADD_FAILURE() << sys.render(e); });
    }
    stop_agent(sys, agent);
    return replies;  // the store closes here, after committing what is queued
  }
  ItemIndex item(const std::string& title) const { return box_->titles->match(title, 1, 0.99).at(0).item; }

  std::string dir_, state_;
  std::shared_ptr<const Toolbox> box_;
};

TEST_F(DialogueExportTest, ChatLogBecomesReDialDialoguesAModelLearnsFrom) {
  const auto replies = chat({{"", "I loved Toy Story"},
                             {"", "movies like Finding Nemo please"},
                             {"later", "I've already seen Heat"},
                             {"later", "something like The Matrix"}});
  ASSERT_EQ(replies.size(), 4u);
  ASSERT_FALSE(replies[1].items.empty()) << replies[1].reply;
  const Catalog& catalog = *box_->dataset->catalog;
  ProfileStoreOptions o;
  o.path = state_;
  auto store = ProfileStore::open(o);
  // The log: three lines a turn, the third with what was listed and learned.
  const auto lines = store->dialogue("web:ann", SIZE_MAX);
  ASSERT_EQ(lines.size(), 12u);
  const auto first = parse_turn_line(lines[2]);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->liked, std::vector<std::string>{std::string(catalog.id(item("Toy Story (1995)")))});
  const auto second = parse_turn_line(lines[5]);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->shown.size(), replies[1].items.size());
  EXPECT_EQ(parse_turn_line(lines[8])->seen, std::vector<std::string>{std::string(catalog.id(item("Heat (1995)")))});
  EXPECT_EQ(parse_turn_line(lines[8])->session, "later");

  // One dialogue per session; ids stable from one export to the next.
  const auto dialogues = exported_dialogues(*store, "web:ann", catalog);
  ASSERT_EQ(dialogues.size(), 2u);
  EXPECT_EQ(exported_dialogues(*store, "web:ann", catalog)[0].id, dialogues[0].id);
  const Dialogue& d = dialogues[0];
  ASSERT_EQ(d.messages.size(), 4u);
  EXPECT_EQ(d.messages[0].speaker, Speaker::seeker);
  EXPECT_EQ(d.messages[0].text, "I loved Toy Story");
  const auto& toy = d.mentions[d.mention_index(std::string(catalog.id(item("Toy Story (1995)"))))];
  EXPECT_EQ(toy.seeker.suggested, 0);
  EXPECT_EQ(toy.seeker.liked, 1);
  // The agent's list: "@ID" in place of each title, the items suggested.
  ASSERT_FALSE(replies[0].items.empty()) << replies[0].reply;
  const std::string pick = replies[0].items[0].item_id;
  EXPECT_NE(d.messages[1].text.find("@" + pick), std::string::npos) << d.messages[1].text;
  EXPECT_NE(d.readable(d.messages[1]).find(replies[0].items[0].title), std::string::npos);
  EXPECT_EQ(d.mentions[d.mention_index(pick)].seeker.suggested, 1);
  EXPECT_EQ(dialogues[1].mentions[dialogues[1].mention_index(std::string(catalog.id(item("Heat (1995)"))))].seeker.seen, 1);

  // Written as ReDial, read back, trained on: what the agent listed for a
  // movie the user loved becomes a neighbour of that movie.
  const std::string file = state_ + "/../ann.jsonl";
  EXPECT_EQ(write_exported_dialogues(*store, store->keys(), catalog, file), 2u);
  const auto back = read_dialogues(file, DialogueFormat::redial);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].readable(back[0].messages[1]), d.readable(d.messages[1]));
  const MentionMap map(box_->dataset->catalog, box_->titles);
  const DialogModel model = DialogModel::train(back, map, catalog.size());
  const auto nb = model.neighbours(item("Toy Story (1995)"));
  EXPECT_NE(std::find(nb.begin(), nb.end(), *catalog.find(pick)), nb.end());
}

TEST_F(DialogueExportTest, CommandsExportThenTrain) {
  chat({{"", "I loved Toy Story"}, {"", "movies like Finding Nemo please"}});
  const std::string file = state_ + "/../all.jsonl";
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), test::interec_binary());
    test::ChildProcess p(args);
    return p.read_line(std::chrono::seconds(60));
  };
  EXPECT_EQ(run({"profile", "export-dialogs", "--data", dir_, "--state", state_, "--all", "--out", file}),
            "exported 1 dialogue of 1 user to " + file);
  EXPECT_EQ(run({"profile", "export-dialogs", "--data", dir_, "--state", state_, "--out", file}), "");  // no --user/--all
  EXPECT_NE(run({"train", "--data", dir_, "--model", "dialog", "--dialogs", file}).find("trained dialog"),
            std::string::npos);
  EXPECT_EQ(Toolbox::open(dir_)->dialog->dialogues(), 1u);
}

}  // namespace
}  // namespace interec
