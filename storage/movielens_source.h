// Reads the MovieLens layouts: 100K (u.item, u.data, u.genre), 1M
// (movies.dat, ratings*.dat) and latest / latest-small (movies.csv,
// ratings.csv, tags.csv).
#pragma once

#include <optional>
#include <string>

#include "storage/import_model.h"

namespace interec {

/// "ml-100k", "ml-1m" or "ml-latest" when `dir` holds that layout's items
/// file, else nullopt.
std::optional<std::string> detect_movielens(const std::string& dir);

/// Reads the items (item_id, title, year, genres[, tags]) and the ratings.
/// Throws ImportError naming the file when `dir` is not a MovieLens folder or
/// a required file is missing or unusable.
ImportedSource read_movielens(const std::string& dir, ImportLog& log);

}  // namespace interec
