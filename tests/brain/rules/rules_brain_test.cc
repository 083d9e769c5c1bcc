// The rules brain on prepared MovieLens 100K: vocabulary, relax, dialogue,
// robustness, speed, and every golden plan executed by the real tools.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "brain/rules/rules_brain.h"
#include "brain/rules/sql_quote.h"
#include "brain/rules/vocabulary.h"
#include "config/resources.h"
#include "tests/brain/rules/brain_test_util.h"
#include "tests/test_data.h"
#include "tools/plan_json.h"
#include "tools/tool.h"

namespace interec {
namespace {

using json = nlohmann::json;

/// The plan for `text`, relaxing the conditions labelled `relax` (by their
/// ids in the plan without relaxing; a label it lacks is an unknown id).
BrainPlan plan_for(RulesBrain& brain, const std::string& text, std::vector<std::string> relax = {},
                   std::vector<std::string> dialogue = {}) {
  BrainRequest r;
  r.text = text;
  r.dialogue = std::move(dialogue);
  const BrainPlan full = brain.plan(r);
  for (const auto& label : relax) {
    std::string id = label;
    for (const auto& s : full.plan.steps)
      if (const auto* filter = std::get_if<HardFilterStep>(&s))
        for (const auto& c : filter->conditions)
          if (c.label == label) id = c.id;
    r.relax.push_back(id);
  }
  return brain.plan(r);
}

const Step* step(const BrainPlan& p, const std::string& tool) {
  for (const auto& s : p.plan.steps)
    if (tool_name(s) == tool) return &s;
  return nullptr;
}

std::vector<std::string> plan_labels(const BrainPlan& p) {
  std::vector<std::string> out;
  if (const Step* s = step(p, "hard_filter"))
    for (const auto& c : std::get<HardFilterStep>(*s).conditions) out.push_back(c.label);
  return out;
}

// --- text helpers (no data) --------------------------------------------------

TEST(Vocabulary, TokensCarryTheirStems) {
  auto t = tokenize_text("Comedies, rated 4.5");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].stem, text::stem("comedy"));
  EXPECT_EQ(t[1].stem, ",");
  EXPECT_EQ(t[2].stem, text::stem("rating"));
  EXPECT_EQ(t[3].kind, Token::number);
  EXPECT_EQ(t[3].stem, "4.5");
}

TEST(Vocabulary, SqlQuoting) {
  EXPECT_EQ(sql_string("Children's"), "'Children''s'");
  EXPECT_EQ(sql_identifier("year"), "year");
  EXPECT_EQ(sql_identifier("release date"), "\"release date\"");
}

// --- on ML-100K ----------------------------------------------------------------

class RulesBrainMl100k : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::prepared("ml-100k");
    if (dir_.empty()) GTEST_SKIP() << "../shared/data/ml-100k is absent: this test needs it";
    box_ = test::toolbox_for(dir_);
    brain_ = test::brain_for(dir_);
  }
  std::string dir_;
  std::shared_ptr<const Toolbox> box_;
  std::shared_ptr<RulesBrain> brain_;
};

TEST_F(RulesBrainMl100k, LearnsTheCatalog) {
  const Vocabulary& v = brain_->vocabulary();
  ASSERT_FALSE(v.categorical().empty());
  EXPECT_EQ(v.categorical()[0].name, "genres");
  EXPECT_TRUE(v.categorical()[0].multi);
  EXPECT_TRUE(v.categorical()[0].counts.count("Comedy"));
  ASSERT_NE(v.role(NumericRole::year), nullptr);
  EXPECT_EQ(v.role(NumericRole::year)->name, "year");
  ASSERT_NE(v.role(NumericRole::rating), nullptr);
  EXPECT_EQ(v.role(NumericRole::rating)->name, "avg_rating");
  EXPECT_EQ(v.role(NumericRole::price), nullptr);
  EXPECT_GT(v.synonyms_loaded(), 5u);  // resources/synonyms.tsv beside the test binary
}

