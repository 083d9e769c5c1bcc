// The profile as shown to people and channels: items named by id and title.
#pragma once

#include <nlohmann/json.hpp>

#include "storage/catalog.h"
#include "storage/profile.h"

namespace interec {

/// {"liked": [{"item_id", "title"}], "disliked": [...], "wanted": [...],
///  "history": [...], "liked_values": [...], "disliked_values": [...],
///  "summary": "...", "created_ms": N, "updated_ms": N}. An id the catalog
/// does not know keeps its id and gets an empty title.
nlohmann::json profile_view(const Profile& profile, const Catalog& catalog);

}  // namespace interec
