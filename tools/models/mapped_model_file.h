// Model files whose tensors are used where they lie: `interec prepare` /
// `train` write them, a start maps them (docs/architecture.md, "Mapped model
// files"). After the common header of model_file.h:
//
//   "IRECMAPD", the file's size, the tensor table (name, element type, rows,
//   cols, offset), the strings (e.g. a vocabulary), a checksum of a sample of
//   the tensors' bytes, a checksum of all of them
//   the tensors, each at an offset aligned to 64 bytes
//
// Contract: open() reads the header and the tables, checks the file's size
// against the one written, every tensor against the file's length, and a
// sample (the first, last and evenly spaced 4 KB blocks of each tensor:
// their checksum, and that their floats are finite; all blocks asked of the
// disk at once, MADV_WILLNEED) — what mapping saves would be lost by reading
// the whole file. verify() reads every byte (the
// full checksum, every float finite); save_mapped_model() calls it on the
// file it wrote, so a file that left prepare was read back whole once.
// Any failure is a ModelError naming the file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "storage/mapped_file.h"
#include "tools/models/model_file.h"

namespace interec {

enum class TensorType : uint32_t { f32 = 0, i8 = 1 };

/// A tensor to write: rows x cols values of `type`, row-major, at `data`.
struct TensorSource {
  std::string name;
  TensorType type = TensorType::f32;
  uint64_t rows = 0, cols = 0;
  const void* data = nullptr;
};

/// Writes atomically, then opens the file again and verify()s it; ModelError
/// naming `path` on failure.
void save_mapped_model(const std::string& path, const ModelHeader& header, const std::vector<TensorSource>& tensors,
                       const std::vector<std::string>& strings = {});

class MappedModel {
 public:
  struct Entry {
    std::string name;
    TensorType type = TensorType::f32;
    uint64_t rows = 0, cols = 0, offset = 0;
  };

  /// Maps `path` after the checks of the contract above; ModelError naming it
  /// when missing (the message ends with `hint`), foreign (read_model_header),
  /// truncated or corrupt.
  static std::shared_ptr<const MappedModel> open(const std::string& path, const std::string& kind, uint32_t version,
                                                 uint64_t fingerprint, const std::string& hint);
  /// Reads every tensor: the full checksum and every float finite.
  void verify() const;

  const ModelHeader& header() const { return header_; }
  const std::string& path() const { return file_->path(); }
  const std::vector<std::string>& strings() const { return strings_; }
  /// The tensor called `name`; ModelError "corrupt" when absent.
  const Entry& entry(const std::string& name) const;
  bool has(const std::string& name) const;
  /// Its values, when it is of `rows` x `cols` floats (int8); ModelError
  /// naming the file otherwise. Valid while this object lives.
  const float* floats(const std::string& name, uint64_t rows, uint64_t cols) const;
  const int8_t* bytes(const std::string& name, uint64_t rows, uint64_t cols) const;

 private:
  const void* data(const std::string& name, TensorType type, uint64_t rows, uint64_t cols) const;
  ModelError corrupt(const std::string& why) const;

  ModelHeader header_;
  std::vector<Entry> entries_;
  std::vector<std::string> strings_;
  uint64_t sample_sum_ = 0, full_sum_ = 0;
  std::shared_ptr<const MappedFile> file_;
};

}  // namespace interec
