#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string_view>
#include <unordered_set>

#include "storage/title_index.h"
#include "tools/tool_impls.h"
#include "tools/tool_util.h"

namespace interec {
namespace {

// An attribute value the user dislikes, resolved against the catalog.
struct DislikedValue {
  size_t column;
  bool numeric;
  std::string text;  // normalised
  double number;
};

std::vector<DislikedValue> resolve_values(const Catalog& catalog, const std::vector<std::string>& values) {
  std::vector<DislikedValue> out;
  for (const auto& v : values) {
    const size_t eq = v.find('=');
    if (eq == std::string::npos) continue;
    auto col = catalog.column_index(v.substr(0, eq));
    if (!col) continue;
    DislikedValue d{*col, false, normalize_text(v.substr(eq + 1)), 0};
    const ColumnType t = catalog.columns()[*col].type;
    if (t == ColumnType::integer || t == ColumnType::real) {
      char* end = nullptr;
      const std::string num = v.substr(eq + 1);
      d.number = std::strtod(num.c_str(), &end);
      if (end == num.c_str()) continue;
      d.numeric = true;
    }
    out.push_back(std::move(d));
  }
  return out;
}

bool has_value(const Catalog& catalog, const DislikedValue& d, ItemIndex i) {
  if (d.numeric) return catalog.number(d.column, i) == d.number;
  for (const auto& v : catalog.values(d.column, i))
    if (normalize_text(v) == d.text) return true;
  return false;
}

}  // namespace

ToolOutput MapTool::run(const Bus& given, const Step& step, const UserContext& user) {
  const auto& in = tool_util::step_of<MapStep>(step, *this);
  Bus listed;  // a bit-set bus as the list this tool reads
  const Bus& bus = given.listed(box_->dataset->catalog->size(), listed);
  const size_t n_wanted = std::clamp<size_t>(in.n, 1, kMaxListLength);
  const bool exclude_seen = in.exclude_seen;

  const Toolbox& box = *box_;
  const Catalog& catalog = *box.dataset->catalog;
  const size_t n = catalog.size();
  const bool scored = !bus.all && !bus.scores.empty() && bus.scores.size() == bus.items.size();
  // An unscored bus goes most popular first (the whole catalog's order is
  // kept in the toolbox); another, only as far as the pick needs.
  std::vector<ItemIndex> own;
  const std::vector<ItemIndex>* order = bus.all ? &box.by_popularity : &bus.items;
  size_t ordered = order->size();
  if (!scored && !bus.all) {
    own = bus.items;
    order = &own;
    ordered = 0;
  }

  std::unordered_set<ItemIndex> skip;
  std::vector<DislikedValue> disliked_values;
  if (exclude_seen) {
    skip.insert(user.history.begin(), user.history.end());
    skip.insert(user.disliked.begin(), user.disliked.end());
    skip.insert(user.liked.begin(), user.liked.end());  // said to be loved: already known
    skip.insert(user.shown.begin(), user.shown.end());
    disliked_values = resolve_values(catalog, user.disliked_values);
  }

  // A title once per list: a catalog can hold one title under two ids
  // (ML-100K has 18 such pairs), and a list that shows it twice wastes a
  // place on a line the user cannot tell apart. Identity stays the id
  // (in a generic catalog one title can be two items, a product in two
  // sizes), so what the user has or was shown is skipped by id only
  // (docs/conversation.md, "A title once per list").
  std::unordered_set<std::string_view> titles;

  ToolOutput out;
  out.bus.all = false;
  for (size_t k = 0; k < order->size() && out.picked.size() < n_wanted; ++k) {
    if (k == ordered) ordered = tool_util::order_by_popularity(box, own, k, n_wanted + skip.size() + 2 * k + 64);
    const ItemIndex i = (*order)[k];
    if (i < 0 || static_cast<size_t>(i) >= n || skip.count(i)) continue;
    bool bad = false;
    for (const auto& d : disliked_values) bad = bad || has_value(catalog, d, i);
    if (bad) continue;
    if (!titles.insert(catalog.title(i)).second) continue;
    skip.insert(i);  // no repeats
    out.picked.push_back(i);
    out.bus.items.push_back(i);
    if (scored) out.bus.scores.push_back(bus.scores[k]);
  }
  return out;
}

}  // namespace interec
