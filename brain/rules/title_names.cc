#include "brain/rules/title_names.h"

#include <cstdlib>

namespace interec::rules {

std::optional<TitleName> TitleNames::pick(const std::vector<TitleName>& names, int year) const {
  const TitleName* best = nullptr;
  int best_off = 0;
  for (const auto& n : names) {
    const int item_year = table_->year(n.item);
    const int off = year ? std::abs(item_year - year) : 0;
    if (year && (!item_year || off > 1)) continue;
    const bool better = !best || off < best_off || (off == best_off && n.kind < best->kind) ||
                        (off == best_off && n.kind == best->kind &&
                         table_->popularity(n.item) > table_->popularity(best->item));
    if (better) {
      best = &n;
      best_off = off;
    }
  }
  if (!best) return std::nullopt;
  return *best;
}

std::optional<ItemIndex> TitleNames::sequel_of(ItemIndex item) const {
  const std::string key(table_->title(item));
  if (key.empty()) return std::nullopt;
  std::vector<ItemIndex> candidates;
  for (const char* next : {"2", "ii", "part 2", "part ii", "chapter 2", "chapter ii"})
    for (const auto& n : find(key + " " + next)) candidates.push_back(n.item);
  for (const auto& n : find(key))
    if (n.kind == TitleName::Kind::part) candidates.push_back(n.item);
  const auto year = [&](ItemIndex i) { return table_->year(i); };
  std::optional<ItemIndex> best;
  for (ItemIndex c : candidates) {
    if (c == item || (year(item) && year(c) && year(c) <= year(item))) continue;
    if (!best || year(c) < year(*best)) best = c;
  }
  return best;
}

}  // namespace interec::rules
