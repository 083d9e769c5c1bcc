// A user message as the rules brain's parsing passes see it: its tokens and
// which pass claimed each of them.
//
// The passes run one after the other over the same tokens, and each leaves
// alone what an earlier pass claimed: the words of a title are not catalog
// values ("Star Wars" is no war film), a year is not a count, "highly
// rated" is not a count either. That order is the contract between them, so
// it is written in the types: `Pass` lists the passes in the order they
// run, TokenClaims lets them start only in that order (parse() in
// passes.h is the one place that starts them), and every claimed
// token records the pass that claimed it. Each pass's header says which
// earlier passes it relies on.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "brain/rules/vocabulary.h"

namespace interec::rules {

/// The parsing passes, in the order they run.
enum class Pass : uint8_t {
  none,        // not claimed / no pass started yet
  references,  // shown items referred to ("the second one", "it") and directions ("older")
  seeds,       // titles and the cues around them ("like Heat", "I've seen Fargo")
  numbers,     // years, decades, ratings, prices and their comparators
  cues,        // "highly rated", "recent", "popular"
  values,      // wanted and excluded catalog values, and negations
  moods,       // mood and vague words as soft preferences ("uplifting", "not gory")
  count,       // how many items ("top 3", "a few")
  acts,        // what the message does: greetings, thanks, "more", "why", questions
};
const char* to_string(Pass pass);

class TokenClaims {
 public:
  explicit TokenClaims(size_t tokens = 0) : by_(tokens, Pass::none) {}

  /// Starts `pass`. Passes start in the order of `Pass`, each at most once;
  /// anything else is a programming error (std::logic_error).
  void start(Pass pass);
  Pass running() const { return running_; }

  /// Claims token `i` (ignored past the end) for the running pass; a token
  /// already claimed keeps its first owner. Throws std::logic_error when no
  /// pass runs.
  void claim(size_t i);
  /// Claims tokens [from, to).
  void claim(size_t from, size_t to);

  /// True when some pass claimed token `i` (false past the end).
  bool taken(size_t i) const { return i < by_.size() && by_[i] != Pass::none; }
  /// The pass that claimed token `i`, none if none did.
  Pass by(size_t i) const { return i < by_.size() ? by_[i] : Pass::none; }
  size_t size() const { return by_.size(); }

 private:
  std::vector<Pass> by_;
  Pass running_ = Pass::none;
};

/// The message being parsed. `text` must outlive it.
struct Message {
  Message(const std::string& text, std::vector<Token> tokens)
      : text(text), tokens(std::move(tokens)), claims(this->tokens.size()) {}

  const std::string& text;
  std::vector<Token> tokens;
  TokenClaims claims;

  /// Token i's normal form, "" past the end.
  const std::string& norm(size_t i) const;
  /// Token i-1's normal form, "" for the first token.
  const std::string& norm_before(size_t i) const { return norm(i > 0 ? i - 1 : tokens.size()); }
  /// Token i is the word `w`.
  bool is(size_t i, const char* w) const { return i < tokens.size() && tokens[i].norm == w; }
  /// Token i exists and no pass has claimed it.
  bool free(size_t i) const { return i < tokens.size() && !claims.taken(i); }
  /// Token i ends a phrase: sentence punctuation, a bracket, a quote, or the
  /// end of the message. (A comma does too.)
  bool boundary(size_t i) const;
  /// The text from token `from` to token `to - 1`, as typed.
  std::string span(size_t from, size_t to) const {
    return text.substr(tokens[from].begin, tokens[to - 1].end - tokens[from].begin);
  }
};

}  // namespace interec::rules