TEST_F(RulesBrainMl100k, SynonymsComeFromTheFile) {
  // Without the word list "funny" means nothing; with it, genres: Comedy.
  const std::string empty = test::scratch_dir("no-synonyms") + "/syn.tsv";
  std::ofstream(empty) << "";
  RulesBrainOptions none;
  none.synonyms_path = empty;
  RulesBrain bare(box_, none);
  EXPECT_EQ(bare.vocabulary().synonyms_loaded(), 0u);
  EXPECT_TRUE(plan_labels(plan_for(bare, "something funny")).empty());
  EXPECT_EQ(plan_labels(plan_for(*brain_, "something funny")), std::vector<std::string>{"genres: Comedy"});
  // A custom list: targets must exist in the catalog to be used.
  const std::string path = test::scratch_dir("synonyms") + "/syn.tsv";
  std::ofstream(path) << "# test\nhilarious\tdrama\nzorglub\tnot-a-genre\n";
  RulesBrainOptions custom;
  custom.synonyms_path = path;
  RulesBrain b2(box_, custom);
  EXPECT_EQ(b2.vocabulary().synonyms_loaded(), 1u);
  EXPECT_EQ(plan_labels(plan_for(b2, "something hilarious")), std::vector<std::string>{"genres: Drama"});
  // A list that is missing is an error, never a brain without synonyms.
  RulesBrainOptions missing;
  missing.synonyms_path = "/nonexistent/synonyms.tsv";
  EXPECT_THROW(RulesBrain(box_, missing), ResourceError);
}

TEST_F(RulesBrainMl100k, StemsMatchInflectionsNotOtherWords) {
  // Snowball gives "animals" the stem of "animation": a shared stem is not
  // enough when it is a small part of the words.
  EXPECT_TRUE(plan_labels(plan_for(*brain_, "recommend something with animals")).empty());
  EXPECT_TRUE(plan_labels(plan_for(*brain_, "recommend something with an animal")).empty());
  EXPECT_EQ(plan_labels(plan_for(*brain_, "animated films")), std::vector<std::string>{"genres: Animation"});
  EXPECT_EQ(plan_labels(plan_for(*brain_, "some documentaries")), std::vector<std::string>{"genres: Documentary"});
  EXPECT_EQ(plan_labels(plan_for(*brain_, "musicals")), std::vector<std::string>{"genres: Musical"});
  EXPECT_EQ(plan_labels(plan_for(*brain_, "music films")), std::vector<std::string>{"genres: Musical"});
}

TEST_F(RulesBrainMl100k, TitlesInQuotesAreSeeds) {
  for (const char* text : {"something like \"Heat\"", "something like \xE2\x80\x9CHeat\xE2\x80\x9D"}) {
    const auto p = plan_for(*brain_, text);
    const Step* s = step(p, "soft_filter");
    ASSERT_NE(s, nullptr) << text;
    EXPECT_EQ(std::get<SoftFilterStep>(*s).similar_to, std::vector<std::string>{"Heat (1995)"}) << text;
  }
}

TEST_F(RulesBrainMl100k, UnderstoodAndWanted) {
  auto p = plan_for(*brain_, "top 3 comedies like Groundhog Day from the 90s");
  EXPECT_EQ(p.wanted, 3u);
  EXPECT_EQ(p.understood, "genres: Comedy; year 1990–1999; similar to Groundhog Day (1993)");
  auto general = plan_for(*brain_, "recommend something");
  EXPECT_EQ(general.wanted, 5u);
  EXPECT_FALSE(general.understood.empty());
  auto look = plan_for(*brain_, "when was Fargo released?");
  EXPECT_EQ(look.wanted, 0u);
  EXPECT_EQ(look.understood, "about Fargo (1996): year");
  auto hello = plan_for(*brain_, "hi");
  ASSERT_TRUE(hello.plan.answer);
  // The help names real columns of the catalog.
  EXPECT_NE(hello.plan.answer->find("genres"), std::string::npos);
  EXPECT_NE(hello.plan.answer->find("year"), std::string::npos);
}

