// How much `rank` (schema "preference") adds an item's popularity to the
// preference model's score. The right amount depends on the domain: with
// dense ratings (MovieLens) the model alone ranks best, while in a sparse
// domain (a couple of games per user) popularity predicts far better than a
// factor model trained on so little. So the weight is not a constant: it is
// chosen on a validation split whenever the preference model is trained
// (`prepare`, `train --model mf`, the held-out models of `eval simulate`).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "storage/catalog.h"
#include "storage/interactions.h"
#include "tools/models/mf.h"
#include "tools/models/recommender.h"

namespace interec {

struct LeaveOneOut;

/// The weights tried, smallest first; 0 is the model alone.
inline constexpr double kPopularityBlendWeights[] = {0, 0.1, 0.25, 0.5, 1, 2, 4, 8};

struct PopularityBlend {
  /// The model the weight was chosen for ("mf", "sasrec", "item_knn"): the
  /// weight applies only while that model is the preference model.
  std::string model;
  /// The preference of item i among candidates C is
  ///   (m_i - min_C m) / (max_C m - min_C m) + weight * log1p(n_i) / max_C log1p(n)
  /// with m the model's score and n the interaction counts. Default 0.
  double weight = 0;
  /// Validation HR@10 (over the catalog) of each weight tried, for the record.
  std::vector<std::pair<double, double>> tried;
  size_t validation_users = 0;

  /// The weight for `preference_model`: `weight` when it is `model`, else 0.
  double weight_for(const std::string& preference_model) const {
    return preference_model == model ? weight : 0.0;
  }

  /// JSON, written atomically; `fingerprint` ties it to the dataset.
  /// Throws ModelError naming the path.
  void save(const std::string& path, uint64_t fingerprint) const;
  /// Throws ModelError naming the path when the file is unreadable, not
  /// this format, or made for other data (fingerprint, non-zero, differs).
  static PopularityBlend load(const std::string& path, uint64_t fingerprint);
};

/// Adds weight * log1p(counts[items[k]]) / max_k log1p(counts[items[k]]) to
/// out[k] (out has one entry per item). The one place the formula lives:
/// `rank` and the calibration both call it.
void add_popularity_prior(const std::vector<ItemIndex>& items, const std::vector<float>& counts,
                          double weight, std::vector<double>& out);

/// Chooses the weight with the best HR@10 of each case's validation item
/// over the catalog minus the user's training items, `model` having been
/// trained on split.train only and `counts` counted on it: the smallest
/// weight whose HR@10 is within one standard error of the best (noise on a
/// small validation set must not buy popularity). At most `max_users`
/// cases, a fixed-seed sample.
PopularityBlend choose_popularity_blend(const Recommender& model, const std::string& model_name,
                                        const LeaveOneOut& split, const std::vector<float>& counts,
                                        size_t n_items, size_t max_users = 2000, uint64_t seed = 42);

/// Splits `all` (leave-one-out), trains mf with `options` on the training
/// part and chooses the weight for "mf" on a sample of validation users
/// (2,000, fewer above 10^5 items: at most ~2*10^8 user-item scores).
PopularityBlend calibrate_mf_blend(const Interactions& all, size_t n_items, const MfOptions& options = {});

/// mf over `all` and its blend, for about one and a third trainings instead
/// of two: mf is trained on the validation split's training part
/// (options.iterations), the weight chosen with that model as
/// calibrate_mf_blend does, and the model over `all` continues from its
/// factors for kMfWarmIterations (the split holds ~90% of the rows, so ALS
/// starts near its fixed point; tests/tools/training_at_scale_test.cc checks the
/// offline quality on ML-100K against a cold training).
struct MfAndBlend {
  Mf model;
  PopularityBlend blend;
};
inline constexpr size_t kMfWarmIterations = 4;
MfAndBlend train_mf_and_blend(const Interactions& all, size_t n_items, const MfOptions& options = {},
                              const TrainProgress& progress = {});

}  // namespace interec
