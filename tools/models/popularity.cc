#include "tools/models/popularity.h"

namespace interec {

Popularity Popularity::train(const Interactions& interactions, size_t n_items) {
  Popularity p;
  p.counts.assign(n_items, 0.0f);
  for (size_t u = 0; u < interactions.users(); ++u)
    for (ItemIndex i : interactions.items(static_cast<UserIndex>(u)))
      if (i >= 0 && static_cast<size_t>(i) < n_items) p.counts[i] += 1.0f;
  return p;
}

}  // namespace interec
