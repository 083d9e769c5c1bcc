// The catalog index: every value of a categorical column (each value of a
// multi-valued cell too) -> the bitmap of the items having it, and every
// numeric column -> its values binned by range, each bin a bitmap. `prepare`
// writes it (catalog_index_writer.h); a process maps it at start, so opening
// costs the same for 1,000 items as for 10,000,000.
//
// It answers a hard-filter condition given as a Predicate (predicate.h) with
// exactly the items the condition's SQL selects on catalog.db — NULL cells,
// negation, ASCII-case-insensitive matching in multi-valued columns, exact
// matching in single-valued ones — by bitmap operations instead of a scan.
// A Predicate it cannot answer exactly (a column it does not index, a range
// over a text column) is refused, and the caller runs the SQL instead.
//
// File layout and versions: docs/architecture.md ("The catalog index").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "storage/bitmap.h"
#include "storage/catalog.h"
#include "storage/mapped_file.h"
#include "storage/predicate.h"

namespace interec {

/// The file name of the catalog index inside a prepared dataset folder.
inline constexpr const char* kCatalogIndexFile = "catalog.idx";

class CatalogIndex {
 public:
  /// Maps `path` and checks it against `catalog` (same items, same columns in
  /// the same order). Throws CatalogError naming the file when it is
  /// missing, truncated, of another format version, written by another
  /// CRoaring version, or belongs to another catalog; the message says to
  /// run `interec prepare` again.
  static std::shared_ptr<const CatalogIndex> open(const std::string& path, const Catalog& catalog);

  const std::string& path() const { return file_->path(); }
  size_t items() const { return items_; }

  /// Why `p` cannot be answered exactly by the index, "" when it can.
  std::string unsupported(const Predicate& p) const;
  /// The items `p` selects. Throws CatalogError when unsupported(p) is not
  /// empty, or when a bitmap in the file is damaged.
  Bitmap evaluate(const Predicate& p) const;
  /// The items every predicate selects (all items for none).
  Bitmap evaluate(const std::vector<Predicate>& conjunction) const;

  /// Reads the whole file and compares its checksum; throws CatalogError
  /// when it differs. `prepare` calls it on the file it wrote; opening does
  /// not (that would read the whole file at every start).
  void verify() const;

  /// Column kinds, as stored.
  enum class Kind : uint32_t { none = 0, values = 1, numeric = 2 };
  struct Column;

 private:
  CatalogIndex() = default;
  const Column* find(const std::string& name) const;
  Bitmap values_bitmap(const Column& c, const Predicate& p) const;
  Bitmap numeric_bitmap(const Column& c, double lo, bool lo_strict, double hi, bool hi_strict) const;

  std::shared_ptr<const MappedFile> file_;
  size_t items_ = 0;
  std::vector<Column> columns_;
};

/// What one column of the index is, after open() checked its bounds.
struct CatalogIndex::Column {
  std::string name;
  Kind kind = Kind::none;
  bool case_insensitive = false;  // values of a multi-valued column
  uint64_t count = 0;             // keys (values) or bins (numeric)
  const uint64_t* key_offsets = nullptr;  // values: count + 1 offsets into keys
  const char* keys = nullptr;             // values: sorted keys, concatenated
  const double* bin_lo = nullptr;         // numeric: smallest value of each bin
  const double* bin_hi = nullptr;         // numeric: largest value of each bin
  const uint64_t* bitmaps = nullptr;      // (offset, length) of each frozen bitmap
  const double* cells = nullptr;          // numeric: each item's value, NaN = NULL
};

}  // namespace interec
