// What the tools may know about the user of a turn: history and profile.
#pragma once

#include <string>
#include <vector>

#include "storage/catalog.h"

namespace interec {

struct UserContext {
  /// Items the user consumed (dataset history and "I've seen X"), oldest first.
  std::vector<ItemIndex> history;
  std::vector<ItemIndex> liked;
  std::vector<ItemIndex> disliked;
  /// Attribute values the user dislikes, as "column=value" (e.g. "genres=Horror").
  std::vector<std::string> disliked_values;
  /// Items already recommended in this session, most recent last.
  std::vector<ItemIndex> shown;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, UserContext& x) {
  return f(x.history, x.liked, x.disliked, x.disliked_values, x.shown);
}

}  // namespace interec
