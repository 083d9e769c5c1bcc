#include "brain/rules/dialogue_words.h"

#include <algorithm>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "brain/rules/lexicon.h"

namespace interec::lexicon {

namespace {

using Words = std::unordered_set<std::string>;
using rules::Direction;
using rules::Reaction;

bool in_set(const Words& words, const std::string& w) { return words.count(w) > 0; }

}  // namespace

Phrases::Phrases(std::initializer_list<const char*> phrases) {
  for (const char* p : phrases) {
    std::istringstream in_set(p);
    std::vector<std::string> words;
    for (std::string w; in_set >> w;) words.push_back(w);
    if (!words.empty()) phrases_.push_back(std::move(words));
  }
  std::stable_sort(phrases_.begin(), phrases_.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

size_t Phrases::match(const rules::Message& m, size_t i) const {
  for (const auto& p : phrases_) {
    bool ok = true;
    for (size_t w = 0; w < p.size() && ok; ++w) ok = m.free(i + w) && m.tokens[i + w].norm == p[w];
    if (ok) return p.size();
  }
  return 0;
}

bool Phrases::whole(const rules::Message& m) const {
  std::vector<std::string> words;
  for (const auto& t : m.tokens)
    if (t.kind != Token::punct) words.push_back(t.norm);
  for (const auto& p : phrases_)
    if (p == words) return true;
  return false;
}

bool Phrases::anywhere(const rules::Message& m) const {
  for (size_t i = 0; i < m.tokens.size(); ++i)
    if (match(m, i)) return true;
  return false;
}

// --- references ------------------------------------------------------------

std::optional<int> ordinal_word(const std::string& norm) {
  static const std::unordered_map<std::string, int> k = {
      {"first", 1},  {"second", 2}, {"third", 3}, {"fourth", 4}, {"fifth", 5},
      {"sixth", 6},  {"seventh", 7}, {"eighth", 8}, {"ninth", 9}, {"tenth", 10},
      {"1st", 1},    {"2nd", 2},    {"3rd", 3},   {"4th", 4},    {"5th", 5},
      {"6th", 6},    {"7th", 7},    {"8th", 8},   {"9th", 9},    {"10th", 10},
      {"top", 1}};
  auto it = k.find(norm);
  if (it == k.end()) return std::nullopt;
  return it->second;
}

bool is_last_word(const std::string& norm) {
  static const Words k = {"last", "final", "bottom", "latter"};
  return in_set(k, norm);
}

bool is_reference_noun(const std::string& norm) {
  static const Words k = {"one",        "ones",    "pick",        "picks",   "option",
                          "options",    "choice",  "choices",     "result",  "results",
                          "suggestion", "entry",   "recommendation", "thing", "things", "stuff"};
  return in_set(k, norm) || is_item_noun(norm);
}

bool opens_a_reference(const std::string& norm) {
  static const Words k = {"the", "that", "this", "your", "ur", "yr"};
  return in_set(k, norm);
}

bool numbers_a_reference(const std::string& norm) {
  static const Words k = {"number", "nr", "num", "option", "pick", "item", "#", "no"};
  return in_set(k, norm);
}

const Phrases& earlier_list_phrases() {
  static const Phrases k = {
      "from before", "from earlier", "from the earlier list", "from the previous list",
      "from the list before", "from the last list", "from last time", "earlier",
      "before that", "previously", "you showed before", "you showed earlier",
      "you suggested before", "you suggested earlier", "from the previous batch",
      "from the other list", "in the previous list", "in the earlier list"};
  return k;
}

const Phrases& first_list_phrases() {
  static const Phrases k = {
      "you showed first", "you showed me first", "you suggested first", "you gave first",
      "you gave me first", "you listed first", "you recommended first", "from the first list",
      "in the first list", "of the first list", "from the first batch", "from the first round",
      "at the start", "at the beginning", "in the beginning"};
  return k;
}

const Phrases& item_pronouns() {
  static const Phrases k = {"it", "that one", "this one", "that", "this", "that movie",
                            "this movie", "that film", "this film", "that game", "this game",
                            "that product", "this product", "that title", "the one"};
  return k;
}

const Phrases& list_pronouns() {
  static const Phrases k = {"them", "those", "these", "all of them", "all of those",
                            "all of these", "all those", "all these", "them all", "those ones",
                            "these ones", "the lot", "they", "all three", "all five"};
  return k;
}

// --- reactions to items ------------------------------------------------------

const Phrases& reaction_phrases(Reaction reaction, bool before) {
  static const Phrases none{};
  static const Phrases liked_before = {
      "loved", "love", "liked", "like", "enjoyed", "enjoy", "adored", "adore", "really liked",
      "really loved", "big fan of", "a fan of", "fan of", "i dig", "dug", "my favorite is",
      "into", "i like", "i love"};
  static const Phrases liked_after = {
      "is great",     "was great",     "is good",     "was good",     "is awesome",
      "was awesome",  "is amazing",    "was amazing", "is perfect",   "was perfect",
      "is excellent", "was excellent", "is fantastic", "was fantastic", "is brilliant",
      "was brilliant", "is nice",      "was nice",    "is fun",       "was fun",
      "is cool",      "was cool",      "rocks",       "rocked",       "is a favorite",
      "is my favorite", "was my favorite", "is a classic", "looks great", "looks good",
      "sounds great", "sounds good",   "is the best", "was the best", "love that one",
      "loved that one", "love it",     "loved it",    "great",        "awesome",
      "amazing",      "perfect",       "is gold",     "looks interesting",
      "sounds interesting", "is wonderful", "was wonderful", "was a good one",
      "is a good one"};
  static const Phrases disliked_before = {
      "hated", "hate", "disliked", "dislike", "detested", "cant stand", "couldnt stand",
      "not a fan of", "no fan of", "was bored by", "got bored with"};
  static const Phrases disliked_after = {
      "is boring",   "was boring",   "is awful",   "was awful",   "is terrible",
      "was terrible", "is bad",      "was bad",    "is horrible", "was horrible",
      "sucks",       "sucked",       "is overrated", "was overrated", "is lame",
      "was lame",    "is the worst", "was the worst", "was a bore", "is a bore",
      "is dull",     "was dull",     "is stupid",  "was stupid",  "was meh", "is meh"};
  static const Phrases seen_before = {
      "seen", "saw", "watched", "played", "read", "bought", "own", "already have",
      "already seen", "already watched", "already played", "already read", "already own",
      "already know", "have seen", "ive seen", "i saw", "i watched", "i played", "finished",
      "been through", "know"};
  static const Phrases seen_after = {
      "i have seen", "ive seen", "i saw", "i watched", "i played", "seen it", "watched it",
      "played it", "read it", "bought it", "own it", "already", "i already know", "i know it",
      "seen that", "watched that", "saw it", "i own", "ive watched", "ive played",
      "is old news", "i have it", "is one ive seen", "i have already seen", "i know",
      "i know already", "i already know", "i know that one", "i know it already",
      "already know", "is one i know", "i know it", "i have already watched", "i saw already",
      "seen already", "watched already", "ive already seen", "ive already watched",
      "ive got it", "i own it", "is in my collection", "i already have", "i have that one"};
  static const Phrases rejected_before = {
      "not", "no", "nope", "nah", "skip", "except", "without", "other than", "besides",
      "anything but", "no to", "drop", "remove", "not really", "definitely not",
      "no more of", "forget", "but not", "less of"};
  static const Phrases rejected_after = {
      "is not it", "isnt it",  "is wrong", "is not right", "is off", "is not for me",
      "isnt for me", "not it", "no", "nope", "nah", "is a no", "is no good", "isnt right",
      "not quite", "is not quite it", "isnt quite it", "doesnt fit", "is not what i want",
      "isnt what i want", "is way off", "is out", "not for me", "please no"};
  static const Phrases more_like_before = {
      "more like",   "something like", "stuff like",  "similar to",  "closer to",
      "close to",    "like",           "along the lines of", "in the vein of", "same as",
      "more of",     "in the spirit of", "in the style of", "kinda like", "sort of like",
      "something closer to", "anything like", "things like", "others like", "more in line with",
      "go back to",  "back to",        "based on"};
  static const Phrases more_like_after = {
      "is close", "was close", "is closer", "was closer", "is closest", "was closest",
      "is on the right track", "was on the right track", "is in the right direction",
      "is getting there", "is warmer", "was warmer", "is nearly it", "is almost it",
      "was almost it", "is near", "is the right idea", "is the right kind",
      "is the right direction", "is closer to what i want", "is more like it",
      "is the closest", "was the closest", "comes close", "came close", "is in the right area",
      "is on track", "more like that", "more like this", "like that", "like this",
      "something like that", "along those lines", "in that direction"};
  switch (reaction) {
    case Reaction::liked: return before ? liked_before : liked_after;
    case Reaction::disliked: return before ? disliked_before : disliked_after;
    case Reaction::seen: return before ? seen_before : seen_after;
    case Reaction::rejected: return before ? rejected_before : rejected_after;
    case Reaction::more_like: return before ? more_like_before : more_like_after;
    case Reaction::none: break;
  }
  return none;
}

bool negates_a_reaction(const std::string& norm) {
  static const Words k = {"didnt", "dont", "not", "never", "doesnt", "wasnt", "isnt", "hardly"};
  return in_set(k, norm);
}

bool ends_a_clause(const std::string& norm) {
  static const Words k = {"but", "and", "though", "although", "also", "while", "whereas",
                          "plus", "however", ",", ".", "!", "?", ";", ":", "-", "(", ")"};
  return in_set(k, norm);
}

// --- reactions to the whole list ---------------------------------------------

const Phrases& list_rejections() {
  static const Phrases k = {
      "meh",      "nah",       "nope",       "not those",  "not these",   "not them",
      "none of those", "none of these", "none of them", "none of that", "not quite",
      "not really", "no good", "not it",     "not what i want", "not what i meant",
      "not what i had in mind", "not what im looking for", "thats not it", "those arent it",
      "these arent it", "those are not it", "wrong",   "try again",  "no luck",
      "doesnt help", "not helpful", "no dice", "not feeling it", "not feeling those",
      "not for me", "not my thing", "not my kind", "no thanks", "nothing there",
      "not what im after", "not what i need", "not what i asked for", "not what i was after",
      "not what i was looking for", "not what i wanted", "not it at all", "not even close",
      "none fit", "none of these fit", "no not those", "those are wrong", "no",
      "hmm no", "way off", "not close", "not right", "not those ones", "none",
      "none of them work", "none of those work", "those dont work", "those wont do"};
  return k;
}

const Phrases& list_approvals() {
  static const Phrases k = {
      "those are great", "these are great", "those are good", "these are good",
      "those look great", "these look great", "those look good", "these look good",
      "those sound great", "these sound great", "those sound good", "these sound good",
      "love them", "love those", "love these", "loved them", "loved those",
      "liked them", "liked those", "like these", "like those", "great picks",
      "great choices", "great suggestions", "good picks", "good choices", "good suggestions",
      "nice picks", "nice ones", "great list", "good list", "perfect picks",
      "those are perfect", "these are perfect", "those are awesome", "these are awesome",
      "those movies are great", "those are my favorites", "all great", "all good ones",
      "they are great", "theyre great", "they look great", "theyre good", "they are good",
      "those are fun", "these are fun", "those are interesting", "these are interesting"};
  return k;
}

// --- directions ----------------------------------------------------------------

const std::vector<DirectionPhrase>& direction_phrases() {
  static const std::vector<DirectionPhrase> k = [] {
    std::vector<DirectionPhrase> v = {
        {{"more", "recent"}, Direction::newer},      {{"less", "recent"}, Direction::older},
        {{"more", "modern"}, Direction::newer},      {{"less", "old"}, Direction::newer},
        {{"too", "old"}, Direction::newer},          {{"too", "dated"}, Direction::newer},
        {{"too", "new"}, Direction::older},          {{"too", "recent"}, Direction::older},
        {{"too", "modern"}, Direction::older},       {{"newer"}, Direction::newer},
        {{"later"}, Direction::newer},               {{"fresher"}, Direction::newer},
        {{"older"}, Direction::older},               {{"earlier"}, Direction::older},
        {{"cheaper"}, Direction::cheaper},           {{"less", "expensive"}, Direction::cheaper},
        {{"more", "affordable"}, Direction::cheaper}, {{"too", "expensive"}, Direction::cheaper},
        {{"too", "pricey"}, Direction::cheaper},     {{"too", "costly"}, Direction::cheaper},
        {{"lower", "priced"}, Direction::cheaper},   {{"pricier"}, Direction::pricier},
        {{"more", "expensive"}, Direction::pricier}, {{"too", "cheap"}, Direction::pricier},
        {{"higher", "end"}, Direction::pricier},     {{"more", "premium"}, Direction::pricier},
        {{"lighter"}, Direction::lighter},           {{"less", "dark"}, Direction::lighter},
        {{"too", "dark"}, Direction::lighter},       {{"less", "serious"}, Direction::lighter},
        {{"too", "serious"}, Direction::lighter},    {{"happier"}, Direction::lighter},
        {{"more", "upbeat"}, Direction::lighter},    {{"more", "cheerful"}, Direction::lighter},
        {{"less", "depressing"}, Direction::lighter}, {{"too", "depressing"}, Direction::lighter},
        {{"too", "heavy"}, Direction::lighter},      {{"less", "intense"}, Direction::lighter},
        {{"too", "intense"}, Direction::lighter},    {{"funnier"}, Direction::lighter},
        {{"darker"}, Direction::darker},             {{"more", "serious"}, Direction::darker},
        {{"too", "light"}, Direction::darker},       {{"too", "happy"}, Direction::darker},
        {{"too", "silly"}, Direction::darker},       {{"grittier"}, Direction::darker},
        {{"more", "intense"}, Direction::darker},    {{"edgier"}, Direction::darker},
        {{"better", "rated"}, Direction::better_rated}, {{"higher", "rated"}, Direction::better_rated},
        {{"better", "reviewed"}, Direction::better_rated}, {{"better", "ones"}, Direction::better_rated},
        {{"more", "acclaimed"}, Direction::better_rated}, {{"too", "mediocre"}, Direction::better_rated},
        {{"more", "popular"}, Direction::more_popular}, {{"better", "known"}, Direction::more_popular},
        {{"more", "famous"}, Direction::more_popular}, {{"more", "mainstream"}, Direction::more_popular},
        {{"too", "obscure"}, Direction::more_popular}, {{"less", "popular"}, Direction::less_popular},
        {{"lesser", "known"}, Direction::less_popular}, {{"less", "known"}, Direction::less_popular},
        {{"more", "obscure"}, Direction::less_popular}, {{"less", "mainstream"}, Direction::less_popular},
        {{"too", "mainstream"}, Direction::less_popular}, {{"too", "popular"}, Direction::less_popular},
        {{"hidden", "gems"}, Direction::less_popular}, {{"more", "niche"}, Direction::less_popular},
    };
    std::stable_sort(v.begin(), v.end(),
                     [](const auto& a, const auto& b) { return a.words.size() > b.words.size(); });
    return v;
  }();
  return k;
}

const std::vector<const char*>& light_tone_words() {
  static const std::vector<const char*> k = {
      "comedy", "family", "children", "childrens", "kids", "animation", "musical", "romance",
      "feel good", "feel-good", "funny", "lighthearted", "light", "heartwarming", "cute",
      "uplifting", "casual", "cozy", "relaxing", "happy"};
  return k;
}

const std::vector<const char*>& dark_tone_words() {
  static const std::vector<const char*> k = {
      "dark", "horror", "thriller", "crime", "film-noir", "noir", "war", "gore", "violent",
      "violence", "disturbing", "bleak", "dystopia", "psychological", "gritty", "atmospheric",
      "survival horror", "grim", "depressing"};
  return k;
}

// --- acts ------------------------------------------------------------------------

const Phrases& greetings() {
  static const Phrases k = {"hi", "hello", "hey", "heya", "hiya", "howdy", "yo", "greetings",
                            "good morning", "good afternoon", "good evening", "hi there",
                            "hello there", "hey there", "hallo", "hola", "sup", "whats up"};
  return k;
}

const Phrases& thanks() {
  static const Phrases k = {"thanks", "thank you", "thank u", "thx", "ty", "cheers",
                            "much appreciated", "appreciate it", "i appreciate it",
                            "many thanks", "thanks a lot", "thank you so much", "tnx", "tks"};
  return k;
}

const Phrases& goodbyes() {
  static const Phrases k = {"bye", "goodbye", "good bye", "bye bye", "see you", "see ya",
                            "cya", "good night", "goodnight", "farewell", "thats all",
                            "that is all", "thats it for now", "im done", "i am done",
                            "gotta go", "have to go", "talk later", "later", "take care"};
  return k;
}

const Phrases& capability_questions() {
  static const Phrases k = {
      "what can you do", "what do you do", "how does this work", "how do you work",
      "what can i ask", "what can i ask you", "how do i use this", "how do i use you",
      "what are you", "who are you", "what do you know", "help", "help me", "what is this",
      "how can you help", "what are you able to do", "what kind of things can you do",
      "what can you recommend", "what do you offer", "instructions", "commands"};
  return k;
}

const Phrases& why_questions() {
  static const Phrases k = {"why", "how come", "what made you pick", "what made you choose",
                            "what made you suggest", "whats the reason", "what is the reason",
                            "reason for", "why did you pick", "why did you choose",
                            "why did you suggest", "why did you recommend", "explain"};
  return k;
}

const Phrases& smalltalk() {
  static const Phrases k = {
      "how are you", "how are you doing", "hows it going", "how is it going", "whats new",
      "lol", "haha", "hahah", "hahaha", "hehe", "hmm", "hmmm", "hm", "ok", "okay", "k",
      "cool", "nice", "interesting", "wow", "sure", "yes", "yeah", "yep", "yup", "alright",
      "all right", "i see", "got it", "fine", "great", "awesome", "good", "sounds good",
      "oh", "ah", "well", "um", "uh", "so", "right", "indeed", "oh well", "fair enough",
      "that sounds interesting", "sounds interesting", "that sounds good", "thats great",
      "thats cool", "thats nice", "thats interesting", "good to know", "no worries",
      "im good", "im fine", "not bad", "me too", "same", "lovely", "excellent", "perfect",
      "i guess", "maybe", "hmm ok", "oh ok", "oh nice", "oh cool", "oh wow"};
  return k;
}

const Phrases& more_requests() {
  static const Phrases k = {
      "more", "keep going", "go on", "next", "continue", "others", "other ones", "another",
      "anything else", "what else", "different ones", "something else", "more options",
      "show me more", "any more", "anymore", "again", "more please", "next ones",
      "next page", "some more", "a few more", "more of those", "more of these",
      "got any others", "any others", "any other", "other options", "other ideas",
      "other suggestions", "more suggestions", "more ideas", "what other", "whats next",
      "alternatives", "new ones", "a different one", "different", "else", "other"};
  return k;
}

const Phrases& topic_switches() {
  static const Phrases k = {
      "something different", "something completely different", "something else entirely",
      "something totally different", "start over", "start again", "new search",
      "forget that", "forget it", "forget all that", "forget everything", "forget about that",
      "never mind", "nevermind", "scratch that", "change of plans", "change of plan",
      "different topic", "new topic", "lets start over", "on another note",
      "changing the subject", "change the subject", "a new request", "lets try something else",
      "lets do something else", "moving on", "lets switch", "switch it up", "from scratch"};
  return k;
}

const Phrases& surprises() {
  static const Phrases k = {
      "whatever", "surprise me", "anything is fine", "anything goes", "anything works",
      "anything", "dont care", "i dont care", "doesnt matter", "it doesnt matter",
      "up to you", "you choose", "you pick", "you decide", "no preference",
      "no preferences", "any is fine", "any of them", "either", "either is fine",
      "whatever you think", "dealers choice", "your call", "your choice", "dunno",
      "i dont know", "no idea", "not sure", "im not sure", "anything really"};
  return k;
}

const Phrases& instead_words() {
  static const Phrases k = {"instead", "rather", "instead of that", "in place of that"};
  return k;
}

const Phrases& lifting_phrases() {
  static const Phrases k = {
      "any", "no matter the", "no matter what", "regardless of the", "regardless of",
      "forget the", "forget about the", "drop the", "ignore the", "never mind the",
      "nevermind the", "remove the", "lose the", "dont care about the", "dont care about",
      "i dont care about the", "doesnt have to be", "does not have to be", "dont need",
      "doesnt need to be", "not necessarily", "no need for", "no need to be", "whatever"};
  return k;
}

const Phrases& lifting_after() {
  static const Phrases k = {"doesnt matter", "does not matter", "is not important",
                            "isnt important", "is unimportant", "can be anything",
                            "is flexible", "dont matter", "can be whatever", "is not a must",
                            "isnt a must", "is optional"};
  return k;
}

const Phrases& other_value_phrases() {
  static const Phrases k = {"a different", "different", "another", "other", "some other",
                            "not that", "not this", "not the same", "a new"};
  return k;
}

ColumnWord column_word(const std::string& norm, const std::string& stem) {
  static const Words year = {"year", "years", "decade", "decades", "era", "age", "date",
                             "dates", "period", "release", "old", "vintage"};
  static const Words rating = {"rating", "ratings", "stars", "star", "score", "scores",
                               "reviews", "review", "rated"};
  static const Words price = {"price", "prices", "cost", "budget", "money", "pricing"};
  static const Words category = {"genre", "genres", "category", "categories", "type",
                                 "types", "kind", "style"};
  if (in_set(year, norm) || stem == "releas") return ColumnWord::year;
  if (in_set(rating, norm)) return ColumnWord::rating;
  if (in_set(price, norm)) return ColumnWord::price;
  if (in_set(category, norm)) return ColumnWord::category;
  return ColumnWord::none;
}

bool asks_for_items(const std::string& norm) {
  static const Words k = {
      "recommend", "recommendation", "recommendations", "recommended", "suggest",
      "suggestion", "suggestions", "find", "show", "looking", "want", "need", "watch",
      "play", "read", "listen", "buy", "ideas", "idea", "options", "option", "pick",
      "picks", "something", "anything", "mood", "tonight", "discover", "try", "give",
      "get", "list", "search", "seeking", "craving", "fancy", "interested", "hunting",
      "got", "any", "suggest", "recommendations", "ideas", "rec", "recs"};
  return in_set(k, norm);
}

bool is_filler(const std::string& norm) {
  static const Words k = {
      "please", "pls", "plz", "maybe", "guess", "think", "kinda", "kind", "sorta", "bit",
      "really", "just", "perhaps", "probably", "ideally", "mood", "feel", "feeling", "tonight",
      "today", "night", "weekend", "evening", "afternoon", "morning", "ill", "id", "im",
      "lets", "let", "can", "could", "would", "u", "ya", "ok", "okay", "hmm", "um", "uh",
      "actually", "honestly", "also", "now", "then", "though", "still", "yeah", "yes",
      "prefer", "preferably", "possibly", "something", "anything", "stuff", "one", "ones",
      "watching", "playing", "reading", "buying", "looking", "wanna", "gonna", "gotta",
      "definitely", "totally", "basically", "ideally", "any", "some", "sort", "type",
      "kinds", "types", "sorts", "whats", "thats", "theres", "heres", "youre", "theyre",
      "lol", "haha", "oh", "ah", "hey", "wow", "cool", "nice", "sure", "yep", "yup",
      "recommend", "suggest", "find", "show", "give", "get", "need", "want", "like",
      "love", "enjoy", "into", "fan", "fans", "tell", "know", "see", "go", "going",
      "mind", "having", "have", "has", "had", "got", "getting", "make", "made", "work"};
  return in_set(k, norm);
}

std::string unheld_topic(const rules::Message& m) {
  static const std::vector<std::pair<Words, const char*>> topics = {
      {{"cast", "actor", "actors", "actress", "actresses", "starring", "starred"}, "its cast"},
      {{"director", "directed", "direct", "directs"}, "who directed it"},
      {{"long", "length", "runtime", "minutes", "duration", "hours"}, "its length"},
      {{"soundtrack", "music", "composer", "songs"}, "its music"},
      {{"budget", "boxoffice", "gross", "grossed", "earned"}, "its box office"},
      {{"where", "stream", "streaming", "netflix", "available", "buy"}, "where to get it"},
      {{"wrote", "writer", "written", "author", "screenplay"}, "who wrote it"},
      {{"sequel", "sequels", "prequel"}, "its sequels"},
      {{"appropriate", "suitable", "mpaa"}, "its age rating"}};
  // "who's in it", "who plays", "who is in X": the cast.
  for (size_t i = 0; i < m.tokens.size(); ++i) {
    const std::string& w = m.tokens[i].norm;
    if ((w == "whos" || w == "who") && (m.is(i + 1, "in") || m.is(i + 1, "plays") ||
                                        m.is(i + 1, "played") || m.is(i + 1, "is")))
      return "its cast";
  }
  for (const auto& [words, topic] : topics)
    for (const auto& t : m.tokens)
      if (in_set(words, t.norm)) return topic;
  return {};
}

}  // namespace interec::lexicon
