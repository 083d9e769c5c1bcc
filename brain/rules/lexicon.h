// The rules brain's English: every word table its parsing passes read, in
// one place, so that whoever teaches it a new word finds where it goes.
// Nothing here knows about a catalog (values and column names come from the
// Vocabulary). Words are compared in their normalised form (Token::norm:
// lower case, apostrophes dropped: "don't" -> "dont"); the tables that say
// "stem" compare Token::stem.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "brain/rules/vocabulary.h"

namespace interec::lexicon {

// --- quantities ----------------------------------------------------------

/// The comparison a phrase states about a quantity.
enum class Cmp { none, eq, gt, ge, lt, le, between };

/// A comparator phrase and the column role it implies (other = none).
struct Comparator {
  std::vector<const char*> words;
  Cmp cmp;
  NumericRole hint;
};

/// Comparators written before a quantity ("rated above 4", "before 1980"),
/// in the order they are tried: a phrase before any phrase it ends with.
const std::vector<Comparator>& comparators_before();
/// Comparators written after a quantity ("4 stars or more", "1995 onwards").
const std::vector<Comparator>& comparators_after();
/// Words that join a quantity to a second one ("1990 to 1995", "1990-1995"),
/// besides "and"/"or" (which join only years and after "between").
bool joins_a_range(const std::string& norm);

/// A unit written next to a quantity ("4 stars", "$10") and its role.
std::optional<NumericRole> unit_role(const std::string& norm);
/// unit_role(), or the unit `norm` is with one slip of the keyboard
/// ("3 sars", "4 strs"; fuzzy::one_slip): for the word right after a number.
std::optional<NumericRole> unit_role_typed(const std::string& norm);
/// A word near a quantity that says its role, by stem ("rated", "price",
/// "released").
std::optional<NumericRole> cue_role(const std::string& stem);
/// "three" -> 3, "dozen" -> 12 (one to twenty, the tens to fifty).
std::optional<int> number_word(const std::string& norm);
/// A decade in words: "nineties" -> 90, "noughties" / "aughts" -> 100 (the 2000s).
std::optional<int> decade_word(const std::string& norm);

// --- negation and taste -----------------------------------------------------

/// Words that negate what follows ("no", "without", "hate", "dont").
bool is_negation(const std::string& norm);
/// A negation that also states a lasting dislike ("I hate horror").
bool is_dislike_negation(const std::string& norm);
/// A negation that states a dislike when a taste verb follows ("don't like").
bool negates_a_taste_verb(const std::string& norm);
/// Verbs of taste a negation may govern ("like", "stand" in "can't stand").
bool is_taste_verb(const std::string& norm);
/// Words before a taste verb that make it the speaker's taste ("I love ...").
bool is_taste_subject(const std::string& norm);

// --- seeds: "like Heat", "I loved Fargo", "I've seen Heat" -------------------

/// A phrase that introduces items the user wants more like ("similar to",
/// "fans of"); "like" is not one of them (it needs its neighbours, below).
struct SeedCue {
  std::vector<const char*> words;
};
/// Tried longest first for each first word.
const std::vector<SeedCue>& seed_cues();
/// Before "like": the user wants something ("I'd like", "feel like"), no
/// comparison follows.
bool makes_like_a_wish(const std::string& prev);
/// After "like": a verb, not a comparison ("like to", "like those").
bool makes_like_a_verb(const std::string& next);
/// Before "like": the speaker's taste ("I like X", "they never like X"):
/// only an exact title may follow.
bool makes_like_a_taste(const std::string& prev);
/// "loved", "enjoy": the speaker liked the item that follows.
bool is_liking_verb(const std::string& norm);
/// "hated", "dislike": the speaker disliked the item that follows.
bool is_disliking_verb(const std::string& norm);
/// After a liking verb, a gerund that belongs to it ("loved watching X").
bool is_consuming_gerund(const std::string& norm);
/// "favorite", "favourite" ("my favorite movie is X").
bool is_favourite(const std::string& norm);
/// "seen", "watched": consumed when one of consumed_marker() precedes.
bool is_consuming_verb(const std::string& norm);
/// "already", "ive", "have", "weve", "just".
bool is_consumed_marker(const std::string& norm);
/// Before a taste verb, words that negate it ("didnt like X").
bool negates_the_verb(const std::string& norm);
/// Words that end a misspelt title's span ("like stra wars but ...").
bool ends_a_title(const std::string& norm);

// --- cues ------------------------------------------------------------------

/// Words asking for recommendations ("suggest", "something", "tonight").
bool is_recommendation_cue(const std::string& norm);
/// Words asking for more of the same ("more", "else", "another").
bool is_more_cue(const std::string& norm);
/// "highly rated": the words before "rated" that mean a high rating.
bool praises_a_rating(const std::string& norm);
/// "rated", "reviewed", "ranked", "scored" (by stem or spelling).
bool is_rating_participle(const std::string& norm, const std::string& stem);
/// "recent", "latest", "newest", "recently".
bool asks_for_recent(const std::string& norm);
/// "cheap", "cheapest", "inexpensive", "affordable" (not "cheaper": a
/// direction, relative to what was shown).
bool asks_for_cheap(const std::string& norm);
/// "popular", "famous", "blockbuster(s)" ("well known" is two words).
bool asks_for_popular(const std::string& norm);

// --- counts: "top 3", "a few" ------------------------------------------------

/// Words before a number that make it the count ("top 3", "give me 5").
bool leads_a_count(const std::string& norm);
/// Words after a number that make it something else ("3 of", "2 times").
bool ends_a_count(const std::string& norm);
/// Before "one": not a count ("the one", "no one").
bool makes_one_a_pronoun(const std::string& prev);
/// "a few" (3), "a couple" (2), "a dozen" (12), "a handful" (5); `takes_of`:
/// "of" after the word belongs to the count ("a couple of").
struct VagueCount {
  const char* word;
  int n;
  bool takes_of;
};
std::optional<VagueCount> vague_count(const std::string& norm);

// --- questions ---------------------------------------------------------------

/// Words that open a question ("when", "who", "tell").
bool opens_a_question(const std::string& norm);
/// Words that make a question a request for recommendations ("similar",
/// "suggest", "instead").
bool asks_to_recommend(const std::string& norm);

/// What a word of a question asks about.
enum class Topic { none, year, rating, price, category, description, everything, popularity };
/// The topic of one word of a question, by its spelling and stem ("when" ->
/// year, "rated" -> rating, "plot" -> description).
Topic question_topic(const std::string& norm, const std::string& stem);

// --- dialogue ----------------------------------------------------------------

/// "also", "additionally": the message adds to the previous request.
bool adds_to_the_request(const std::string& norm);

}  // namespace interec::lexicon

