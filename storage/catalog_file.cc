// catalog.cols: a catalog's tables as `interec prepare` writes them and a
// start maps them, a flat file (storage/flat_file.h) of CatalogTables'
// arrays in their order. Count 0 is catalog_db_stamp() of the catalog.db it
// was written beside, counts 1 and 2 the numbers of text and number columns.
//
// Decision: the catalog's fingerprint is not recomputed at a mapped start
// (a pass over every id and title): the file's header carries the one
// manifest.json records, and the stamp ties it to catalog.db, whose own
// bytes LLM SQL and lookups read.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <type_traits>

#include "storage/catalog_tables.h"
#include "storage/checksum.h"

namespace interec {
namespace {

/// Bump when the layout or what a cell holds changes: an older file is then
/// rebuilt from catalog.db at start, never misread.
constexpr uint32_t kColumnsVersion = 1;
constexpr size_t kColumnArrays = 12;

FlatFileId columns_file_id(const std::string& fingerprint, uint64_t items) {
  return FlatFileId{{'I', 'R', 'E', 'C', 'C', 'O', 'L', 'S'}, kColumnsVersion, fingerprint, items};
}

// The arrays in file order, for the writer and the reader alike.
template <class Tables, class F>
void each_catalog_array(Tables& t, F&& f) {
  f(t.id_offsets), f(t.id_text), f(t.title_offsets), f(t.title_text), f(t.id_order), f(t.value_offsets),
      f(t.value_text), f(t.cell_offsets), f(t.cell_values), f(t.numbers), f(t.columns), f(t.column_text);
}

// Whether a run of `entries` + 1 offsets starts at 0 and ends where its
// values do.
template <class T>
bool spans_values(const FlatArray<uint64_t>& offsets, uint64_t entries, const FlatArray<T>& values) {
  return offsets.size == entries + 1 && offsets[0] == 0 && offsets[entries] == values.size;
}

bool records_fit(const CatalogTables& t, uint64_t text_slots, uint64_t number_slots) {
  for (const ColumnRecord& r : t.columns) {
    if (r.name_begin > r.name_end || r.name_end > t.column_text.size || r.description_begin > r.description_end ||
        r.description_end > t.column_text.size || r.type > static_cast<uint8_t>(ColumnType::date))
      return false;
    if (r.text_slot < -1 || r.text_slot >= static_cast<int64_t>(text_slots) || r.number_slot < -1 ||
        r.number_slot >= static_cast<int64_t>(number_slots))
      return false;
  }
  return true;
}

}  // namespace

uint64_t catalog_db_stamp(const std::string& db_path) {
  std::ifstream in(db_path, std::ios::binary);
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(db_path, ec);
  if (!in || ec) throw CatalogError(db_path + ": cannot read the catalog: run `interec prepare` again");
  Checksum sum;
  sum.add(&size, sizeof size);
  constexpr uint64_t kEnd = 64 * 1024;
  std::vector<char> buf(kEnd);
  for (uint64_t at : {uint64_t{0}, size > kEnd ? size - kEnd : uint64_t{0}}) {
    in.seekg(static_cast<std::streamoff>(at));
    in.read(buf.data(), static_cast<std::streamsize>(std::min(kEnd, size)));
    sum.add(buf.data(), static_cast<size_t>(in.gcount()));
    in.clear();
  }
  return sum.value();
}

void Catalog::save(const std::string& path, const std::string& fingerprint) const {
  FlatFileWriter writer;
  each_catalog_array(*t_, [&](const auto& a) { writer.add(a); });
  uint64_t text_slots = 0, number_slots = 0;
  for (size_t c = 0; c < columns_.size(); ++c) {
    text_slots = std::max<uint64_t>(text_slots, static_cast<uint64_t>(text_slot_[c] + 1));
    number_slots = std::max<uint64_t>(number_slots, static_cast<uint64_t>(number_slot_[c] + 1));
  }
  writer.set_count(0, catalog_db_stamp(db_path_));
  writer.set_count(1, text_slots);
  writer.set_count(2, number_slots);
  writer.write(path, columns_file_id(fingerprint, size()));
}

std::shared_ptr<const Catalog> Catalog::open_prepared(const std::string& dir, const std::string& fingerprint,
                                                      uint64_t items) {
  namespace fs = std::filesystem;
  const std::string db_path = (fs::path(dir) / kCatalogFile).string();
  const std::string path = (fs::path(dir) / kCatalogColumnsFile).string();
  // A folder prepared before fingerprints were recorded has none to match:
  // the stamp alone ties the file to catalog.db (the file then gives the
  // dataset its fingerprint).
  FlatFileId id = columns_file_id(fingerprint, items);
  id.any_fingerprint = fingerprint.empty();
  const auto file = FlatFile::open(path, id, kColumnArrays);
  if (!file || file->count(0) != catalog_db_stamp(db_path)) return build_catalog(db_path);
  CatalogTables t;
  size_t i = 0;
  each_catalog_array(t, [&](auto& a) {
    using T = std::remove_const_t<std::remove_reference_t<decltype(a[0])>>;
    a = file->array<T>(i++);
  });
  const uint64_t text_slots = file->count(1), number_slots = file->count(2);
  if (t.id_order.size != items || !spans_values(t.id_offsets, items, t.id_text) ||
      !spans_values(t.title_offsets, items, t.title_text) || t.value_offsets.size == 0 ||
      !spans_values(t.value_offsets, t.value_offsets.size - 1, t.value_text) ||
      !spans_values(t.cell_offsets, text_slots * items, t.cell_values) || t.numbers.size != number_slots * items)
    throw file->damaged("damaged (its offsets do not match its arrays)");
  if (!records_fit(t, text_slots, number_slots)) throw file->damaged("damaged (its columns do not match its arrays)");
  return std::make_shared<const Catalog>(db_path, file, t, true, file->fingerprint());
}

}  // namespace interec
