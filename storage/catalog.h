// The item catalog of a prepared dataset: the SQLite `items` table, also held
// in memory column by column so that tools and the rules brain can read
// values without SQL.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace interec {

/// Dense index of an item inside one prepared dataset: 0..size()-1, equal to
/// the SQLite rowid minus one. Stable for the life of the prepared folder.
using ItemIndex = int32_t;

/// Thrown for a missing, unreadable or malformed catalog. The message names
/// the file and, where it applies, the line or column.
struct CatalogError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class ColumnType : uint8_t { text, integer, real, date };

const char* to_string(ColumnType t);

/// What the catalog knows about one column of the `items` table.
struct ColumnInfo {
  std::string name;
  ColumnType type = ColumnType::text;
  /// Cells hold several values separated by '|' (e.g. "Comedy|Romance").
  bool multi = false;
  /// Meaning of the column, from columns.json or the importer; may be empty.
  std::string description;
  /// Numeric columns (integer, real) and the year of date columns: the range
  /// of present values; NaN when the column has no value at all.
  double min = std::numeric_limits<double>::quiet_NaN();
  double max = std::numeric_limits<double>::quiet_NaN();
  /// Number of distinct values (each value of a multi cell counts).
  size_t distinct = 0;
};

/// The file name of the catalog inside a prepared dataset folder.
inline constexpr const char* kCatalogFile = "catalog.db";

/// Read-only view of the items. Built once, then shared between threads
/// (all const members are safe to call concurrently).
class Catalog {
 public:
  /// Opens `db_path` (a catalog.db written by `interec prepare`) and loads the
  /// items into memory. Throws CatalogError naming the file on any problem.
  static std::shared_ptr<const Catalog> open(const std::string& db_path);

  const std::string& db_path() const { return db_path_; }
  size_t size() const { return ids_.size(); }

  const std::string& id(ItemIndex i) const { return ids_[i]; }
  const std::string& title(ItemIndex i) const { return titles_[i]; }
  /// The item with external id `id`, if any.
  std::optional<ItemIndex> find(std::string_view id) const;

  /// Every column of the items table except item_id and title, in table order.
  const std::vector<ColumnInfo>& columns() const { return columns_; }
  /// Position of column `name` in columns(), if present.
  std::optional<size_t> column_index(std::string_view name) const;

  /// Values of a text or date column for item i (one per value of a multi
  /// cell; empty when the cell is NULL or empty). Date values are ISO text.
  const std::vector<std::string>& values(size_t col, ItemIndex i) const;
  /// Value of an integer or real column (for a date column: its year);
  /// NaN when missing.
  double number(size_t col, ItemIndex i) const;

 private:
  friend struct CatalogLoader;
  std::string db_path_;
  std::vector<std::string> ids_;
  std::vector<std::string> titles_;
  std::unordered_map<std::string, ItemIndex> by_id_;
  std::vector<ColumnInfo> columns_;
  // Per column: text cells (empty vector for numeric columns) and numbers
  // (empty vector for text columns).
  std::vector<std::vector<std::vector<std::string>>> text_;
  std::vector<std::vector<double>> numbers_;
};

}  // namespace interec
