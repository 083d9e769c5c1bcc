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
#include "tools/models/quantized_table.h"

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
  /// Maps the file (mapped_model_file.h), with the 8-bit codes of the item
  /// vectors when it has them (codes_mapped()); a file of the version
  /// before (2) is read whole, as then. ModelError naming the file when
  /// missing, corrupt (also codes of another shape than the vectors) or
  /// foreign.
  static TextModel load(const std::string& path, uint64_t fingerprint);
  /// Writes the model and reads the file back whole (MappedModel::verify).
  /// From `codes_from` items (default kQuantizedFrom: where a bus is
  /// scanned by them) the file holds the codes too ("codes", "scales"),
  /// built here if this model has none yet, so that a start maps them.
  void save(const std::string& path, uint64_t fingerprint, size_t codes_from = kQuantizedFrom) const;

  size_t items() const { return items_; }
  size_t dim() const { return dim_; }
  /// Cosine between `text` and every item in the latent space (in [-1, 1]);
  /// false, and `scores` untouched, when no word of `text` is known.
  bool score(const std::string& text, std::vector<float>& scores) const;
  /// An item's unit vector.
  Eigen::Map<const Eigen::Matrix<float, 1, Eigen::Dynamic>> item_vector(ItemIndex i) const;
  /// Every item's unit vector: items() x dim() floats, row-major.
  const float* item_vectors() const { return item_data_; }
  /// 8-bit codes of item_vectors() (tools/models/quantized_table.h): mapped
  /// from the file when it has them (what `prepare` writes from
  /// kQuantizedFrom items), else built on the first call (64 MB and about a
  /// second at 10^6 items: a file written before the codes were, or a
  /// catalog too small to be given them) and kept with the model, shared by
  /// its copies. Thread-safe.
  const QuantizedTable& codes() const;
  /// Whether codes() is the file's, mapped at load: nothing to build.
  bool codes_mapped() const { return codes_mapped_; }

 private:
  struct Owned;
  struct LazyCodes {
    std::once_flag once;
    std::shared_ptr<const QuantizedTable> table;  // set at load when mapped, else by the first codes()
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
  bool codes_mapped_ = false;
};

}  // namespace interec
