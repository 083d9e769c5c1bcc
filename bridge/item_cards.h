// What channels show of an item: the catalog's useful columns on a card,
// and the item's details in sentences. Which columns a catalog shows is
// its card configuration: the prepared folder's optional `cards.json`
//   {"columns": [{"column": "year"},
//                {"column": "genres", "label": "Genres", "max_values": 3},
//                {"column": "avg_rating", "label": "Rating"}]}
// (each entry: `column` required, `label` default the column name in words,
// `max_values` default 3 for multi-valued columns; keys starting with "_"
// are comments), else the defaults below.
//
// Defaults, for any catalog: a year column ("year" or "*_year"), the
// genre-like multi-valued column ("genres", "genre", "categories",
// "category"), a rating column (name containing "rating") and "tags", in
// that order, whichever exist; when fewer than two are found, the first
// multi-valued text columns fill up to three.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/catalog.h"

namespace interec {

struct CardColumn {
  std::string column;
  std::string label;
  size_t max_values = 3;
};

class ItemCards {
 public:
  /// The card columns of the prepared folder `data_dir`: its cards.json
  /// when present, else the defaults. Throws std::runtime_error naming the
  /// file for malformed JSON, an unknown key or a column the catalog lacks.
  static std::shared_ptr<const ItemCards> open(const std::string& data_dir,
                                               std::shared_ptr<const Catalog> catalog);
  ItemCards(std::shared_ptr<const Catalog> catalog, std::vector<CardColumn> columns);

  /// The default columns for `catalog` (see above).
  static std::vector<CardColumn> default_columns(const Catalog& catalog);

  const std::vector<CardColumn>& columns() const { return columns_; }
  const Catalog& catalog() const { return *catalog_; }

  /// [{"name", "label", "value"}] for the item's card; value is a string,
  /// or an array of strings for a multi-valued column; missing values are
  /// left out.
  nlohmann::json attributes(ItemIndex item) const;

  /// Adds "attributes" to every {"item_id", ...} object of `items` whose
  /// item is in the catalog.
  void add_attributes(nlohmann::json& items) const;

  /// {"item": {"item_id", "title", "attributes"}, "sentences": [...]}: every
  /// column of the catalog with a value, in sentences ("It came out in
  /// 1995.", "Its genres are Animation, Children's and Comedy."); nullopt
  /// for an unknown item id.
  std::optional<nlohmann::json> details(const std::string& item_id) const;

 private:
  std::shared_ptr<const Catalog> catalog_;
  std::vector<CardColumn> columns_;
};

}  // namespace interec
