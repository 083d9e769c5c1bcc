// Vague and mood words: words that are no catalog value ("uplifting",
// "feel-good", "scary but not gory", "heartwarming", "mind-bending") mapped
// onto catalog values (genres, tags) as SOFT preferences for rank
// (Parse::soft -> RankStep::soft): items holding the value move up (or,
// negated, down), none leaves the list. A word the catalog has as a value
// stays a condition (values.h) -- the user was explicit -- unless it is a
// mood word itself ("something dark" when tags has "dark": soft; "tags
// dark": a condition).
//
// Where the mapping comes from, built once per catalog:
//   1. tools-data/moods.tsv (config/resources.h): general English mood
//      words -> words that may be values of some catalog, with a weight.
//      A target is used only when it is a value of the loaded catalog, so
//      the file serves every kind of catalog.
//   2. WordNet (Debian wordnet-dev, read at start-up only): for every value
//      of the catalog's categorical columns on two items or more (the
//      kMaxWordNetValues most common, single words), the words of its first
//      kWordNetSenses senses (synonyms), the adjectives "similar to" it and
//      the nouns directly below it (hyponyms: "farce", "sitcom" -> comedy;
//      none when a sense has more than kMaxRelated: "action" as something
//      done) map onto it, weight kWordNetWeight. WordNet's C library keeps global buffers and is not
//      thread-safe: it is read under one process-wide lock while a lexicon
//      is built, never while a message is parsed.
// A word that a pass already read (a title, a value, a number, a cue) is
// never a mood word. A negation up to three words before it ("not gory",
// "nothing too dark") makes the weight negative.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "brain/rules/vocabulary.h"

namespace interec::rules {

struct Message;
struct Parse;
struct Knowledge;

/// One catalog value a mood word points to.
struct MoodTarget {
  size_t column = 0;  // index into Vocabulary::categorical()
  std::string value;  // the catalog's spelling
  float weight = 1;   // 0..1
};

class MoodLexicon {
 public:
  static constexpr size_t kMaxWordNetValues = 3000;
  static constexpr int kWordNetSenses = 1;
  static constexpr int kMaxRelated = 20;
  static constexpr float kWordNetWeight = 0.5f;
  static constexpr size_t kMaxPhraseWords = 3;

  /// `path` "" means Resources().moods(); a file that cannot be read is a
  /// ResourceError, a malformed line an std::runtime_error naming the line.
  /// `wordnet` false skips WordNet (the file alone).
  MoodLexicon(const Vocabulary& vocab, const std::string& path, bool wordnet = true);

  /// The values a phrase (normal forms joined by ' ', hyphens dropped:
  /// "feel good", "mind bending") points to; null when none.
  const std::vector<MoodTarget>* find(const std::string& phrase) const;

  size_t phrases() const { return map_.size(); }
  size_t from_file() const { return from_file_; }

 private:
  void load_file(const Vocabulary& vocab, const std::string& path);
  void load_wordnet(const Vocabulary& vocab);
  void add(const std::string& phrase, const MoodTarget& target);

  std::unordered_map<std::string, std::vector<MoodTarget>> map_;
  size_t from_file_ = 0;
};

/// The lexicon's key of tokens [from, to): their normal forms joined by
/// ' ', punctuation dropped ("mind-bending" -> "mind bending").
std::string mood_key(const std::vector<Token>& tokens, size_t from, size_t to);

/// Pass::moods. Relies on every earlier pass (their words are not moods).
/// Claims the mood words and sets Parse::soft (strongest first, each value
/// once).
void find_moods(const Knowledge& k, Message& m, Parse& p);

}  // namespace interec::rules
