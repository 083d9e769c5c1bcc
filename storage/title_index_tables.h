// The flat tables a TitleIndex looks names up in, private to storage/.
// The same tables are built from a catalog at start (build_title_tables) or
// written by `interec prepare` and mapped from titles.idx
// (storage/title_index_file.cc); TitleIndex's lookups read them the same
// way, so a mapped index answers exactly as a built one.
//
// Keys are the names of items (every variant of every title), numbered in
// the order they were added; that order breaks ties among fuzzy candidates.
// A mapped file is trusted only as far as its header and sizes were
// checked: every accessor below bounds-checks what it reads, so a damaged
// body can give wrong names but never a read outside the mapping.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "storage/catalog.h"
#include "storage/flat_file.h"

namespace interec::title_tables {

// The tables are flat arrays of the prepared-file format (storage/flat_file.h).
template <class T>
using Array = FlatArray<T>;

struct Tables {
  Array<double> popularity;      // per item: its interactions (ties among equal scores)
  Array<int32_t> year;           // per item, 0 = unknown
  Array<uint32_t> key_item;      // per key
  Array<float> key_weight;       // per key: 1 title, 0.98 alternate, 0.9 part, -0.01 without article
  Array<uint32_t> key_trigrams;  // per key: its distinct trigrams
  Array<uint64_t> text_offsets;  // keys + 1 offsets into `text`
  Array<char> text;              // every key's normalised name, back to back
  Array<uint32_t> by_text;       // key ids sorted by (name, id)
  Array<uint32_t> trigram_codes;    // sorted distinct trigram codes
  Array<uint64_t> posting_offsets;  // trigram_codes + 1 offsets into `posting_keys`
  Array<uint32_t> posting_keys;     // per trigram: the keys holding it, ascending

  size_t items() const { return popularity.size; }
  size_t keys() const { return key_item.size; }
  /// Whether key `k` exists and names an item of the tables.
  bool valid_key(uint32_t k) const { return k < keys() && key_item[k] < items() && k + 1 < text_offsets.size; }
  /// Key `k`'s name ("" for an invalid key or a damaged offset).
  std::string_view key_text(uint32_t k) const {
    if (k + 1 >= text_offsets.size) return {};
    const uint64_t a = text_offsets[k], b = text_offsets[k + 1];
    if (a > b || b > text.size) return {};
    return {text.data + a, static_cast<size_t>(b - a)};
  }
  /// The keys named exactly `name`, ascending (an empty run when none).
  Array<uint32_t> exact(std::string_view name) const;
  /// The keys holding trigram `code`, ascending (an empty run when none).
  Array<uint32_t> postings(uint32_t code) const;
};

/// Tables that own their arrays: what build_title_tables makes.
struct OwnedTables {
  std::vector<double> popularity;
  std::vector<int32_t> year;
  std::vector<uint32_t> key_item;
  std::vector<float> key_weight;
  std::vector<uint32_t> key_trigrams;
  std::vector<uint64_t> text_offsets;
  std::vector<char> text;
  std::vector<uint32_t> by_text;
  std::vector<uint32_t> trigram_codes;
  std::vector<uint64_t> posting_offsets;
  std::vector<uint32_t> posting_keys;

  Tables tables() const;
};

/// Every name of every item of `catalog` (storage/title_index.h says which).
OwnedTables build_title_tables(const Catalog& catalog);

}  // namespace interec::title_tables
