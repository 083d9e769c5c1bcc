// Dense item vectors from the items' text (title and every text column:
// genres, tags, descriptions): TF-IDF, then a truncated SVD by a randomized
// range finder (Halko, Martinsson, Tropp 2011) — latent semantic analysis.
// Words that occur in similar items land near each other, so free text finds
// items that share no word with it but share its neighbourhood.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <Eigen/Core>

#include "storage/catalog.h"
#include "tools/models/model_file.h"

namespace interec {

struct TextModelOptions {
  size_t dim = 64;
  size_t oversample = 16;
  size_t power_iterations = 3;
  uint64_t seed = 42;
};

class QuantizedTable;

class TextModel {
 public:
  using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

  static TextModel train(const Catalog& catalog, const TextModelOptions& options = {});
  /// Maps the file (mapped_model_file.h); a file of the version before (2)
  /// is read whole, as then. ModelError naming the file when missing,
  /// corrupt or foreign.
  static TextModel load(const std::string& path, uint64_t fingerprint);
  /// Writes the model and reads the file back whole (MappedModel::verify).
  void save(const std::string& path, uint64_t fingerprint) const;

  size_t items() const { return items_; }
  size_t dim() const { return dim_; }
  /// Cosine between `text` and every item in the latent space (in [-1, 1]);
  /// false, and `scores` untouched, when no word of `text` is known.
  bool score(const std::string& text, std::vector<float>& scores) const;
  /// An item's unit vector.
  Eigen::Map<const Eigen::Matrix<float, 1, Eigen::Dynamic>> item_vector(ItemIndex i) const;
  /// Every item's unit vector: items() x dim() floats, row-major.
  const float* item_vectors() const { return item_data_; }
  /// 8-bit codes of item_vectors() (tools/models/quantized_table.h), built on
  /// the first call and kept with the model, shared by its copies (64 MB and
  /// about a second at 10^6 items: a start that never needs them does not
  /// pay). Thread-safe.
  const QuantizedTable& codes() const;

 private:
  struct Owned;
  struct LazyCodes {
    std::once_flag once;
    std::shared_ptr<const QuantizedTable> table;
  };
  void index_vocabulary();
  /// Points at trained (or read) tables.
  void own(std::vector<float> idf, Matrix terms, Matrix items);
  static TextModel load_stream(const std::string& path, uint64_t fingerprint);
  Eigen::Map<const Matrix> terms() const;
  Eigen::Map<const Matrix> item_matrix() const;

  TextModelOptions options_;
  std::vector<std::string> words_;
  std::unordered_map<std::string, int32_t> word_index_;
  std::shared_ptr<const void> keep_;  // owns the tables below: Owned or the mapped file (shared by copies)
  const float* idf_ = nullptr;        // per word
  const float* terms_ = nullptr;      // words x dim: the right singular vectors
  const float* item_data_ = nullptr;  // items x dim, unit rows (zero for an item without text)
  size_t items_ = 0, dim_ = 0;
  std::shared_ptr<LazyCodes> codes_ = std::make_shared<LazyCodes>();
};

}  // namespace interec
