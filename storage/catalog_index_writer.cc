#include "storage/catalog_index_writer.h"

#include <roaring/roaring.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <unordered_map>

#include "storage/atomic_file.h"
#include "storage/catalog_index.h"
#include "storage/catalog_index_format.h"
#include "storage/checksum.h"
#include "storage/sqlite_handle.h"
#include "storage/text.h"

namespace interec {
namespace fmt = catalog_index_format;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct ColumnMeta {
  std::string name;
  ColumnType type = ColumnType::text;
  bool multi = false;
};

/// One column's items as they are read, row by row.
struct ColumnBuilder {
  ColumnMeta meta;
  CatalogIndex::Kind kind = CatalogIndex::Kind::none;
  std::unordered_map<std::string, std::vector<uint32_t>> postings;  // values
  std::vector<double> cells;                                         // numeric
  bool mixed = false;  // a numeric column with a text cell: SQL compares those unlike numbers

  void add(sqlite3_stmt* s, int k, uint32_t item) {
    const int type = sqlite3_column_type(s, k);
    if (type == SQLITE_NULL) return;
    if (kind == CatalogIndex::Kind::numeric) {
      if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) cells[item] = sqlite3_column_double(s, k);
      else mixed = true;
      return;
    }
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, k));
    const std::string_view cell(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(s, k)));
    if (!meta.multi) {
      add_key(std::string(cell), item);
      return;
    }
    // Exactly the segments `('|' || cell || '|') LIKE '%|v|%'` can match.
    size_t start = 0;
    for (;;) {
      const size_t bar = cell.find('|', start);
      add_key(text::ascii_lower(cell.substr(start, bar == std::string_view::npos ? bar : bar - start)), item);
      if (bar == std::string_view::npos) break;
      start = bar + 1;
    }
  }

  void add_key(std::string key, uint32_t item) {
    auto& list = postings[std::move(key)];
    if (list.empty() || list.back() != item) list.push_back(item);
  }
};

/// The output file, assembled in memory with aligned sections.
class Layout {
 public:
  uint64_t size() const { return bytes_.size(); }
  void align(uint64_t a) { bytes_.resize((bytes_.size() + a - 1) / a * a, '\0'); }
  template <class T>
  uint64_t put(const T* data, size_t count) {
    align(alignof(T) < 8 ? 8 : alignof(T));
    const uint64_t at = bytes_.size();
    if (count) bytes_.append(reinterpret_cast<const char*>(data), count * sizeof(T));
    return at;
  }
  /// A bitmap in CRoaring's frozen format; returns {offset, length}.
  std::pair<uint64_t, uint64_t> put_bitmap(const std::vector<uint32_t>& members) {
    roaring_bitmap_t* r = roaring_bitmap_create();
    roaring_bitmap_add_many(r, members.size(), members.data());
    roaring_bitmap_run_optimize(r);
    align(fmt::kBitmapAlign);
    const uint64_t at = bytes_.size();
    const size_t n = roaring_bitmap_frozen_size_in_bytes(r);
    bytes_.resize(at + n);
    roaring_bitmap_frozen_serialize(r, &bytes_[at]);
    roaring_bitmap_free(r);
    return {at, n};
  }
  std::string& bytes() { return bytes_; }

 private:
  std::string bytes_;
};

void write_values(const ColumnBuilder& b, fmt::ColumnEntry& e, Layout& out) {
  std::vector<const std::string*> keys;
  for (const auto& [key, items] : b.postings) keys.push_back(&key);
  std::sort(keys.begin(), keys.end(), [](const std::string* x, const std::string* y) { return *x < *y; });
  std::vector<uint64_t> offsets{0};
  std::string bytes;
  std::vector<uint64_t> bitmaps;
  for (const std::string* k : keys) {
    bytes += *k;
    offsets.push_back(bytes.size());
    const auto [at, n] = out.put_bitmap(b.postings.at(*k));
    bitmaps.push_back(at);
    bitmaps.push_back(n);
  }
  e.count = keys.size();
  e.a_offset = out.put(offsets.data(), offsets.size());
  e.b_offset = out.put(bytes.data(), bytes.size());
  e.b_length = bytes.size();
  e.bitmaps_offset = out.put(bitmaps.data(), bitmaps.size());
}

