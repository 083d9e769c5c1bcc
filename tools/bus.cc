#include "tools/bus.h"

#include <numeric>

namespace interec {

Bus Bus::whole(size_t catalog_size) {
  Bus b;
  b.materialize(catalog_size);
  return b;
}

void Bus::materialize(size_t catalog_size) {
  if (!all) return;
  all = false;
  items.resize(catalog_size);
  std::iota(items.begin(), items.end(), ItemIndex{0});
  scores.clear();
}

}  // namespace interec
