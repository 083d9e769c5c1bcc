// names.idx: the name table as `interec prepare` writes it and a start maps
// it, a flat file (storage/flat_file.h) of ItemNames::Tables' arrays in
// their order; count 0 is the most words of a name.
#include <algorithm>
#include <filesystem>
#include <type_traits>

#include "storage/dataset.h"
#include "storage/item_names.h"

namespace interec {
namespace {

/// Bump when the layout or the names an item gets change: an older file is
/// then rebuilt from the catalog at start, never misread.
constexpr uint32_t kNamesVersion = 1;
constexpr size_t kNameArrays = 10;

FlatFileId file_id(const std::string& fingerprint, size_t items) {
  return FlatFileId{{'I', 'R', 'E', 'C', 'N', 'A', 'M', 'E'}, kNamesVersion, fingerprint, items};
}

// The arrays in file order, for the writer and the reader alike.
template <class Tables, class F>
void each_name_array(Tables& t, F&& f) {
  f(t.key_offsets), f(t.key_text), f(t.name_offsets), f(t.names), f(t.word_offsets), f(t.word_text),
      f(t.word_longest), f(t.title_key), f(t.year), f(t.popularity);
}

// Whether a run of offsets ends where its text does.
template <class T>
bool ends_at(const FlatArray<uint64_t>& offsets, const FlatArray<T>& values) {
  return offsets.size > 0 && offsets[offsets.size - 1] == values.size;
}

}  // namespace

void ItemNames::save(const std::string& path, const std::string& fingerprint) const {
  FlatFileWriter writer;
  each_name_array(t_, [&](const auto& a) { writer.add(a); });
  writer.set_count(0, max_words_);
  writer.write(path, file_id(fingerprint, items()));
}

std::shared_ptr<const ItemNames> ItemNames::open_prepared(const Dataset& dataset) {
  const std::string path = (std::filesystem::path(dataset.dir) / kItemNamesFile).string();
  const size_t items = dataset.catalog->size();
  const auto file = FlatFile::open(path, file_id(dataset.fingerprint, items), kNameArrays);
  if (!file) return build(*dataset.catalog);
  Tables t;
  size_t i = 0;
  each_name_array(t, [&](auto& a) {
    using T = std::remove_const_t<std::remove_reference_t<decltype(a[0])>>;
    a = file->array<T>(i++);
  });
  const uint64_t keys = t.name_offsets.size;
  if (t.key_offsets.size != keys || keys == 0 || !ends_at(t.key_offsets, t.key_text) ||
      !ends_at(t.name_offsets, t.names) || !ends_at(t.word_offsets, t.word_text) ||
      t.word_longest.size + 1 != t.word_offsets.size)
    throw file->damaged("damaged (its offsets do not match its arrays)");
  if (t.title_key.size != items || t.year.size != items || t.popularity.size != items)
    throw file->damaged("damaged (its item arrays do not match the catalog)");
  const size_t max_words = std::min<uint64_t>(file->count(0), 64);
  return std::make_shared<const ItemNames>(file, t, max_words, true);
}

}  // namespace interec