void write_numeric(const ColumnBuilder& b, fmt::ColumnEntry& e, Layout& out) {
  std::vector<std::pair<double, uint32_t>> sorted;
  for (size_t i = 0; i < b.cells.size(); ++i)
    if (!std::isnan(b.cells[i])) sorted.emplace_back(b.cells[i], static_cast<uint32_t>(i));
  std::sort(sorted.begin(), sorted.end());
  size_t distinct = 0;
  for (size_t k = 0; k < sorted.size(); ++k) distinct += k == 0 || sorted[k].first != sorted[k - 1].first;
  // Bins never split a value: a bin ends where the value changes, once it
  // holds its share (or at every change when there are few values).
  const size_t share = distinct <= fmt::kMaxBins ? 1 : (sorted.size() + fmt::kMaxBins - 1) / fmt::kMaxBins;
  std::vector<double> lo, hi;
  std::vector<uint64_t> bitmaps;
  std::vector<uint32_t> members;
  for (size_t k = 0; k < sorted.size(); ++k) {
    members.push_back(sorted[k].second);
    const bool end = k + 1 == sorted.size();
    const bool last = end || sorted[k + 1].first != sorted[k].first;
    if (!last || (members.size() < share && !end)) continue;
    lo.push_back(sorted[k + 1 - members.size()].first);
    hi.push_back(sorted[k].first);
    std::sort(members.begin(), members.end());
    const auto [at, n] = out.put_bitmap(members);
    bitmaps.push_back(at);
    bitmaps.push_back(n);
    members.clear();
  }
  e.count = lo.size();
  e.a_offset = out.put(lo.data(), lo.size());
  e.b_offset = out.put(hi.data(), hi.size());
  e.bitmaps_offset = out.put(bitmaps.data(), bitmaps.size());
  e.cells_offset = out.put(b.cells.data(), b.cells.size());
}

std::vector<ColumnMeta> read_columns(sqlite3* db, const std::string& path) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT name, type, multi FROM columns ORDER BY position", -1, &raw, nullptr) != SQLITE_OK)
    throw CatalogError(path + ": not a catalog (no columns table)");
  SqliteStmt s(raw);
  std::vector<ColumnMeta> out;
  while (sqlite3_step(s.get()) == SQLITE_ROW) {
    ColumnMeta m;
    m.name = reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0));
    const std::string type = reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 1));
    for (ColumnType t : {ColumnType::text, ColumnType::integer, ColumnType::real, ColumnType::date})
      if (type == to_string(t)) m.type = t;
    m.multi = sqlite3_column_int(s.get(), 2) != 0;
    out.push_back(std::move(m));
  }
  return out;
}

/// Reads every column of every item in one pass over the table.
std::vector<ColumnBuilder> read_item_columns(const std::string& db_path, uint64_t& items) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(db_path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  SqliteDb db(raw);
  if (rc != SQLITE_OK) throw CatalogError(db_path + ": cannot open the catalog");
  std::vector<ColumnBuilder> cols;
  for (auto& m : read_columns(db.get(), db_path)) {
    ColumnBuilder b;
    const bool numeric = !m.multi && (m.type == ColumnType::integer || m.type == ColumnType::real);
    b.kind = numeric ? CatalogIndex::Kind::numeric : CatalogIndex::Kind::values;
    b.meta = std::move(m);
    cols.push_back(std::move(b));
  }
  std::string sql = "SELECT rowid";
  for (const auto& c : cols) sql += ", " + quote_identifier(c.meta.name);
  sql += " FROM items ORDER BY rowid";
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
    throw CatalogError(db_path + ": the items table does not match the columns table");
  SqliteStmt s(st);
  items = 0;
  int step;
  while ((step = sqlite3_step(s.get())) == SQLITE_ROW) {
    if (sqlite3_column_int64(s.get(), 0) != static_cast<int64_t>(items) + 1)
      throw CatalogError(db_path + ": item rowids are not dense");
    const auto item = static_cast<uint32_t>(items++);
    for (size_t c = 0; c < cols.size(); ++c) {
      if (cols[c].kind == CatalogIndex::Kind::numeric && cols[c].cells.size() < items) cols[c].cells.resize(items, kNaN);
      cols[c].add(s.get(), static_cast<int>(c) + 1, item);
    }
  }
  if (step != SQLITE_DONE) throw CatalogError(db_path + ": cannot read the items table");
  return cols;
}

}  // namespace

