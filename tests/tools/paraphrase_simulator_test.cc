// The paraphrasing user on a small hand-written catalog (generic format:
// genres, tags, a maker, a year, a price): it never says the target's title
// over thousands of messages against an agent that answers at random, asks
// questions or shows nothing; every fact it states is true of the target;
// it draws several wordings per kind of clue; the same seed gives the same
// conversation; it answers a clarifying question with the value the target
// has; and the wording tallies add up.
#include "tools/eval/paraphrase_simulator.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "storage/title_index.h"
#include "tests/test_data.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

constexpr int kItems = 36;
const char* const kGenres[] = {"Comedy", "Drama", "Horror", "Action", "Romance", "Documentary"};
const char* const kTags[] = {"heist", "time travel", "dark", "feel-good", "space", "small town", "twist", "music"};
const char* const kMakers[] = {"Northwind", "Blue Otter", "Kestrel Works", "Halcyon", "Marrow & Finch"};
const char* const kFormats[] = {"Digital", "Boxed", "Cartridge"};
const char* const kFirst[] = {"Crimson", "Silent", "Paper", "Hollow", "Golden", "Winter", "Distant", "Broken"};
const char* const kSecond[] = {"Harbor", "Lantern", "Orchard", "Signal"};

class ParaphraseCatalog : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string src = test::scratch_dir("paraphrase-src");
    std::ofstream items(src + "/items.tsv");
    items << "item_id\ttitle\tgenres\ttags\tdeveloper\tformat\tyear\tprice\n";
    // 32 two-word titles, two one-word ones ("Heist" is also a tag, which a
    // message may say; "Orbit" is only a title), and two whose titles hold
    // others' ("Crimson Harbor 2", "Return to Silent Harbor"): the user may
    // know one and want the other.
    for (int i = 0; i < kItems; ++i) {
      const std::string title = i == 32   ? "Heist"
                                : i == 33 ? "Orbit"
                                : i == 34 ? "Crimson Harbor 2"
                                : i == 35 ? "Return to Silent Harbor"
                                          : std::string(kFirst[i % 8]) + " " + kSecond[i / 8];
      const std::string genres = std::string(kGenres[i % 6]) + "|" + kGenres[(i / 6 + 1 + i % 6) % 6];
      const std::string tags = std::string(kTags[i % 8]) + "|" + kTags[(i * 3 + 1) % 8];
      items << (i + 1) << "\t" << title << "\t" << genres << "\t" << tags << "\t" << kMakers[i % 5] << "\t" << kFormats[i % 3] << "\t"
            << 1960 + (i * 7) % 56 << "\t" << (i % 7 == 0 ? "0" : std::to_string(3 + (i * 13) % 60) + ".99") << "\n";
    }
    items.close();
    std::ofstream(src + "/columns.json") << R"({"developer": "studio that made the game", "price": "price in dollars"})";
    // Users who each like one group's items, so that item-kNN links them;
    // the sequels go with their first parts.
    std::ofstream inter(src + "/interactions.csv");
    inter << "user_id,item_id,rating,timestamp\n";
    for (int u = 0; u < 60; ++u) {
      std::set<int> liked;
      for (int k = 0; k < 9; ++k) liked.insert(((u % 6) + 6 * ((k + u / 6) % 6)) % 34);
      if (liked.count(0)) liked.insert(34);
      if (liked.count(1)) liked.insert(35);
      int t = 1000;
      for (int item : liked) inter << "u" << u << "," << item + 1 << ",5," << (t += 10) << "\n";
    }
    inter.close();
    box_ = Toolbox::open(test::prepare_into(src, test::scratch_dir("paraphrase-prepared")));
    rules_ = std::make_unique<RulesSimulator>(box_);
    book_ = std::make_unique<Phrasebook>(
      Phrasebook::load(test::source_root() + "/tools-data/user_phrasings.tsv"));
  }
  static void TearDownTestSuite() {
    rules_.reset();
    book_.reset();
    box_.reset();
  }

  static const Catalog& catalog() { return *box_->dataset->catalog; }

  // An agent that answers at random: mostly five items (never the target,
  // so that the conversation goes on), sometimes nothing, sometimes a
  // question offering three genres.
  static AgentAnswer answer(ItemIndex target, std::mt19937_64& rng) {
    AgentAnswer a;
    const int what = std::uniform_int_distribution<int>(0, 9)(rng);
    if (what == 0) {
      a.reply = "I recommend items. Ask by genres or year.";
      return a;
    }
    if (what == 1) {
      a.reply = "Which genre would you like: Comedy, Drama or Horror?";
      return a;
    }
    std::uniform_int_distribution<ItemIndex> any(0, static_cast<ItemIndex>(catalog().size() - 1));
    while (a.items.size() < 5) {
      const ItemIndex i = any(rng);
      if (i != target && std::find(a.items.begin(), a.items.end(), i) == a.items.end()) a.items.push_back(i);
    }
    a.reply = "Here are 5 picks.";
    return a;
  }

  // The whole conversation (8 messages) of the user wanting `target`.
  static std::vector<std::string> talk(const ParaphraseSimulator& sim, ItemIndex target, uint64_t seed,
                                       ParaphraseUser* out = nullptr) {
    std::mt19937_64 rng(seed), agent(seed * 7 + 1);
    // The items of the target's group, its sequel or first part among them.
    std::vector<ItemIndex> history;
    for (ItemIndex h = 0; h < kItems; ++h)
      if (h != target && (h % 6 == target % 6 || h >= 34 || target >= 34)) history.push_back(h);
    ParaphraseUser user = sim.start(target, history, rng);
    std::vector<std::string> said;
    AgentAnswer last;
    for (int turn = 0; turn < 8; ++turn) {
      said.push_back(sim.next(user, turn ? &last : nullptr, rng));
      last = answer(target, agent);
    }
    if (out) *out = std::move(user);
    return said;
  }

  static inline std::shared_ptr<const Toolbox> box_;
  static inline std::unique_ptr<RulesSimulator> rules_;
  static inline std::unique_ptr<Phrasebook> book_;
};

