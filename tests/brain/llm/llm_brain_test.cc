// The openai brain's I/O-free half on prepared ML-100K: SQL grounding (a
// table of cases), the demonstration pool, the prompt's contents, reading
// plans, critic verdicts and endpoint bodies.
#include "brain/llm/llm_brain.h"

#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "brain/rules/rules_brain.h"
#include "storage/readonly_sql.h"
#include "tests/brain/rules/brain_test_util.h"
#include "tests/test_data.h"
#include "tools/plan_json.h"

namespace interec {
namespace {

using nlohmann::json;

class LlmBrainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::prepared("ml-100k");
    if (dir_.empty()) GTEST_SKIP() << "../shared/data/ml-100k is absent: this test needs it";
    box_ = test::toolbox_for(dir_);
    LlmConfig config;
    config.url = "http://127.0.0.1:9/v1";
    config.model = "test-model";
    brain_ = std::make_shared<LlmBrain>(box_, config);
  }
  std::string dir_;
  std::shared_ptr<const Toolbox> box_;
  std::shared_ptr<LlmBrain> brain_;
};

struct GroundCase {
  const char* sql;
  const char* grounded;  // expected SQL after grounding
};

// Declarative: what a model writes -> what runs.
const GroundCase kGround[] = {
  {"SELECT item_id FROM items WHERE genres LIKE '%Comedy%'", "SELECT item_id FROM items WHERE genres LIKE '%Comedy%'"},
  {"SELECT item_id FROM movies WHERE year > 1990", "SELECT item_id FROM items WHERE year > 1990"},
  {"SELECT item_id FROM items WHERE genre LIKE '%Comedy%'", "SELECT item_id FROM items WHERE genres LIKE '%Comedy%'"},
  {"SELECT item_id FROM items WHERE release_year >= 1995", "SELECT item_id FROM items WHERE year >= 1995"},
  {"SELECT title, rating FROM items WHERE title = 'Heat (1995)'", "SELECT title, avg_rating FROM items WHERE title = 'Heat (1995)'"},
  {"SELECT item_id FROM items WHERE genres LIKE '%comedies%'", "SELECT item_id FROM items WHERE genres LIKE '%Comedy%'"},
  {"SELECT item_id FROM items WHERE genres LIKE '%Sci Fi%'", "SELECT item_id FROM items WHERE genres LIKE '%Sci-Fi%'"},
  {"SELECT item_id FROM items WHERE genres LIKE '%Thriler%'", "SELECT item_id FROM items WHERE genres LIKE '%Thriller%'"},
  {"SELECT item_id FROM items WHERE genres = 'Horror'", "SELECT item_id FROM items WHERE genres LIKE '%Horror%'"},
  {"SELECT item_id FROM items WHERE genres != 'Horror'", "SELECT item_id FROM items WHERE genres NOT LIKE '%Horror%'"},
  {"SELECT item_id FROM items WHERE genres LIKE \"%Drama%\"", "SELECT item_id FROM items WHERE genres LIKE '%Drama%'"},
  {"SELECT item_id FROM films f WHERE f.genre LIKE '%Drama%'", "SELECT item_id FROM items f WHERE f.genres LIKE '%Drama%'"},
  {"SELECT movies.item_id FROM movies WHERE movies.year < 1950", "SELECT items.item_id FROM items WHERE items.year < 1950"},
  {"SELECT item_id FROM items WHERE LOWER(genres) LIKE '%romance%'", "SELECT item_id FROM items WHERE LOWER(genres) LIKE '%romance%'"},
  {"SELECT COUNT(*) AS n FROM items WHERE category LIKE '%War%'", "SELECT COUNT(*) AS n FROM items WHERE genres LIKE '%War%'"},
  {"SELECT name FROM columns", "SELECT name FROM columns"},
  {"SELECT item_id FROM items WHERE title LIKE '%it''s%'", "SELECT item_id FROM items WHERE title LIKE '%it''s%'"},
};

TEST_F(LlmBrainTest, SqlGroundingTable) {
  ReadOnlySql sql(box_->dataset->dir + "/catalog.db");
  for (const auto& c : kGround) {
    SCOPED_TRACE(c.sql);
    GroundedSql g = brain_->grounder().ground(c.sql);
    EXPECT_EQ(g.sql, c.grounded);
    EXPECT_EQ(g.changes.empty(), std::string(c.sql) == c.grounded);
    EXPECT_NO_THROW(sql.query(g.sql));  // and what is grounded runs
  }
}

TEST_F(LlmBrainTest, GroundingNeverWidensAQuery) {
  // Other tables and statements stay refused by the read-only guard.
  ReadOnlySql sql(box_->dataset->dir + "/catalog.db");
  for (const char* bad : {"DROP TABLE items", "SELECT * FROM sqlite_master", "SELECT 1; DELETE FROM items"}) {
    GroundedSql g = brain_->grounder().ground(bad);
    EXPECT_THROW(sql.query(g.sql), SqlError) << g.sql;
  }
}

