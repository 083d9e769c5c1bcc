// columns.idx: the column facts as `interec prepare` writes them and a
// start maps them, a flat file (storage/flat_file.h) of ColumnFacts::Tables'
// arrays in their order.
#include <filesystem>
#include <type_traits>

#include "storage/column_facts.h"
#include "storage/dataset.h"

namespace interec {
namespace {

/// Bump when the layout or what is counted changes: an older file is then
/// counted again at start, never misread.
constexpr uint32_t kColumnFactsVersion = 1;
constexpr size_t kColumnFactsArrays = 7;

FlatFileId facts_file_id(const std::string& fingerprint, size_t items) {
  return FlatFileId{{'I', 'R', 'E', 'C', 'C', 'O', 'L', 'S'}, kColumnFactsVersion, fingerprint, items};
}

template <class Tables, class F>
void each_facts_array(Tables& t, F&& f) {
  f(t.kind), f(t.value_offsets), f(t.text_offsets), f(t.text), f(t.value_counts), f(t.number_offsets), f(t.numbers);
}

template <class T>
bool facts_end_at(const FlatArray<uint64_t>& offsets, const FlatArray<T>& values) {
  return offsets.size > 0 && offsets[offsets.size - 1] == values.size;
}

}  // namespace

void ColumnFacts::save(const std::string& path, const std::string& fingerprint) const {
  FlatFileWriter writer;
  each_facts_array(t_, [&](const auto& a) { writer.add(a); });
  writer.write(path, facts_file_id(fingerprint, items_));
}

std::shared_ptr<const ColumnFacts> ColumnFacts::open_prepared(const Dataset& dataset) {
  const std::string path = (std::filesystem::path(dataset.dir) / kColumnFactsFile).string();
  const size_t items = dataset.catalog->size();
  const auto file = FlatFile::open(path, facts_file_id(dataset.fingerprint, items), kColumnFactsArrays);
  if (!file) return build(*dataset.catalog);
  Tables t;
  size_t i = 0;
  each_facts_array(t, [&](auto& a) {
    using T = std::remove_const_t<std::remove_reference_t<decltype(a[0])>>;
    a = file->array<T>(i++);
  });
  const size_t columns = dataset.catalog->columns().size();
  if (t.kind.size != columns || t.value_offsets.size != columns + 1 || t.number_offsets.size != columns + 1)
    throw file->damaged("damaged (its columns do not match the catalog's)");
  if (!facts_end_at(t.value_offsets, t.value_counts) || !facts_end_at(t.number_offsets, t.numbers) ||
      !facts_end_at(t.text_offsets, t.text) || t.text_offsets.size != t.value_counts.size + 1)
    throw file->damaged("damaged (its offsets do not match its arrays)");
  return std::make_shared<const ColumnFacts>(file, t, items, true);
}

}  // namespace interec
