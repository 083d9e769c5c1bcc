#include "storage/profile_view.h"

namespace interec {
namespace {

nlohmann::json items(const std::vector<std::string>& ids, const Catalog& catalog) {
  auto out = nlohmann::json::array();
  for (const auto& id : ids) {
    auto i = catalog.find(id);
    out.push_back({{"item_id", id}, {"title", i ? std::string(catalog.title(*i)) : std::string()}});
  }
  return out;
}

}  // namespace

nlohmann::json profile_view(const Profile& p, const Catalog& catalog) {
  return {{"liked", items(p.liked, catalog)},
          {"disliked", items(p.disliked, catalog)},
          {"wanted", items(p.wanted, catalog)},
          {"history", items(p.history, catalog)},
          {"liked_values", p.liked_values},
          {"disliked_values", p.disliked_values},
          {"summary", p.summary},
          {"created_ms", p.created_ms},
          {"updated_ms", p.updated_ms}};
}

}  // namespace interec
