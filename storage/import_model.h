// What a source reader hands to the importer: items with typed columns and
// raw interactions, plus the log of skipped rows. Private to storage/.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/catalog.h"
#include "storage/interactions.h"
#include "storage/interactions_builder.h"
#include "storage/step_progress.h"

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
  std::vector<std::string> cells;  // one per item; empty when `streamed`
  /// The cells come from ImportedItems::stream instead of `cells`: a large
  /// items file is read again when the catalog is written rather than held.
  bool streamed = false;
};

/// Called once per item, in index order, with the cells of the streamed
/// columns in column order.
using ImportCellRow = std::function<void(const std::vector<std::string>& cells)>;

struct ImportedItems {
  std::vector<std::string> ids;
  std::vector<std::string> titles;
  std::vector<ImportColumn> columns;
  std::unordered_map<std::string, ItemIndex> index;  // id -> dense index
  /// Set when some columns are `streamed`: hands their cells to `row` item
  /// by item (reading the source again); throws ImportError when it cannot.
  std::function<void(const ImportCellRow& row)> stream;

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

/// What the popularity and avg_rating columns need of the interactions,
/// tallied while they are read (in input order, so that the sums are those
/// of the rows as given).
struct ItemTallies {
  std::vector<int64_t> count, rated;  // per item: rows, rows with a rating
  std::vector<double> sum;            // per item: sum of the ratings
  float lowest = 0, highest = 0;      // over every rating; set when any

  void add(ItemIndex item, float rating) {
    const auto i = static_cast<size_t>(item);
    if (i >= count.size()) {
      count.resize(i + 1, 0);
      rated.resize(i + 1, 0);
      sum.resize(i + 1, 0.0);
    }
    ++count[i];
    if (std::isnan(rating)) return;
    lowest = any_rating() ? std::min(lowest, rating) : rating;
    highest = any_rating() ? std::max(highest, rating) : rating;
    ++ratings_;
    ++rated[i];
    sum[i] += rating;
  }
  bool any_rating() const { return ratings_ > 0; }

 private:
  size_t ratings_ = 0;
};

struct ImportedSource {
  std::string format;  // "ml-100k", "ml-1m", "ml-latest", "generic"
  ImportedItems items;
  /// The interactions as read: streamed into the builder row by row.
  InteractionsBuilder interactions;
  ItemTallies tallies;
  bool has_ratings = false;
  /// Description of the avg_rating column, e.g. "mean rating, 1–5 stars".
  std::string rating_description = "mean rating";

  void add_interaction(std::string user, ItemIndex item, float rating, int64_t timestamp) {
    tallies.add(item, rating);
    interactions.add(std::move(user), item, rating, timestamp);
  }
};

/// Bounds on what an import keeps (bytes), so that every file `prepare`
/// writes can be read back (the model files bound their strings) and a
/// runaway cell cannot make the catalog unusable. Documented in README.
/// An id longer than kMaxIdBytes makes its row junk (a cut id could name
/// another item); a longer title or cell is cut on a character boundary and
/// counted (FileRows::fit); a longer column name is an error.
inline constexpr size_t kMaxIdBytes = 256;
inline constexpr size_t kMaxTitleBytes = 1024;
inline constexpr size_t kMaxCellBytes = 16 * 1024;
inline constexpr size_t kMaxColumnNameBytes = 128;

/// A cell of an imported file as the catalog keeps it: trimmed, UTF-8
/// (read as Latin-1 when it is not), control characters other than tab and
/// newline escaped (text::clean).
std::string cell_text(std::string_view raw);
/// A cell quoted back in a warning or error: 'at most 40 bytes…', escaped.
std::string quote_cell(std::string_view raw);

/// Skipped rows and warnings of one import.
class ImportLog {
 public:
  static constexpr size_t kMaxWarnings = 20;

  explicit ImportLog(std::function<void(const std::string&)> progress, StepProgress advance = {})
      : progress_(std::move(progress)), advance_(std::move(advance)) {}

  void progress(const std::string& message) const {
    if (progress_) progress_(message);
  }
  /// `done` of `total` units of `step`, for the progress bar.
  void advance(const std::string& step, size_t done, size_t total) const {
    if (advance_) advance_(step, done, total);
  }
  /// A warning that is not a skipped row (kept while fewer than 20, or
  /// `always`: a file's summary must not be crowded out by its rows).
  void warn(const std::string& message, bool always = false) {
    if (always || warnings.size() < kMaxWarnings) warnings.push_back(message);
  }

  size_t skipped_rows = 0;
  size_t cut_cells = 0;  // cells over the bounds above, cut
  std::vector<std::string> warnings;

 private:
  std::function<void(const std::string&)> progress_;
  StepProgress advance_;
};

/// Reports how far a source file is read (bytes of its size), every few
/// thousand lines: the bar must not cost the import.
class FileAdvance {
 public:
  FileAdvance(const ImportLog& log, const std::string& path);
  void at(size_t line, size_t bytes) const {
    if (line % 8192 == 0) log_.advance(step_, bytes, size_);
  }

 private:
  const ImportLog& log_;
  std::string step_;
  size_t size_ = 0;
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
  /// Cuts `cell` to `max_bytes` (on a character boundary) when longer, and
  /// counts it; finish() warns once with the count and the first line.
  void fit(std::string& cell, size_t max_bytes, size_t line);
  /// Throws ImportError naming the file and its first bad line when junk
  /// rows outnumber good ones; warns about cut cells.
  void finish();

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
  size_t cut_ = 0;
  size_t first_cut_line_ = 0;
};

}  // namespace interec
