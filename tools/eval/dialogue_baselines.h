// The in-process baselines of `eval dialogs`, run on the same turns as the
// agent: popularity, and item-kNN over the rating data from the movies the
// seeker named so far (the baseline of ReDial papers that read no text).
#pragma once

#include <cstddef>
#include <vector>

#include "storage/catalog.h"

namespace interec {

struct Toolbox;
class DialogModel;

class DialogueBaselines {
 public:
  explicit DialogueBaselines(const Toolbox& box);

  /// The `k` most popular items not in `skip`.
  std::vector<ItemIndex> popularity(const std::vector<ItemIndex>& skip, size_t k) const;

  /// Items by the sum of their item-kNN similarity to `seeds`, best first,
  /// then by popularity (ties, and the rest of the list when fewer items are
  /// similar); never an item of `skip`. With `dialog`: the similarity scaled
  /// to a maximum of 1 plus the dialog model's scores at its weight, as
  /// soft_filter blends them (tools/models/dialog_blend.h).
  std::vector<ItemIndex> item_knn(const std::vector<ItemIndex>& seeds, const std::vector<ItemIndex>& skip, size_t k,
                                  const DialogModel* dialog = nullptr) const;

 private:
  const Toolbox& box_;
  std::vector<ItemIndex> by_popularity_;
  std::vector<ItemIndex> all_;  // 0..n-1
};

}  // namespace interec
