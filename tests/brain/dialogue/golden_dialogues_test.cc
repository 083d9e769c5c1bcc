// The golden dialogues (tests/golden/dialogues.txt) through the real rules
// brain and the real tools, turn by turn as the session plays them
// (tests/brain/dialogue/conversation.h). "/evict" sends the dialogue state
// through its JSON form; "/restart" starts a new conversation of the same
// user, who keeps what the profile learned; "/reset" forgets the
// conversation and keeps the profile.
#include <algorithm>
#include <iostream>
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/brain/dialogue/conversation.h"
#include "tests/brain/rules/brain_test_util.h"
#include "tests/golden_dialogue.h"
#include "tests/test_data.h"

namespace interec {
namespace {

std::string dataset_dir(const std::string& catalog) {
  if (catalog == "games") {
    static const std::string dir = test::games_dataset("golden-dialogues-games");
    return dir;
  }
  return test::prepared(catalog);
}

UserContext user_of(const Dataset& d, const std::string& user) {
  UserContext u;
  if (user == "new") return u;
  if (auto idx = d.interactions.find_user(user))
    for (ItemIndex i : d.interactions.items(*idx)) u.history.push_back(i);
  return u;
}

// What the profile would hand the next conversation of the same user.
void learn(const Catalog& c, const ProfileUpdate& l, UserContext& u) {
  auto add = [&](const std::vector<std::string>& ids, std::vector<ItemIndex>& out) {
    for (const auto& id : ids)
      if (auto i = c.find(id)) out.push_back(*i);
  };
  add(l.like, u.liked);
  add(l.dislike, u.disliked);
  add(l.consumed, u.history);
  for (const auto& v : l.dislike_values) u.disliked_values.push_back(v);
}

std::string learned_text(const Catalog& c, const ProfileUpdate& l) {
  std::vector<std::string> parts;
  auto add = [&](const char* kind, const std::vector<std::string>& ids) {
    for (const auto& id : ids) {
      auto i = c.find(id);
      parts.push_back(std::string(kind) + "=" + (i ? std::string(c.title(*i)) : id));
    }
  };
  add("like", l.like);
  add("dislike", l.dislike);
  add("consumed", l.consumed);
  for (const auto& v : l.like_values) parts.push_back("like_value=" + v);
  for (const auto& v : l.dislike_values) parts.push_back("dislike_value=" + v);
  std::sort(parts.begin(), parts.end());
  std::string s;
  for (const auto& p : parts) s += (s.empty() ? "" : "; ") + p;
  return s;
}

test::TurnView view_of(const Toolbox& box, const test::TurnOutcome& o, const std::vector<std::string>& previous,
                       const std::vector<std::string>& shown_before) {
  const Catalog& c = *box.dataset->catalog;
  test::TurnView v;
  v.acts = o.plan.acts;
  for (const auto& r : o.plan.referents) {
    const size_t colon = r.rfind(':');
    auto i = c.find(r.substr(0, colon));
    v.referents.push_back((i ? std::string(c.title(*i)) : r.substr(0, colon)) + r.substr(colon));
  }
  for (const auto& step : o.plan.plan.steps) {
    if (const auto* filter = std::get_if<HardFilterStep>(&step))
      for (const Condition& cond : filter->conditions) v.constraints.push_back(cond.label);
    if (const auto* soft = std::get_if<SoftFilterStep>(&step))
      for (const auto& s : soft->similar_to) v.seeds.push_back(s);
  }
  v.relaxed = o.relaxed;
  for (ItemIndex i : o.picked) {
    v.items.emplace_back(c.title(i));
    std::map<std::string, std::vector<std::string>> attrs;
    for (size_t col = 0; col < c.columns().size(); ++col) {
      const ColumnInfo& info = c.columns()[col];
      if (info.type == ColumnType::integer || info.type == ColumnType::real) {
        const double x = c.number(col, i);
        if (x == x) attrs[info.name] = {std::to_string(x)};
      } else {
        attrs[info.name] = c.values(col, i).strings();
      }
    }
    v.attributes.push_back(std::move(attrs));
  }
  v.why = o.why;
  v.previous = previous;
  v.shown_before = shown_before;
  v.reply = o.reply;
  if (o.plan.state && o.plan.state->question) v.question = o.plan.state->question->column;
  v.learned = learned_text(c, o.plan.learned);
  return v;
}

TEST(GoldenDialogues, ThroughTheRulesBrain) {
  const auto dialogues = test::read_golden_dialogues("dialogues.txt");
  EXPECT_GE(dialogues.size(), 60u);
  size_t ran = 0, skipped = 0;
  for (const auto& d : dialogues) {
    const std::string dir = dataset_dir(d.catalog);
    if (dir.empty()) {
      ++skipped;
      continue;
    }
    ++ran;
    auto box = test::toolbox_for(dir);
    auto brain = test::brain_for(dir);
    UserContext user = user_of(*box->dataset, d.user);
    auto conv = std::make_unique<test::Conversation>(box, brain, user);
    std::vector<std::string> previous, shown;
    for (const auto& turn : d.turns) {
      if (turn.text == "/evict") {
        conv->evict();
        continue;
      }
      if (turn.text == "/restart" || turn.text == "/reset") {
        conv = std::make_unique<test::Conversation>(box, brain, user);
        previous.clear();
        shown.clear();
        continue;
      }
      const test::TurnOutcome out = conv->say(turn.text);
      learn(*box->dataset->catalog, out.plan.learned, user);
      const test::TurnView v = view_of(*box, out, previous, shown);
      for (const auto& f : test::check_turn(turn, v))
        ADD_FAILURE() << "tests/golden/dialogues.txt:" << turn.line << " [" << d.name << "] > "
                      << turn.text << "\n  " << f;
      if (!v.items.empty()) previous = v.items;
      shown.insert(shown.end(), v.items.begin(), v.items.end());
    }
  }
  std::cout << "golden dialogues: " << ran << " ran, " << skipped << " skipped (dataset absent)\n";
}

}  // namespace
}  // namespace interec
