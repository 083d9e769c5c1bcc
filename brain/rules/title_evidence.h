// How sure the brain is that some words of a message name a catalog item.
// Precision first: a wrong title is worse than none ("I like Emma Stone" is
// not Emma (1996); "not a big fan of superhero movies" is not Superhero
// Movie (2008); "a family night with the kids" names no film).
//
// The evidence, strongest first: the item's year written after the name
// ("Total Recall (1990)", one year off counts); quotes around it; a cue
// before it ("like", "similar to", "loved"); the name typed in title case
// in a message that otherwise uses case (a capitalised "The" inside a
// sentence says most); a long name, or one with words that are not
// ordinary English ("Zootopia"); words around it that speak of an item
// ("I watched X", "X was great"); the item's popularity. Against it: a capitalised word running on after the name
// (a longer proper name: "Emma Stone"); a name made only of catalog values
// and item nouns ("Superhero Movie", "Family"); a name of one ordinary
// word; a fuzzy match of ordinary words (typos are not ordinary words);
// a part of a title without its year; a single word left from a title
// without its article ("girls" for "Girls, The") not in title case; in a
// message without capitals, a single word followed by another content
// word ("jack black"). title_confidence() weighs them;
// titles.h keeps a mention at kMinTitleConfidence or more.
#pragma once

#include <cstddef>

#include "brain/rules/english.h"
#include "brain/rules/knowledge.h"
#include "brain/rules/message.h"
#include "brain/rules/title_names.h"

namespace interec::rules {

inline constexpr float kMinTitleConfidence = 0.6f;

/// What is known of one candidate name: tokens [begin, end) of the message
/// name `item`; `stop` is past the year written after it, if any.
struct TitleCandidate {
  ItemIndex item = 0;
  size_t begin = 0, end = 0, stop = 0;
  TitleName::Kind kind = TitleName::Kind::full;
  bool year = false;          // the item's year follows (one off counts)
  bool other_year = false;    // "(YYYY)" follows, but not the item's year
  bool cue = false;           // a cue before the name says an item follows
  bool context = false;       // the words around it speak of an item: a
                              // stance ("I watched X", "X was great"), a
                              // question about it, "the movie X"
  bool fuzzy = false;         // matched by the title index, not exactly
};

/// The confidence (0..1) that the candidate names its item.
float title_confidence(const Knowledge& k, const Message& m, const TitleCandidate& c);

/// +1: tokens [begin, end) are typed in title case in a message that uses
/// case elsewhere; -1: in lower case there; 0: the message says nothing
/// (all lower case, all capitals, every word capitalised, or a single word
/// that starts a sentence).
int title_case_evidence(const Message& m, size_t begin, size_t end);

/// A capitalised word follows token `end - 1` directly: the name runs on
/// ("Emma Stone", "Click Bait").
bool name_runs_on(const Message& m, size_t end);

/// Tokens [begin, end) sit between quotes.
bool quoted(const Message& m, size_t begin, size_t end);

}  // namespace interec::rules