void write_catalog_index(const std::string& db_path, const std::string& out_path) {
  uint64_t items = 0;
  std::vector<ColumnBuilder> cols = read_item_columns(db_path, items);
  if (items > std::numeric_limits<uint32_t>::max()) throw CatalogError(db_path + ": too many items to index");
  Layout out;
  out.bytes().resize(sizeof(fmt::Header) + cols.size() * sizeof(fmt::ColumnEntry), '\0');
  std::vector<fmt::ColumnEntry> entries(cols.size());
  const uint64_t max_distinct = std::max<uint64_t>(64, items / 2);
  for (size_t c = 0; c < cols.size(); ++c) {
    ColumnBuilder& b = cols[c];
    fmt::ColumnEntry& e = entries[c];
    std::memset(&e, 0, sizeof e);
    if (b.kind == CatalogIndex::Kind::numeric && b.mixed) b.kind = CatalogIndex::Kind::none;
    if (b.kind == CatalogIndex::Kind::values && !b.meta.multi && b.postings.size() > max_distinct)
      b.kind = CatalogIndex::Kind::none;
    e.kind = static_cast<uint32_t>(b.kind);
    e.case_insensitive = b.meta.multi ? 1 : 0;
    if (b.kind == CatalogIndex::Kind::values) write_values(b, e, out);
    else if (b.kind == CatalogIndex::Kind::numeric) write_numeric(b, e, out);
    e.name_offset = out.put(b.meta.name.data(), b.meta.name.size());
    e.name_length = b.meta.name.size();
    b = ColumnBuilder();  // free the postings before the next column's bitmaps
  }
  std::string& bytes = out.bytes();
  std::memcpy(&bytes[sizeof(fmt::Header)], entries.data(), entries.size() * sizeof(fmt::ColumnEntry));
  fmt::Header h;
  std::memset(&h, 0, sizeof h);
  std::memcpy(h.magic, fmt::kMagic, sizeof h.magic);
  h.version = fmt::kVersion;
  h.endian_mark = fmt::kEndianMark;
  h.roaring_version = static_cast<uint32_t>(ROARING_VERSION_MAJOR) << 16 |
                      static_cast<uint32_t>(ROARING_VERSION_MINOR) << 8 |
                      static_cast<uint32_t>(ROARING_VERSION_REVISION);
  h.columns = static_cast<uint32_t>(cols.size());
  h.items = items;
  h.file_size = bytes.size();
  Checksum sum;
  sum.add(bytes.data() + sizeof h, bytes.size() - sizeof h);
  h.checksum = sum.value();
  std::memcpy(&bytes[0], &h, sizeof h);
  try {
    write_file_atomically(out_path, bytes);
  } catch (const AtomicWriteError& e) {
    throw CatalogError(e.what());
  }
  // Read back what landed on disk before prepare reports success.
  const auto written = MappedFile::open(out_path);
  Checksum check;
  if (written->size() == bytes.size())
    check.add(written->data() + sizeof h, written->size() - sizeof h);
  if (written->size() != bytes.size() || check.value() != h.checksum)
    throw CatalogError(out_path + ": the catalog index read back differs from what was written");
}

}  // namespace interec
