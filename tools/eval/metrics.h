// Ranking metrics of one held-out item, and the negatives of the sampled
// protocol.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "storage/catalog.h"

namespace interec {

/// 0-based rank of `target` among `candidates` by `scores` (indexed by item):
/// the number of other candidates scoring at least as high — ties count
/// against the target, so a model that scores everything alike earns nothing.
size_t rank_of(ItemIndex target, const std::vector<ItemIndex>& candidates, const std::vector<float>& scores);

/// Rank of `target` over all items i with !skip[i] (skip may be empty), same
/// tie rule.
size_t rank_in_catalog(ItemIndex target, const std::vector<float>& scores, const std::vector<bool>& skip);

/// 1 when rank < k.
inline double hit_at(size_t rank, size_t k) { return rank < k ? 1.0 : 0.0; }
/// 1 / log2(rank + 2) when rank < k, else 0 (one relevant item, so IDCG = 1).
double ndcg_at(size_t rank, size_t k);

/// `count` distinct items drawn uniformly from [0, n_items) minus `exclude`
/// (all when fewer remain).
std::vector<ItemIndex> sample_negatives(size_t n_items, const std::vector<ItemIndex>& exclude, size_t count,
                                        std::mt19937_64& rng);

}  // namespace interec
