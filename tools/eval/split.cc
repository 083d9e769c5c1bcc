#include "tools/eval/split.h"

namespace interec {

LeaveOneOut LeaveOneOut::split(const Interactions& all) {
  LeaveOneOut s;
  std::vector<Interactions::Row> rows;
  rows.reserve(all.size());
  for (size_t u = 0; u < all.users(); ++u) {
    const auto user = static_cast<UserIndex>(u);
    const auto items = all.items(user);
    const auto ratings = all.ratings(user);
    const auto times = all.timestamps(user);
    const size_t n = items.size();
    const size_t keep = n >= 3 ? n - 2 : n;
    // A user left with no training row would vanish and shift the indices.
    for (size_t k = 0; k < keep; ++k) rows.push_back({all.user_id(user), items[k], ratings[k], times[k]});
    if (n >= 3) s.cases.push_back({user, items[n - 2], items[n - 1]});
  }
  s.train = Interactions::build(std::move(rows));
  return s;
}

}  // namespace interec
