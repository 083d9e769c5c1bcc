// Everything the tools share read-only: the dataset and the trained models.
#pragma once

#include <memory>
#include <string>

#include "storage/dataset.h"
#include "storage/title_index.h"
#include "tools/models/item_knn.h"
#include "tools/models/popularity.h"

namespace interec {

struct Toolbox {
  std::shared_ptr<const Dataset> dataset;
  std::shared_ptr<const TitleIndex> titles;
  Popularity popularity;
  ItemKnn item_knn;

  /// Opens a prepared dataset folder and its models. Throws with a message
  /// naming the missing or broken file.
  static std::shared_ptr<const Toolbox> open(const std::string& dir);
};

/// Trains the models `prepare` ships by default and writes them under
/// DIR/models/. `progress` may be empty.
void train_default_models(const Dataset& dataset,
                          const std::function<void(const std::string&)>& progress);

}  // namespace interec
