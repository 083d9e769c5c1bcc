// The rules brain's tokens: words, numbers and punctuation of a user
// message or of a catalog value, each with its normal form and stem, and
// the small English words that never name a catalog value on their own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace interec {

/// One token of a user message (or of a catalog value).
struct Token {
  enum Kind : uint8_t { word, number, punct };
  Kind kind = word;
  std::string raw;   // as typed
  std::string norm;  // lower-case, apostrophes dropped ("Children's" -> "childrens");
                     // a decade keeps its "s" ("'90s" -> "90s"); punct: the character
  std::string stem;  // light_stem(norm) for words; norm otherwise
  size_t begin = 0;  // byte offsets in the text
  size_t end = 0;
  double value = 0;  // numbers: the value
};

/// Splits text into word, number and punctuation tokens. Bytes >= 0x80 are
/// word characters (so any UTF-8, valid or not, is kept inside words).
std::vector<Token> tokenize_text(std::string_view text);

/// A light Porter-style stemmer (Porter's step 1 plus "-ation"): plurals,
/// "-ed", "-ing", a final "e", a final "y" -> "i". "comedies" and "comedy"
/// give "comedi"; "animated" and "animation" give "animat"; "thrillers" gives
/// "thriller"; "children's" (normalised "childrens") gives "children".
std::string light_stem(std::string_view word);

/// True for small general-English words that never name a catalog value on
/// their own ("the", "good", "some", ...).
bool is_stopword(std::string_view norm);

}  // namespace interec
