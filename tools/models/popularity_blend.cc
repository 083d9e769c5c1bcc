#include "tools/models/popularity_blend.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <numeric>
#include <random>

#include <nlohmann/json.hpp>

#include "tools/eval/metrics.h"
#include "tools/eval/split.h"
#include "tools/models/model_file.h"
#include "tools/models/parallel.h"
#include "tools/models/popularity.h"

namespace interec {
namespace {

constexpr const char* kFormat = "interec.popularity_blend";
constexpr int kBlendVersion = 1;
constexpr size_t kBlendValidationK = 10;

// The blend a parsed file holds; `bad` makes the error naming the file.
PopularityBlend blend_of(const nlohmann::json& doc, uint64_t fingerprint,
                         const std::function<ModelError(const std::string&)>& bad) {
  if (!doc.is_object() || doc.value("format", std::string()) != kFormat) throw bad("not a popularity blend file");
  if (doc.value("version", 0) != kBlendVersion) throw bad("unknown version");
  const auto fp = doc.find("fingerprint");
  if (fp == doc.end() || !fp->is_string()) throw bad("no fingerprint");
  if (fingerprint != 0 && fp->get<std::string>() != std::to_string(fingerprint))
    throw bad("made for other data");
  PopularityBlend b;
  const auto model = doc.find("model");
  const auto weight = doc.find("weight");
  if (model == doc.end() || !model->is_string() || weight == doc.end() || !weight->is_number())
    throw bad("no model or weight");
  b.model = model->get<std::string>();
  b.weight = weight->get<double>();
  if (!std::isfinite(b.weight) || b.weight < 0) throw bad("the weight must be a non-negative number");
  b.validation_users = doc.value("validation_users", size_t{0});
  if (auto t = doc.find("tried"); t != doc.end() && t->is_array())
    for (const auto& e : *t)
      if (e.is_object() && e.contains("weight") && e.contains("hr@10") && e["weight"].is_number() &&
          e["hr@10"].is_number())
        b.tried.emplace_back(e["weight"].get<double>(), e["hr@10"].get<double>());
  return b;
}

}  // namespace

void PopularityBlend::save(const std::string& path, uint64_t fingerprint) const {
  nlohmann::json tried_json = nlohmann::json::array();
  for (const auto& [w, hr] : tried) tried_json.push_back({{"weight", w}, {"hr@10", hr}});
  const nlohmann::json doc{{"format", kFormat},
                           {"version", kBlendVersion},
                           {"fingerprint", std::to_string(fingerprint)},
                           {"model", model},
                           {"weight", weight},
                           {"validation_users", validation_users},
                           {"tried", tried_json}};
  write_model_file(path, [&](std::ostream& out) { out << doc.dump(2) << "\n"; });
}

PopularityBlend PopularityBlend::load(const std::string& path, uint64_t fingerprint) {
  std::ifstream in(path);
  if (!in) throw ModelError(path + ": cannot read");
  const auto doc = nlohmann::json::parse(in, nullptr, false);
  auto bad = [&](const std::string& why) { return ModelError(path + ": " + why + "; run `interec prepare` again"); };
  try {
    return blend_of(doc, fingerprint, bad);
  } catch (const nlohmann::json::exception&) {  // a field of the wrong type
    throw bad("a field has the wrong type");
  }
}

void add_popularity_prior(const std::vector<ItemIndex>& items, const std::vector<float>& counts,
                          double weight, std::vector<double>& out) {
  if (weight == 0) return;
  auto log_count = [&](ItemIndex i) {
    return static_cast<size_t>(i) < counts.size() ? std::log1p(static_cast<double>(counts[i])) : 0.0;
  };
  double top = 0;
  for (ItemIndex i : items) top = std::max(top, log_count(i));
  if (top <= 0) return;
  const double scale = weight / top;
  for (size_t k = 0; k < items.size(); ++k) out[k] += scale * log_count(items[k]);
}

PopularityBlend choose_popularity_blend(const Recommender& model, const std::string& model_name,
                                        const LeaveOneOut& split, const std::vector<float>& counts,
                                        size_t n_items, size_t max_users, uint64_t seed) {
  constexpr size_t kWeights = std::size(kPopularityBlendWeights);
  std::vector<size_t> cases(split.cases.size());
  std::iota(cases.begin(), cases.end(), size_t{0});
  if (cases.size() > max_users) {
    std::mt19937_64 rng(seed);
    std::shuffle(cases.begin(), cases.end(), rng);
    cases.resize(max_users);
  }
  // The prior of every item (over the whole catalog, as candidates).
  std::vector<ItemIndex> all(n_items);
  std::iota(all.begin(), all.end(), ItemIndex{0});
  std::vector<double> prior(n_items, 0.0);
  add_popularity_prior(all, counts, 1.0, prior);

  const size_t threads = thread_count(0);
  std::vector<std::vector<double>> hits(threads, std::vector<double>(kWeights, 0.0));
  parallel_for(cases.size(), threads, [&](size_t begin, size_t end, size_t t) {
    std::vector<float> scores;
    std::vector<double> scaled(n_items);
    std::vector<bool> skip(n_items, false);
    for (size_t c = begin; c < end; ++c) {
      const LeaveOneOut::Case& cs = split.cases[cases[c]];
      const auto train = split.train.items(cs.user);
      const std::vector<ItemIndex> input(train.begin(), train.end());
      model.score(input, scores);
      for (ItemIndex i : input) skip[i] = true;
      double lo = 0, hi = 0;
      bool first = true;
      for (size_t i = 0; i < n_items; ++i) {
        if (skip[i]) continue;
        lo = first ? scores[i] : std::min<double>(lo, scores[i]);
        hi = first ? scores[i] : std::max<double>(hi, scores[i]);
        first = false;
      }
      const double scale = hi > lo ? 1.0 / (hi - lo) : 0.0;
      for (size_t i = 0; i < n_items; ++i) scaled[i] = (scores[i] - lo) * scale;
      for (size_t w = 0; w < kWeights; ++w) {
        const double weight = kPopularityBlendWeights[w];
        const double target = scaled[cs.valid] + weight * prior[cs.valid];
        size_t above = 0;  // ties count against the target, as in the offline evaluation
        for (size_t i = 0; i < n_items && above < kBlendValidationK; ++i)
          if (!skip[i] && static_cast<ItemIndex>(i) != cs.valid && scaled[i] + weight * prior[i] >= target) ++above;
        hits[t][w] += hit_at(above, kBlendValidationK);
      }
      for (ItemIndex i : input) skip[i] = false;
    }
  });
  PopularityBlend out;
  out.model = model_name;
  out.validation_users = cases.size();
  double best = 0;
  for (size_t w = 0; w < kWeights; ++w) {
    double h = 0;
    for (const auto& part : hits) h += part[w];
    const double hr = cases.empty() ? 0.0 : h / static_cast<double>(cases.size());
    out.tried.emplace_back(kPopularityBlendWeights[w], hr);
    best = std::max(best, hr);
  }
  // The one-standard-error rule: the smallest weight within one standard
  // error of the best, so sampling noise on a small validation set does not
  // trade the model's personalisation for popularity.
  const double se = cases.empty() ? 0.0 : std::sqrt(best * (1 - best) / static_cast<double>(cases.size()));
  for (const auto& [weight, hr] : out.tried)
    if (hr >= best - se) {
      out.weight = weight;
      break;
    }
  return out;
}

namespace {

// Each validation user costs a scoring of the whole catalog and a pass per
// weight: at most ~2*10^8 (user, item) pairs keeps this a fraction of
// training (2,000 users up to 10^5 items, 200 at 10^6) instead of dominating
// `prepare` (14 of 22 minutes at 10^6 items with 2,000 users).
size_t blend_users(size_t n_items) {
  constexpr size_t kPairs = 200'000'000;
  return std::clamp<size_t>(kPairs / std::max<size_t>(n_items, 1), 200, 2000);
}

}  // namespace

PopularityBlend calibrate_mf_blend(const Interactions& all, size_t n_items, const MfOptions& options) {
  const LeaveOneOut split = LeaveOneOut::split(all);
  const Mf model = Mf::train(split.train, n_items, options);
  const Popularity counts = Popularity::train(split.train, n_items);
  return choose_popularity_blend(model, "mf", split, counts.counts, n_items, blend_users(n_items));
}

MfAndBlend train_mf_and_blend(const Interactions& all, size_t n_items, const MfOptions& options,
                              const TrainProgress& progress) {
  const LeaveOneOut split = LeaveOneOut::split(all);
  // Steps of the progress bar: the split's iterations, then the warm ones.
  const size_t steps = options.iterations + kMfWarmIterations;
  TrainProgress split_progress, warm_progress;
  if (progress) {
    split_progress = [&](const std::string& what, size_t done, size_t) { progress(what, done, steps); };
    warm_progress = [&](const std::string& what, size_t done, size_t) {
      progress(what, options.iterations + done, steps);
    };
  }
  Mf::Factors factors = Mf::train_factors(split.train, n_items, options, split_progress);
  PopularityBlend blend;
  {
    const Mf split_model = Mf::from_factors(factors.items, options);
    const Popularity counts = Popularity::train(split.train, n_items);
    blend = choose_popularity_blend(split_model, "mf", split, counts.counts, n_items, blend_users(n_items));
  }
  MfOptions warm = options;
  warm.iterations = kMfWarmIterations;
  factors = Mf::train_factors(all, n_items, warm, warm_progress, std::move(factors));
  return {Mf::from_factors(std::move(factors.items), options), std::move(blend)};
}

}  // namespace interec
