// What a source reader hands to the importer: items with typed columns and
// raw interactions, plus the log of skipped rows. Private to storage/.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/catalog.h"
#include "storage/interactions.h"

namespace interec {

/// One column of the items table besides item_id and title. Cells are kept
/// as text (empty = NULL) and converted to the column's SQLite type when the
/// catalog is written: one representation for every source keeps readers
/// simple, and the cost is nothing next to the SQLite inserts.
struct ImportColumn {
  std::string name;
  ColumnType type = ColumnType::text;
  bool multi = false;
  std::string description;
  std::vector<std::string> cells;  // one per item
};

struct ImportedItems {
  std::vector<std::string> ids;
  std::vector<std::string> titles;
  std::vector<ImportColumn> columns;
  std::unordered_map<std::string, ItemIndex> index;  // id -> dense index

  /// Adds an item; false (nothing added) when the id is already present.
  bool add(std::string id, std::string title) {
    auto [it, fresh] = index.emplace(id, static_cast<ItemIndex>(ids.size()));
    if (!fresh) return false;
    ids.push_back(std::move(id));
    titles.push_back(std::move(title));
    return true;
  }
  size_t size() const { return ids.size(); }
  bool has_column(const std::string& name) const {
    for (const auto& c : columns)
      if (c.name == name) return true;
    return false;
  }
};

struct ImportedSource {
  std::string format;  // "ml-100k", "ml-1m", "ml-latest", "generic"
  ImportedItems items;
  std::vector<Interactions::Row> rows;
  bool has_ratings = false;
  /// Description of the avg_rating column, e.g. "mean rating, 1–5 stars".
  std::string rating_description = "mean rating";
};

/// Skipped rows and warnings of one import.
class ImportLog {
 public:
  static constexpr size_t kMaxWarnings = 20;

  explicit ImportLog(std::function<void(const std::string&)> progress)
      : progress_(std::move(progress)) {}

  void progress(const std::string& message) const {
    if (progress_) progress_(message);
  }
  /// A warning that is not a skipped row (kept while fewer than 20).
  void warn(const std::string& message) {
    if (warnings.size() < kMaxWarnings) warnings.push_back(message);
  }

  size_t skipped_rows = 0;
  std::vector<std::string> warnings;

 private:
  std::function<void(const std::string&)> progress_;
};

/// Counts the good and junk data rows of one file. Junk rows are skipped
/// with a warning "NAME:LINE: reason"; finish() fails the import when more
/// than half of the file's rows were junk, since then the file is not what
/// the importer thinks it is and a "successful" import would be misleading.
class FileRows {
 public:
  FileRows(ImportLog& log, std::string path);

  void ok() { ++good_; }
  void skip(size_t line, const std::string& reason);
  /// Throws ImportError naming the file and its first bad line when junk
  /// rows outnumber good ones.
  void finish() const;

  size_t good() const { return good_; }
  size_t bad() const { return bad_; }
  const std::string& path() const { return path_; }

 private:
  ImportLog& log_;
  std::string path_;
  std::string name_;  // basename, for warnings
  size_t good_ = 0;
  size_t bad_ = 0;
  std::string first_bad_;
};

}  // namespace interec