TEST_F(LlmBrainTest, DemonstrationPoolIsCompleteAndRuns) {
  const auto& demos = brain_->demonstrations().all();
  EXPECT_GE(demos.size(), 60u);
  std::set<std::string> tools;
  ReadOnlySql sql(box_->dataset->dir + "/catalog.db");
  for (const auto& d : demos) {
    SCOPED_TRACE(d.request);
    EXPECT_EQ(d.request.find('{'), std::string::npos) << "unfilled placeholder";
    Plan plan;
    ASSERT_NO_THROW(plan = plan_from_json(d.plan));
    for (const auto& s : plan.steps) {
      tools.insert(tool_name(s));
      std::string q;
      if (const auto* lookup = std::get_if<LookupStep>(&s)) q = lookup->sql;
      else if (const auto* filter = std::get_if<HardFilterStep>(&s)) q = filter->sql;
      else continue;
      // Every demonstration's SQL is real SQL for this catalog, as is.
      EXPECT_NO_THROW(sql.query(q)) << q;
      EXPECT_TRUE(brain_->grounder().ground(q).changes.empty()) << q;
    }
  }
  for (ToolKind kind : kAllTools) EXPECT_TRUE(tools.count(tool_name(kind))) << tool_name(kind) << " has no demonstration";
}

TEST_F(LlmBrainTest, SimilarDemonstrationsAreChosen) {
  const auto& all = brain_->demonstrations().all();
  auto shapes = [&](const std::string& request) {
    std::set<std::string> s;
    for (size_t i : brain_->chosen_demos(request)) s.insert(all[i].shape);
    return s;
  };
  EXPECT_EQ(brain_->chosen_demos("anything").size(), 6u);
  EXPECT_TRUE(shapes("something like Toy Story please").count("soft_filter>rank>map"));
  EXPECT_TRUE(shapes("when did Fargo come out?").count("lookup"));
  EXPECT_TRUE(shapes("hello!").count("answer"));
  EXPECT_TRUE(shapes("rank these for me: Heat, Casino, Fargo").count("candidate_store>rank>map"));
}

TEST_F(LlmBrainTest, PromptHasSchemaDemonstrationsProfileAndDialogue) {
  const Catalog& catalog = *box_->dataset->catalog;
  BrainRequest request;
  request.text = "a funny comedie from the 90s like Toy Story";
  request.user.liked = {0};
  request.user.disliked = {1};
  request.user.disliked_values = {"genres=Horror"};
  for (ItemIndex i = 10; i < 30; ++i) request.user.history.push_back(i);
  for (int k = 0; k < 12; ++k) {
    request.dialogue.push_back("user: old question " + std::to_string(k));
    request.dialogue.push_back("agent: old answer " + std::to_string(k));
  }
  request.advice = "use fewer conditions";
  json messages = brain_->plan_messages(request);
  ASSERT_EQ(messages.size(), 2u);
  const std::string system = messages[0]["content"];
  const std::string user = messages[1]["content"];
  // Schema: columns with meanings, ranges, and values nearest the request.
  EXPECT_NE(system.find("- genres (text, several values per item"), std::string::npos) << system;
  EXPECT_NE(system.find("- year (integer, from "), std::string::npos) << system;
  EXPECT_NE(system.find("Values include: Comedy"), std::string::npos) << system;
  EXPECT_NE(system.find("hard_filter"), std::string::npos);
  // The chosen demonstrations, in the user message.
  for (size_t i : brain_->chosen_demos(request.text))
    EXPECT_NE(user.find("Request: " + brain_->demonstrations().all()[i].request + "\n"), std::string::npos);
  // Profile.
  EXPECT_NE(user.find("likes: " + std::string(catalog.title(0))), std::string::npos) << user;
  EXPECT_NE(user.find("dislikes: " + std::string(catalog.title(1))), std::string::npos);
  EXPECT_NE(user.find("genres=Horror"), std::string::npos);
  EXPECT_NE(user.find("has consumed 20 items, lately: " + std::string(catalog.title(29))), std::string::npos);
  // Dialogue: recent lines verbatim, older ones summarised.
  EXPECT_NE(user.find("agent: old answer 11"), std::string::npos);
  EXPECT_NE(user.find("the user asked: old question 0"), std::string::npos);
  EXPECT_EQ(user.find("agent: old answer 0"), std::string::npos);
  EXPECT_NE(user.find("use fewer conditions"), std::string::npos);
  EXPECT_NE(user.rfind("Request: " + request.text + "\nPlan:"), std::string::npos);
  EXPECT_EQ(user.find("unless the request says how many"), std::string::npos);  // no client count
}

TEST_F(LlmBrainTest, ClientCountIsInThePrompt) {
  BrainRequest request;
  request.text = "comedies";
  request.items = 12;
  const std::string user = brain_->plan_messages(request)[1]["content"];
  EXPECT_NE(user.find("List 12 items (the map step's n) unless the request says how many."), std::string::npos)
    << user;
}

