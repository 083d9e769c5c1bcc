// Reads the generic source format:
//   items.csv | items.tsv               header; item_id and title required, every
//                                       other column becomes a catalog column
//   interactions.csv | interactions.tsv header user_id,item_id[,rating][,timestamp]
//   columns.json (optional)             {"column": "what it means"}
#pragma once

#include <string>

#include "storage/import_model.h"

namespace interec {

/// True when `dir` holds items.csv or items.tsv.
bool detect_generic(const std::string& dir);

/// Reads items and interactions, typing each column from its cells:
/// multi-valued when cells hold '|' (at least 1% of them); integer / real
/// when every non-empty cell is such a number ("NA", "null", ... count as
/// empty); date when every non-empty cell is an ISO date (plus a companion
/// integer column NAME_year); text otherwise. Column names
/// are made SQL-friendly ([A-Za-z0-9_], no leading digit). Throws ImportError
/// naming the file when a required file or column is missing.
///
/// The items' cells are not kept: the first reading types the columns and
/// keeps ids and titles, and the returned ImportedItems::stream reads the
/// file again for the catalog's rows (memory independent of the number of
/// items for the cells; the ids, titles and one line number per item stay).
ImportedSource read_generic(const std::string& dir, ImportLog& log);

}  // namespace interec
