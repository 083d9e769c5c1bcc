#include <algorithm>
#include <cctype>
#include <optional>

#include "tools/tool_impls.h"
#include "tools/tool_util.h"

namespace interec {

HardFilterTool::HardFilterTool(std::shared_ptr<const Toolbox> box)
    : box_(std::move(box)), sql_(box_->dataset->catalog->db_path()) {}

ToolOutput HardFilterTool::run(const Bus& bus, const nlohmann::json& input, const UserContext&) {
  std::string query;
  if (input.is_string()) {
    query = input.get<std::string>();
  } else if (input.is_object() && input.contains("sql") && input.at("sql").is_string()) {
    // "conditions" label the parts of the query for reflection; not used here.
    tool_util::check_keys(input, name(), {"sql", "conditions", "condition"});
    query = input.at("sql").get<std::string>();
  } else {
    tool_util::fail(name(), "input must be SQL text or {\"sql\": \"SELECT item_id FROM items WHERE ...\"}");
  }

  SqlResult result;
  try {
    result = sql_.query(query);
  } catch (const SqlError& e) {
    tool_util::fail(name(), e.what());
  }

  const Catalog& catalog = *box_->dataset->catalog;
  const size_t n = catalog.size();
  std::vector<char> keep(n, 0);
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

  ToolOutput out;
  out.bus.all = false;
  if (bus.all) {
    for (size_t i = 0; i < n; ++i)
      if (keep[i]) out.bus.items.push_back(static_cast<ItemIndex>(i));
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