TEST_F(ParaphraseCatalog, NeverSaysTheTitleAndStatesOnlyTrueFacts) {
  ParaphraseSimulator sim(box_, *rules_, *book_);
  size_t messages = 0;
  for (ItemIndex target = 0; target < static_cast<ItemIndex>(catalog().size()); ++target) {
    const std::string title = normalize_title(catalog().title(target));
    const bool one_word = title.find(' ') == std::string::npos;
    // What a message may name besides the target: the other titles, values.
    std::vector<std::string> known;
    for (ItemIndex i = 0; i < static_cast<ItemIndex>(catalog().size()); ++i)
      if (i != target) known.emplace_back(catalog().title(i));
    for (const char* t : kTags) known.push_back(t);
    for (uint64_t seed = 1; seed <= 12; ++seed) {
      ParaphraseUser user;
      for (const std::string& text : talk(sim, target, seed, &user)) {
        ++messages;
        EXPECT_FALSE(text.empty());
        EXPECT_FALSE(rules_->names_target(target, text, known)) << "\"" << text << "\" names " << title;
        if (!one_word) {
          EXPECT_EQ((" " + normalize_text(text) + " ").find(" " + title + " "), std::string::npos) << text;
        }
      }
      for (const Clue& clue : user.stated)
        EXPECT_TRUE(rules_->matches(clue, target))
          << catalog().title(target) << ": a stated clue is false (kind " << clue.kind << ", " << clue.text << ")";
    }
  }
  EXPECT_GT(messages, 3000u);
  std::cerr << messages << " messages checked\n";
}

