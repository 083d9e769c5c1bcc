#include "brain/rules/lexicon.h"

#include <unordered_map>
#include <unordered_set>

#include "brain/fuzzy.h"
#include "storage/text_pipeline.h"

namespace interec::lexicon {

namespace {

using Words = std::unordered_set<std::string>;

bool in_words(const Words& words, const std::string& w) { return words.count(w) > 0; }

// The stems of `words`: tables of stems are written as words, so that they
// follow the stemmer.
Words stems(std::initializer_list<const char*> words) {
  Words out;
  for (const char* w : words) out.insert(text::stem(w));
  return out;
}

template <typename V>
std::unordered_map<std::string, V> by_stem(std::initializer_list<std::pair<const char*, V>> entries) {
  std::unordered_map<std::string, V> out;
  for (const auto& [w, v] : entries) out.emplace(text::stem(w), v);
  return out;
}

}  // namespace

// --- quantities ----------------------------------------------------------

const std::vector<Comparator>& comparators_before() {
  static const std::vector<Comparator> k = {
      {{"more", "expensive", "than"}, Cmp::gt, NumericRole::price},
      {{"no", "more", "than"}, Cmp::le, NumericRole::other},
      {{"not", "more", "than"}, Cmp::le, NumericRole::other},
      {{"no", "less", "than"}, Cmp::ge, NumericRole::other},
      {{"not", "less", "than"}, Cmp::ge, NumericRole::other},
      {{"no", "earlier", "than"}, Cmp::ge, NumericRole::year},
      {{"no", "later", "than"}, Cmp::le, NumericRole::year},
      {{"no", "older", "than"}, Cmp::ge, NumericRole::year},
      {{"no", "newer", "than"}, Cmp::le, NumericRole::year},
      {{"more", "than"}, Cmp::gt, NumericRole::other},
      {{"greater", "than"}, Cmp::gt, NumericRole::other},
      {{"higher", "than"}, Cmp::gt, NumericRole::other},
      {{"better", "than"}, Cmp::gt, NumericRole::other},
      {{"bigger", "than"}, Cmp::gt, NumericRole::other},
      {{"larger", "than"}, Cmp::gt, NumericRole::other},
      {{"newer", "than"}, Cmp::gt, NumericRole::year},
      {{"later", "than"}, Cmp::gt, NumericRole::year},
      {{"pricier", "than"}, Cmp::gt, NumericRole::price},
      {{"at", "least"}, Cmp::ge, NumericRole::other},
      {{"less", "than"}, Cmp::lt, NumericRole::other},
      {{"fewer", "than"}, Cmp::lt, NumericRole::other},
      {{"lower", "than"}, Cmp::lt, NumericRole::other},
      {{"worse", "than"}, Cmp::lt, NumericRole::other},
      {{"older", "than"}, Cmp::lt, NumericRole::year},
      {{"earlier", "than"}, Cmp::lt, NumericRole::year},
      {{"prior", "to"}, Cmp::lt, NumericRole::year},
      {{"cheaper", "than"}, Cmp::lt, NumericRole::price},
      {{"at", "most"}, Cmp::le, NumericRole::other},
      {{"up", "to"}, Cmp::le, NumericRole::other},
      {{">", "="}, Cmp::ge, NumericRole::other},
      {{"<", "="}, Cmp::le, NumericRole::other},
      {{"above"}, Cmp::gt, NumericRole::other},
      {{"over"}, Cmp::gt, NumericRole::other},
      {{"exceeding"}, Cmp::gt, NumericRole::other},
      {{"after"}, Cmp::gt, NumericRole::year},
      {{"post"}, Cmp::gt, NumericRole::year},
      {{"pre"}, Cmp::lt, NumericRole::year},
      {{">"}, Cmp::gt, NumericRole::other},
      {{"minimum"}, Cmp::ge, NumericRole::other},
      {{"min"}, Cmp::ge, NumericRole::other},
      {{"since"}, Cmp::ge, NumericRole::year},
      {{"below"}, Cmp::lt, NumericRole::other},
      {{"under"}, Cmp::lt, NumericRole::other},
      {{"before"}, Cmp::lt, NumericRole::year},
      {{"pre"}, Cmp::lt, NumericRole::year},
      {{"<"}, Cmp::lt, NumericRole::other},
      {{"maximum"}, Cmp::le, NumericRole::other},
      {{"max"}, Cmp::le, NumericRole::other},
      {{"until"}, Cmp::le, NumericRole::year},
      {{"till"}, Cmp::le, NumericRole::year},
      {{"through"}, Cmp::le, NumericRole::year},
      {{"between"}, Cmp::between, NumericRole::other},
      {{"released", "in"}, Cmp::eq, NumericRole::year},
      {{"made", "in"}, Cmp::eq, NumericRole::year},
      {{"from"}, Cmp::eq, NumericRole::other},
      {{"in"}, Cmp::eq, NumericRole::other},
      {{"of"}, Cmp::eq, NumericRole::other},
      {{"during"}, Cmp::eq, NumericRole::year},
      {{"circa"}, Cmp::eq, NumericRole::year},
      {{"="}, Cmp::eq, NumericRole::other},
  };
  return k;
}

const std::vector<Comparator>& comparators_after() {
  static const std::vector<Comparator> k = {
      {{"or", "more"}, Cmp::ge, NumericRole::other},
      {{"or", "higher"}, Cmp::ge, NumericRole::other},
      {{"or", "above"}, Cmp::ge, NumericRole::other},
      {{"or", "better"}, Cmp::ge, NumericRole::other},
      {{"or", "greater"}, Cmp::ge, NumericRole::other},
      {{"or", "over"}, Cmp::ge, NumericRole::other},
      {{"or", "later"}, Cmp::ge, NumericRole::year},
      {{"or", "newer"}, Cmp::ge, NumericRole::year},
      {{"or", "after"}, Cmp::ge, NumericRole::year},
      {{"and", "up"}, Cmp::ge, NumericRole::other},
      {{"and", "above"}, Cmp::ge, NumericRole::other},
      {{"and", "higher"}, Cmp::ge, NumericRole::other},
      {{"and", "later"}, Cmp::ge, NumericRole::year},
      {{"and", "newer"}, Cmp::ge, NumericRole::year},
      {{"and", "after"}, Cmp::ge, NumericRole::year},
      {{"onwards"}, Cmp::ge, NumericRole::year},
      {{"onward"}, Cmp::ge, NumericRole::year},
      {{"on"}, Cmp::ge, NumericRole::year},
      {{"+"}, Cmp::ge, NumericRole::other},
      {{"plus"}, Cmp::ge, NumericRole::other},
      {{"or", "less"}, Cmp::le, NumericRole::other},
      {{"or", "lower"}, Cmp::le, NumericRole::other},
      {{"or", "below"}, Cmp::le, NumericRole::other},
      {{"or", "under"}, Cmp::le, NumericRole::other},
      {{"or", "cheaper"}, Cmp::le, NumericRole::price},
      {{"or", "earlier"}, Cmp::le, NumericRole::year},
      {{"or", "before"}, Cmp::le, NumericRole::year},
      {{"or", "older"}, Cmp::le, NumericRole::year},
      {{"and", "below"}, Cmp::le, NumericRole::other},
      {{"and", "under"}, Cmp::le, NumericRole::other},
      {{"and", "earlier"}, Cmp::le, NumericRole::year},
      {{"and", "older"}, Cmp::le, NumericRole::year},
      {{"and", "before"}, Cmp::le, NumericRole::year},
  };
  return k;
}

bool joins_a_range(const std::string& norm) {
  static const Words k = {"-", "to", "through", "thru", "until", "till"};
  return in_words(k, norm);
}

std::optional<NumericRole> unit_role(const std::string& norm) {
  static const std::unordered_map<std::string, NumericRole> k = {
      {"star", NumericRole::rating},   {"stars", NumericRole::rating},
      {"points", NumericRole::rating}, {"$", NumericRole::price},
      {"dollar", NumericRole::price},  {"dollars", NumericRole::price},
      {"bucks", NumericRole::price},   {"buck", NumericRole::price},
      {"usd", NumericRole::price},     {"eur", NumericRole::price},
      {"euro", NumericRole::price},    {"euros", NumericRole::price},
      {"\xE2\x82\xAC", NumericRole::price}, {"\xC2\xA3", NumericRole::price},
      {"pounds", NumericRole::price},
  };
  auto it = k.find(norm);
  if (it == k.end()) return std::nullopt;
  return it->second;
}

std::optional<NumericRole> unit_role_typed(const std::string& norm) {
  if (auto r = unit_role(norm)) return r;
  static const std::vector<std::pair<std::string, NumericRole>> k = {
      {"stars", NumericRole::rating}, {"points", NumericRole::rating}, {"dollars", NumericRole::price},
      {"bucks", NumericRole::price},  {"euros", NumericRole::price},   {"pounds", NumericRole::price}};
  std::optional<NumericRole> found;
  for (const auto& [word, role] : k)
    if (fuzzy::one_slip(norm, word)) {
      if (found && *found != role) return std::nullopt;  // ambiguous
      found = role;
    }
  return found;
}

std::optional<NumericRole> cue_role(const std::string& stem) {
  // Written as words, looked up by their stems ("rated" meets "rating").
  static const std::unordered_map<std::string, NumericRole> k = by_stem<NumericRole>({
      {"rating", NumericRole::rating},  {"score", NumericRole::rating},
      {"star", NumericRole::rating},    {"review", NumericRole::rating},
      {"price", NumericRole::price},    {"cost", NumericRole::price},
      {"cheap", NumericRole::price},    {"cheaper", NumericRole::price},
      {"expensive", NumericRole::price}, {"dollar", NumericRole::price},
      {"$", NumericRole::price},        {"spend", NumericRole::price},
      {"year", NumericRole::year},      {"release", NumericRole::year},
      {"made", NumericRole::year},      {"came", NumericRole::year},
      {"publish", NumericRole::year},   {"date", NumericRole::year},
  });
  auto it = k.find(stem);
  if (it == k.end()) return std::nullopt;
  return it->second;
}

std::optional<int> number_word(const std::string& norm) {
  static const std::unordered_map<std::string, int> k = {
      {"one", 1},      {"two", 2},       {"three", 3},     {"four", 4},     {"five", 5},
      {"six", 6},      {"seven", 7},     {"eight", 8},     {"nine", 9},     {"ten", 10},
      {"eleven", 11},  {"twelve", 12},   {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15},
      {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20},
      {"thirty", 30},  {"forty", 40},    {"fifty", 50},    {"dozen", 12}};
  auto it = k.find(norm);
  if (it == k.end()) return std::nullopt;
  return it->second;
}

std::optional<int> decade_word(const std::string& norm) {
  static const std::unordered_map<std::string, int> k = {
      {"twenties", 20}, {"thirties", 30}, {"forties", 40}, {"fifties", 50},
      {"sixties", 60},  {"seventies", 70}, {"eighties", 80}, {"nineties", 90},
      {"noughties", 100}, {"aughts", 100}};
  auto it = k.find(norm);
  if (it == k.end()) return std::nullopt;
  return it->second;
}

// --- negation and taste -----------------------------------------------------

bool is_negation(const std::string& norm) {
  static const Words k = {
      "no", "not", "nothing", "none", "never", "without", "except", "excluding", "exclude",
      "avoid", "hate", "dislike", "dont", "doesnt", "isnt", "arent", "non", "neither", "nor",
      "minus", "skip", "nope", "cant", "wont", "detest", "loathe"};
  return in_words(k, norm);
}

bool is_dislike_negation(const std::string& norm) {
  static const Words k = {"hate", "dislike", "detest", "loathe"};
  return in_words(k, norm);
}

bool negates_a_taste_verb(const std::string& norm) {
  static const Words k = {"dont", "do", "never", "cant", "not"};
  return in_words(k, norm);
}

bool is_taste_verb(const std::string& norm) {
  static const Words k = {"like", "love", "enjoy", "adore", "liked", "loved", "enjoyed", "stand"};
  return in_words(k, norm);
}

bool is_taste_subject(const std::string& norm) {
  static const Words k = {"i", "we", "really", "also", "always"};
  return in_words(k, norm);
}

// --- seeds -------------------------------------------------------------------

const std::vector<SeedCue>& seed_cues() {
  static const std::vector<SeedCue> k = {
      {{"similar", "to"}},      {{"similar", "with"}},      {{"similar"}},
      {{"such", "as"}},         {{"vein", "of"}},           {{"lines", "of"}},
      {{"style", "of"}},        {{"spirit", "of"}},         {{"reminds", "me", "of"}},
      {{"remind", "me", "of"}}, {{"reminiscent", "of"}},    {{"fans", "of"}},
      {{"fan", "of"}},          {{"comparable", "to"}},     {{"close", "to"}},
      {{"related", "to"}},      {{"same", "as"}},           {{"as", "good", "as"}},
  };
  return k;
}

bool makes_like_a_wish(const std::string& prev) {
  static const Words k = {"would", "id", "wed", "youd", "d", "wouldnt", "feel"};
  return in_words(k, prev);
}

bool makes_like_a_verb(const std::string& next) {
  static const Words k = {"to", "it", "that", "this", "them", "those", "these"};
  return in_words(k, next);
}

bool makes_like_a_taste(const std::string& prev) {
  static const Words k = {"i",     "we",    "really", "also", "do",   "dont",  "didnt",
                          "doesnt", "never", "you",    "they", "kinda", "usually"};
  return in_words(k, prev);
}

bool is_liking_verb(const std::string& norm) {
  static const Words k = {"liked", "loved", "enjoyed", "adored", "love", "enjoy", "adore"};
  return in_words(k, norm);
}

bool is_disliking_verb(const std::string& norm) {
  static const Words k = {"hated", "hate", "disliked", "dislike", "detested", "detest"};
  return in_words(k, norm);
}

bool is_consuming_gerund(const std::string& norm) {
  static const Words k = {"watching", "playing", "reading"};
  return in_words(k, norm);
}

bool is_favourite(const std::string& norm) { return norm == "favorite" || norm == "favourite"; }

bool is_consuming_verb(const std::string& norm) {
  static const Words k = {"seen", "watched", "played", "bought", "read", "finished"};
  return in_words(k, norm);
}

bool is_consumed_marker(const std::string& norm) {
  static const Words k = {"already", "ive", "have", "weve", "just"};
  return in_words(k, norm);
}

bool negates_the_verb(const std::string& norm) {
  static const Words k = {"dont", "not", "never", "didnt", "doesnt", "cant"};
  return in_words(k, norm);
}

bool ends_a_title(const std::string& norm) {
  static const Words k = {
      "but", "or", "from", "with", "without", "that", "which", "who", "except", "not", "no",
      "please", "released", "made", "after", "before", "since", "rated", "under", "over",
      "above", "below", "between", "during", "only", "nothing", "anything", "though",
      "instead", "maybe", "thanks", "thank"};
  return in_words(k, norm);
}

// --- cues --------------------------------------------------------------------

bool is_recommendation_cue(const std::string& norm) {
  static const Words k = {
      "recommend", "recommendation", "recommendations", "suggest", "suggestion", "suggestions",
      "watch", "play", "read", "listen", "buy", "show", "give", "find", "want", "looking",
      "look", "need", "search", "something", "anything", "some", "ideas", "idea", "pick",
      "picks", "options", "should", "top", "best", "list", "get", "more", "other", "others",
      "else", "another", "similar", "any", "what", "which", "good", "great", "fun", "tonight",
      "please", "try", "discover", "interested", "mood"};
  return in_words(k, norm);
}

bool is_more_cue(const std::string& norm) {
  static const Words k = {"more", "else", "another", "other", "others", "next", "different", "again"};
  return in_words(k, norm);
}

bool praises_a_rating(const std::string& norm) {
  static const Words k = {"highly", "top", "well", "best", "high", "higher", "better"};
  return in_words(k, norm);
}

bool is_rating_participle(const std::string& norm, const std::string& stem) {
  static const std::string rated = text::stem("rated");
  return stem == rated || norm == "reviewed" || norm == "ranked" || norm == "scored";
}

bool asks_for_recent(const std::string& norm) {
  static const Words k = {"recent", "latest", "newest", "recently"};
  return in_words(k, norm);
}

bool asks_for_cheap(const std::string& norm) {
  static const Words k = {"cheap", "cheapest", "inexpensive", "affordable"};
  return in_words(k, norm);
}

bool asks_for_popular(const std::string& norm) {
  static const Words k = {"popular", "famous", "blockbuster", "blockbusters"};
  return in_words(k, norm);
}

// --- counts ------------------------------------------------------------------

bool leads_a_count(const std::string& norm) {
  static const Words k = {
      "top", "best", "first", "me", "just", "only", "recommend", "suggest", "give", "show",
      "list", "need", "want", "get", "find", "another", "pick", "us", "exactly", "about",
      "around", "some"};
  return in_words(k, norm);
}

bool ends_a_count(const std::string& norm) {
  static const Words k = {"of", "or", "and", "%", "times", "more", "than", "to", "-", "/"};
  return in_words(k, norm);
}

bool makes_one_a_pronoun(const std::string& prev) {
  static const Words k = {"the", "this", "that", "which", "no", "any"};
  return in_words(k, prev);
}

std::optional<VagueCount> vague_count(const std::string& norm) {
  static const std::vector<VagueCount> k = {
      {"few", 3, false}, {"couple", 2, true}, {"dozen", 12, false}, {"handful", 5, true}};
  for (const auto& v : k)
    if (norm == v.word) return v;
  return std::nullopt;
}

// --- questions ---------------------------------------------------------------

bool opens_a_question(const std::string& norm) {
  static const Words k = {
      "when", "what", "whats", "which", "who", "whos", "how", "hows", "is", "was", "does",
      "did", "tell", "describe", "info", "information", "where", "are", "were", "details"};
  return in_words(k, norm);
}

bool asks_to_recommend(const std::string& norm) {
  static const Words k = {
      "recommend", "recommendation", "recommendations", "suggest", "suggestion", "similar",
      "should", "other", "others", "else", "more", "give", "show", "find", "list",
      "top", "best", "want", "looking", "like", "need", "alternatives", "alternative",
      "instead", "watch", "play", "read"};
  return in_words(k, norm);
}

Topic question_topic(const std::string& w, const std::string& s) {
  static const Words year_words = {"when", "came", "made", "old", "premiered", "published"};
  static const Words year_stems = stems({"year", "release", "date"});
  static const Words rating_words = {"good", "review", "reviews"};
  static const Words rating_stems = stems({"rating", "score", "star"});
  static const Words price_words = {"expensive", "cheap", "much"};
  static const Words price_stems = stems({"price", "cost"});
  static const Words category_words = {"kind", "type", "sort"};
  static const std::string category = text::stem("category"), describe = text::stem("describe"),
                           popularity = text::stem("popularity");
  static const Words description_words = {"about", "plot", "story", "summary"};
  static const Words everything_words = {"tell", "info", "information", "details", "everything"};
  if (in_words(year_words, w) || in_words(year_stems, s)) return Topic::year;
  if (in_words(rating_stems, s) || in_words(rating_words, w)) return Topic::rating;
  if (in_words(price_stems, s) || in_words(price_words, w)) return Topic::price;
  if (in_words(category_words, w) || s == category) return Topic::category;
  if (in_words(description_words, w) || s == describe) return Topic::description;
  if (in_words(everything_words, w)) return Topic::everything;
  if (w == "popular" || s == popularity || w == "popularity") return Topic::popularity;
  return Topic::none;
}

// --- dialogue ----------------------------------------------------------------

bool adds_to_the_request(const std::string& norm) { return norm == "also" || norm == "additionally"; }

}  // namespace interec::lexicon

