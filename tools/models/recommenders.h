// The recommender models by name, as the offline evaluation compares them
// and `interec train` retrains them, with their hyper-parameters.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "storage/interactions.h"
#include "tools/models/item_knn.h"
#include "tools/models/mf.h"
#include "tools/models/recommender.h"
#include "tools/models/sasrec.h"
#include "tools/models/train_progress.h"

namespace interec {

class CliArgs;

/// In increasing order of expected quality: popularity, itemcf, mf, sasrec.
const std::vector<std::string>& recommender_names();

/// "item_knn" (the file name) -> "itemcf"; other names unchanged.
std::string canonical_model_name(const std::string& name);

struct ModelOptions {
  ItemKnnOptions itemcf;
  MfOptions mf;
  SasRecOptions sasrec;
};

/// Trains model `name` (one of recommender_names(), or "item_knn") on
/// `interactions`; std::invalid_argument for an unknown name.
std::unique_ptr<Recommender> train_recommender(const std::string& name, const Interactions& interactions,
                                               size_t n_items, const ModelOptions& options,
                                               const TrainProgress& progress = {});

/// The command-line options model_options() reads (without the dashes):
/// --seed --threads; --neighbours; --factors --iterations --alpha --reg;
/// --epochs --dim --blocks --max-len --dropout --lr --batch.
const std::set<std::string>& model_option_names();
/// Defaults overridden by the options given; UsageError for a bad value.
ModelOptions model_options(const CliArgs& args);

}  // namespace interec