TEST_F(ParaphraseCatalog, SeveralWordingsPerKindAndEveryKindCanBeSaid) {
  ParaphraseSimulator sim(box_, *rules_, *book_);
  std::map<std::string, std::set<std::string>> wordings;
  for (ItemIndex target = 0; target < static_cast<ItemIndex>(catalog().size()); ++target)
    for (uint64_t seed = 1; seed <= 12; ++seed) {
      std::mt19937_64 rng(seed), agent(seed);
      ParaphraseUser user = sim.start(target, {static_cast<ItemIndex>((target + 6) % kItems)}, rng);
      AgentAnswer last;
      for (int turn = 0; turn < 8; ++turn) {
        sim.next(user, turn ? &last : nullptr, rng);
        for (const auto& p : user.said) wordings[p.kind].insert(p.wording);
        last = answer(target, agent);
      }
    }
  for (const char* kind : {"genre", "tag", "person", "text", "negation", "year.decade", "price.under", "fb.reject",
                           "fb.seen", "fb.not_that", "act.more"})
    EXPECT_GE(wordings[kind].size(), 3u) << kind;
  // Year ranges come in several kinds, each in its own wordings.
  size_t year_kinds = 0;
  for (const auto& [kind, ids] : wordings) year_kinds += kind.rfind("year.", 0) == 0 ? 1 : 0;
  EXPECT_GE(year_kinds, 5u);
  // Every kind a fact can have has a modifier and a clause in the book.
  for (const auto& [kind, ids] : wordings) {
    if (kind.rfind("fb.", 0) == 0 || kind.rfind("act.", 0) == 0 || kind == "vague" || kind.rfind("answer", 0) == 0)
      continue;
    EXPECT_GE(book_->wordings(kind + ".mod").size(), 2u) << kind;
    EXPECT_GE(book_->wordings(kind + ".sent").size(), 2u) << kind;
  }
}

TEST_F(ParaphraseCatalog, SameSeedSameConversation) {
  ParaphraseSimulator sim(box_, *rules_, *book_);
  for (ItemIndex target : {0, 5, 17, 32}) {
    EXPECT_EQ(talk(sim, target, 99), talk(sim, target, 99));
    EXPECT_NE(talk(sim, target, 99), talk(sim, target, 100));
  }
}

TEST_F(ParaphraseCatalog, NounAndRolesComeFromTheCatalog) {
  ParaphraseSimulator sim(box_, *rules_, *book_);
  // "studio that made the game" in columns.json.
  EXPECT_EQ(sim.noun().plural, "games");
  const auto& cols = catalog().columns();
  std::map<std::string, std::string> roles;
  for (size_t c = 0; c < cols.size(); ++c) roles[cols[c].name] = sim.role(c);
  EXPECT_EQ(roles["genres"], "genre");
  EXPECT_EQ(roles["tags"], "tag");
  EXPECT_EQ(roles["developer"], "person");
  EXPECT_EQ(roles["format"], "text");  // not a column name the book knows
  EXPECT_EQ(roles["year"], "year");
  EXPECT_EQ(roles["price"], "price");
  EXPECT_EQ(book_->noun_for("ml-100k release year").plural, "movies");
  EXPECT_EQ(book_->noun_for("nothing known").plural, "items");
  EXPECT_EQ(ParaphraseSimulator::spoken_title("Usual Suspects, The (1995)"), "The Usual Suspects");
  EXPECT_EQ(ParaphraseSimulator::spoken_title("Seven (Se7en) (1995)"), "Seven");
}

TEST_F(ParaphraseCatalog, AnswersAClarifyingQuestionWithTheTargetsValue) {
  ParaphraseOptions plain;
  plain.style.typo_per_word = 0;
  ParaphraseSimulator sim(box_, *rules_, *book_, plain);
  const size_t genres = *catalog().column_index("genres");
  for (ItemIndex target = 0; target < 12; ++target) {
    const auto& mine = catalog().values(genres, target);
    std::mt19937_64 rng(target);
    ParaphraseUser user = sim.start(target, {}, rng);
    sim.next(user, nullptr, rng);
    AgentAnswer question;
    question.reply = "What kind of game? Comedy, Drama or Horror?";
    const std::string text = sim.next(user, &question, rng);
    std::string fits;
    for (const char* g : {"Comedy", "Drama", "Horror"})
      if (std::find(mine.begin(), mine.end(), g) != mine.end()) fits = g;
    if (fits.empty()) {
      EXPECT_EQ(user.said.front().kind, "answer.none") << text;
      continue;
    }
    ASSERT_FALSE(user.stated.empty());
    const Clue& said = user.stated.back();
    EXPECT_EQ(said.column, genres);
    EXPECT_TRUE(std::find(mine.begin(), mine.end(), said.text) != mine.end()) << text;
    EXPECT_NE(normalize_text(text).find(normalize_text(said.text)), std::string::npos) << text;
  }
}

