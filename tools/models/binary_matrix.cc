#include "tools/models/binary_matrix.h"

namespace interec {

BinaryMatrix BinaryMatrix::build(const Interactions& interactions, size_t n_items) {
  BinaryMatrix m;
  const size_t n_users = interactions.users();
  m.user_offsets.assign(n_users + 1, 0);
  m.user_items.reserve(interactions.size());
  std::vector<uint32_t> last_seen(n_items, UINT32_MAX);
  std::vector<uint64_t> degree(n_items, 0);
  for (size_t u = 0; u < n_users; ++u) {
    for (ItemIndex i : interactions.items(static_cast<UserIndex>(u))) {
      if (i < 0 || static_cast<size_t>(i) >= n_items || last_seen[i] == u) continue;
      last_seen[i] = static_cast<uint32_t>(u);
      m.user_items.push_back(i);
      ++degree[i];
    }
    m.user_offsets[u + 1] = m.user_items.size();
  }
  m.item_offsets.assign(n_items + 1, 0);
  for (size_t i = 0; i < n_items; ++i) m.item_offsets[i + 1] = m.item_offsets[i] + degree[i];
  m.item_users.resize(m.user_items.size());
  std::vector<uint64_t> fill(m.item_offsets.begin(), m.item_offsets.end() - 1);
  for (size_t u = 0; u < n_users; ++u)
    for (uint64_t k = m.user_offsets[u]; k < m.user_offsets[u + 1]; ++k)
      m.item_users[fill[m.user_items[k]]++] = static_cast<int32_t>(u);
  return m;
}

}  // namespace interec
