#include "tools/eval/split.h"

#include <algorithm>

#include "storage/interactions_builder.h"

namespace interec {

HoldOut hold_out(const Interactions& all, size_t k, size_t min_history) {
  // A user left with no training row would vanish and shift the indices.
  min_history = std::max<size_t>(min_history, 1);
  HoldOut s;
  // Row by row into a builder: the training part as one 20-byte record a
  // row, not a parsed row with its user id (48 bytes).
  InteractionsBuilder train;
  for (size_t u = 0; u < all.users(); ++u) {
    const auto user = static_cast<UserIndex>(u);
    const auto items = all.items(user);
    const auto ratings = all.ratings(user);
    const auto times = all.timestamps(user);
    const size_t n = items.size();
    const bool held = n >= k + min_history;
    const size_t keep = held ? n - k : n;
    for (size_t i = 0; i < keep; ++i) train.add(std::string(all.user_id(user)), items[i], ratings[i], times[i]);
    if (held) s.users.push_back({user, std::vector<ItemIndex>(items.begin() + keep, items.end())});
  }
  s.train = train.finish();
  return s;
}

LeaveOneOut LeaveOneOut::split(const Interactions& all) {
  HoldOut h = hold_out(all, 2, 1);
  LeaveOneOut s;
  s.train = std::move(h.train);
  s.cases.reserve(h.users.size());
  for (const auto& u : h.users) s.cases.push_back({u.user, u.held[0], u.held[1]});
  return s;
}

}  // namespace interec
