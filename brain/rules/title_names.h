// The names the rules brain knows each catalog item by, keyed by
// normalize_title(): its title ("the matrix" for "Matrix, The (1999)"),
// the title without its leading article ("matrix"), its alternate titles
// ("seven" for "Se7en (a.k.a. Seven) (1995)"), the other spelling of a
// sequel's number ("toy story ii" for "Toy Story 2"), and the part before a
// colon ("star wars" for "Star Wars: Episode IV - A New Hope"). Built once
// per catalog, then only read.
//
// Decisions: a part of a title names many items ("star wars"), so it is
// the weakest kind of name -- titles.h takes it only with the item's year.
// Among items sharing a name, the year written after it picks one (one year
// off counts: festival and release years differ), else the most popular.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/catalog.h"

namespace interec::rules {

/// One item known by a name.
struct TitleName {
  enum class Kind : uint8_t {
    full,     // the title itself
    variant,  // without its article, an alternate title, the other numeral
    part,     // the part before a colon or " - "
  };
  ItemIndex item = 0;
  Kind kind = Kind::full;
};

class TitleNames {
 public:
  explicit TitleNames(const Catalog& catalog);

  /// The items known by normalised name `key` (normalize_title), or null.
  const std::vector<TitleName>* find(const std::string& key) const;
  /// The most words of any name (at most 64).
  size_t max_words() const { return max_words_; }
  /// The most words of a name whose first word is `word` (a Token::norm),
  /// 0 when no name starts with it: most words of a message start none.
  size_t longest_from(const std::string& word) const;

  /// The item's year (its title's "(1995)", else the catalog's year
  /// column), 0 when unknown.
  int year(ItemIndex item) const { return years_[item]; }
  /// The item's popularity as a share of the catalog less popular than
  /// it: 0 for the least popular, near 1 for the most (0.5 for every item
  /// of a catalog without a popularity column).
  float popularity(ItemIndex item) const { return popularity_[item]; }

  /// Which of `names` the user means: the one whose year is `year` (or
  /// one off) when a year is given, else the best kind of name, then the
  /// most popular. nullopt when a year is given and none has it.
  std::optional<TitleName> pick(const std::vector<TitleName>& names, int year) const;

  /// The sequel of `item`: the next item (by year) whose title is the
  /// item's title followed by a number ("Toy Story 2"), "Part ..." or a
  /// colon and a subtitle. nullopt when the catalog has none.
  std::optional<ItemIndex> sequel_of(ItemIndex item) const;

 private:
  void add(const std::string& key, ItemIndex item, TitleName::Kind kind);

  std::unordered_map<std::string, std::vector<TitleName>> names_;
  std::unordered_map<std::string, size_t> longest_from_;  // first word -> most words
  std::vector<std::string> main_;  // per item: its normalised title
  std::vector<int> years_;
  std::vector<float> popularity_;
  size_t max_words_ = 1;
};

/// "ii" -> "2", "2" -> "ii" (2 to 9, and the other way), else "".
std::string other_numeral(const std::string& word);

}  // namespace interec::rules
