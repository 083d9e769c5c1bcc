// Writes the items of an import into a catalog.db (SQLite).
#pragma once

#include <string>

#include "storage/import_model.h"

namespace interec {

/// Writes `items` to `path` atomically: the database is built in a
/// temporary file next to it (one transaction, prepared inserts, no journal)
/// and renamed over `path` only when complete, so readers never see a
/// half-written catalog. Throws ImportError naming the file on failure.
///
/// Schema: items(rowid = dense index + 1, item_id TEXT NOT NULL UNIQUE,
/// title TEXT NOT NULL, one column per ImportColumn typed INTEGER / REAL /
/// TEXT) and columns(name, type, multi, description, position) describing
/// every items column except item_id and title (position = index in
/// Catalog::columns()); an index on popularity when that column exists.
void write_catalog(const ImportedItems& items, const std::string& path);

}  // namespace interec
