// The one text pipeline of the project: how any text (a user's message, a
// title, a catalog value, an item's description) becomes words. The title
// index, the rules brain's vocabulary and the text model all read text
// through it, so that a word means the same to each of them:
//
//   tokenize()     words, numbers and punctuation, folded to lower-case ASCII
//   is_stopword()  the one English stopword list
//   stem()         Snowball's English stemmer ("comedies" -> "comedi")
//   content_words  the stems of a text's words that are not stopwords
//
// Thread-safe: stem() keeps one Snowball stemmer per thread (a stemmer is
// not safe to share).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace interec::text {

/// One token of a text.
struct Token {
  enum Kind : uint8_t { word, number, punct };
  Kind kind = word;
  std::string raw;   // the bytes of the text it covers
  std::string norm;  // lower case, accents folded ("Amélie" -> "amelie"),
                     // apostrophes dropped ("Children's" -> "childrens",
                     // "'90s" -> "90s"); punct: the character
  size_t begin = 0;  // byte offsets in the text
  size_t end = 0;
  double value = 0;  // numbers: the value
};

/// Splits `text` (UTF-8; a byte that is not valid UTF-8 is read as Latin-1)
/// into tokens. Words are runs of letters, digits and other non-ASCII
/// characters, with apostrophes inside ("don't"); a number is a word of
/// digits with at most one decimal point ("4.5"); every other ASCII
/// character is a punctuation token of its own (">=" is two). Typographic
/// quotes, dashes and the ellipsis are the ASCII punctuation they stand for;
/// non-breaking spaces are spaces.
std::vector<Token> tokenize(std::string_view text);

/// The tokenizer itself, for readers that need no Token objects (the title
/// index normalises every title several times): calls `on` for each token
/// of tokenize(text) in order, with its kind, byte offsets and normal form
/// (valid during the call only).
using ScanFn = std::function<void(Token::Kind kind, size_t begin, size_t end, std::string_view norm)>;
void scan(std::string_view text, const ScanFn& on);

/// `s` with accents folded to ASCII where a fold exists ("é" -> "e", "æ" ->
/// "ae", typographic quotes and dashes -> ASCII); other characters keep their
/// UTF-8 bytes, bytes that are not UTF-8 are read as Latin-1. Case is kept.
std::string fold_accents(std::string_view s);

/// True for general English words that carry no meaning on their own for
/// finding items: function words ("the", "of", "not"), request words
/// ("please", "want", "show") and the words for items themselves ("movie",
/// "film"). `norm` is a Token::norm.
bool is_stopword(std::string_view norm);

/// The Snowball English stem of a Token::norm ("comedies" and "comedy" ->
/// "comedi", "rated" and "rating" -> "rate").
std::string stem(std::string_view norm);

/// The stems of the words and numbers of `text` that are not stopwords, in
/// order, with repeats: what the text model and the text filter match.
std::vector<std::string> content_words(std::string_view text);

}  // namespace interec::text
