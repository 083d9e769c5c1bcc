// User–item interactions of a prepared dataset in compressed sparse rows:
// one row per user, items in time order.
//
// Contract: an Interactions is immutable; copies share its arrays. Its
// arrays are either owned (built from rows) or a mapping of interactions.bin
// used where it lies (load()): a start maps the file instead of reading it.
// load() checks the header, the file's length against the counts, a sampled
// checksum and the row and id offsets (what items(u), user_id(u) and
// find_user index with); the item indices themselves are checked against
// the catalog by Dataset::open.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "storage/catalog.h"

namespace interec {

/// Dense index of a user inside one prepared dataset.
using UserIndex = int32_t;

inline constexpr const char* kInteractionsFile = "interactions.bin";

struct InteractionsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A half-open range of one user's interactions.
template <class T>
struct Span {
  const T* first = nullptr;
  const T* last = nullptr;
  const T* begin() const { return first; }
  const T* end() const { return last; }
  size_t size() const { return static_cast<size_t>(last - first); }
  bool empty() const { return first == last; }
  const T& operator[](size_t k) const { return first[k]; }
};

class Interactions {
 public:
  /// One interaction as given by an importer (any order).
  struct Row {
    std::string user;
    ItemIndex item;
    float rating;        // NaN when the source has no rating
    int64_t timestamp;   // 0 when the source has no time; ties keep input order
  };

  Interactions();

  /// Sorts `rows` by (user, timestamp, input order) into CSR form. Users get
  /// dense indices in order of first appearance. An import gives its rows
  /// one at a time to an InteractionsBuilder instead (the same result).
  static Interactions build(std::vector<Row> rows);

  /// Maps interactions.bin (a file of the layout before, version 1, is read
  /// whole, as it was then); throws InteractionsError naming the file when
  /// it is missing, truncated, damaged (see the contract above) or of
  /// another format version.
  static Interactions load(const std::string& path);
  /// Writes interactions.bin atomically (temporary file + rename), then
  /// reads it back whole once (verify()).
  void save(const std::string& path) const;
  /// Reads every byte of the file at `path`: its full checksum. Throws
  /// InteractionsError naming the file.
  static void verify(const std::string& path);

  size_t users() const { return users_; }
  size_t size() const { return size_; }
  /// Valid while this Interactions (or a copy) lives.
  std::string_view user_id(UserIndex u) const;
  /// By binary search over the ids in byte order (written by prepare).
  std::optional<UserIndex> find_user(std::string_view id) const;
  /// Whether the arrays are a mapping of the file (false: built or version 1).
  bool mapped() const { return mapped_; }

  /// The user's items, oldest first.
  Span<ItemIndex> items(UserIndex u) const;
  Span<float> ratings(UserIndex u) const;
  Span<int64_t> timestamps(UserIndex u) const;

 private:
  friend class InteractionsBuilder;
  struct Owned;  // arrays built in memory (interactions.cc)
  /// Points the views at `owned`'s arrays.
  static Interactions from(std::shared_ptr<const Owned> owned);
  /// From built arrays (by_id sorted here).
  static Interactions assemble(std::vector<uint64_t> offsets, std::vector<uint64_t> id_offsets, std::string ids,
                               std::vector<ItemIndex> items, std::vector<float> ratings,
                               std::vector<int64_t> timestamps);
  static Interactions load_version1(const std::string& path);

  std::shared_ptr<const void> keep_;  // the owned arrays or the mapping
  bool mapped_ = false;
  size_t users_ = 0, size_ = 0, id_bytes_ = 0;
  const uint64_t* offsets_ = nullptr;     // users + 1 row starts
  const uint64_t* id_offsets_ = nullptr;  // users + 1 starts in ids_
  const char* ids_ = nullptr;
  const uint32_t* by_id_ = nullptr;       // user indices, ids in byte order
  const ItemIndex* items_ = nullptr;
  const float* ratings_ = nullptr;
  const int64_t* timestamps_ = nullptr;
};

}  // namespace interec
