// Building a catalog's tables from catalog.db (SQLite), row by row: what a
// folder without catalog.cols costs at every start, and what `prepare`
// writes as catalog.cols.
//
// Decision: every distinct cell value is stored once (a genre repeated on
// 10^5 items is one string and 10^5 value numbers); the column statistics
// are computed here, once, so a mapped start reads them.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <unordered_map>

#include "storage/catalog_tables.h"
#include "storage/sqlite_handle.h"
#include "storage/text.h"

namespace interec {
namespace {

std::optional<ColumnType> parse_column_type(std::string_view s) {
  for (ColumnType t : {ColumnType::text, ColumnType::integer, ColumnType::real, ColumnType::date})
    if (s == to_string(t)) return t;
  return std::nullopt;
}

std::string_view column_view(sqlite3_stmt* s, int k) {
  const unsigned char* p = sqlite3_column_text(s, k);
  return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(s, k)))
           : std::string_view();
}

// The tables while they are read, then flattened.
struct CatalogOwnedTables {
  std::vector<uint64_t> id_offsets{0}, title_offsets{0}, value_offsets{0}, cell_offsets{0};
  std::vector<char> id_text, title_text, value_text, column_text;
  std::vector<int32_t> id_order;
  std::vector<uint32_t> cell_values;
  std::vector<double> numbers;
  std::vector<ColumnRecord> columns;

  CatalogTables tables() const {
    return {flat_view(id_offsets),   flat_view(id_text),      flat_view(title_offsets), flat_view(title_text),
            flat_view(id_order),     flat_view(value_offsets), flat_view(value_text),    flat_view(cell_offsets),
            flat_view(cell_values),  flat_view(numbers),       flat_view(columns),       flat_view(column_text)};
  }
};

void append_text(std::vector<char>& text, std::vector<uint64_t>& offsets, std::string_view s) {
  text.insert(text.end(), s.begin(), s.end());
  offsets.push_back(text.size());
}

/// Reads a catalog.db into CatalogOwnedTables.
struct CatalogBuilder {
  const std::string& path;
  SqliteDb db;
  CatalogOwnedTables& out;
  std::vector<ColumnInfo> infos;
  // Per text slot: each item's values; per number slot: each item's number.
  std::vector<std::vector<uint32_t>> slot_values;
  std::vector<std::vector<uint64_t>> slot_ends;
  std::vector<std::vector<double>> slot_numbers;
  std::unordered_map<std::string, uint32_t> value_numbers;

  [[noreturn]] void fail(const std::string& what) const { throw CatalogError(path + ": " + what); }

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

