// Offline evaluation of a recommender on a leave-one-out split.
#pragma once

#include <cstdint>

#include "tools/eval/split.h"
#include "tools/models/recommender.h"
#include "tools/models/train_progress.h"

namespace interec {

struct EvalOptions {
  enum class Target { validation, test };
  /// validation: predict the validation item from the training items;
  /// test: predict the test item from the training + validation items.
  Target target = Target::test;
  size_t k = 10;
  size_t negatives = 100;  // of the sampled protocol
  uint64_t seed = 42;      // of the negatives, drawn per user
  size_t threads = 0;
};

struct EvalResult {
  size_t users = 0;
  double hr = 0, ndcg = 0;                  // over the catalog minus the user's input items
  double hr_sampled = 0, ndcg_sampled = 0;  // over the target + `negatives` items the user never had
};

/// The mean metrics over split.cases. The negatives depend only on the seed
/// and the user, so every model meets the same ones.
EvalResult evaluate(const Recommender& model, const LeaveOneOut& split, size_t n_items,
                    const EvalOptions& options, const TrainProgress& progress = {});

}  // namespace interec