TEST_F(LlmBrainTest, InterpretedPlanIsGroundedAndLearnsTastes) {
  BrainRequest request;
  request.text = "I hate horror. Top 3 comedies please";
  PlanAttempt a = brain_->interpret_plan(
    R"([{"tool":"hardFilter","input":"SELECT item_id FROM movies WHERE genre LIKE '%comedies%'"},{"tool":"map","input":{"n":3}}])",
    request);
  ASSERT_TRUE(a.ok) << a.error;
  EXPECT_EQ(a.plan.wanted, 3u);
  ASSERT_EQ(kind_of(a.plan.plan.steps[0]), ToolKind::hard_filter);
  EXPECT_EQ(std::get<HardFilterStep>(a.plan.plan.steps[0]).sql, "SELECT item_id FROM items WHERE genres LIKE '%Comedy%'");
  EXPECT_GE(a.repairs.size(), 3u);
  EXPECT_FALSE(a.plan.learned.empty());  // "I hate horror" is a lasting taste
  EXPECT_TRUE(a.plan.fallback.empty());
}

TEST_F(LlmBrainTest, FallbackIsTheRulesPlanAndSaysWhy) {
  BrainRequest request;
  request.text = "top 3 horror movies";
  BrainPlan p = brain_->fallback(request, "timed out");
  EXPECT_EQ(p.fallback, "timed out");
  EXPECT_EQ(p.wanted, 3u);
  EXPECT_FALSE(p.plan.steps.empty());
}

TEST(LlmBrainReading, ChatBodies) {
  EXPECT_EQ(LlmBrain::read_chat(R"({"choices":[{"message":{"content":"hi"}}]})").content, "hi");
  EXPECT_TRUE(LlmBrain::read_chat(R"({"choices":[{"message":{"content":null}}]})").ok);
  EXPECT_EQ(LlmBrain::read_chat(R"({"choices":[{"text":"old style"}]})").content, "old style");
  for (const char* bad : {"", "<html>502</html>", "{}", R"({"choices":[]})", "[1,2]"})
    EXPECT_FALSE(LlmBrain::read_chat(bad).ok) << bad;
  auto e = LlmBrain::read_chat(R"({"error":{"message":"quota exceeded"}})");
  EXPECT_NE(e.error.find("quota exceeded"), std::string::npos);
}

TEST(LlmBrainReading, CriticVerdicts) {
  BrainPlan plan;
  plan.plan.steps = {MapStep{5}};
  const std::pair<const char*, int> cases[] = {  // 1 accept, 0 reject, -1 unreadable
    {R"({"accept": true})", 1}, {R"({"accept": false, "advice": "add a year filter"})", 0},
    {"```json\n{\"accept\": false}\n```", 0}, {R"({"verdict": "yes"})", 1}, {"Yes, that's fine.", 1},
    {"No. The user wanted dramas.", 0}, {"Nothing to say, but yes", -1}, {"I think so", -1},
    {"Notably good", -1}, {"", -1},
  };
  for (const auto& [content, want] : cases) {
    auto r = LlmBrain::read_critic(content, plan);
    if (want < 0) {
      EXPECT_FALSE(r.has_value()) << content;
      continue;
    }
    ASSERT_TRUE(r.has_value()) << content;
    EXPECT_EQ(r->accept, want == 1) << content;
    if (!r->accept) {
      EXPECT_NE(r->advice.find("your plan was"), std::string::npos);
    }
  }
  EXPECT_NE(LlmBrain::read_critic(R"({"accept": false, "advice": "add a year filter"})", plan)->advice.find("add a year filter"),
            std::string::npos);
}

TEST(LlmBrainReading, Embeddings) {
  auto v = LlmBrain::read_embeddings(R"({"data":[{"index":1,"embedding":[0,1]},{"index":0,"embedding":[1,0]}]})");
  ASSERT_TRUE(v);
  EXPECT_EQ((*v)[0], (std::vector<float>{1, 0}));
  EXPECT_FALSE(LlmBrain::read_embeddings("{}"));
}

TEST(LlmConfigFile, ReadsFieldsAndRefusesUnknownKeys) {
  const std::string dir = test::scratch_dir("LlmConfigFile");
  {
    std::ofstream f(dir + "/ok.json");
    f << R"({"_comment": "x", "llm": {"url": "http://127.0.0.1:1/v1", "model": "m", "call_timeout_ms": 1234, "retries": 1, "reply_style": "llm"}})";
  }
  LlmConfig c = load_llm_config(dir + "/ok.json");
  EXPECT_EQ(c.url, "http://127.0.0.1:1/v1");
  EXPECT_EQ(c.call_timeout.count(), 1234);
  EXPECT_EQ(c.retries, 1u);
  EXPECT_EQ(c.reply_style, "llm");
  EXPECT_EQ(c.num_demos, 6u);  // default kept
  {
    std::ofstream f(dir + "/typo.json");
    f << R"({"urll": "x"})";
  }
  EXPECT_THROW(load_llm_config(dir + "/typo.json"), std::runtime_error);
  EXPECT_NO_THROW(load_llm_config(test::source_root() + "/config/llm.example.json"));
}

}  // namespace
}  // namespace interec
