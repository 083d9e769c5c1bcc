// Model files made of float tensors (and optionally a list of strings, e.g. a
// vocabulary) after the common header of model_file.h. Loading checks sizes
// against the file length before allocating, a checksum and finiteness, so a
// truncated, corrupt or foreign file is a ModelError naming it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tools/models/model_file.h"

namespace interec {

struct Tensor {
  std::string name;
  uint64_t rows = 0, cols = 0;
  std::vector<float> data;  // row-major rows x cols
};

struct DenseModel {
  ModelHeader header;
  std::vector<Tensor> tensors;
  std::vector<std::string> strings;

  /// The tensor called `name` of exactly rows x cols; ModelError naming `path`
  /// otherwise.
  const Tensor& get(const std::string& path, const std::string& name, uint64_t rows, uint64_t cols) const;
};

/// Writes atomically (temporary file + rename); ModelError on failure.
void save_dense_model(const std::string& path, const DenseModel& model);

/// Reads and checks `path`; ModelError naming it when missing (the message
/// says how to train it: `hint`), foreign (kind, version, fingerprint — see
/// read_model_header) or corrupt.
DenseModel load_dense_model(const std::string& path, const std::string& kind, uint32_t version,
                            uint64_t fingerprint, const std::string& hint);

}  // namespace interec
