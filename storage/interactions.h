// User–item interactions of a prepared dataset in compressed sparse rows:
// one row per user, items in time order.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
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

  /// Sorts `rows` by (user, timestamp, input order) into CSR form. Users get
  /// dense indices in order of first appearance. An import gives its rows
  /// one at a time to an InteractionsBuilder instead (the same result).
  static Interactions build(std::vector<Row> rows);

  /// Reads interactions.bin; throws InteractionsError naming the file when it
  /// is missing, truncated, or of another format version.
  static Interactions load(const std::string& path);
  /// Writes interactions.bin atomically (temporary file + rename).
  void save(const std::string& path) const;

  size_t users() const { return user_ids_.size(); }
  size_t size() const { return items_.size(); }
  const std::string& user_id(UserIndex u) const { return user_ids_[u]; }
  std::optional<UserIndex> find_user(std::string_view id) const;

  /// The user's items, oldest first.
  Span<ItemIndex> items(UserIndex u) const;
  Span<float> ratings(UserIndex u) const;
  Span<int64_t> timestamps(UserIndex u) const;

 private:
  friend class InteractionsBuilder;
  std::vector<std::string> user_ids_;
  std::unordered_map<std::string, UserIndex> by_user_;
  std::vector<uint64_t> offsets_{0};  // users()+1 entries
  std::vector<ItemIndex> items_;
  std::vector<float> ratings_;
  std::vector<int64_t> timestamps_;
};

}  // namespace interec
