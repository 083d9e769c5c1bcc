// A prepared file of flat arrays that `interec prepare` writes and a start
// maps (names.idx): a start costs a mapping, not a rebuild from the catalog.
// Native little-endian:
//
//   FlatFileHeader (1 KB): magic, format version, byte-order mark, file
//                 size, the catalog's fingerprint and item count, a few
//                 counts of the file's own, and each array's offset, length
//                 and element size
//   the arrays, each aligned to 8 bytes, in the order they were added
//
// Contract: open() checks only the header and that every array lies inside
// the file with the element size the reader expects (reading the arrays
// would cost what mapping saves). A file of another version or catalog is
// stale, not damaged: open() says so and the caller builds from the catalog.
// Whoever reads a mapped array must bounds-check the indices it holds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/catalog.h"
#include "storage/mapped_file.h"

namespace interec {

/// A read-only run of `size` values (C++17 has no std::span).
template <class T>
struct FlatArray {
  const T* data = nullptr;
  size_t size = 0;
  const T& operator[](size_t i) const { return data[i]; }
  bool empty() const { return size == 0; }
  const T& front() const { return data[0]; }
  const T& back() const { return data[size - 1]; }
  const T* begin() const { return data; }
  const T* end() const { return data + size; }
};

template <class T>
FlatArray<T> flat_view(const std::vector<T>& v) {
  return {v.data(), v.size()};
}

/// Entry `k` of a text table: `offsets` (entries + 1 of them) into `text`,
/// the entries back to back; "" where an offset is damaged.
inline std::string_view flat_text(const FlatArray<uint64_t>& offsets, const FlatArray<char>& text, size_t k) {
  if (k + 1 >= offsets.size) return {};
  const uint64_t a = offsets[k], b = offsets[k + 1];
  if (a > b || b > text.size) return {};
  return {text.data + a, static_cast<size_t>(b - a)};
}

/// What identifies a flat file: its kind and the catalog it was written for.
struct FlatFileId {
  char magic[8];            // the kind of file ("IRECNAME")
  uint32_t version = 0;     // bumped when the layout or its content changes
  std::string fingerprint;  // the catalog's (Dataset::fingerprint)
  uint64_t items = 0;       // the catalog's items
  /// Take a file of any fingerprint (read it with FlatFile::fingerprint()):
  /// for a caller with another tie to its catalog (catalog.cols' stamp of
  /// catalog.db) and a folder whose manifest records no fingerprint.
  bool any_fingerprint = false;
};

/// Collects arrays, then writes them as one flat file (atomically).
class FlatFileWriter {
 public:
  static constexpr size_t kMaxCounts = 8;
  static constexpr size_t kMaxArrays = 24;

  /// Adds `a` as the next array; its values must outlive write().
  template <class T>
  void add(const FlatArray<T>& a) {
    arrays_.push_back({reinterpret_cast<const char*>(a.data), a.size, sizeof(T)});
  }
  /// Sets the file's own count `i` (< kMaxCounts).
  void set_count(size_t i, uint64_t value) { counts_.at(i) = value; }
  /// Writes the file. Throws AtomicWriteError naming it.
  void write(const std::string& path, const FlatFileId& id) const;

 private:
  struct Array {
    const char* data;
    uint64_t count;
    uint64_t element_size;
  };
  std::vector<Array> arrays_;
  std::vector<uint64_t> counts_ = std::vector<uint64_t>(kMaxCounts, 0);
};

struct FlatFileHeader;  // flat_file.cc

/// A mapped flat file whose header was checked.
class FlatFile {
 public:
  /// Maps `path` when it exists and is of `id`'s kind, version, fingerprint
  /// and item count; null when it is missing or stale (of another version
  /// or catalog). Throws CatalogError naming the file and `interec prepare`
  /// when it is not of this kind, truncated, or holds fewer than `arrays`
  /// arrays.
  static std::shared_ptr<const FlatFile> open(const std::string& path, const FlatFileId& id, size_t arrays);

  const std::string& path() const { return file_->path(); }
  /// The catalog fingerprint the file was written for.
  std::string fingerprint() const;
  /// The file's own count `i` as written.
  uint64_t count(size_t i) const;
  /// Array `i`; throws CatalogError when its element size is not sizeof(T)
  /// or it does not lie inside the file.
  template <class T>
  FlatArray<T> array(size_t i) const {
    const Entry e = entry(i, sizeof(T));
    const T* data = file_->array<T>(e.offset, e.count);
    if (!data && e.count) throw damaged("an array lies outside the file or is misaligned");
    return {data, static_cast<size_t>(e.count)};
  }
  /// The error for a file whose arrays contradict each other.
  CatalogError damaged(const std::string& why) const;

 private:
  struct Entry {
    uint64_t offset, count;
  };
  Entry entry(size_t i, size_t element_size) const;
  std::shared_ptr<const MappedFile> file_;
  const FlatFileHeader* header_ = nullptr;
};

}  // namespace interec
