#include "tools/models/dialog_blend.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "tools/eval/dialogue_split.h"
#include "tools/eval/metrics.h"

namespace interec {
namespace {

constexpr size_t kDialogValidationK = 10;

// knn similarity to the seeds over the catalog, scaled to a maximum of 1.
std::vector<double> knn_scores(const ItemKnn& knn, const std::vector<ItemIndex>& seeds) {
  std::vector<double> out(knn.items(), 0.0);
  for (ItemIndex s : seeds) {
    if (s < 0 || static_cast<size_t>(s) >= knn.items()) continue;
    const auto nb = knn.neighbours(s);
    const auto sim = knn.similarities(s);
    for (size_t k = 0; k < nb.size(); ++k) out[nb[k]] += sim[k];
  }
  const double top = out.empty() ? 0.0 : *std::max_element(out.begin(), out.end());
  if (top > 0)
    for (double& x : out) x /= top;
  return out;
}

}  // namespace

void add_dialog_scores(const std::vector<ItemIndex>& items, const std::unordered_map<ItemIndex, double>& dialog,
                       double weight, std::vector<double>& out) {
  if (dialog.empty() || weight == 0) return;
  // Few items score: look each item up once.
  std::vector<std::pair<size_t, double>> hits;
  double top = 0;
  for (size_t k = 0; k < items.size(); ++k)
    if (const auto it = dialog.find(items[k]); it != dialog.end() && it->second > 0) {
      hits.emplace_back(k, it->second);
      top = std::max(top, it->second);
    }
  if (top <= 0) return;
  const double scale = weight / top;
  for (const auto& [k, v] : hits) out[k] += scale * v;
}

DialogWeight choose_dialog_weight(const ItemKnn& knn, const std::vector<float>& popularity,
                                  const DialogModel& model, const std::vector<DialogueReplay>& calibration) {
  constexpr size_t kWeights = std::size(kDialogWeights);
  const size_t n = knn.items();
  std::vector<ItemIndex> all(n);
  std::iota(all.begin(), all.end(), ItemIndex{0});
  std::vector<double> hits(kWeights, 0.0), score(n);
  std::vector<bool> skip(n, false);
  auto pop = [&](size_t i) { return i < popularity.size() ? popularity[i] : 0.0f; };
  DialogWeight out;
  for (const DialogueReplay& r : calibration) {
    std::vector<ItemIndex> named;
    for (const ReplayTurn& turn : r.turns) {
      for (ItemIndex i : turn.named)
        if (std::find(named.begin(), named.end(), i) == named.end()) named.push_back(i);
      if (turn.truth.empty() || named.empty()) continue;
      const std::vector<double> base = knn_scores(knn, named);
      std::vector<std::pair<ItemIndex, double>> seeds;
      for (ItemIndex i : named) seeds.emplace_back(i, 1.0);
      const auto dialog = model.scores(seeds);
      for (ItemIndex i : turn.mentioned) skip[i] = true;
      for (size_t w = 0; w < kWeights; ++w) {
        score = base;
        add_dialog_scores(all, dialog, kDialogWeights[w], score);
        for (ItemIndex t : turn.truth) {
          size_t above = 0;  // equal scores: the more popular first; then ties count against the truth
          for (size_t i = 0; i < n && above < kDialogValidationK; ++i)
            if (!skip[i] && static_cast<ItemIndex>(i) != t &&
                (score[i] > score[t] || (score[i] == score[t] && pop(i) >= pop(t))))
              ++above;
          hits[w] += hit_at(above, kDialogValidationK);
        }
      }
      out.samples += turn.truth.size();
      for (ItemIndex i : turn.mentioned) skip[i] = false;
    }
  }
  if (out.samples < kMinCalibrationSamples) {
    out.weight = kUncalibratedDialogWeight;
    return out;
  }
  out.calibrated = true;
  double best = 0;
  for (size_t w = 0; w < kWeights; ++w) {
    const double hr = hits[w] / static_cast<double>(out.samples);
    out.tried.emplace_back(kDialogWeights[w], hr);
    best = std::max(best, hr);
  }
  // One standard error: noise on a few hundred samples must not buy weight.
  const double se = std::sqrt(best * (1 - best) / static_cast<double>(out.samples));
  for (const auto& [w, hr] : out.tried)
    if (hr >= best - se) {
      out.weight = w;
      break;
    }
  return out;
}

DialogModel train_dialog_model(const std::vector<Dialogue>& dialogues, const MentionMap& map, const ItemKnn& knn,
                               const std::vector<float>& popularity, const DialogModelOptions& options) {
  const size_t n_items = knn.items();
  std::vector<Dialogue> fit;
  std::vector<DialogueReplay> calibration;
  for (const Dialogue& d : dialogues) {
    if (in_calibration_part(d.id)) calibration.push_back(replay_dialogue(d, map));
    else fit.push_back(d);
  }
  const DialogModel partial = DialogModel::train(fit, map, n_items, options);
  DialogModel model = DialogModel::train(dialogues, map, n_items, options);
  model.set_weight(choose_dialog_weight(knn, popularity, partial, calibration));
  return model;
}

}  // namespace interec