TEST_F(RulesBrainMl100k, RelaxDropsTheNamedCondition) {
  const std::string text = "I'd like a comedy from the 90s, but nothing before 1995";
  auto full = plan_for(*brain_, text);
  EXPECT_EQ(plan_labels(full), (std::vector<std::string>{"genres: Comedy", "year 1995–1999"}));

  auto relaxed = plan_for(*brain_, text, {"year 1995–1999"});
  EXPECT_EQ(plan_labels(relaxed), std::vector<std::string>{"genres: Comedy"});
  const std::string sql = std::get<HardFilterStep>(*step(relaxed, "hard_filter")).sql;
  EXPECT_EQ(sql, "SELECT item_id FROM items WHERE ('|' || genres || '|') LIKE '%|Comedy|%'");
  EXPECT_EQ(relaxed.understood, "genres: Comedy");

  // Deterministic: the same request and relax list give the same plan.
  EXPECT_EQ(plan_to_json(plan_for(*brain_, text, {"year 1995–1999"}).plan).dump(),
            plan_to_json(relaxed.plan).dump());

  // Everything relaxed: no hard_filter step, still a recommendation.
  auto none = plan_for(*brain_, text, {"year 1995–1999", "genres: Comedy"});
  EXPECT_EQ(step(none, "hard_filter"), nullptr);
  ASSERT_NE(step(none, "map"), nullptr);

  // Unknown labels are ignored.
  EXPECT_EQ(plan_labels(plan_for(*brain_, text, {"no such label"})), plan_labels(full));
}

TEST_F(RulesBrainMl100k, ReflectThenRelaxLoop) {
  // The session's loop in small: plan, (pretend) too few items, reflect, re-plan.
  const std::string text = "a romantic comedy from the 90s without drama";
  BrainRequest r;
  r.text = text;
  std::vector<std::string> order;
  for (int round = 0; round < 5; ++round) {
    BrainPlan p = brain_->plan(r);
    StepTrace t;
    t.tool = "hard_filter";
    t.before = 1682;
    t.after = 1;
    Reflection refl = reflect_by_rules(p, step(p, "hard_filter") ? std::vector<StepTrace>{t}
                                                                 : std::vector<StepTrace>{},
                                       1);
    if (refl.accept) break;
    ASSERT_EQ(refl.relax.size(), 1u);
    ASSERT_TRUE(find_condition(p.plan, refl.relax[0]));
    order.push_back(find_condition(p.plan, refl.relax[0])->label);
    r.relax.push_back(refl.relax[0]);
  }
  // Ranges first, then wanted values (the one removing more first), exclusions last.
  ASSERT_EQ(order.size(), 4u);
  EXPECT_EQ(order[0], "year 1990–1999");
  EXPECT_EQ(order[1], "genres: Romance");
  EXPECT_EQ(order[2], "genres: Comedy");
  EXPECT_EQ(order[3], "not genres: Drama");
}

TEST_F(RulesBrainMl100k, MoreReusesThePreviousRequest) {
  const std::vector<std::string> dialogue = {"user: a comedy from the 90s",
                                             "agent: Here are 5 comedies: ..."};
  auto first = plan_for(*brain_, "a comedy from the 90s");
  for (const char* more : {"more", "something else", "others please", "show me more"}) {
    auto p = plan_for(*brain_, more, {}, dialogue);
    EXPECT_EQ(plan_to_json(p.plan).dump(), plan_to_json(first.plan).dump()) << more;
  }
  auto three = plan_for(*brain_, "3 more", {}, dialogue);
  EXPECT_EQ(three.wanted, 3u);
  EXPECT_EQ(plan_labels(three), plan_labels(first));
  // Past several "more" turns, back to the real request.
  auto again = plan_for(*brain_, "more", {},
                        {"user: something like Heat", "agent: ...", "user: more", "agent: ..."});
  ASSERT_NE(step(again, "soft_filter"), nullptr);
  // No earlier request: a general recommendation.
  auto alone = plan_for(*brain_, "more");
  EXPECT_EQ(step(alone, "hard_filter"), nullptr);
  ASSERT_NE(step(alone, "map"), nullptr);
  // A message with its own content is not a "more".
  EXPECT_EQ(plan_labels(plan_for(*brain_, "more westerns", {}, dialogue)),
            std::vector<std::string>{"genres: Western"});
}