  void load_columns() {
    auto s = prepare("SELECT name, type, multi, description FROM columns ORDER BY position",
                     "not a catalog (unreadable columns table)");
    int rc;
    while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
      ColumnInfo info;
      info.name = std::string(column_view(s.get(), 0));
      const std::string type(column_view(s.get(), 1));
      auto t = parse_column_type(type);
      if (!t) fail("column " + info.name + " has unknown type '" + type + "'");
      info.type = *t;
      info.multi = sqlite3_column_int(s.get(), 2) != 0;
      info.description = std::string(column_view(s.get(), 3));
      ColumnRecord r;
      r.type = static_cast<uint8_t>(info.type);
      r.multi = info.multi;
      if (info.type == ColumnType::text || info.type == ColumnType::date) {
        r.text_slot = static_cast<int64_t>(slot_values.size());
        slot_values.emplace_back();
        slot_ends.emplace_back();
      }
      if (info.type != ColumnType::text) {
        r.number_slot = static_cast<int64_t>(slot_numbers.size());
        slot_numbers.emplace_back();
      }
      out.columns.push_back(r);
      infos.push_back(std::move(info));
    }
    if (rc != SQLITE_DONE) fail(std::string("cannot read the columns table (") + sqlite3_errmsg(db.get()) + ")");
  }

  void load_items() {
    std::string sql = "SELECT rowid, item_id, title";
    for (const auto& c : infos) sql += ", " + quote_identifier(c.name);
    sql += " FROM items ORDER BY rowid";
    auto s = prepare(sql, "the items table does not match the columns table");
    int rc;
    size_t i = 0;
    while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
      const int64_t rowid = sqlite3_column_int64(s.get(), 0);
      if (rowid != static_cast<int64_t>(i) + 1)
        fail("item rowids are not dense (found rowid " + std::to_string(rowid) + " where " +
             std::to_string(i + 1) + " was expected)");
      append_text(out.id_text, out.id_offsets, column_view(s.get(), 1));
      append_text(out.title_text, out.title_offsets, column_view(s.get(), 2));
      for (size_t c = 0; c < infos.size(); ++c) load_cell(c, s.get(), static_cast<int>(c) + 3);
      ++i;
    }
    if (rc != SQLITE_DONE) fail(std::string("cannot read the items table (") + sqlite3_errmsg(db.get()) + ")");
  }

  uint32_t value_number(std::string_view v) {
    auto [it, added] = value_numbers.try_emplace(std::string(v), static_cast<uint32_t>(value_numbers.size()));
    if (added) append_text(out.value_text, out.value_offsets, v);
    return it->second;
  }

  void load_cell(size_t c, sqlite3_stmt* s, int k) {
    const ColumnInfo& info = infos[c];
    const ColumnRecord& r = out.columns[c];
    const bool null = sqlite3_column_type(s, k) == SQLITE_NULL;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (r.text_slot >= 0) {
      auto& values = slot_values[static_cast<size_t>(r.text_slot)];
      const size_t first = values.size();
      if (!null) {
        const std::string_view cell = column_view(s, k);
        if (info.multi) {
          for (auto v : text::split_values(cell)) values.push_back(value_number(v));
        } else if (!text::trim(cell).empty()) {
          values.push_back(value_number(cell));
        }
      }
      slot_ends[static_cast<size_t>(r.text_slot)].push_back(values.size());
      if (info.type == ColumnType::date) {
        std::optional<int> year;
        if (values.size() > first) year = text::iso_date_year(flat_text(flat_view(out.value_offsets),
                                                                         flat_view(out.value_text), values[first]));
        slot_numbers[static_cast<size_t>(r.number_slot)].push_back(year ? *year : nan);
      }
    } else {
      double v = nan;
      if (!null) {
        if (sqlite3_column_type(s, k) == SQLITE_TEXT) {
          if (auto p = text::parse_real(column_view(s, k))) v = *p;
        } else {
          v = sqlite3_column_double(s, k);
        }
      }
      slot_numbers[static_cast<size_t>(r.number_slot)].push_back(v);
    }
  }

  // The slots back to back, the id order, the statistics, the column texts.
  void finish() {
    const size_t n = out.id_offsets.size() - 1;
    std::vector<int64_t> seen(out.value_offsets.size() - 1, -1);
    for (size_t t = 0; t < slot_values.size(); ++t) {
      const uint64_t base = out.cell_values.size();
      for (uint64_t end : slot_ends[t]) out.cell_offsets.push_back(base + end);
      out.cell_values.insert(out.cell_values.end(), slot_values[t].begin(), slot_values[t].end());
      for (size_t c = 0; c < out.columns.size(); ++c) {
        if (out.columns[c].text_slot != static_cast<int64_t>(t)) continue;
        for (uint32_t v : slot_values[t])
          if (seen[v] != static_cast<int64_t>(t)) seen[v] = static_cast<int64_t>(t), ++out.columns[c].distinct;
      }
    }
    for (auto& slot : slot_numbers) out.numbers.insert(out.numbers.end(), slot.begin(), slot.end());
    for (size_t c = 0; c < out.columns.size(); ++c) finish_column(out.columns[c], infos[c], n);
    sort_ids(n);
  }

  void finish_column(ColumnRecord& r, const ColumnInfo& info, size_t n) {
    const auto add_text = [&](const std::string& s, uint64_t& begin, uint64_t& end) {
      begin = out.column_text.size();
      out.column_text.insert(out.column_text.end(), s.begin(), s.end());
      end = out.column_text.size();
    };
    add_text(info.name, r.name_begin, r.name_end);
    add_text(info.description, r.description_begin, r.description_end);
    r.min = r.max = std::numeric_limits<double>::quiet_NaN();
    if (r.number_slot < 0) return;
    const double* first = out.numbers.data() + static_cast<size_t>(r.number_slot) * n;
    std::vector<double> present;
    for (const double* v = first; v != first + n; ++v)
      if (!std::isnan(*v)) present.push_back(*v);
    if (present.empty()) return;
    std::sort(present.begin(), present.end());
    r.min = present.front();
    r.max = present.back();
    if (r.text_slot < 0)
      r.distinct = static_cast<uint64_t>(std::unique(present.begin(), present.end()) - present.begin());
  }

  void sort_ids(size_t n) {
    const CatalogTables t = out.tables();
    const auto id = [&](int32_t i) { return flat_text(t.id_offsets, t.id_text, static_cast<size_t>(i)); };
    out.id_order.resize(n);
    for (size_t i = 0; i < n; ++i) out.id_order[i] = static_cast<int32_t>(i);
    std::sort(out.id_order.begin(), out.id_order.end(), [&](int32_t a, int32_t b) {
      const auto x = id(a), y = id(b);
      return x < y || (x == y && a < b);
    });
    for (size_t k = 1; k < n; ++k)
      if (id(out.id_order[k]) == id(out.id_order[k - 1])) fail("duplicate item_id " + std::string(id(out.id_order[k])));
  }
};

}  // namespace

std::shared_ptr<const Catalog> build_catalog(const std::string& db_path) {
  auto owned = std::make_shared<CatalogOwnedTables>();
  {
    CatalogBuilder b{db_path, nullptr, *owned, {}, {}, {}, {}, {}};
    b.open();
    b.load_columns();
    b.load_items();
    b.finish();
  }
  const CatalogTables t = owned->tables();
  return std::make_shared<const Catalog>(db_path, owned, t, false);
}

}  // namespace interec
