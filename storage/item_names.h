// The names the rules brain knows each catalog item by, keyed by
// normalize_title(): its title ("the matrix" for "Matrix, The (1999)"),
// the title without its leading article ("matrix"), its alternate titles
// ("seven" for "Se7en (a.k.a. Seven) (1995)"), the other spelling of a
// sequel's number ("toy story ii" for "Toy Story 2"), and the part before a
// colon ("star wars" for "Star Wars: Episode IV - A New Hope"); with each
// item's year and popularity. The brain decides which name means which item
// (brain/rules/title_names.h); this is only the table.
//
// `interec prepare` writes the table as names.idx (storage/item_names_file.cc
// has the layout) and a start maps it: building it at 10^6 items took tens
// of seconds, and as long again to free. A folder without the file (or with
// one of another version or catalog) gets the table built, which answers
// the same. Immutable; shared by threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/catalog.h"
#include "storage/flat_file.h"

namespace interec {

struct Dataset;

/// The file name of the name table inside a prepared dataset folder.
inline constexpr const char* kItemNamesFile = "names.idx";

/// One item known by a name.
struct ItemName {
  enum class Kind : uint8_t {
    full,     // the title itself
    variant,  // without its article, an alternate title, the other numeral
    part,     // the part before a colon or " - "
  };
  ItemIndex item = 0;
  Kind kind = Kind::full;
  uint8_t padding[3] = {};  // the fixed layout of names.idx
};
static_assert(sizeof(ItemName) == 8);

/// "ii" -> "2", "2" -> "ii" (2 to 9, and the other way), else "".
std::string other_numeral(std::string_view word);

class ItemNames {
 public:
  /// Every name of every item of `catalog`.
  static std::shared_ptr<const ItemNames> build(const Catalog& catalog);
  /// The table of a prepared folder: its names.idx mapped when that file is
  /// there, of this format version and of this catalog; otherwise built
  /// from the catalog. Throws CatalogError naming the file and `interec
  /// prepare` when the file is of this version and catalog but truncated
  /// or damaged.
  static std::shared_ptr<const ItemNames> open_prepared(const Dataset& dataset);
  /// Writes this table as `path` (atomically) for the catalog whose
  /// fingerprint is `fingerprint`. Throws AtomicWriteError.
  void save(const std::string& path, const std::string& fingerprint) const;
  /// Whether the table reads a mapped names.idx (false: built at start).
  bool mapped() const { return mapped_; }

  size_t items() const { return t_.year.size; }
  /// The items known by normalised name `key`, in catalog order (empty when
  /// none). An item outside the catalog (a damaged file) is left out.
  std::vector<ItemName> find(std::string_view key) const;
  /// The most words of any name (at most 64).
  size_t max_words() const { return max_words_; }
  /// The most words of a name whose first word is `word` (a Token::norm),
  /// 0 when no name starts with it: most words of a message start none.
  size_t longest_from(std::string_view word) const;
  /// The item's year (its title's "(1995)", else the catalog's year
  /// column), 0 when unknown.
  int year(ItemIndex item) const { return in_range(item) ? t_.year[item] : 0; }
  /// The item's popularity as a share of the catalog less popular than
  /// it: 0 for the least popular, near 1 for the most (0.5 for every item
  /// of a catalog without a popularity column).
  float popularity(ItemIndex item) const { return in_range(item) ? t_.popularity[item] : 0.0f; }
  /// The item's normalised title, "" when it has none.
  std::string_view title(ItemIndex item) const;

  /// The flat arrays, owned (built) or mapped.
  struct Tables {
    FlatArray<uint64_t> key_offsets;  // keys + 1 offsets into key_text
    FlatArray<char> key_text;         // every name, sorted, back to back
    FlatArray<uint64_t> name_offsets;  // keys + 1 offsets into names
    FlatArray<ItemName> names;         // per key: its items in catalog order
    FlatArray<uint64_t> word_offsets;  // first words + 1 offsets into word_text
    FlatArray<char> word_text;         // every name's first word, sorted
    FlatArray<uint32_t> word_longest;  // per first word: the most words of its names
    FlatArray<uint32_t> title_key;     // per item: its title's key, kNoKey for none
    FlatArray<int32_t> year;           // per item
    FlatArray<float> popularity;       // per item
  };
  static constexpr uint32_t kNoKey = 0xffffffffu;

  ItemNames(std::shared_ptr<const void> storage, const Tables& tables, size_t max_words, bool mapped)
      : storage_(std::move(storage)), t_(tables), max_words_(max_words), mapped_(mapped) {}

 private:
  bool in_range(ItemIndex item) const { return item >= 0 && static_cast<size_t>(item) < items(); }

  std::shared_ptr<const void> storage_;  // what the arrays point into
  Tables t_;
  size_t max_words_ = 1;
  bool mapped_ = false;
};

}  // namespace interec
