// Builds the catalog index (catalog_index.h) of a catalog.db, as `prepare`
// does after writing the catalog.
#pragma once

#include <string>

namespace interec {

/// Reads `db_path` (a catalog.db) column by column as SQLite stores it and
/// writes its index to `out_path` atomically (temporary file + rename), then
/// maps the new file and compares its checksum. Throws CatalogError naming
/// the file on failure.
///
/// What is indexed: every multi-valued column (each value of a cell,
/// compared ignoring ASCII case), every single-valued text or date column
/// with at most max(64, items / 2) distinct values (exact values; a column
/// of mostly unique texts, such as descriptions, is left to SQL), and every
/// integer or real column whose present cells are all numbers.
void write_catalog_index(const std::string& db_path, const std::string& out_path);

}  // namespace interec