namespace interec::lexicon {

// --- the stance toward a named item ("Heat was great", "tell me about X") -----

/// The domain's nouns for items themselves ("movies", "games", "products",
/// "titles"): never a catalog value on their own, never a title's only
/// content.
bool is_item_noun(const std::string& norm);
/// After a name, words that praise it ("X was great", "X is a favorite").
bool praises_an_item(const std::string& norm);
/// After a name, words that pan it ("X was boring", "X is overrated").
bool pans_an_item(const std::string& norm);
/// Right before a name, words that leave it out ("anything but X",
/// "except X"); "not" and "no" count when a recommendation is asked.
bool excludes_what_follows(const std::string& norm);
/// The first word of a question about an item ("who is in X", "tell me
/// about X", "what is X about", "is X any good").
bool asks_about_an_item(const std::string& norm);
/// Words that make a question about an item a suggestion or a check
/// ("have you seen X?", "what about X?", "how about X?").
bool makes_a_question_a_suggestion(const std::string& norm);
/// Words that start a clause with its own stance ("I loved X but Y was
/// boring"): a verb before them says nothing about a name after them.
bool turns_the_clause(const std::string& norm);
/// "sequel", "followup" ("the sequel to Toy Story").
bool names_a_sequel(const std::string& norm);

}  // namespace interec::lexicon
