// Everything the tools share read-only: the dataset and the trained models.
#pragma once

#include <memory>
#include <string>

#include "storage/column_facts.h"
#include "storage/dataset.h"
#include "storage/item_names.h"
#include "storage/title_index.h"
#include "tools/models/dialog_model.h"
#include "tools/models/item_knn.h"
#include "tools/models/mf.h"
#include "tools/models/popularity_blend.h"
#include "tools/models/popularity.h"
#include "tools/models/sasrec.h"
#include "tools/models/stance_model.h"
#include "tools/models/text_model.h"
#include "tools/models/vector_index.h"

namespace interec {

struct Toolbox {
  std::shared_ptr<const Dataset> dataset;
  std::shared_ptr<const TitleIndex> titles;
  /// Every name of every item, for the rules brain (names.idx mapped, else
  /// built: storage/item_names.h).
  std::shared_ptr<const ItemNames> names;
  /// Every column's values and counts, sorted numbers, for the rules
  /// brain's vocabulary (columns.idx mapped, else counted:
  /// storage/column_facts.h).
  std::shared_ptr<const ColumnFacts> column_facts;
  Popularity popularity;
  /// Every item, most popular first (ties: lower index first): the order of
  /// an unscored bus of the whole catalog, without sorting it every turn.
  std::vector<ItemIndex> by_popularity;
  ItemKnn item_knn;
  // Optional models: null when their file is absent (a present file that is
  // foreign or corrupt is still an error).
  std::shared_ptr<const Mf> mf;
  std::shared_ptr<const SasRec> sasrec;
  std::shared_ptr<const TextModel> text;
  /// The approximate neighbour index over the text model's vectors
  /// (models/text.ivf, tools/models/vector_index.h): written by `prepare`
  /// for catalogs of VectorIndexOptions::min_items items or more, mapped at
  /// start; null below that size or without the file (exact scans then).
  std::shared_ptr<const VectorIndex> text_index;
  /// Item-item relations learned from dialogues (models/dialog.bin, `train
  /// --model dialog`), added by `soft_filter` and `rank` with its weight.
  std::shared_ptr<const DialogModel> dialog;
  /// The stance toward a named item learned from dialogues
  /// (models/stance.bin, `train --model stance`), read by the rules brain.
  std::shared_ptr<const StanceModel> stance;
  /// How much popularity `rank` adds to the preference model's score
  /// (models/popularity_blend.json; weight 0 when absent).
  PopularityBlend popularity_blend;

  /// Opens a prepared dataset folder and its models. Throws with a message
  /// naming the missing or broken file.
  static std::shared_ptr<const Toolbox> open(const std::string& dir);

  /// The best trained model for ranking by a user's items: sasrec, else mf;
  /// null when neither was trained.
  const Recommender* preference_model() const;
  /// Its name: "sasrec", "mf", or "item_knn" when neither was trained.
  std::string preference_model_name() const;
};

}  // namespace interec
