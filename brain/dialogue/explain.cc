#include "brain/dialogue/explain.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "brain/rules/conditions.h"
#include "brain/dialogue/replies.h"
#include "tools/toolbox.h"

namespace interec::dialogue {

namespace {

// What the plan asked for, read from its steps.
struct PlanFacts {
  std::vector<std::string> conditions;  // hard_filter labels
  std::vector<ItemIndex> seeds;         // soft_filter similar_to
  bool by_preference = false;           // ranked by the user's history
  std::vector<SoftValue> soft;          // rank's soft preferences (moods)
};

PlanFacts facts_of(const Toolbox& box, const Plan& plan) {
  PlanFacts f;
  for (const auto& step : plan.steps) {
    if (const auto* filter = std::get_if<HardFilterStep>(&step)) {
      for (const Condition& c : filter->conditions) f.conditions.push_back(c.label);
    } else if (const auto* soft = std::get_if<SoftFilterStep>(&step)) {
      for (const auto& name : soft->similar_to) {
        auto m = box.titles->match(name, 1, 0.75);
        if (!m.empty()) f.seeds.push_back(m.front().item);
      }
    } else if (const auto* rank = std::get_if<RankStep>(&step)) {
      f.by_preference = rank->schema == RankSchema::preference;
      f.soft = rank->soft;
    }
  }
  return f;
}

// The categorical text columns (multi-valued, or few distinct values),
// without two-valued flags: "both false" (Steam's early_access) says
// nothing to a reader without its column.
std::vector<size_t> categorical_columns(const Catalog& c) {
  std::vector<size_t> out;
  for (size_t col = 0; col < c.columns().size(); ++col) {
    const ColumnInfo& info = c.columns()[col];
    if (info.type == ColumnType::text && info.distinct > 2 && (info.multi || info.distinct * 2 <= c.size()))
      out.push_back(col);
  }
  return out;
}

// Up to three values a and b share, each named once (a developer that is
// also the publisher is one value).
std::vector<std::string> shared_values(const Catalog& c, ItemIndex a, ItemIndex b) {
  std::vector<std::string> out;
  for (size_t col : categorical_columns(c)) {
    const auto& va = c.values(col, a);
    for (const auto& v : c.values(col, b))
      if (out.size() < 3 && std::find(va.begin(), va.end(), v) != va.end() &&
          std::find(out.begin(), out.end(), v) == out.end())
        out.emplace_back(v);
  }
  return out;
}

// The item-kNN similarity of b among a's neighbours (0 when it is not one).
float neighbour_similarity(const ItemKnn& knn, ItemIndex a, ItemIndex b) {
  if (a < 0 || static_cast<size_t>(a) >= knn.items()) return 0;
  const auto nb = knn.neighbours(a);
  const auto sims = knn.similarities(a);
  for (size_t i = 0; i < nb.size(); ++i)
    if (nb[i] == b) return sims[i];
  return 0;
}

// A seed's item-kNN neighbour is "similar"; an item that is no seed's
// neighbour is in the list because it meets the conditions (soft_filter
// fills a filtered list with them) and says so, with what it shares.
std::string seed_reason(const Toolbox& box, ItemIndex item, const std::vector<ItemIndex>& seeds) {
  const Catalog& c = *box.dataset->catalog;
  for (ItemIndex s : seeds) {
    const float sim = std::max(neighbour_similarity(box.item_knn, s, item),
                               neighbour_similarity(box.item_knn, item, s));
    if (sim <= 0) continue;
    const auto shared = shared_values(c, s, item);
    std::string r = "similar to " + std::string(c.title(s));
    if (!shared.empty()) r += ": both " + join_and(shared);
    return r + (shared.empty() ? ": liked by the same people" : ", liked by the same people");
  }
  if (seeds.empty()) return {};
  std::string r = "not among the titles closest to " + std::string(c.title(seeds.front()));
  for (ItemIndex s : seeds)
    if (const auto shared = shared_values(c, s, item); !shared.empty())
      return r + ", though it shares " + join_and(shared) + " with " + std::string(c.title(s));
  return r;
}

// The soft preferences ("something heartwarming": values rank moved up or
// down) the item holds: what it has of the wanted values, and what it has
// of the unwanted ones, so that "why" says how the mood weighed on it. A
// value every item was filtered on ("lighthearted" -> Comedy in a list of
// comedies) tells nothing and is left out.
std::string soft_reason(const Catalog& c, ItemIndex item, const std::vector<SoftValue>& soft,
                        const std::vector<std::string>& conditions) {
  std::vector<std::string> wanted, unwanted;
  for (const auto& v : soft) {
    const auto col = c.column_index(v.column);
    if (!col || v.weight == 0) continue;
    if (std::find(conditions.begin(), conditions.end(), v.column + ": " + v.value) != conditions.end()) continue;
    const auto& values = c.values(*col, item);
    if (std::find(values.begin(), values.end(), v.value) == values.end()) continue;
    auto& to = v.weight > 0 ? wanted : unwanted;
    if (to.size() < 3 && std::find(to.begin(), to.end(), v.value) == to.end()) to.push_back(v.value);
  }
  std::string r;
  if (!wanted.empty()) r = "fits the mood you asked for: " + join_and(wanted);
  if (!unwanted.empty())
    r += (r.empty() ? "ranked lower for " : "; though ranked lower for ") + join_and(unwanted);
  return r;
}

std::string history_reason(const Toolbox& box, ItemIndex item, const UserContext& user) {
  const Catalog& c = *box.dataset->catalog;
  std::unordered_set<ItemIndex> liked(user.liked.begin(), user.liked.end());
  std::unordered_set<ItemIndex> had(user.history.begin(), user.history.end());
  if (liked.empty() && had.empty()) return {};
  std::vector<std::pair<float, ItemIndex>> near;
  if (static_cast<size_t>(item) < box.item_knn.items()) {
    const auto nb = box.item_knn.neighbours(item);
    const auto sims = box.item_knn.similarities(item);
    for (size_t i = 0; i < nb.size(); ++i)
      if (liked.count(nb[i]) || had.count(nb[i])) near.emplace_back(sims[i], nb[i]);
  }
  if (near.empty()) return {};
  std::sort(near.begin(), near.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> titles;
  bool any_liked = false;
  for (size_t i = 0; i < near.size() && i < 2; ++i) {
    titles.emplace_back(c.title(near[i].second));
    any_liked = any_liked || liked.count(near[i].second);
  }
  return std::string(any_liked ? "you liked " : "you watched ") + join_and(titles) +
         ", and the same people liked this";
}

std::string popularity_reason(const Toolbox& box, ItemIndex item) {
  const Catalog& c = *box.dataset->catalog;
  std::string r;
  if (static_cast<size_t>(item) < box.popularity.counts.size() && box.popularity.counts[item] > 0)
    r = "popular: " + rules::format_number(box.popularity.counts[item]) + " users had it";
  for (size_t col = 0; col < c.columns().size(); ++col) {
    const ColumnInfo& info = c.columns()[col];
    if (info.type != ColumnType::real && info.type != ColumnType::integer) continue;
    if (info.name.find("rating") == std::string::npos && info.name.find("score") == std::string::npos) continue;
    const double x = c.number(col, item);
    if (std::isnan(x)) continue;
    r += (r.empty() ? "" : "; ") + info.name + " " + rules::format_number(std::round(x * 100) / 100);
    break;
  }
  return r;
}

}  // namespace

Reasons explain(const Toolbox& box, const Plan& plan, const UserContext& user,
                const std::vector<ItemIndex>& picked, const std::vector<std::string>& relaxed,
                size_t strict) {
  const PlanFacts f = facts_of(box, plan);
  std::vector<std::vector<std::string>> out;
  for (size_t k = 0; k < picked.size(); ++k) {
    const ItemIndex item = picked[k];
    std::vector<std::string> why;
    std::vector<std::string> met = f.conditions;
    if (k < strict) met.insert(met.end(), relaxed.begin(), relaxed.end());
    if (!met.empty()) why.push_back("matches " + join_and(rules::readable_labels(met)));
    if (k >= strict && !relaxed.empty()) why.push_back("picked without " + join_and(relaxed));
    if (auto s = seed_reason(box, item, f.seeds); !s.empty()) why.push_back(s);
    if (auto s = soft_reason(*box.dataset->catalog, item, f.soft, f.conditions); !s.empty()) why.push_back(s);
    if (f.by_preference)
      if (auto h = history_reason(box, item, user); !h.empty()) why.push_back(h);
    if (auto p = popularity_reason(box, item); !p.empty()) why.push_back(p);
    if (why.size() > 4) why.resize(4);
    out.push_back(std::move(why));
  }
  return out;
}

Explainer explainer_of(std::shared_ptr<const Toolbox> box) {
  return [box = std::move(box)](const Plan& plan, const UserContext& user, const std::vector<ItemIndex>& picked,
                                const std::vector<std::string>& relaxed, size_t strict) {
    return explain(*box, plan, user, picked, relaxed, strict);
  };
}

}  // namespace interec::dialogue
