#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "tools/models/dialog_blend.h"
#include "tools/tool_impls.h"
#include "tools/tool_util.h"

namespace interec {
namespace {

struct RankRequest {
  RankSchema schema = RankSchema::preference;
  tool_util::Resolved prefer, unwanted;
};

RankRequest resolve(const Toolbox& box, const RankStep& step) {
  RankRequest r;
  r.schema = step.schema;
  r.prefer = tool_util::resolve(box, step.prefer);
  r.unwanted = tool_util::resolve(box, step.unwanted);
  return r;
}

}  // namespace

RankTool::RankTool(std::shared_ptr<const Toolbox> box, LargeCatalogLimits limits)
    : box_(std::move(box)), limits_(limits), acc_(box_->dataset->catalog->size(), 0.0) {}

// The candidates: the bus without the unwanted items. A whole-catalog bus
// of a large catalog is not spelled out: `whole_` says so, and the schema
// picks its candidates (the items it could rank first) instead. A bit-set
// bus of a large catalog stays one (`masked_`, members_ without the
// unwanted items) unless it is small enough to be ranked as a list.
void RankTool::gather(const Bus& bus, const std::unordered_set<ItemIndex>& unwanted) {
  const size_t n = box_->dataset->catalog->size();
  items_.clear();
  in_scores_.clear();
  masked_ = false;
  whole_ = bus.all && n > limits_.exact_catalog;
  if (whole_) return;
  if (bus.all) {
    items_.reserve(n);
    for (size_t i = 0; i < n; ++i)
      if (!unwanted.count(static_cast<ItemIndex>(i))) items_.push_back(static_cast<ItemIndex>(i));
    return;
  }
  if (bus.masked()) {
    members_.assign(bus.members.begin(), bus.members.end());
    members_.resize((n + 63) / 64, 0);
    if (n % 64) members_.back() &= (uint64_t{1} << (n % 64)) - 1;  // no item at n or above
    for (ItemIndex i : unwanted)
      if (i >= 0 && static_cast<size_t>(i) < n) members_[static_cast<size_t>(i) / 64] &= ~(uint64_t{1} << (i % 64));
    masked_ = true;
    if (n <= limits_.exact_catalog || member_count(members_) <= limits_.min_best_of_bus) expand_members();
    return;
  }
  const bool scored = !bus.scores.empty() && bus.scores.size() == bus.items.size();
  items_.reserve(bus.items.size());
  for (size_t k = 0; k < bus.items.size(); ++k) {
    const ItemIndex i = bus.items[k];
    if (i < 0 || static_cast<size_t>(i) >= n || (!unwanted.empty() && unwanted.count(i))) continue;
    items_.push_back(i);
    if (scored) in_scores_.push_back(bus.scores[k]);
  }
}

void RankTool::expand_members() {
  if (!masked_) return;
  Bus listed = Bus::of_members(std::move(members_));
  listed.materialize(box_->dataset->catalog->size());
  items_ = std::move(listed.items);
  members_ = std::move(listed.members);  // keeps the memory for the next run
  masked_ = false;
}

// Adds the `count` most popular items that are not yet candidates (nor
// unwanted) to the candidates; with `within`, only items it holds (a bit per
// catalog item).
void RankTool::add_popular(size_t count, const std::unordered_set<ItemIndex>& unwanted,
                           const std::vector<uint64_t>* within) {
  std::unordered_set<ItemIndex> have(items_.begin(), items_.end());
  for (ItemIndex i : box_->by_popularity) {
    if (count == 0) break;
    const auto u = static_cast<size_t>(i);
    if ((within && !((*within)[u / 64] >> (u % 64) & 1)) || unwanted.count(i) || !have.insert(i).second) continue;
    items_.push_back(i);
    --count;
  }
}

// The preference model's score of every candidate into final_. On a large
// catalog a bus of the whole catalog asks the model for its best items, and
// an unscored bus of more than limits_.min_best_of_bus items for its best
// items among the bus (scoring restricted to the bus; a bit-set bus through
// the model's scan masked by it), instead of scoring them all; a scored bus
// of more than limits_.max_exact_items is treated as the whole catalog.
void RankTool::model_scores(const Recommender& model, const std::vector<ItemIndex>& sequence, size_t keep,
                            const std::unordered_set<ItemIndex>& unwanted, bool with_popular) {
  const size_t n = box_->dataset->catalog->size();
  if (n <= limits_.exact_catalog) {
    model.score(sequence, model_scores_);
    final_.resize(items_.size());
    for (size_t k = 0; k < items_.size(); ++k) final_[k] = model_scores_[items_[k]];
    return;
  }
  const bool scored_bus = !in_scores_.empty();
  const bool among_bus = masked_ || (!whole_ && !scored_bus && items_.size() > limits_.min_best_of_bus);
  if (!whole_ && !among_bus && items_.size() <= limits_.max_exact_items) {
    model.score_items(sequence, items_, model_scores_);
    final_.assign(model_scores_.begin(), model_scores_.end());
    return;
  }
  // The bus's members, a bit per catalog item: the bit-set bus itself, or
  // in_bus_ marked from the list.
  const std::vector<uint64_t>* within = nullptr;
  bus_items_.clear();
  if (masked_) {
    within = &members_;
  } else if (!whole_) {
    in_bus_.assign((n + 63) / 64, 0);
    for (ItemIndex i : items_) in_bus_[static_cast<size_t>(i) / 64] |= uint64_t{1} << (i % 64);
    within = &in_bus_;
    bus_items_.swap(items_);
  }
  auto on_bus = [&](ItemIndex i) {
    const auto u = static_cast<size_t>(i);
    return !within || ((*within)[u / 64] >> (u % 64) & 1);
  };
  std::vector<Scored> best;
  if (masked_) {
    best = model.top_items_in(sequence, members_, keep);
  } else if (among_bus) {
    best = model.top_items_among(sequence, bus_items_, keep);
  } else {
    // The bus covers a share s of the catalog: the model's best keep / s
    // items hold about `keep` of it.
    const double share = whole_ ? 1.0 : static_cast<double>(bus_items_.size()) / static_cast<double>(n);
    const size_t want = std::min(n, static_cast<size_t>(static_cast<double>(keep) / share * 1.5) + 16);
    best = model.top_items(sequence, want);
  }
  items_.clear();
  final_.clear();
  for (const Scored& s : best) {
    if (s.index < 0 || static_cast<size_t>(s.index) >= n || unwanted.count(s.index) || !on_bus(s.index)) continue;
    items_.push_back(s.index);
    final_.push_back(s.score);
  }
  std::unordered_map<ItemIndex, float> bus_score;  // the bus's own scores of the items kept
  for (size_t k = 0; k < in_scores_.size(); ++k) bus_score.emplace(bus_items_[k], in_scores_[k]);
  if (with_popular) {  // the prior may lift popular items the model ranks lower
    const size_t before = items_.size();
    add_popular(keep, unwanted, within);
    const std::vector<ItemIndex> added(items_.begin() + static_cast<std::ptrdiff_t>(before), items_.end());
    model.score_items(sequence, added, model_scores_);
    final_.insert(final_.end(), model_scores_.begin(), model_scores_.end());
  }
  masked_ = false;  // the candidates are items_ from here on
  in_scores_.clear();
  if (!bus_score.empty())
    for (ItemIndex i : items_) in_scores_.push_back(bus_score[i]);
}

ToolOutput RankTool::run(const Bus& bus, const Step& step, const UserContext& user) {
  const Toolbox& box = *box_;
  RankRequest req = resolve(box, tool_util::step_of<RankStep>(step, *this));
  RankSchema schema = req.schema;
  const size_t n = box.dataset->catalog->size();
  std::unordered_set<ItemIndex> unwanted_set(req.unwanted.items.begin(), req.unwanted.items.end());
  gather(bus, unwanted_set);
  // What a large catalog keeps after ranking: enough for map to skip every
  // item the user has seen and still fill a long list.
  const size_t keep = kMaxScoredCandidates + user.history.size() + user.shown.size() + user.disliked.size();
  bool has_scores = !in_scores_.empty();

  // Preference seeds: recent history (decaying), liked and preferred items.
  std::vector<std::pair<ItemIndex, double>> seeds;
  if (schema == RankSchema::preference) {
    const size_t h = user.history.size();
    const size_t from = h > kRecentHistory ? h - kRecentHistory : 0;
    for (size_t k = from; k < h; ++k)
      seeds.emplace_back(user.history[k], std::pow(0.5, static_cast<double>(h - 1 - k) / kHistoryHalfLife));
    for (ItemIndex i : user.liked) seeds.emplace_back(i, 1.0);
    for (ItemIndex i : req.prefer.items) seeds.emplace_back(i, 1.0);
    if (seeds.empty() && !has_scores) schema = RankSchema::popularity;
  }
  if (schema == RankSchema::similarity && !has_scores) schema = RankSchema::popularity;
  // Only the model's scan reads a bit-set bus as it is; every other way
  // ranks the list of its items, exactly as a list bus would be ranked.
  if (masked_ && !(schema == RankSchema::preference && box.preference_model() && !seeds.empty())) expand_members();

  if (schema == RankSchema::popularity) {
    if (whole_) add_popular(keep, unwanted_set);
    final_.resize(items_.size());
    for (size_t k = 0; k < items_.size(); ++k) final_[k] = tool_util::popularity(box, items_[k]);
    add_suggestion_prior();
  } else if (schema == RankSchema::similarity) {
    final_.assign(in_scores_.begin(), in_scores_.end());
  } else {
    score_preference(seeds, req.prefer.items, user, keep, unwanted_set);
    has_scores = !in_scores_.empty();
  }
  add_soft(tool_util::step_of<RankStep>(step, *this).soft);
  ToolOutput out = order(keep, n > limits_.exact_catalog);
  std::vector<std::string> missing = req.prefer.missing;
  missing.insert(missing.end(), req.unwanted.missing.begin(), req.unwanted.missing.end());
  if (!missing.empty()) out.text = "not found: " + tool_util::join(missing);
  return out;
}

// With a dialog model, popularity order gives way to what conversations
// suggest: log1p(popularity) scaled to a maximum of 1, plus the dialog
// weight (chosen on held-out dialogues for the seeded blend,
// dialog_blend.h) x the model's suggestion prior. `final_` holds the
// interaction counts on entry.
void RankTool::add_suggestion_prior() {
  const Toolbox& box = *box_;
  if (!box.dialog || box.dialog->weight().weight <= 0) return;
  const std::vector<float>& prior = box.dialog->suggestion_prior();
  double top = 0;
  for (double& x : final_) top = std::max(top, x = std::log1p(std::max(0.0, x)));
  const double scale = top > 0 ? 1.0 / top : 0.0;
  const double w = box.dialog->weight().weight;
  for (size_t k = 0; k < items_.size(); ++k) {
    const auto i = static_cast<size_t>(items_[k]);
    final_[k] = final_[k] * scale + (i < prior.size() ? w * prior[i] : 0.0);
  }
}

// Bus scores scaled to [0, 1], plus the preference scaled to [0, 1] (with
// the model: plus its calibrated popularity prior, see
// tools/models/popularity_blend.h), plus a tiny popularity tie-break. The
// preference comes from the best trained model given the history, then
// liked and `prefer` items as the latest intent; without one, from kNN
// affinity to the weighted seeds.
void RankTool::score_preference(const std::vector<std::pair<ItemIndex, double>>& seeds,
                                const std::vector<ItemIndex>& prefer, const UserContext& user, size_t keep,
                                const std::unordered_set<ItemIndex>& unwanted) {
  const Toolbox& box = *box_;
  double pmin = 0, pmax = 0;
  double blend = 0;  // popularity prior: only beside a model, which was calibrated with it
  std::unordered_set<ItemIndex> seed_items;
  if (const Recommender* model = box.preference_model(); model && !seeds.empty()) {
    std::vector<ItemIndex> sequence = user.history;
    sequence.insert(sequence.end(), user.liked.begin(), user.liked.end());
    sequence.insert(sequence.end(), prefer.begin(), prefer.end());
    blend = box.popularity_blend.weight_for(box.preference_model_name());
    model_scores(*model, sequence, keep, unwanted, blend > 0);
    // `prefer` items describe the taste, they are not its answer (a model
    // scores them highest): they rank below every other item, as with kNN.
    seed_items.insert(prefer.begin(), prefer.end());
    bool first = true;
    for (size_t k = 0; k < items_.size(); ++k) {
      if (seed_items.count(items_[k])) continue;
      pmin = first ? final_[k] : std::min(pmin, final_[k]);
      pmax = first ? final_[k] : std::max(pmax, final_[k]);
      first = false;
    }
    for (size_t k = 0; k < items_.size(); ++k)
      if (seed_items.count(items_[k])) final_[k] = pmin;
  } else {
    touched_.clear();
    for (const auto& [i, w] : seeds) tool_util::add_neighbours(box, i, w, acc_, touched_);
    // Items no seed touches score 0 and are ordered by popularity: on a
    // whole large catalog, the touched and the most popular are all that
    // can come first.
    if (whole_) {
      for (ItemIndex j : touched_)
        if (!unwanted.count(j)) items_.push_back(j);
      add_popular(keep, unwanted);
    }
    final_.resize(items_.size());
    for (size_t k = 0; k < items_.size(); ++k) {
      final_[k] = acc_[items_[k]];
      pmax = std::max(pmax, final_[k]);
    }
    for (ItemIndex j : touched_) acc_[j] = 0.0;
  }
  const double pscale = pmax > pmin ? 1.0 / (pmax - pmin) : 0.0;
  for (size_t k = 0; k < items_.size(); ++k) final_[k] = (final_[k] - pmin) * pscale;
  add_popularity_prior(items_, box.popularity.counts, blend, final_);
  // What people suggest in conversations for the same seeds (the dialog
  // model, weighted as chosen on held-out dialogues).
  if (box.dialog) add_dialog_scores(items_, box.dialog->scores(seeds), box.dialog->weight().weight, final_);
  for (size_t k = 0; k < items_.size() && !seed_items.empty(); ++k)
    if (seed_items.count(items_[k])) final_[k] = -1.0;
  double smin = 0, smax = 0;
  const bool has_scores = !in_scores_.empty();
  if (has_scores) {
    auto [lo, hi] = std::minmax_element(in_scores_.begin(), in_scores_.end());
    smin = *lo;
    smax = *hi;
  }
  const double sscale = smax > smin ? 1.0 / (smax - smin) : 0.0;
  for (size_t k = 0; k < items_.size(); ++k) {
    double s = final_[k];
    if (has_scores) s += (in_scores_[k] - smin) * sscale;
    s += 1e-6 * std::log1p(tool_util::popularity(box, items_[k]));
    final_[k] = s;
  }
}

// Scores scaled to [0, 1], then kSoftShare x weight for every soft value an
// item holds. Unknown columns or values change nothing (a soft preference
// is never an error: the brain may name a value this catalog lacks).
void RankTool::add_soft(const std::vector<SoftValue>& soft) {
  const Catalog& catalog = *box_->dataset->catalog;
  std::vector<std::pair<size_t, const SoftValue*>> known;
  for (const auto& v : soft)
    if (auto c = catalog.column_index(v.column); c && v.weight != 0) known.emplace_back(*c, &v);
  if (known.empty() || final_.empty()) return;
  auto [lo, hi] = std::minmax_element(final_.begin(), final_.end());
  const double min = *lo, scale = *hi > *lo ? 1.0 / (*hi - *lo) : 0.0;
  for (size_t k = 0; k < items_.size(); ++k) {
    double s = (final_[k] - min) * scale;
    for (const auto& [column, v] : known) {
      const auto& values = catalog.values(column, items_[k]);
      if (std::find(values.begin(), values.end(), v->value) != values.end()) s += kSoftShare * v->weight;
    }
    final_[k] = s;
  }
}

// Best first (ties: more popular, then earlier on the bus); a large catalog
// keeps only the best `keep`.
ToolOutput RankTool::order(size_t keep, bool truncate) {
  const Toolbox& box = *box_;
  std::vector<uint32_t> order(items_.size());
  std::iota(order.begin(), order.end(), 0u);
  auto better = [&](uint32_t a, uint32_t b) {
    if (final_[a] != final_[b]) return final_[a] > final_[b];
    const float pa = tool_util::popularity(box, items_[a]), pb = tool_util::popularity(box, items_[b]);
    if (pa != pb) return pa > pb;
    return a < b;
  };
  const size_t kept = truncate ? std::min(keep, order.size()) : order.size();
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(kept), order.end(), better);
  ToolOutput out;
  out.bus.all = false;
  out.bus.items.resize(kept);
  out.bus.scores.resize(kept);
  for (size_t k = 0; k < kept; ++k) {
    out.bus.items[k] = items_[order[k]];
    out.bus.scores[k] = static_cast<float>(final_[order[k]]);
  }
  return out;
}

}  // namespace interec
