#include "storage/catalog.h"

#include <cmath>
#include <filesystem>
#include <set>
#include <unordered_set>

#include "storage/sqlite_handle.h"
#include "storage/text.h"

namespace interec {

const char* to_string(ColumnType t) {
  switch (t) {
    case ColumnType::text: return "text";
    case ColumnType::integer: return "integer";
    case ColumnType::real: return "real";
    case ColumnType::date: return "date";
  }
  return "text";
}

namespace {

std::optional<ColumnType> parse_column_type(std::string_view s) {
  for (ColumnType t : {ColumnType::text, ColumnType::integer, ColumnType::real, ColumnType::date})
    if (s == to_string(t)) return t;
  return std::nullopt;
}

std::string column_text(sqlite3_stmt* s, int k) {
  const unsigned char* p = sqlite3_column_text(s, k);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(s, k)))
           : std::string();
}

}  // namespace

/// Reads a catalog.db into a Catalog (the friend named in catalog.h).
struct CatalogLoader {
  const std::string& path;
  SqliteDb db;

  [[noreturn]] void fail(const std::string& what) const {
    throw CatalogError(path + ": " + what);
  }

  SqliteStmt prepare(const std::string& sql, const std::string& what) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
      fail(what + " (" + sqlite3_errmsg(db.get()) + ")");
    return SqliteStmt(raw);
  }

  void open() {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) fail("no such catalog file");
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    db.reset(raw);
    if (rc != SQLITE_OK) fail(std::string("cannot open (") + (raw ? sqlite3_errmsg(raw) : "out of memory") + ")");
    auto s = prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('items', 'columns')",
                     "not a catalog");
    if (sqlite3_step(s.get()) != SQLITE_ROW || sqlite3_column_int(s.get(), 0) != 2)
      fail("not a catalog (no items and columns tables): run `interec prepare`");
  }

  void load_columns(Catalog& cat) {
    auto s = prepare("SELECT name, type, multi, description FROM columns ORDER BY position",
                     "not a catalog (unreadable columns table)");
    int rc;
    while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
      ColumnInfo info;
      info.name = column_text(s.get(), 0);
      std::string type = column_text(s.get(), 1);
      auto t = parse_column_type(type);
      if (!t) fail("column " + info.name + " has unknown type '" + type + "'");
      info.type = *t;
      info.multi = sqlite3_column_int(s.get(), 2) != 0;
      info.description = column_text(s.get(), 3);
      cat.columns_.push_back(std::move(info));
    }
    if (rc != SQLITE_DONE) fail(std::string("cannot read the columns table (") + sqlite3_errmsg(db.get()) + ")");
  }

  void load_items(Catalog& cat) {
    std::string sql = "SELECT rowid, item_id, title";
    for (const auto& c : cat.columns_) sql += ", " + quote_identifier(c.name);
    sql += " FROM items ORDER BY rowid";
    auto s = prepare(sql, "the items table does not match the columns table");

    const size_t ncols = cat.columns_.size();
    cat.text_.assign(ncols, {});
    cat.numbers_.assign(ncols, {});
    int rc;
    while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
      const int64_t rowid = sqlite3_column_int64(s.get(), 0);
      const size_t i = cat.ids_.size();
      if (rowid != static_cast<int64_t>(i) + 1)
        fail("item rowids are not dense (found rowid " + std::to_string(rowid) + " where " +
             std::to_string(i + 1) + " was expected)");
      std::string id = column_text(s.get(), 1);
      if (!cat.by_id_.emplace(id, static_cast<ItemIndex>(i)).second) fail("duplicate item_id " + id);
      cat.ids_.push_back(std::move(id));
      cat.titles_.push_back(column_text(s.get(), 2));
      for (size_t c = 0; c < ncols; ++c) load_cell(cat, c, s.get(), static_cast<int>(c) + 3);
    }
    if (rc != SQLITE_DONE) fail(std::string("cannot read the items table (") + sqlite3_errmsg(db.get()) + ")");
  }

  static void load_cell(Catalog& cat, size_t c, sqlite3_stmt* s, int k) {
    const ColumnInfo& info = cat.columns_[c];
    const bool null = sqlite3_column_type(s, k) == SQLITE_NULL;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (info.type == ColumnType::text || info.type == ColumnType::date) {
      std::vector<std::string> values;
      if (!null) {
        std::string cell = column_text(s, k);
        if (info.multi) {
          for (auto v : text::split_values(cell)) values.emplace_back(v);
        } else if (!text::trim(cell).empty()) {
          values.push_back(std::move(cell));
        }
      }
      if (info.type == ColumnType::date) {
        std::optional<int> year;
        if (!values.empty()) year = text::iso_date_year(values.front());
        cat.numbers_[c].push_back(year ? *year : nan);
      }
      cat.text_[c].push_back(std::move(values));
    } else {
      double v = nan;
      if (!null) {
        if (sqlite3_column_type(s, k) == SQLITE_TEXT) {
          if (auto r = text::parse_real(column_text(s, k))) v = *r;
        } else {
          v = sqlite3_column_double(s, k);
        }
      }
      cat.numbers_[c].push_back(v);
    }
  }

  static void compute_stats(Catalog& cat) {
    for (size_t c = 0; c < cat.columns_.size(); ++c) {
      ColumnInfo& info = cat.columns_[c];
      for (double v : cat.numbers_[c]) {
        if (std::isnan(v)) continue;
        if (std::isnan(info.min) || v < info.min) info.min = v;
        if (std::isnan(info.max) || v > info.max) info.max = v;
      }
      if (!cat.text_[c].empty()) {
        std::unordered_set<std::string_view> distinct;
        for (const auto& values : cat.text_[c])
          for (const auto& v : values) distinct.insert(v);
        info.distinct = distinct.size();
      } else {
        std::set<double> distinct;
        for (double v : cat.numbers_[c])
          if (!std::isnan(v)) distinct.insert(v);
        info.distinct = distinct.size();
      }
    }
  }
};

std::shared_ptr<const Catalog> Catalog::open(const std::string& db_path) {
  auto cat = std::make_shared<Catalog>();
  cat->db_path_ = db_path;
  CatalogLoader loader{db_path, nullptr};
  loader.open();
  loader.load_columns(*cat);
  loader.load_items(*cat);
  CatalogLoader::compute_stats(*cat);
  return cat;
}

std::optional<ItemIndex> Catalog::find(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

std::optional<size_t> Catalog::column_index(std::string_view name) const {
  for (size_t c = 0; c < columns_.size(); ++c)
    if (columns_[c].name == name) return c;
  return std::nullopt;
}

const std::vector<std::string>& Catalog::values(size_t col, ItemIndex i) const {
  static const std::vector<std::string> kNone;
  if (col >= text_.size() || text_[col].empty() || i < 0 || static_cast<size_t>(i) >= text_[col].size())
    return kNone;
  return text_[col][i];
}

double Catalog::number(size_t col, ItemIndex i) const {
  if (col >= numbers_.size() || numbers_[col].empty() || i < 0 ||
      static_cast<size_t>(i) >= numbers_[col].size())
    return std::numeric_limits<double>::quiet_NaN();
  return numbers_[col][i];
}

}  // namespace interec
