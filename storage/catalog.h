// The item catalog of a prepared dataset: the SQLite `items` table, also held
// column by column as flat arrays so that tools and the rules brain read
// values without SQL.
//
// `interec prepare` writes those arrays as catalog.cols (storage/
// catalog_file.cc has the layout) and a start maps them: reading catalog.db
// row by row into strings took tens of seconds at 10^6 items. A folder
// without the file (or with one of another version, catalog or catalog.db)
// gets the same arrays built from catalog.db, which answers the same.
// Every text the catalog answers is a view into those arrays: it lives as
// long as the Catalog (held by shared_ptr), never longer.
#pragma once

#include <cstdint>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
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
/// The file name of the catalog's mapped columns (see above).
inline constexpr const char* kCatalogColumnsFile = "catalog.cols";

class Catalog;
struct CatalogTables;  // storage/catalog_tables.h

/// The values of one cell (one per value of a multi cell), as views into
/// the catalog: the range, its iterators and its values are valid while the
/// Catalog lives (not only while this object does).
class CellValues {
 public:
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = std::string_view;
    iterator(const CatalogTables* tables, uint64_t at) : t_(tables), at_(at) {}
    std::string_view operator*() const { return value_at(t_, at_); }
    iterator& operator++() { return ++at_, *this; }
    iterator operator++(int) { return iterator(t_, at_++); }
    bool operator==(const iterator& o) const { return at_ == o.at_; }
    bool operator!=(const iterator& o) const { return at_ != o.at_; }

   private:
    const CatalogTables* t_;
    uint64_t at_;
  };

  CellValues() = default;
  CellValues(const CatalogTables* tables, uint64_t begin, uint64_t end) : t_(tables), begin_(begin), end_(end) {}
  size_t size() const { return static_cast<size_t>(end_ - begin_); }
  bool empty() const { return begin_ == end_; }
  /// Value k (< size()); "" where a damaged file holds no such value.
  std::string_view operator[](size_t k) const { return k < size() ? value_at(t_, begin_ + k) : std::string_view(); }
  std::string_view front() const { return (*this)[0]; }
  iterator begin() const { return iterator(t_, begin_); }
  iterator end() const { return iterator(t_, end_); }
  /// The values copied out, for a caller that keeps them past the Catalog.
  std::vector<std::string> strings() const;

 private:
  /// Entry `at` of the catalog's cell values ("" outside them).
  static std::string_view value_at(const CatalogTables* t, uint64_t at);
  const CatalogTables* t_ = nullptr;
  uint64_t begin_ = 0, end_ = 0;
};

/// Read-only view of the items. Built once, then shared between threads
/// (all const members are safe to call concurrently).
class Catalog {
 public:
  /// Opens `db_path` (a catalog.db written by `interec prepare`) and builds
  /// the columns from it. Throws CatalogError naming the file on any problem.
  static std::shared_ptr<const Catalog> open(const std::string& db_path);
  /// The catalog of a prepared folder: its catalog.cols mapped when that
  /// file is there, of this format version, of the catalog whose
  /// fingerprint and item count manifest.json records (`fingerprint`,
  /// `items`; any fingerprint when the manifest records none) and written
  /// beside this very catalog.db; otherwise built from catalog.db. Throws CatalogError naming the file and `interec prepare`
  /// when catalog.cols is of this version and catalog but truncated or
  /// damaged.
  static std::shared_ptr<const Catalog> open_prepared(const std::string& dir, const std::string& fingerprint,
                                                      uint64_t items);
  /// Writes these columns as `path` (atomically) for the catalog whose
  /// fingerprint is `fingerprint`, stamped with this catalog.db (db_path()).
  /// Throws AtomicWriteError or CatalogError.
  void save(const std::string& path, const std::string& fingerprint) const;
  /// Whether the columns are a mapped catalog.cols (false: built at start).
  bool mapped() const { return mapped_; }
  /// The catalog fingerprint a mapped catalog.cols was written for (""
  /// when built): the dataset's, not recomputed over every item.
  const std::string& file_fingerprint() const { return file_fingerprint_; }

  const std::string& db_path() const { return db_path_; }
  size_t size() const { return size_; }

  std::string_view id(ItemIndex i) const;
  std::string_view title(ItemIndex i) const;
  /// The item with external id `id`, if any.
  std::optional<ItemIndex> find(std::string_view id) const;

  /// Every column of the items table except item_id and title, in table order.
  const std::vector<ColumnInfo>& columns() const { return columns_; }
  /// Position of column `name` in columns(), if present.
  std::optional<size_t> column_index(std::string_view name) const;

  /// Values of a text or date column for item i (one per value of a multi
  /// cell; empty when the cell is NULL or empty). Date values are ISO text.
  CellValues values(size_t col, ItemIndex i) const;
  /// Value of an integer or real column (for a date column: its year);
  /// NaN when missing.
  double number(size_t col, ItemIndex i) const;

  /// `file_fingerprint`: that of the mapped catalog.cols, "" when built.
  Catalog(std::string db_path, std::shared_ptr<const void> storage, const CatalogTables& tables, bool mapped,
          std::string file_fingerprint = {});
  ~Catalog();

 private:
  bool in_range(ItemIndex i) const { return i >= 0 && static_cast<size_t>(i) < size_; }

  std::string db_path_;
  std::shared_ptr<const void> storage_;  // what the tables point into
  std::unique_ptr<const CatalogTables> t_;
  size_t size_ = 0;
  bool mapped_ = false;
  std::string file_fingerprint_;
  std::vector<ColumnInfo> columns_;
  // Per column: its slot among the text columns and among the number
  // columns, -1 where it has none.
  std::vector<int64_t> text_slot_, number_slot_;
};

}  // namespace interec
