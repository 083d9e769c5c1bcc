#include "tools/models/dialog_model.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "tools/eval/dialogue_split.h"
#include "tools/models/binary_io.h"
#include "tools/models/model_file.h"

namespace interec {
namespace {

constexpr const char* kDialogKind = "dialog";
constexpr uint32_t kDialogVersion = 1;
constexpr uint64_t kMaxDialogues = uint64_t{1} << 32;

constexpr double kTogether = 1.0;
constexpr double kSuggestedFor = 2.0;
constexpr double kAccepted = 1.0;
constexpr double kAfterDislike = 0.25;

struct Movie {
  ItemIndex item;
  bool suggested;  // by the recommender; else the seeker named it
  int liked;       // 0 no, 1 yes, 2 or -1 unknown
};

// The dialogue's catalog movies with their roles.
std::vector<Movie> movies_of(const Dialogue& d, const MentionMap& map) {
  std::vector<int> first_by(d.mentions.size(), -1);  // 0 seeker, 1 recommender
  for (const auto& m : d.messages)
    for (size_t k : m.mentions)
      if (first_by[k] < 0) first_by[k] = m.speaker == Speaker::seeker ? 0 : 1;
  std::vector<Movie> out;
  for (size_t k = 0; k < d.mentions.size(); ++k) {
    const ItemIndex item = map.map(d.mentions[k].title).item;
    if (item < 0) continue;
    const Stance s = d.mentions[k].stance();
    const bool suggested = s.suggested >= 0 ? s.suggested == 1 : first_by[k] == 1;
    auto same = std::find_if(out.begin(), out.end(), [&](const Movie& m) { return m.item == item; });
    if (same == out.end()) out.push_back({item, suggested, s.liked});
  }
  return out;
}

double evidence(const Movie& a, const Movie& b) {
  double w = kTogether;
  if (!a.suggested && b.suggested) w += kSuggestedFor;
  if (b.suggested && b.liked == 1) w += kAccepted;
  if (!a.suggested && a.liked == 0) w *= kAfterDislike;
  return w;
}

}  // namespace

DialogModel DialogModel::train(const std::vector<Dialogue>& dialogues, const MentionMap& map, size_t n_items,
                               const DialogModelOptions& options) {
  DialogModel m;
  m.options_ = options;
  std::vector<std::unordered_map<ItemIndex, double>> pairs(n_items);
  std::vector<double> count(n_items, 0.0);
  for (const Dialogue& d : dialogues) {
    m.trained_.push_back(dialogue_hash(d.id));
    const std::vector<Movie> movies = movies_of(d, map);
    for (const Movie& a : movies) {
      if (static_cast<size_t>(a.item) >= n_items) continue;
      count[a.item] += 1;
      for (const Movie& b : movies)
        if (b.item != a.item && static_cast<size_t>(b.item) < n_items) pairs[a.item][b.item] += evidence(a, b);
    }
  }
  std::sort(m.trained_.begin(), m.trained_.end());
  m.trained_.erase(std::unique(m.trained_.begin(), m.trained_.end()), m.trained_.end());
  std::vector<std::pair<float, ItemIndex>> cand;
  for (size_t a = 0; a < n_items; ++a) {
    cand.clear();
    for (const auto& [b, w] : pairs[a])
      cand.emplace_back(static_cast<float>(w / std::sqrt(count[a] * count[b])), b);
    m.lists_.add_item(cand, options.neighbours);
  }
  m.compute_prior();
  return m;
}

void DialogModel::compute_prior() {
  std::vector<double> sum(items(), 0.0);
  for (size_t a = 0; a < items(); ++a) {
    const auto nb = neighbours(static_cast<ItemIndex>(a));
    const auto sim = similarities(static_cast<ItemIndex>(a));
    for (size_t k = 0; k < nb.size(); ++k)
      if (nb[k] >= 0 && static_cast<size_t>(nb[k]) < sum.size()) sum[nb[k]] += sim[k];
  }
  const double top = sum.empty() ? 0.0 : *std::max_element(sum.begin(), sum.end());
  prior_.assign(sum.size(), 0.0f);
  if (top > 0)
    for (size_t i = 0; i < sum.size(); ++i) prior_[i] = static_cast<float>(sum[i] / top);
}

std::unordered_map<ItemIndex, double> DialogModel::scores(const std::vector<std::pair<ItemIndex, double>>& seeds) const {
  std::unordered_map<ItemIndex, double> out;
  for (const auto& [seed, w] : seeds) {
    if (seed < 0 || static_cast<size_t>(seed) >= items()) continue;
    const auto nb = neighbours(seed);
    const auto sim = similarities(seed);
    for (size_t k = 0; k < nb.size(); ++k) out[nb[k]] += w * sim[k];
  }
  return out;
}

bool DialogModel::trained_on(const std::string& conversation_id) const {
  return std::binary_search(trained_.begin(), trained_.end(), dialogue_hash(conversation_id));
}

void DialogModel::save(const std::string& path, uint64_t fingerprint) const {
  write_model_file(path, [&](std::ostream& out) {
    nlohmann::json tried = nlohmann::json::array();
    for (const auto& [w, hr] : weight_.tried) tried.push_back({{"weight", w}, {"hr@10", hr}});
    ModelHeader h;
    h.kind = kDialogKind;
    h.version = kDialogVersion;
    h.fingerprint = fingerprint;
    h.params = nlohmann::json{{"neighbours", options_.neighbours},
                              {"dialogues", trained_.size()},
                              {"weight", weight_.weight},
                              {"calibrated", weight_.calibrated},
                              {"calibration_samples", weight_.samples},
                              {"tried", tried}}
                 .dump();
    write_model_header(out, h);
    // The dialogue ids first: the neighbour lists check their size against
    // the end of the file.
    binio::write_pod(out, static_cast<uint64_t>(trained_.size()));
    binio::write_array(out, trained_);
    binio::write_pod(out, binio::hash_array(trained_, binio::kFnvOffset));
    lists_.write(out);
  });
}

DialogModel DialogModel::load(const std::string& path, uint64_t fingerprint) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError(path + ": missing or unreadable dialog model; run `interec train --model dialog`");
  const ModelHeader h = read_model_header(in, path, kDialogKind, kDialogVersion, fingerprint);
  DialogModel m;
  read_model_params(h, path, [&](const nlohmann::json& params) {
    m.options_.neighbours = params.at("neighbours").get<size_t>();
    m.weight_.weight = params.at("weight").get<double>();
    m.weight_.calibrated = params.at("calibrated").get<bool>();
    m.weight_.samples = params.at("calibration_samples").get<size_t>();
    for (const auto& t : params.at("tried")) m.weight_.tried.emplace_back(t.at("weight"), t.at("hr@10"));
  });
  if (!std::isfinite(m.weight_.weight) || m.weight_.weight < 0) throw ModelError(path + ": corrupt dialog weight");
  uint64_t n_ids = 0, sum = 0;
  if (!binio::read_pod(in, n_ids)) throw ModelError(path + ": truncated dialog model (dialogue ids)");
  const auto here = in.tellg();
  in.seekg(0, std::ios::end);
  const uint64_t remaining = static_cast<uint64_t>(in.tellg() - here);
  in.seekg(here);
  // Checked before anything is allocated.
  if (n_ids > kMaxDialogues || 8 * (n_ids + 1) > remaining || !binio::read_array(in, m.trained_, n_ids) ||
      !binio::read_pod(in, sum))
    throw ModelError(path + ": truncated dialog model (dialogue ids)");
  if (sum != binio::hash_array(m.trained_, binio::kFnvOffset) || !std::is_sorted(m.trained_.begin(), m.trained_.end()))
    throw ModelError(path + ": corrupt dialog model (dialogue ids)");
  m.lists_ = NeighbourLists::read(in, path, kDialogKind);
  m.compute_prior();
  return m;
}

}  // namespace interec