TEST_F(ParaphraseCatalog, ReactsToAShownItemThatLeadsToTheTarget) {
  ParaphraseSimulator sim(box_, *rules_, *book_);
  size_t reactions = 0;
  for (ItemIndex target = 0; target < kItems; ++target) {
    // A list whose items all lead to the target (item-kNN neighbours that
    // share a genre with it), and one that has none.
    AgentAnswer near;
    for (ItemIndex i = 0; i < kItems && near.items.size() < 5; ++i) {
      if (i != target && rules_->matches(similar_clue(i), target)) near.items.push_back(i);
    }
    if (near.items.empty()) continue;
    for (uint64_t seed = 0; seed < 20; ++seed) {
      std::mt19937_64 rng(seed);
      ParaphraseUser user = sim.start(target, {}, rng);
      sim.next(user, nullptr, rng);
      sim.next(user, &near, rng);
      for (const auto& p : user.said) {
        if (p.kind != "fb.loved" && p.kind != "fb.more_like") continue;
        ++reactions;
        ASSERT_GE(p.clue, 0);
        const Clue& c = user.stated[static_cast<size_t>(p.clue)];
        EXPECT_EQ(c.kind, Clue::similar);
        EXPECT_EQ(c.item, p.referent);
        EXPECT_NE(std::find(near.items.begin(), near.items.end(), p.referent), near.items.end());
      }
    }
  }
  EXPECT_GT(reactions, 20u);
}

TEST(CasualStyle, TyposStayOutOfKeptSpans) {
  CasualStyle heavy;
  heavy.typo_per_word = 0.5;
  heavy.lowercase = 0;
  heavy.no_capital = 1;
  std::mt19937_64 rng(3);
  size_t changed = 0;
  for (int k = 0; k < 200; ++k) {
    const std::string out =
      type_casually("something wonderful like " + keep_as_typed("Magnificent Seven") + " please", heavy, rng);
    EXPECT_NE(out.find("Magnificent Seven"), std::string::npos) << out;
    changed += out != "something wonderful like Magnificent Seven please" ? 1 : 0;
  }
  EXPECT_GT(changed, 100u);
  CasualStyle none;
  none.typo_per_word = 0;
  none.lowercase = 1;
  EXPECT_EQ(type_casually("Looking for " + keep_as_typed("The Thing") + ".", none, rng).rfind("looking for the thing", 0),
            0u);
}

TEST(PhrasebookFile, FillsSlotsAndNamesTheBadLine) {
  EXPECT_EQ(Phrasebook::fill("from the {decade} {missing}", {{"decade", "90s"}}), "from the 90s {missing}");
  const std::string dir = test::scratch_dir("phrasebook");
  std::ofstream(dir + "/bad.tsv") << "# comment\nnoun\titem\titems\tget\tgot\t*\ngenre.mod\n";
  try {
    Phrasebook::load(dir + "/bad.tsv");
    FAIL() << "a row without a tab was accepted";
  } catch (const PhrasebookError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.tsv:3"), std::string::npos) << e.what();
  }
  std::ofstream(dir + "/nofallback.tsv") << "noun\tmovie\tmovies\twatch\twatched\tmovie\n";
  EXPECT_THROW(Phrasebook::load(dir + "/nofallback.tsv"), PhrasebookError);
  EXPECT_THROW(Phrasebook::load(dir + "/absent.tsv"), PhrasebookError);
}