// --- the stance toward a named item ---------------------------------------------

namespace interec::lexicon {

bool is_item_noun(const std::string& norm) {
  static const std::unordered_set<std::string> k = {
      "movie", "movies", "film", "films", "flick", "flicks", "game", "games", "product",
      "products", "title", "titles", "item", "items", "book", "books", "show", "shows",
      "series", "video", "videos", "album", "albums", "song", "songs", "app", "apps", "track",
      "tracks", "episode", "episodes", "novel", "novels"};
  return k.count(norm) > 0;
}

bool praises_an_item(const std::string& norm) {
  static const std::unordered_set<std::string> k = {
      "great", "amazing", "awesome", "good", "excellent", "fantastic", "brilliant", "favorite",
      "favourite", "favorites", "favourites", "classic", "masterpiece", "hilarious", "best",
      "incredible", "perfect", "wonderful", "beautiful", "cool", "fun", "enjoyable", "loved",
      "enjoyed", "liked", "superb", "terrific", "outstanding", "epic", "genius", "gem"};
  return k.count(norm) > 0;
}

bool pans_an_item(const std::string& norm) {
  static const std::unordered_set<std::string> k = {
      "terrible", "awful", "bad", "boring", "overrated", "worst", "horrible", "stupid", "dumb",
      "disappointing", "hated", "lame", "dull", "mediocre", "weak", "garbage", "trash",
      "annoying", "meh", "disliked", "unwatchable"};
  return k.count(norm) > 0;
}

bool excludes_what_follows(const std::string& norm) {
  static const std::unordered_set<std::string> k = {"except", "excluding", "besides", "but",
                                                    "not", "no", "without"};
  return k.count(norm) > 0;
}

bool asks_about_an_item(const std::string& norm) {
  static const std::unordered_set<std::string> k = {"who", "whos", "when", "what", "whats",
                                                    "how", "hows", "tell", "describe", "is",
                                                    "was", "does", "did", "where"};
  return k.count(norm) > 0;
}

bool makes_a_question_a_suggestion(const std::string& norm) {
  static const std::unordered_set<std::string> k = {"seen", "see", "watched", "heard",
                                                    "tried", "played", "recommend", "suggest"};
  return k.count(norm) > 0;
}

bool turns_the_clause(const std::string& norm) {
  return norm == "but" || norm == "though" || norm == "although" || norm == "whereas" ||
         norm == "however" || norm == "while";
}

bool names_a_sequel(const std::string& norm) {
  return norm == "sequel" || norm == "sequels" || norm == "followup";
}

}  // namespace interec::lexicon
