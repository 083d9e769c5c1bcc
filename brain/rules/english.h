// General English the rules brain consults beside its catalog: whether a
// word is an ordinary English word ("click", "heat", "gory"), a name only
// ("Emma", "Chicago"), or neither ("zootopia", "reccomend"). The answers
// come from Debian's hunspell-en-us dictionary through libhunspell, with
// its affix rules ("heated", "comedies" are words).
//
// Decisions: the dictionary is loaded on the first question (it takes a
// tenth of a second or more, and most messages never need it), once per
// EnglishWords; calls are serialised (libhunspell promises no thread
// safety). A missing dictionary is a documented degraded mode, not an
// error: every word is then `unknown`, so titles made of ordinary words
// need their year or quotes (precision first) and nothing is corrected
// (docs/understanding.md). available() and missing() tell which.
#pragma once

#include <memory>
#include <mutex>
#include <string>

class Hunspell;

namespace interec::rules {

class EnglishWords {
 public:
  struct Paths {
    std::string aff, dic;
  };
  /// $INTEREC_HUNSPELL (a path without the .aff/.dic extension) when set,
  /// else /usr/share/hunspell/en_US.
  static Paths default_paths();

  explicit EnglishWords(Paths paths = default_paths());
  ~EnglishWords();
  EnglishWords(const EnglishWords&) = delete;
  EnglishWords& operator=(const EnglishWords&) = delete;

  enum class Kind { word, name, unknown };
  /// What `norm` (a Token::norm: lower case) is in English. Thread-safe.
  Kind kind(const std::string& norm) const;
  bool is_word(const std::string& norm) const { return kind(norm) == Kind::word; }

  /// Both dictionary files exist (checked when constructed).
  bool available() const { return missing_.empty(); }
  /// The missing file and the package that provides it; "" when available.
  const std::string& missing() const { return missing_; }

 private:
  Paths paths_;
  std::string missing_;
  mutable std::mutex mu_;
  mutable std::unique_ptr<Hunspell> hunspell_;  // loaded on the first kind()
};

}  // namespace interec::rules
