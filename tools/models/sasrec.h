// A sequential recommender in the style of SASRec (Kang & McAuley 2018):
// item + learned positional embeddings, causal single-head self-attention
// blocks (pre-layer-norm, residual, ReLU feed-forward, dropout), and the item
// embeddings again as the output layer. Trained with a softmax cross-entropy
// over the whole catalog at every position — far stronger than the paper's
// one-negative binary loss (Klenitskiy & Vasilev 2023; "Turning Dross Into
// Gold Loss", RecSys 2023) — by Adam. Forward and backward passes are written
// by hand with Eigen; a batch is split over std::threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "storage/interactions.h"
#include "tools/models/model_file.h"
#include "tools/models/recommender.h"
#include "tools/models/train_progress.h"

namespace interec {

struct SasRecOptions {
  size_t dim = 64;
  size_t blocks = 2;
  size_t max_len = 200;  // the last max_len items of a history are read
  float dropout = 0.2f;
  size_t epochs = 20;
  size_t batch = 32;  // sequences per Adam step
  float lr = 1e-3f;
  uint64_t seed = 42;
  size_t threads = 0;  // 0 = one per core; results are reproducible per thread count
};

class SasRec final : public Recommender {
 public:
  /// Parameters and gradients: aligned, so that Eigen's kernels take the same
  /// path on every run and training is bit-for-bit reproducible.
  using Floats = std::vector<float, Eigen::aligned_allocator<float>>;

  /// Random initial parameters (Xavier-uniform, layer norms at identity).
  static SasRec init(size_t n_items, const SasRecOptions& options);
  /// Trains on each user's last max_len + 1 items (users with at least 2).
  static SasRec train(const Interactions& interactions, size_t n_items, const SasRecOptions& options = {},
                      const TrainProgress& progress = {});
  /// ModelError naming the file when missing, corrupt or foreign.
  static SasRec load(const std::string& path, uint64_t fingerprint);
  void save(const std::string& path, uint64_t fingerprint) const;

  size_t items() const { return n_items_; }
  const SasRecOptions& options() const { return options_; }

  /// Scores from the output at the last of the latest max_len history items;
  /// an empty history scores every item 0.
  void score(const std::vector<ItemIndex>& history, std::vector<float>& scores) const override;

  /// Mean cross-entropy of predicting s[t+1] from s[0..t] at every position
  /// of the sequences' last max_len + 1 items, without dropout. With `grad`,
  /// also its gradient, one entry per parameters() entry.
  double loss(const std::vector<std::vector<ItemIndex>>& sequences, Floats* grad) const;
  /// Every parameter, flat (embeddings, positions, blocks, final norm; each
  /// tensor starts on a 64-byte boundary, the padding stays 0).
  Floats& parameters() { return params_; }

 private:
  SasRecOptions options_;
  size_t n_items_ = 0;
  Floats params_;
};

}  // namespace interec
