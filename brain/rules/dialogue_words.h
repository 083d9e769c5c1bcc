// The rules brain's conversation words: what people say to greet, thank,
// react to a list, point at an item shown ("the second one", "#3"), ask
// for a direction ("older", "cheaper") or change the subject. The part of
// the lexicon (lexicon.h) that the conversation passes read (references.h,
// acts.h); kept apart so that it grows without touching the words of
// values, numbers and titles. Nothing here knows about a catalog or a
// domain: item nouns are general ("movie", "game", "product", "one").
// Words are compared in their normalised form (Token::norm: lower case,
// apostrophes dropped: "one's" -> "ones").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "brain/rules/message.h"
#include "brain/rules/parse.h"

namespace interec::lexicon {

/// A table of phrases of one or more words. match() gives the length in
/// tokens of the longest phrase at token i whose tokens are all unclaimed
/// (0 when none), so that several passes can share a table safely.
class Phrases {
 public:
  Phrases(std::initializer_list<const char*> phrases);  // NOLINT: tables are written as lists
  size_t match(const rules::Message& m, size_t i) const;
  /// True when the message's words, punctuation aside, are one phrase of
  /// the table, whoever claimed them.
  bool whole(const rules::Message& m) const;
  /// True when some phrase starts anywhere in the message (unclaimed).
  bool anywhere(const rules::Message& m) const;

 private:
  std::vector<std::vector<std::string>> phrases_;  // longest first
};

// --- references ------------------------------------------------------------

/// "first" -> 1, "2nd" -> 2, "tenth" -> 10; "last"/"final" are not here.
std::optional<int> ordinal_word(const std::string& norm);
/// "last", "final", "bottom": the last item of a list.
bool is_last_word(const std::string& norm);
/// Words that may follow an ordinal in a reference: "one", "ones", "pick",
/// "option", and the general item nouns.
bool is_reference_noun(const std::string& norm);
/// Words before an ordinal that make it a reference ("the", "that", "your").
bool opens_a_reference(const std::string& norm);
/// "number 3", "option 3", "#3", "no. 3": the word before the number.
bool numbers_a_reference(const std::string& norm);
/// After a reference, words that point to an earlier list ("from before",
/// "earlier"): the list they mean (1 = the one before the latest), else
/// nullopt. `first_list` phrases ("you showed first", "first list") -> -1.
const Phrases& earlier_list_phrases();
const Phrases& first_list_phrases();
/// Pronouns that stand for one item ("it", "that one") and for the list ("them").
const Phrases& item_pronouns();
const Phrases& list_pronouns();

// --- reactions to items ------------------------------------------------------

/// Words and phrases saying what the speaker thinks of the item next to
/// them, by the reaction they state. `before` phrases come before the item
/// ("loved the third one"), `after` phrases after it ("the third one was
/// great"). A negation before a liking word turns it into a dislike.
const Phrases& reaction_phrases(rules::Reaction reaction, bool before);
/// "didn't", "not", "never": turns "liked" into a dislike.
bool negates_a_reaction(const std::string& norm);
/// Words that end the clause a reaction belongs to ("but", "and", "though").
bool ends_a_clause(const std::string& norm);

// --- reactions to the whole list ---------------------------------------------

/// "meh", "nah", "not those", "none of these": nothing shown was right.
const Phrases& list_rejections();
/// "those are great", "love them": the list was right.
const Phrases& list_approvals();

// --- directions ----------------------------------------------------------------

struct DirectionPhrase {
  std::vector<const char*> words;
  rules::Direction direction;
};
/// "older", "more recent", "too old" (= newer), "cheaper", "darker" ...,
/// longest first.
const std::vector<DirectionPhrase>& direction_phrases();
/// Catalog values that make an item lighter or darker in tone, as words to
/// look up in the catalog's values ("comedy", "dark", "horror").
const std::vector<const char*>& light_tone_words();
const std::vector<const char*>& dark_tone_words();

// --- acts ------------------------------------------------------------------------

const Phrases& greetings();     // "hi", "good evening" (at the start)
const Phrases& thanks();        // "thanks", "thank you", "cheers"
const Phrases& goodbyes();      // "bye", "see you", "that's all"
const Phrases& capability_questions();  // "what can you do", "help"
const Phrases& why_questions();  // "why", "how come", "what made you pick"
const Phrases& smalltalk();     // "how are you", "lol", "hmm", "ok"
const Phrases& more_requests();  // "more", "keep going", "other ones", "next"
const Phrases& topic_switches();  // "something different", "start over", "forget that"
const Phrases& surprises();     // "whatever", "surprise me", "anything is fine"
const Phrases& instead_words();  // "instead", "rather"
/// Phrases that lift a condition on what follows them: "any" (year), "no
/// matter the", "forget the", "doesn't have to be" (a comedy).
const Phrases& lifting_phrases();
/// After a column word: "(the year) doesn't matter", "is not important".
const Phrases& lifting_after();
/// Before a column word, asking for a value other than the current one:
/// "a different (brand)", "not that (developer)", "other (genres)".
const Phrases& other_value_phrases();
/// Words that name a kind of column when a catalog names it otherwise:
/// "decade", "era" (year); "stars", "score" (rating); "budget" (price);
/// "genre", "category", "type" (the first categorical column).
enum class ColumnWord { none, year, rating, price, category };
ColumnWord column_word(const std::string& norm, const std::string& stem);

/// Words that ask for items on their own ("recommend", "suggest",
/// "looking for", "something", "ideas"): a request even without a condition.
bool asks_for_items(const std::string& norm);
/// Words that carry nothing a request could use ("please", "maybe",
/// "tonight", "kinda"): never reported as not understood.
bool is_filler(const std::string& norm);

/// Questions about an item that a catalog rarely answers ("who's in it":
/// cast; "who directed it"; "how long is it"): the topic as the reply
/// names it, else "".
std::string unheld_topic(const rules::Message& m);

}  // namespace interec::lexicon
