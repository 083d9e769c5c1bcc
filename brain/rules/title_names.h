// Which item a name means, over the catalog's name table (storage/
// item_names.h: every name of every item, built by `interec prepare` and
// mapped at start).
//
// Decisions: a part of a title names many items ("star wars"), so it is
// the weakest kind of name -- titles.h takes it only with the item's year.
// Among items sharing a name, the year written after it picks one (one year
// off counts: festival and release years differ), else the most popular.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/catalog.h"
#include "storage/item_names.h"

namespace interec::rules {

/// One item known by a name.
using TitleName = ItemName;

class TitleNames {
 public:
  /// Over `table` (shared, immutable).
  explicit TitleNames(std::shared_ptr<const ItemNames> table) : table_(std::move(table)) {}

  /// The items known by normalised name `key` (normalize_title), empty
  /// when none.
  std::vector<TitleName> find(const std::string& key) const { return table_->find(key); }
  /// The most words of any name (at most 64).
  size_t max_words() const { return table_->max_words(); }
  /// The most words of a name whose first word is `word` (a Token::norm),
  /// 0 when no name starts with it: most words of a message start none.
  size_t longest_from(const std::string& word) const { return table_->longest_from(word); }
  /// The item's year, 0 when unknown (ItemNames::year).
  int year(ItemIndex item) const { return table_->year(item); }
  /// The item's popularity share (ItemNames::popularity).
  float popularity(ItemIndex item) const { return table_->popularity(item); }

  /// Which of `names` the user means: the one whose year is `year` (or
  /// one off) when a year is given, else the best kind of name, then the
  /// most popular. nullopt when a year is given and none has it.
  std::optional<TitleName> pick(const std::vector<TitleName>& names, int year) const;

  /// The sequel of `item`: the next item (by year) whose title is the
  /// item's title followed by a number ("Toy Story 2"), "Part ..." or a
  /// colon and a subtitle. nullopt when the catalog has none.
  std::optional<ItemIndex> sequel_of(ItemIndex item) const;

 private:
  std::shared_ptr<const ItemNames> table_;
};

}  // namespace interec::rules
