// Dense item vectors from the items' text (title and every text column:
// genres, tags, descriptions): TF-IDF, then a truncated SVD by a randomized
// range finder (Halko, Martinsson, Tropp 2011) — latent semantic analysis.
// Words that occur in similar items land near each other, so free text finds
// items that share no word with it but share its neighbourhood.
#pragma once

#include <cstdint>
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

class TextModel {
 public:
  using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

  static TextModel train(const Catalog& catalog, const TextModelOptions& options = {});
  /// ModelError naming the file when missing, corrupt or foreign.
  static TextModel load(const std::string& path, uint64_t fingerprint);
  void save(const std::string& path, uint64_t fingerprint) const;

  size_t items() const { return static_cast<size_t>(items_.rows()); }
  size_t dim() const { return static_cast<size_t>(items_.cols()); }
  /// Cosine between `text` and every item in the latent space (in [-1, 1]);
  /// false, and `scores` untouched, when no word of `text` is known.
  bool score(const std::string& text, std::vector<float>& scores) const;
  /// An item's unit vector.
  Eigen::Map<const Eigen::Matrix<float, 1, Eigen::Dynamic>> item_vector(ItemIndex i) const;

 private:
  void index_vocabulary();

  TextModelOptions options_;
  std::vector<std::string> words_;
  std::unordered_map<std::string, int32_t> word_index_;
  std::vector<float> idf_;
  Matrix terms_;  // words x dim: the right singular vectors
  Matrix items_;  // items x dim, unit rows (zero for an item without text)
};

}  // namespace interec
