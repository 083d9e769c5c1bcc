// Leave-out-last splits by time. hold_out() is the one implementation; the
// offline evaluation uses it as LeaveOneOut (the protocol of SASRec and most
// sequential recommendation papers: a user's last item is the test item, the
// one before it the validation item, the rest is what models are trained
// on), and `eval simulate` holds out each test user's last item with it.
#pragma once

#include <cstddef>
#include <vector>

#include "storage/interactions.h"

namespace interec {

struct HoldOut {
  struct User {
    UserIndex user;               // the same index in `train` and in the source
    std::vector<ItemIndex> held;  // the user's last k items, oldest first
  };
  /// Every user of the source, in the same order (so with the same index);
  /// a held-out user without their last k interactions.
  Interactions train;
  /// One per user with at least k + min_history items, in user order.
  std::vector<User> users;
};

/// Holds out the last `k` items (in time order) of every user who keeps at
/// least `min_history` items (taken as at least 1, so that no user vanishes
/// from `train`). Ratings and timestamps of the kept rows are unchanged.
HoldOut hold_out(const Interactions& all, size_t k, size_t min_history);

struct LeaveOneOut {
  struct Case {
    UserIndex user;  // the same index in `train` and in the source
    ItemIndex valid;
    ItemIndex test;
  };
  /// Every user, without their last two items when they have at least 3.
  Interactions train;
  /// One per user with at least 3 items, in user order.
  std::vector<Case> cases;

  /// hold_out(all, 2, 1).
  static LeaveOneOut split(const Interactions& all);
};

}  // namespace interec
