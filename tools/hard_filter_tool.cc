#include <algorithm>
#include <cctype>
#include <iterator>
#include <optional>

#include "tools/tool_impls.h"
#include "tools/tool_util.h"

namespace interec {

HardFilterTool::HardFilterTool(std::shared_ptr<const Toolbox> box)
    : box_(std::move(box)), sql_(box_->dataset->catalog->db_path()) {}

const std::vector<ItemIndex>& HardFilterTool::matches(const std::string& query) {
  auto hit = cache_.find(query);
  if (hit != cache_.end()) return hit->second;
  SqlResult result;
  try {
    result = sql_.query(query);
  } catch (const SqlError& e) {
    tool_util::fail(name(), e.what());
  }
  const Catalog& catalog = *box_->dataset->catalog;
  std::vector<char> keep(catalog.size(), 0);
  size_t known = 0;
  for (const auto& row : result.rows) {
    if (row.empty()) continue;
    if (auto i = catalog.find(row[0])) {
      if (!keep[*i]) ++known;
      keep[*i] = 1;
    }
  }
  std::string first = result.columns.empty() ? std::string() : result.columns[0];
  std::transform(first.begin(), first.end(), first.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool first_is_id = first == "item_id";
  if (!result.rows.empty() && known == 0 && !first_is_id)
    tool_util::fail(name(), "the query must return item_id in its first column (SELECT item_id FROM items WHERE ...)");
  std::vector<ItemIndex> selected;
  selected.reserve(known);
  for (size_t i = 0; i < keep.size(); ++i)
    if (keep[i]) selected.push_back(static_cast<ItemIndex>(i));
  if (cache_order_.size() >= kCacheSize) {
    cache_.erase(cache_order_.front());
    cache_order_.pop_front();
  }
  cache_order_.push_back(query);
  return cache_.emplace(query, std::move(selected)).first->second;
}

namespace {

constexpr const char* kSelect = "SELECT item_id FROM items WHERE ";

// The WHERE parts of `query` when it is exactly the AND of the conditions'
// own "sql" (as the rules brain writes it); else nothing. Only then is the
// query's result the intersection of the parts' results.
std::optional<std::vector<std::string>> conjunction(const nlohmann::json& input, const std::string& query) {
  if (!input.is_object()) return std::nullopt;
  auto conds = input.find("conditions");
  if (conds == input.end() || !conds->is_array() || conds->empty()) return std::nullopt;
  std::vector<std::string> parts;
  std::string joined = kSelect;
  for (const auto& c : *conds) {
    if (!c.is_object()) return std::nullopt;
    auto sql = c.find("sql");
    if (sql == c.end() || !sql->is_string() || sql->get_ref<const std::string&>().empty()) return std::nullopt;
    joined += (parts.empty() ? "" : " AND ") + sql->get<std::string>();
    parts.push_back(sql->get<std::string>());
  }
  if (joined != query) return std::nullopt;
  return parts;
}

}  // namespace

std::vector<ItemIndex> HardFilterTool::select(const nlohmann::json& input, const std::string& query) {
  const auto parts = conjunction(input, query);
  if (!parts) return matches(query);
  // Conditions recur far more than their combinations ("genres: Action" with
  // every decade): each is scanned once, then intersected from the cache.
  // Each cached set is used before the next lookup may evict it.
  std::vector<ItemIndex> acc = matches(kSelect + parts->front());
  std::vector<ItemIndex> next;
  for (size_t k = 1; k < parts->size() && !acc.empty(); ++k) {
    const std::vector<ItemIndex>& more = matches(kSelect + (*parts)[k]);
    next.clear();
    std::set_intersection(acc.begin(), acc.end(), more.begin(), more.end(), std::back_inserter(next));
    acc.swap(next);
  }
  return acc;
}

ToolOutput HardFilterTool::run(const Bus& bus, const nlohmann::json& input, const UserContext&) {
  std::string query;
  if (input.is_string()) {
    query = input.get<std::string>();
  } else if (input.is_object() && input.contains("sql") && input.at("sql").is_string()) {
    // "conditions" label the parts of the query for reflection; when they
    // also carry their SQL and AND up to the query, they are run one by one.
    tool_util::check_keys(input, name(), {"sql", "conditions", "condition"});
    query = input.at("sql").get<std::string>();
  } else {
    tool_util::fail(name(), "input must be SQL text or {\"sql\": \"SELECT item_id FROM items WHERE ...\"}");
  }

  const std::vector<ItemIndex> selected = select(input, query);
  const Catalog& catalog = *box_->dataset->catalog;
  const size_t n = catalog.size();
  std::vector<char> keep(n, 0);
  for (ItemIndex i : selected) keep[i] = 1;

  ToolOutput out;
  out.bus.all = false;
  if (bus.all) {
    out.bus.items = selected;
    return out;
  }
  const bool scored = bus.scores.size() == bus.items.size() && !bus.scores.empty();
  for (size_t k = 0; k < bus.items.size(); ++k) {
    const ItemIndex i = bus.items[k];
    if (i < 0 || static_cast<size_t>(i) >= n || !keep[i]) continue;
    out.bus.items.push_back(i);
    if (scored) out.bus.scores.push_back(bus.scores[k]);
  }
  return out;
}

}  // namespace interec
