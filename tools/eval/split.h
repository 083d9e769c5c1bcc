// Leave-one-out by time, the protocol of SASRec and most sequential
// recommendation papers: a user's last item is the test item, the one before
// it the validation item, and the rest is what models are trained on.
#pragma once

#include <vector>

#include "storage/interactions.h"

namespace interec {

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

  static LeaveOneOut split(const Interactions& all);
};

}  // namespace interec
