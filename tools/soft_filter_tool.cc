#include <algorithm>
#include <cmath>
#include <tuple>
#include <unordered_set>

#include "storage/text_pipeline.h"
#include "tools/models/dialog_blend.h"
#include "tools/text_neighbours.h"
#include "tools/tool_impls.h"
#include "tools/tool_util.h"

namespace interec {

SoftFilterTool::SoftFilterTool(std::shared_ptr<const Toolbox> box)
    : box_(std::move(box)) {}

void SoftFilterTool::build_text_index() {
  const Catalog& catalog = *box_->dataset->catalog;
  std::vector<size_t> text_cols;
  for (size_t c = 0; c < catalog.columns().size(); ++c)
    if (catalog.columns()[c].type == ColumnType::text) text_cols.push_back(c);
  std::unordered_set<std::string> item_words;
  for (size_t i = 0; i < catalog.size(); ++i) {
    const ItemIndex item = static_cast<ItemIndex>(i);
    item_words.clear();
    for (auto& w : text::content_words(catalog.title(item))) item_words.insert(std::move(w));
    for (size_t c : text_cols)
      for (const auto& v : catalog.values(c, item))
        for (auto& w : text::content_words(v)) item_words.insert(std::move(w));
    for (const auto& w : item_words) postings_[w].push_back(item);
  }
  text_ready_ = true;
}

// Categorical text columns: multi-valued, or few distinct values (not
// descriptions). Read from the catalog as needed: a seed meets at most its
// kNN neighbours, so there is no index to build.
void SoftFilterTool::find_content_columns() {
  const Catalog& catalog = *box_->dataset->catalog;
  const size_t n = catalog.size();
  for (size_t c = 0; c < catalog.columns().size(); ++c) {
    const ColumnInfo& info = catalog.columns()[c];
    if (info.type == ColumnType::text && (info.multi || info.distinct * 2 <= n)) content_columns_.push_back(c);
  }
  content_ready_ = true;
}

namespace {

// The distinct values of one cell, sorted.
void distinct_values(const Catalog& catalog, size_t col, ItemIndex i, std::vector<std::string_view>& out) {
  out.clear();
  for (const auto& v : catalog.values(col, i)) out.emplace_back(v);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

}  // namespace

double SoftFilterTool::content_similarity(ItemIndex a, ItemIndex b) const {
  const Catalog& catalog = *box_->dataset->catalog;
  std::vector<std::string_view> x, y;
  double sum = 0;
  int cols = 0;
  for (size_t col : content_columns_) {
    distinct_values(catalog, col, a, x);
    if (x.empty()) continue;
    distinct_values(catalog, col, b, y);
    size_t common = 0;
    for (size_t p = 0, q = 0; p < x.size() && q < y.size();) {
      if (x[p] == y[q]) { ++common; ++p; ++q; }
      else if (x[p] < y[q]) ++p;
      else ++q;
    }
    sum += static_cast<double>(common) / static_cast<double>(x.size() + y.size() - common);
    ++cols;
  }
  return cols ? sum / cols : 0.0;
}

bool SoftFilterTool::score_text(const std::string& text, std::vector<double>& out) {
  if (!text_ready_) build_text_index();
  const double n = static_cast<double>(box_->dataset->catalog->size());
  std::vector<std::string> query = text::content_words(text);
  std::sort(query.begin(), query.end());
  query.erase(std::unique(query.begin(), query.end()), query.end());
  bool any = false;
  for (const auto& w : query) {
    auto it = postings_.find(w);
    if (it == postings_.end()) continue;
    any = true;
    const double idf = std::log(1.0 + n / static_cast<double>(it->second.size()));
    for (ItemIndex i : it->second) out[i] += idf;
  }
  // With a text model: word overlap scaled to a maximum of 1, plus the
  // latent-space cosine where it is clear, at a lower weight — exact words
  // stay first, related items join them.
  if (box_->text && box_->text->score(text, semantic_)) {
    double top = 0;
    for (double x : out) top = std::max(top, x);
    const double scale = top > 0 ? 1.0 / top : 0.0;
    for (size_t i = 0; i < out.size(); ++i) {
      out[i] *= scale;
      if (semantic_[i] >= kMinTextCosine) out[i] += kTextModelWeight * semantic_[i];
    }
    any = true;
  }
  return any;
}

void SoftFilterTool::add_dialog_model(const std::vector<ItemIndex>& seeds) {
  if (!box_->dialog || box_->dialog->weight().weight <= 0) return;
  std::vector<std::pair<ItemIndex, double>> weighted;
  for (ItemIndex s : seeds) weighted.emplace_back(s, 1.0);
  const auto dialog = box_->dialog->scores(weighted);
  if (dialog.empty()) return;
  // The rating similarity scaled to a maximum of 1, as the blend's weight
  // was chosen (tools/models/dialog_blend.h); what only the dialog model
  // reaches joins the touched items.
  double top = 0;
  for (ItemIndex j : touched_) top = std::max(top, knn_[j]);
  if (top > 0)
    for (ItemIndex j : touched_) knn_[j] /= top;
  for (const auto& entry : dialog)
    if (knn_[entry.first] == 0.0) touched_.push_back(entry.first);
  std::vector<double> extra(touched_.size(), 0.0);
  add_dialog_scores(touched_, dialog, box_->dialog->weight().weight, extra);
  for (size_t k = 0; k < touched_.size(); ++k) knn_[touched_[k]] += extra[k];
}

// A seed nobody consumed with anything else has no item-kNN neighbours:
// its neighbours by the text model's vectors stand in for them, as many as
// an item-kNN list holds, with the same content boost; on a filtered bus,
// only items of the bus (tools/text_neighbours.h).
void SoftFilterTool::add_text_neighbours(ItemIndex seed, const Bus& bus) {
  const std::vector<Scored> found = text_neighbours(*box_, seed, kTextNeighbours, bus.all ? nullptr : &bus.items);
  for (const Scored& s : found) {
    if (knn_[s.index] == 0.0) touched_.push_back(s.index);
    knn_[s.index] += s.score * (1.0 + kContentBoost * content_similarity(seed, s.index));
  }
}

// Seeds' neighbours from ratings are often obscure films (a few co-ratings
// make a high cosine), while recommenders in real dialogues suggest what
// conversations lead to (docs/evaluation.md, "The suggestion prior beside
// seeds"). The similarity so far is scaled to a maximum of 1, then every
// item the model's suggestion prior holds gets kSeededPriorShare x the
// dialog weight x its prior, and joins the candidates.
void SoftFilterTool::add_suggestion_prior() {
  if (!box_->dialog || box_->dialog->weight().weight <= 0) return;
  const std::vector<float>& prior = box_->dialog->suggestion_prior();
  if (!prior_ready_) {
    for (size_t i = 0; i < prior.size() && i < knn_.size(); ++i)
      if (prior[i] > 0) prior_items_.push_back(static_cast<ItemIndex>(i));
    prior_ready_ = true;
  }
  double top = 0;
  for (ItemIndex j : touched_) top = std::max(top, knn_[j]);
  if (top > 0)
    for (ItemIndex j : touched_) knn_[j] /= top;
  const double w = kSeededPriorShare * box_->dialog->weight().weight;
  for (ItemIndex i : prior_items_) {
    if (knn_[i] == 0.0) touched_.push_back(i);
    knn_[i] += w * prior[static_cast<size_t>(i)];
  }
}

// A filtered bus holds items the user asked for ("from the late '90s"):
// those that do not score follow the ones that do, so "like X, from the
// late '90s" lists X's neighbours that match and then the other matches,
// never nothing while something matches (docs/conversation.md, "Similar,
// and a condition"). Up to kMaxScoredCandidates in all. The first
// kOrderedFill of those others, taken most popular first, are ordered by
// what they share with the seeds (genres, tags: content_similarity), at
// scores below every neighbour's, so a matching film of the seed's kind
// comes before a merely popular one; the rest follow at score 0.
void SoftFilterTool::fill_from_bus(const Bus& bus, const std::unordered_set<ItemIndex>& seeds,
                                   std::vector<std::tuple<double, ItemIndex, size_t>>& scored) {
  const Toolbox& box = *box_;
  const size_t n = box.dataset->catalog->size();
  if (scored.size() >= kMaxScoredCandidates || scored.size() >= bus.items.size()) return;
  // Bus positions + 1 of the items still to place; the catalog's popularity
  // order is kept in the toolbox, so no sort of the bus is needed.
  bus_position_.resize(n, 0);
  for (size_t k = bus.items.size(); k-- > 0;)
    if (bus.items[k] >= 0 && static_cast<size_t>(bus.items[k]) < n) bus_position_[bus.items[k]] = k + 1;
  for (const auto& entry : scored) bus_position_[std::get<1>(entry)] = 0;
  for (ItemIndex s : seeds)
    if (s >= 0 && static_cast<size_t>(s) < n) bus_position_[s] = 0;
  const size_t first_fill = scored.size();
  for (ItemIndex i : box.by_popularity) {
    if (scored.size() >= kMaxScoredCandidates) break;
    if (static_cast<size_t>(i) < n && bus_position_[i]) scored.emplace_back(0.0, i, bus_position_[i] - 1);
  }
  for (ItemIndex i : bus.items)
    if (i >= 0 && static_cast<size_t>(i) < n) bus_position_[i] = 0;
  if (seeds.empty() || content_columns_.empty() || first_fill == scored.size()) return;
  double lowest = 1.0;
  for (size_t k = 0; k < first_fill; ++k) lowest = std::min(lowest, std::get<0>(scored[k]));
  const auto fill = scored.begin() + static_cast<std::ptrdiff_t>(first_fill);
  const auto ordered = fill + static_cast<std::ptrdiff_t>(std::min(kOrderedFill, scored.size() - first_fill));
  for (auto it = fill; it != ordered; ++it) {
    double share = 0;
    for (ItemIndex s : seeds) share += content_similarity(s, std::get<1>(*it));
    std::get<0>(*it) = 0.5 * lowest * share / static_cast<double>(seeds.size());
  }
  std::stable_sort(fill, ordered, [](const auto& a, const auto& b) { return std::get<0>(a) > std::get<0>(b); });
}

ToolOutput SoftFilterTool::run(const Bus& given, const Step& step, const UserContext&) {
  const auto& in = tool_util::step_of<SoftFilterStep>(step, *this);
  Bus listed;  // a bit-set bus as the list this tool reads
  const Bus& bus = given.listed(box_->dataset->catalog->size(), listed);
  const std::vector<std::string>& seeds_named = in.similar_to;
  const std::string& text = in.text;
  if (seeds_named.empty() && text.find_first_not_of(" \t\r\n") == std::string::npos)
    tool_util::fail(name(), "give item names in \"similar_to\" or words in \"text\"");

  const Toolbox& box = *box_;
  const size_t n = box.dataset->catalog->size();
  tool_util::Resolved seeds;
  bool use_knn = false;
  if (!seeds_named.empty()) {
    seeds = tool_util::resolve(box, seeds_named);
    if (seeds.items.empty())
      tool_util::fail(name(), "none of these items is in the catalog: " + tool_util::join(seeds_named));
    if (!content_ready_) find_content_columns();
    use_knn = true;
    knn_.resize(n, 0.0);
    for (ItemIndex s : seeds.items) {
      if (static_cast<size_t>(s) >= box.item_knn.items()) continue;
      const auto nb = box.item_knn.neighbours(s);
      const auto sims = box.item_knn.similarities(s);
      for (size_t k = 0; k < nb.size(); ++k) {
        if (knn_[nb[k]] == 0.0) touched_.push_back(nb[k]);
        knn_[nb[k]] += sims[k] * (1.0 + kContentBoost * content_similarity(s, nb[k]));
      }
      if (nb.empty()) add_text_neighbours(s, bus);
    }
    add_dialog_model(seeds.items);
    add_suggestion_prior();
  }
  std::vector<double> txt;
  bool text_known = false;
  if (!text.empty()) {
    txt.assign(n, 0.0);
    text_known = score_text(text, txt);
    if (!text_known && !use_knn)
      tool_util::fail(name(), "no word of \"" + text + "\" occurs in the catalog's titles or text columns");
  }
  // Both given: each part scaled to a maximum of 1 so neither drowns the other.
  double knn_scale = 1, txt_scale = 1;
  if (use_knn && text_known) {
    double mk = 0, mt = 0;
    for (ItemIndex j : touched_) mk = std::max(mk, knn_[j]);
    for (double x : txt) mt = std::max(mt, x);
    knn_scale = mk > 0 ? 1 / mk : 0;
    txt_scale = mt > 0 ? 1 / mt : 0;
  }
  auto score = [&](ItemIndex i) {
    double s = 0;
    if (use_knn) s += knn_scale * knn_[i];
    if (text_known) s += txt_scale * txt[i];
    return s;
  };

  // (score, item, position on the bus) of every item scoring above 0.
  std::unordered_set<ItemIndex> seed_set(seeds.items.begin(), seeds.items.end());
  std::vector<std::tuple<double, ItemIndex, size_t>> scored;
  auto consider = [&](ItemIndex i, size_t position) {
    if (i < 0 || static_cast<size_t>(i) >= n || seed_set.count(i)) return;
    const double s = score(i);
    if (s > 0) scored.emplace_back(s, i, position);
  };
  if (!text_known) {
    // Only the seeds' neighbours can score: visit them, not the bus.
    if (!bus.all) {
      bus_position_.resize(n, 0);
      for (size_t k = bus.items.size(); k-- > 0;)
        if (bus.items[k] >= 0 && static_cast<size_t>(bus.items[k]) < n) bus_position_[bus.items[k]] = k + 1;
    }
    for (ItemIndex j : touched_) {
      if (bus.all) consider(j, static_cast<size_t>(j));
      else if (bus_position_[j]) consider(j, bus_position_[j] - 1);
    }
    if (!bus.all)
      for (ItemIndex i : bus.items)
        if (i >= 0 && static_cast<size_t>(i) < n) bus_position_[i] = 0;
  } else if (bus.all) {
    for (size_t i = 0; i < n; ++i) consider(static_cast<ItemIndex>(i), i);
  } else {
    for (size_t k = 0; k < bus.items.size(); ++k) consider(bus.items[k], k);
  }
  for (ItemIndex j : touched_) knn_[j] = 0.0;
  touched_.clear();
  // Best first; ties: more popular, then earlier on the bus.
  std::sort(scored.begin(), scored.end(), [&](const auto& a, const auto& b) {
    if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) > std::get<0>(b);
    const float pa = tool_util::popularity(box, std::get<1>(a)), pb = tool_util::popularity(box, std::get<1>(b));
    if (pa != pb) return pa > pb;
    return std::get<2>(a) < std::get<2>(b);
  });
  if (scored.size() > kMaxScoredCandidates) scored.resize(kMaxScoredCandidates);
  if (!bus.all) fill_from_bus(bus, seed_set, scored);

  ToolOutput out;
  out.bus.all = false;
  out.bus.items.reserve(scored.size());
  out.bus.scores.reserve(scored.size());
  for (const auto& [s, i, position] : scored) {
    out.bus.items.push_back(i);
    out.bus.scores.push_back(static_cast<float>(s));
  }
  if (!seeds.missing.empty()) out.text = "not found: " + tool_util::join(seeds.missing);
  return out;
}

}  // namespace interec
