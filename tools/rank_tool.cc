#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_set>

#include "tools/tool_impls.h"
#include "tools/tool_util.h"

namespace interec {

RankTool::RankTool(std::shared_ptr<const Toolbox> box)
    : box_(std::move(box)), acc_(box_->dataset->catalog->size(), 0.0) {}

ToolOutput RankTool::run(const Bus& bus, const nlohmann::json& input, const UserContext& user) {
  if (!input.is_object() && !input.is_null())
    tool_util::fail(name(), "input must be {\"schema\": \"preference\"|\"similarity\"|\"popularity\", "
                            "\"prefer\": [names], \"unwanted\": [names]}");
  std::string schema = "preference";
  std::vector<std::string> prefer_names, unwanted_names;
  if (input.is_object()) {
    tool_util::check_keys(input, name(), {"schema", "prefer", "unwanted"});
    if (auto it = input.find("schema"); it != input.end() && !it->is_null()) {
      if (!it->is_string()) tool_util::fail(name(), "\"schema\" must be \"preference\", \"similarity\" or \"popularity\"");
      schema = it->get<std::string>();
    }
    if (auto it = input.find("prefer"); it != input.end()) prefer_names = tool_util::names(*it, name(), "prefer");
    if (auto it = input.find("unwanted"); it != input.end()) unwanted_names = tool_util::names(*it, name(), "unwanted");
  }
  if (schema != "preference" && schema != "similarity" && schema != "popularity")
    tool_util::fail(name(), "unknown schema \"" + schema + "\" (schemas: preference, similarity, popularity)");

  const Toolbox& box = *box_;
  const size_t n = box.dataset->catalog->size();
  const tool_util::Resolved prefer = tool_util::resolve(box, prefer_names);
  const tool_util::Resolved unwanted = tool_util::resolve(box, unwanted_names);
  std::unordered_set<ItemIndex> unwanted_set(unwanted.items.begin(), unwanted.items.end());

  // The bus, explicit, without the unwanted items.
  std::vector<ItemIndex> items;
  std::vector<float> in_scores;
  if (bus.all) {
    items.reserve(n);
    for (size_t i = 0; i < n; ++i)
      if (!unwanted_set.count(static_cast<ItemIndex>(i))) items.push_back(static_cast<ItemIndex>(i));
  } else {
    const bool scored = !bus.scores.empty() && bus.scores.size() == bus.items.size();
    for (size_t k = 0; k < bus.items.size(); ++k) {
      const ItemIndex i = bus.items[k];
      if (i < 0 || static_cast<size_t>(i) >= n || unwanted_set.count(i)) continue;
      items.push_back(i);
      if (scored) in_scores.push_back(bus.scores[k]);
    }
  }
  const bool has_scores = !in_scores.empty();

  // Preference seeds: recent history (decaying), liked and preferred items.
  std::vector<std::pair<ItemIndex, double>> seeds;
  if (schema == "preference") {
    const size_t h = user.history.size();
    const size_t from = h > kRecentHistory ? h - kRecentHistory : 0;
    for (size_t k = from; k < h; ++k)
      seeds.emplace_back(user.history[k], std::pow(0.5, static_cast<double>(h - 1 - k) / kHistoryHalfLife));
    for (ItemIndex i : user.liked) seeds.emplace_back(i, 1.0);
    for (ItemIndex i : prefer.items) seeds.emplace_back(i, 1.0);
    if (seeds.empty() && !has_scores) schema = "popularity";
  }
  if (schema == "similarity" && !has_scores) schema = "popularity";

  std::vector<double> final(items.size());
  if (schema == "popularity") {
    for (size_t k = 0; k < items.size(); ++k) final[k] = tool_util::popularity(box, items[k]);
  } else if (schema == "similarity") {
    for (size_t k = 0; k < items.size(); ++k) final[k] = in_scores[k];
  } else {
    // Bus scores scaled to [0, 1], plus the preference scaled to [0, 1]
    // (with the model: plus its calibrated popularity prior, see
    // tools/models/popularity_blend.h), plus a tiny popularity tie-break. The preference comes from the best
    // trained model given the history, then liked and `prefer` items as the
    // latest intent; without one, from kNN affinity to the weighted seeds.
    double pmin = 0, pmax = 0;
    double blend = 0;  // popularity prior: only beside a model, which was calibrated with it
    std::unordered_set<ItemIndex> seed_items;
    if (const Recommender* model = box.preference_model(); model && !seeds.empty()) {
      std::vector<ItemIndex> sequence = user.history;
      sequence.insert(sequence.end(), user.liked.begin(), user.liked.end());
      sequence.insert(sequence.end(), prefer.items.begin(), prefer.items.end());
      model->score(sequence, model_scores_);
      // `prefer` items describe the taste, they are not its answer (a model
      // scores them highest): they rank below every other item, as with kNN.
      seed_items.insert(prefer.items.begin(), prefer.items.end());
      blend = box.popularity_blend.weight_for(box.preference_model_name());
      bool first = true;
      for (size_t k = 0; k < items.size(); ++k) {
        if (seed_items.count(items[k])) continue;
        final[k] = model_scores_[items[k]];
        pmin = first ? final[k] : std::min(pmin, final[k]);
        pmax = first ? final[k] : std::max(pmax, final[k]);
        first = false;
      }
      for (size_t k = 0; k < items.size(); ++k)
        if (seed_items.count(items[k])) final[k] = pmin;
    } else {
      touched_.clear();
      for (const auto& [i, w] : seeds) tool_util::add_neighbours(box, i, w, acc_, touched_);
      for (size_t k = 0; k < items.size(); ++k) {
        final[k] = acc_[items[k]];
        pmax = std::max(pmax, final[k]);
      }
      for (ItemIndex j : touched_) acc_[j] = 0.0;
    }
    const double pscale = pmax > pmin ? 1.0 / (pmax - pmin) : 0.0;
    for (size_t k = 0; k < items.size(); ++k) final[k] = (final[k] - pmin) * pscale;
    add_popularity_prior(items, box.popularity.counts, blend, final);
    for (size_t k = 0; k < items.size() && !seed_items.empty(); ++k)
      if (seed_items.count(items[k])) final[k] = -1.0;
    double smin = 0, smax = 0;
    if (has_scores) {
      auto [lo, hi] = std::minmax_element(in_scores.begin(), in_scores.end());
      smin = *lo;
      smax = *hi;
    }
    const double sscale = smax > smin ? 1.0 / (smax - smin) : 0.0;
    for (size_t k = 0; k < items.size(); ++k) {
      double s = final[k];
      if (has_scores) s += (in_scores[k] - smin) * sscale;
      s += 1e-6 * std::log1p(tool_util::popularity(box, items[k]));
      final[k] = s;
    }
  }

  std::vector<uint32_t> order(items.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (final[a] != final[b]) return final[a] > final[b];
    return tool_util::popularity(box, items[a]) > tool_util::popularity(box, items[b]);
  });
  ToolOutput out;
  out.bus.all = false;
  out.bus.items.resize(items.size());
  out.bus.scores.resize(items.size());
  for (size_t k = 0; k < order.size(); ++k) {
    out.bus.items[k] = items[order[k]];
    out.bus.scores[k] = static_cast<float>(final[order[k]]);
  }
  std::vector<std::string> missing = prefer.missing;
  missing.insert(missing.end(), unwanted.missing.begin(), unwanted.missing.end());
  if (!missing.empty()) out.text = "not found: " + tool_util::join(missing);
  return out;
}

}  // namespace interec