TEST_F(RulesBrainMl100k, LearnsStatedTastes) {
  auto hate = plan_for(*brain_, "I hate horror, give me a comedy");
  EXPECT_EQ(hate.learned.dislike_values, std::vector<std::string>{"genres=Horror"});
  EXPECT_EQ(hate.mentioned_values, std::vector<std::string>{"genres=Comedy"});
  EXPECT_EQ(plan_for(*brain_, "I don't like westerns").learned.dislike_values,
            std::vector<std::string>{"genres=Western"});
  // A condition for this turn is not a taste.
  EXPECT_TRUE(plan_for(*brain_, "no horror this time").learned.empty());
  EXPECT_TRUE(plan_for(*brain_, "something like Heat").learned.empty());
  auto loved = plan_for(*brain_, "I loved Star Wars and Return of the Jedi, anything similar?");
  EXPECT_EQ(loved.learned.like, (std::vector<std::string>{"50", "181"}));
  EXPECT_EQ(plan_for(*brain_, "I love comedies").learned.like_values,
            std::vector<std::string>{"genres=Comedy"});
  auto seen = plan_for(*brain_, "I've already seen Fargo");
  EXPECT_EQ(seen.learned.consumed, std::vector<std::string>{"100"});
  EXPECT_TRUE(seen.learned.like.empty());
  auto seen_and_more = plan_for(*brain_, "I have seen Heat, recommend a thriller");
  EXPECT_EQ(seen_and_more.learned.consumed, std::vector<std::string>{"273"});
  EXPECT_EQ(plan_labels(seen_and_more), std::vector<std::string>{"genres: Thriller"});
  EXPECT_EQ(step(seen_and_more, "soft_filter"), nullptr);
  // "more" replays an earlier request without learning its tastes again.
  auto more = plan_for(*brain_, "more", {}, {"user: I hate horror, give me a comedy", "agent: ..."});
  EXPECT_TRUE(more.learned.empty());
  EXPECT_EQ(plan_labels(more), plan_labels(hate));
}

TEST_F(RulesBrainMl100k, NeverThrowsOnGarbage) {
  std::vector<std::string> inputs = {
      "", " ", "\n\t", "!!!???...", "'", "\"", "''''", "$", "-", "--", "%", "%_\\",
      std::string(100 * 1024, 'a'),
      [] {
        std::string s;
        for (int i = 0; i < 5000; ++i) s += "no comedy from the 90s like Heat top 3 ";
        return s;
      }(),
      std::string("\xff\xfe\xfd\x80\x81 comedy \xc3\x28 \xe2\x82 \xf0\x28\x8c\xbc"),
      std::string("a\0b\0c", 5),
      "99999999999999999999999999 movies", "top 0", "top -5", "top 1e9", "1e400 stars",
      "from 1800 to 2100", "between and", "from the 0s", "like", "like like like",
      "similar to", "no", "not not not", "nothing before", "rated above", "under $",
      "4.5.6 stars", "'90s'", "the 1990s to the 1890s", "3 2 1", "one two three four",
      "Robert'); DROP TABLE items;--", "genres = 'Comedy' OR 1=1",
      "when was", "tell me about", "what is?", "?", "more", "more more more",
      "🎬🍿 comedies 😂", "comédie", "ＣＯＭＥＤＹ",
  };
  std::string punct;
  for (int c = 33; c < 127; ++c)
    if (!std::isalnum(c)) punct.push_back(static_cast<char>(c));
  inputs.push_back(punct);
  inputs.push_back(std::string(100 * 1024, '!'));
  for (const auto& text : inputs) {
    BrainPlan p;
    ASSERT_NO_THROW(p = plan_for(*brain_, text, {"x"}, {"user: more", "agent: x", "garbage"}))
        << text.substr(0, 80);
    // Whatever comes out is a valid plan.
    json j;
    ASSERT_NO_THROW(j = plan_to_json(p.plan));
    ASSERT_NO_THROW(plan_from_json(j)) << j.dump();
    EXPECT_TRUE(p.plan.answer || !p.plan.steps.empty()) << text.substr(0, 80);
    if (!p.plan.steps.empty() && std::holds_alternative<MapStep>(p.plan.steps.back())) {
      EXPECT_GE(p.wanted, 1u);
      EXPECT_LE(p.wanted, 50u);
    }
  }
  // Only punctuation and empty: the help answer.
  EXPECT_TRUE(plan_for(*brain_, "").plan.answer);
  EXPECT_TRUE(plan_for(*brain_, "?!.,;").plan.answer);
}