TEST_F(ParaphraseCatalog, WordingTalliesAddUp) {
  // Two pieces: a genre clue (Comedy) and "seen the second one".
  const size_t genres = *catalog().column_index("genres");
  const Clue comedy = value_clue(genres, "Comedy");
  SaidPiece clue_piece{"genre", "genre.mod#1", "in the {value} genre", 0, -1};
  SaidPiece seen_piece{"fb.seen", "fb.seen#1", "seen the {ordinal} one", -1, 7};
  std::vector<ItemIndex> comedies, others;
  for (ItemIndex i = 0; i < kItems; ++i) {
    const auto& g = catalog().values(genres, i);
    (std::find(g.begin(), g.end(), "Comedy") != g.end() ? comedies : others).push_back(i);
  }
  ASSERT_GE(comedies.size(), 3u);
  WordingStats s;
  AgentAnswer fits{"", {comedies[0], comedies[1], comedies[2]}};
  AgentAnswer mixed{"", {comedies[0], others[0], 7}};
  AgentAnswer nothing{"help", {}};
  s.score({clue_piece, seen_piece}, {comedy}, {{"genre.mod#1", "genre"}}, 0, fits, *rules_, 5);
  s.score({clue_piece}, {comedy}, {{"genre.mod#1", "genre"}}, 0, mixed, *rules_, 5);
  s.score({seen_piece}, {comedy}, {{"genre.mod#1", "genre"}}, 1, mixed, *rules_, 5);
  s.score({clue_piece}, {comedy}, {{"genre.mod#1", "genre"}}, 0, nothing, *rules_, 5);
  const WordingTally& g = s.by_wording["genre.mod#1"];
  EXPECT_EQ(g.uses, 3u);
  EXPECT_EQ(g.answered, 2u);
  EXPECT_EQ(g.honoured, 1u);
  EXPECT_EQ(g.later, 1u);  // the third answer, after the clue was said
  EXPECT_EQ(g.kept, 0u);   // which did not keep it
  const WordingTally& seen = s.by_kind["fb.seen"];
  EXPECT_EQ(seen.uses, 2u);
  EXPECT_EQ(seen.honoured, 1u);  // the second answer showed item 7 again
  EXPECT_NE(s.table(10).find("genre.mod#1"), std::string::npos);
}

// Every dataset user's last item as the target: on real titles (articles,
// alternate titles, one-word titles that are common words) no message says
// the target's title.
void check_real_titles(const std::string& dir, size_t max_users) {
  auto box = Toolbox::open(dir);
  const Catalog& catalog = *box->dataset->catalog;
  const Interactions& in = box->dataset->interactions;
  RulesSimulator rules(box);
  ParaphraseSimulator sim(box, rules, Phrasebook::load(test::source_root() + "/tools-data/user_phrasings.tsv"));
  size_t users = 0, messages = 0;
  for (size_t u = 0; u < in.users() && users < max_users; ++u) {
    const auto items = in.items(static_cast<UserIndex>(u));
    if (items.size() < 6) continue;
    ++users;
    const ItemIndex target = items[items.size() - 1];
    const std::vector<ItemIndex> history(items.begin(), items.end() - 1);
    std::mt19937_64 rng(u), agent(u + 1);
    ParaphraseUser user = sim.start(target, history, rng);
    // What a message may name besides the target: the history, what was
    // shown, the target's values.
    std::vector<std::string> known;
    for (ItemIndex h : history) known.emplace_back(catalog.title(h));
    for (size_t c = 0; c < catalog.columns().size(); ++c)
      for (const auto& v : catalog.values(c, target)) known.emplace_back(v);
    const std::string title = normalize_title(catalog.title(target));
    AgentAnswer last;
    for (int turn = 0; turn < 6; ++turn) {
      const std::string text = sim.next(user, turn ? &last : nullptr, rng);
      ++messages;
      if (title.find(' ') != std::string::npos) {
        EXPECT_EQ((" " + normalize_text(text) + " ").find(" " + title + " "), std::string::npos)
          << "\"" << text << "\" says " << catalog.title(target);
      } else {
        EXPECT_FALSE(rules.names_target(target, text, known)) << "\"" << text << "\" says " << catalog.title(target);
      }
      // Popular items the user has not had, as an agent would show them.
      last.items.clear();
      std::uniform_int_distribution<ItemIndex> any(0, static_cast<ItemIndex>(catalog.size() - 1));
      while (last.items.size() < 5) {
        const ItemIndex i = any(agent);
        if (i != target) last.items.push_back(i);
      }
      for (ItemIndex i : last.items) known.emplace_back(catalog.title(i));
    }
    for (const Clue& clue : user.stated) EXPECT_TRUE(rules.matches(clue, target)) << catalog.title(target);
  }
  std::cerr << dir << ": " << users << " users, " << messages << " messages checked\n";
}

TEST(ParaphraseRealTitles, Ml100k) {
  INTEREC_REQUIRE_PREPARED(dir, "ml-100k");
  check_real_titles(dir, 943);
}

TEST(ParaphraseRealTitles, MlLatestWithTags) {
  INTEREC_REQUIRE_PREPARED(dir, "ml-latest-small");
  check_real_titles(dir, 610);
}

}  // namespace
}  // namespace interec
