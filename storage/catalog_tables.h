// The flat arrays a Catalog answers from, owned (built from catalog.db) or
// mapped (catalog.cols, storage/catalog_file.cc). Only the catalog's own
// files include this.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "storage/catalog.h"
#include "storage/flat_file.h"

namespace interec {

/// One column of the items table as catalog.cols stores it: ColumnInfo with
/// its texts as ranges of CatalogTables::column_text, and where its cells lie.
struct ColumnRecord {
  uint64_t name_begin = 0, name_end = 0;
  uint64_t description_begin = 0, description_end = 0;
  double min = 0, max = 0;
  uint64_t distinct = 0;
  int64_t text_slot = -1;    // its cells among the text columns' (text, date)
  int64_t number_slot = -1;  // its numbers among the number columns' (integer, real, date)
  uint8_t type = 0;          // ColumnType
  uint8_t multi = 0;
  uint8_t padding[6] = {};
};
static_assert(sizeof(ColumnRecord) == 80);

struct CatalogTables {
  FlatArray<uint64_t> id_offsets;     // items + 1 offsets into id_text
  FlatArray<char> id_text;            // every item's id, in catalog order
  FlatArray<uint64_t> title_offsets;  // items + 1 offsets into title_text
  FlatArray<char> title_text;         // every item's title
  FlatArray<int32_t> id_order;        // the items sorted by id (binary search)
  FlatArray<uint64_t> value_offsets;  // distinct values + 1 offsets into value_text
  FlatArray<char> value_text;         // every distinct cell value, once
  /// text columns × items + 1 offsets into cell_values; cell (slot, item)
  /// is [cell_offsets[slot * items + item], the next one).
  FlatArray<uint64_t> cell_offsets;
  FlatArray<uint32_t> cell_values;   // value numbers (into value_offsets)
  FlatArray<double> numbers;         // number columns × items, NaN for none
  FlatArray<ColumnRecord> columns;   // the items table's columns, in order
  FlatArray<char> column_text;       // their names and descriptions
};

/// Reads catalog.db into owned tables (storage/catalog_builder.cc). Throws
/// CatalogError naming the file.
std::shared_ptr<const Catalog> build_catalog(const std::string& db_path);

/// A cheap stamp of catalog.db's bytes (its size, its first and last 64 KB):
/// catalog.cols records it, so that a catalog.db replaced under it is seen
/// without reading every item. Throws CatalogError naming the file.
uint64_t catalog_db_stamp(const std::string& db_path);

}  // namespace interec