// Every golden request, planned and executed by the real tools (with the
// rules reflection loop, at most 2 relax rounds): no step fails, lookups
// answer, recommendations pick items.
void execute_golden(const std::string& dataset, const std::string& file) {
  INTEREC_REQUIRE_PREPARED(dir, dataset);
  std::ifstream in(test::source_root() + "/tests/golden/" + file);
  if (!in) GTEST_SKIP() << "no " << file;
  auto box = test::toolbox_for(dir);
  auto brain = test::brain_for(dir);
  const size_t n_items = box->dataset->catalog->size();
  std::map<ToolKind, std::unique_ptr<Tool>> tools;
  for (ToolKind kind : kAllTools) tools[kind] = make_tool(kind, box);
  std::string line;
  size_t executed = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.find('\t') == std::string::npos) continue;
    BrainRequest request;
    request.text = line.substr(0, line.find('\t'));
    for (int round = 0; round <= 2; ++round) {
      BrainPlan p = brain->plan(request);
      if (p.plan.answer) break;
      Bus bus;
      std::vector<StepTrace> trace;
      size_t picked = 0;
      std::string text;
      for (const auto& s : p.plan.steps) {
        StepTrace t;
        t.tool = tool_name(s);
        t.input = step_input_json(s).dump();
        t.before = bus.size(n_items);
        ToolOutput out;
        ASSERT_NO_THROW(out = tools.at(kind_of(s))->run(bus, s, request.user))
            << request.text << "\n  step " << t.tool << " " << t.input;
        bus = out.bus;
        t.after = bus.size(n_items);
        trace.push_back(t);
        picked += out.picked.size();
        text += out.text;
      }
      ++executed;
      if (std::holds_alternative<LookupStep>(p.plan.steps.back())) {
        EXPECT_FALSE(text.empty()) << request.text;
        break;
      }
      Reflection r = reflect_by_rules(p, trace, picked);
      if (r.accept) {
        EXPECT_GT(picked, 0u) << request.text;
        break;
      }
      request.relax.insert(request.relax.end(), r.relax.begin(), r.relax.end());
    }
  }
  EXPECT_GT(executed, 10u);
}

TEST(RulesBrainExecute, Ml100kGolden) { execute_golden("ml-100k", "rules_brain_ml100k.tsv"); }
TEST(RulesBrainExecute, MlLatestGolden) {
  execute_golden("ml-latest-small", "rules_brain_ml_latest.tsv");
}

// Maintenance aid: INTEREC_BRAIN_TRY="request|request|..." prints the plans
// (on INTEREC_BRAIN_DATASET, default ml-100k).
}  // namespace
}  // namespace interec
