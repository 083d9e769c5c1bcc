// A whole file mapped read-only into memory. The prepared dataset's large
// files (catalog index, models) are laid out so that they are used where
// they lie: opening costs a system call, not a read of the file, and pages
// are shared between processes serving the same dataset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace interec {

/// A file that cannot be mapped (missing, unreadable). The message names it.
struct MappedFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class MappedFile {
 public:
  /// Maps `path` read-only (an empty file maps to no bytes). Throws
  /// MappedFileError naming the file.
  static std::shared_ptr<const MappedFile> open(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const std::string& path() const { return path_; }
  const char* data() const { return data_; }
  size_t size() const { return size_; }

  /// Whether [offset, offset + bytes) lies inside the file, without overflow.
  bool contains(uint64_t offset, uint64_t bytes) const {
    return offset <= size_ && bytes <= size_ - offset;
  }
  /// `count` values of T at `offset`, or null when they do not fit in the
  /// file or are misaligned for T.
  template <class T>
  const T* array(uint64_t offset, uint64_t count) const {
    if (count > size_ / sizeof(T) || !contains(offset, count * sizeof(T)) || offset % alignof(T) != 0)
      return nullptr;
    return reinterpret_cast<const T*>(data_ + offset);
  }

 private:
  MappedFile() = default;
  std::string path_;
  const char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace interec
