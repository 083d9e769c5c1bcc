// How much `rank` and `soft_filter` add the dialog model's scores
// (dialog_model.h) to the rating-based similarity, and how that weight is
// chosen: like the popularity prior (popularity_blend.h), on held-out data
// with the one-standard-error rule — here held-out dialogues, the
// calibration part of the training dialogues (tools/eval/dialogue_split.h).
#pragma once

#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storage/dialogue.h"
#include "storage/mention_map.h"
#include "tools/eval/dialogue_replay.h"
#include "tools/models/dialog_model.h"
#include "tools/models/item_knn.h"

namespace interec {

/// The weights tried, smallest first; 0 is the rating similarity alone.
inline constexpr double kDialogWeights[] = {0, 0.1, 0.25, 0.5, 1, 2, 4, 8};
/// Below this many calibration samples no weight can be told from another:
/// the model then gets kUncalibratedDialogWeight (equal footing), since a
/// deployment that trains on its own few conversations wants them used.
inline constexpr size_t kMinCalibrationSamples = 50;
inline constexpr double kUncalibratedDialogWeight = 1.0;

/// The one place the formula lives (soft_filter, rank, the calibration,
/// eval's item_knn+dialog): adds weight * dialog[items[k]] / max_k
/// dialog[items[k]] to out[k] (`dialog` from DialogModel::scores; absent
/// items score 0). Callers scale their own scores to a maximum of 1 over
/// the same items.
void add_dialog_scores(const std::vector<ItemIndex>& items, const std::unordered_map<ItemIndex, double>& dialog,
                       double weight, std::vector<double>& out);

/// Chooses the weight for `model` beside `knn`: for every turn of the
/// `calibration` replays with a truth and movies the seeker named so far,
/// each truth movie's rank (HR@10, over the catalog minus the movies named
/// before) by knn-similarity-to-the-seeker's-movies (scaled to a maximum of
/// 1) + w * dialog scores, ties by `popularity` (interaction counts), as
/// `rank` breaks them; the smallest w within one standard error of the
/// best. Fewer than kMinCalibrationSamples samples: kUncalibratedDialogWeight.
DialogWeight choose_dialog_weight(const ItemKnn& knn, const std::vector<float>& popularity,
                                  const DialogModel& model, const std::vector<DialogueReplay>& calibration);

/// What `train --model dialog` does: the weight chosen with a model trained
/// on `dialogues` outside the calibration part, on that part; then the
/// model trained on every dialogue, with that weight.
DialogModel train_dialog_model(const std::vector<Dialogue>& dialogues, const MentionMap& map, const ItemKnn& knn,
                               const std::vector<float>& popularity, const DialogModelOptions& options = {});

}  // namespace interec
