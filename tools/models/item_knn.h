// Item–item similarity from co-occurrence: cosine of the items' user vectors,
// keeping each item's top-k neighbours (sparse, unlike the reference's dense
// item×item matrix, so it scales to large catalogs).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "storage/interactions.h"
#include "tools/models/neighbour_lists.h"
#include "tools/models/recommender.h"

namespace interec {

struct ItemKnnOptions {
  size_t neighbours = 100;  // kept per item
  size_t min_common = 2;    // co-occurrences below this are noise
  size_t threads = 0;       // 0 = one per core; the lists do not depend on it
};

class ItemKnn final : public Recommender {
 public:
  static ItemKnn train(const Interactions& interactions, size_t n_items,
                       const ItemKnnOptions& options = {});
  /// Throws ModelError naming the file when missing, corrupt or foreign
  /// (`fingerprint` of the dataset it must belong to, 0 to skip the check).
  static ItemKnn load(const std::string& path, uint64_t fingerprint);
  void save(const std::string& path, uint64_t fingerprint) const;

  size_t items() const { return lists_.items(); }
  /// Neighbours of i, most similar first.
  Span<ItemIndex> neighbours(ItemIndex i) const { return lists_.neighbours(i); }
  Span<float> similarities(ItemIndex i) const { return lists_.similarities(i); }
  /// Sum of the similarities to the last kRecentHistory history items, each
  /// weighted 0.5^(age / kHistoryHalfLife): recent taste counts most.
  void score(const std::vector<ItemIndex>& history, std::vector<float>& scores) const override;

  static constexpr size_t kRecentHistory = 50;
  static constexpr double kHistoryHalfLife = 10.0;

 private:
  ItemKnnOptions options_;
  NeighbourLists lists_;
};

/// A fingerprint of the interactions and catalog size, stored in model files.
uint64_t dataset_fingerprint(const Interactions& interactions, size_t n_items);

}  // namespace interec
