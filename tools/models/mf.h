// Matrix factorisation for implicit feedback: alternating least squares with
// confidence 1 + alpha on consumed items (Hu, Koren, Volinsky 2008), each
// half-step solved approximately by a few conjugate-gradient steps warm-
// started from the previous factors (Takács, Pilászy, Tikk 2011). A user is
// scored by folding their history in (an exact least-squares solve against
// the item factors), so any history works, also one typed in a chat.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "storage/interactions.h"
#include "tools/models/model_file.h"
#include "tools/models/quantized_table.h"
#include "tools/models/recommender.h"
#include "tools/models/topk.h"
#include "tools/models/train_progress.h"

namespace interec {

struct MfOptions {
  size_t factors = 64;
  size_t iterations = 12;
  float alpha = 8.0f;  // confidence of a consumed item: 1 + alpha
  float reg = 2.0f;    // L2 on both factor matrices
  size_t cg_steps = 3;
  uint64_t seed = 42;
  size_t threads = 0;  // 0 = one per core; results do not depend on it
};

class Mf final : public Recommender {
 public:
  using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

  /// Both sides' factors: what training ends with and a warm start
  /// continues from.
  struct Factors {
    Matrix users, items;
  };

  static Mf train(const Interactions& interactions, size_t n_items, const MfOptions& options = {},
                  const TrainProgress& progress = {});
  /// options.iterations of ALS from `start` (users x factors and n_items x
  /// factors, as another training returned them) or, when `start` is empty,
  /// from the seeded random factors train() starts from.
  static Factors train_factors(const Interactions& interactions, size_t n_items, const MfOptions& options = {},
                               const TrainProgress& progress = {}, Factors start = {});
  /// The model of trained item factors (n_items x options.factors).
  static Mf from_factors(Matrix items, const MfOptions& options);
  /// Maps the file (mapped_model_file.h: the factors, their Gram matrix and
  /// 8-bit codes are used where they lie); a file of the version before
  /// (1) is read whole and the Gram matrix and codes computed, as then.
  /// ModelError naming the file when missing, corrupt or foreign.
  static Mf load(const std::string& path, uint64_t fingerprint);
  /// Writes the factors, the Gram matrix and (from kQuantizedFrom items) the
  /// 8-bit codes, and reads the file back whole (MappedModel::verify).
  void save(const std::string& path, uint64_t fingerprint) const;

  size_t items() const { return rows_; }
  const MfOptions& options() const { return options_; }
  /// Item factors, items x factors.
  Eigen::Map<const Matrix> item_factors() const {
    return {item_data_, static_cast<Eigen::Index>(rows_), static_cast<Eigen::Index>(cols_)};
  }

  void score(const std::vector<ItemIndex>& history, std::vector<float>& scores) const override;
  /// One dot product per item (not bit-for-bit score(): another summation order).
  void score_items(const std::vector<ItemIndex>& history, const std::vector<ItemIndex>& items,
                   std::vector<float>& out) const override;
  /// Exact: the catalog's item factors in blocks (top_k_inner_product); from
  /// kQuantizedFrom items, a scan of 8-bit codes that rescores in float
  /// every item it cannot rule out (QuantizedTable), a quarter of the bytes.
  std::vector<Scored> top_items(const std::vector<ItemIndex>& history, size_t k) const override;
  /// From kQuantizedFrom items: the 8-bit scan over `items` only.
  std::vector<Scored> top_items_among(const std::vector<ItemIndex>& history, const std::vector<ItemIndex>& items,
                                      size_t k) const override;
  /// From kQuantizedFrom items: the 8-bit scan of every row in order, the
  /// bit set as a mask.
  std::vector<Scored> top_items_in(const std::vector<ItemIndex>& history, const std::vector<uint64_t>& members,
                                   size_t k) const override;
  /// The k items whose factors are nearest to i's by cosine, i excluded.
  std::vector<Scored> similar(ItemIndex i, size_t k) const;
  /// Whether the 8-bit codes were mapped from the file (load() of a file
  /// that has them) rather than built from the factors: false below
  /// kQuantizedFrom items (no codes), after train(), or for a file of
  /// version 1.
  bool codes_mapped() const { return quantized_.mapped(); }

 private:
  /// Takes trained (or read) factors; computes the Gram matrix and codes.
  void own(Matrix items);
  static Mf load_stream(const std::string& path, uint64_t fingerprint);
  /// The user vector of a history: the least-squares solve against the items.
  Eigen::VectorXf fold_in(const std::vector<ItemIndex>& history) const;

  MfOptions options_;
  std::shared_ptr<const void> keep_;  // owns the factors: a Matrix or the mapped file (shared by copies)
  const float* item_data_ = nullptr;  // items x factors, row-major
  size_t rows_ = 0, cols_ = 0;
  QuantizedTable quantized_;  // empty below kQuantizedFrom items
  Eigen::MatrixXf gram_;      // itemsᵀ items + reg I, shared by every fold-in
};

}  // namespace interec
