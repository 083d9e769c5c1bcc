#include <algorithm>
#include <cctype>
#include <optional>

#include "storage/sql_predicate.h"
#include "tools/tool_impls.h"
#include "tools/tool_util.h"
#include "tools/trace.h"

namespace interec {

namespace {

constexpr const char* kSelect = "SELECT item_id FROM items WHERE ";

// Enough rows for a condition that keeps the whole catalog.
size_t row_bound(const Catalog& catalog) { return std::max<size_t>(100000, catalog.size() + 1); }

}  // namespace

HardFilterTool::HardFilterTool(std::shared_ptr<const Toolbox> box, LargeCatalogLimits limits)
    : box_(std::move(box)),
      limits_(limits),
      sql_(box_->dataset->catalog->db_path(), std::chrono::milliseconds(500), row_bound(*box_->dataset->catalog)) {}

const Bitmap& HardFilterTool::matches(const Part& part) {
  const std::string query = part.whole ? part.sql : kSelect + part.sql;
  auto hit = cache_.find(query);
  if (hit != cache_.end()) return hit->second;
  const Catalog& catalog = *box_->dataset->catalog;
  SqlResult result;
  try {
    result = sql_.query(query);
  } catch (const SqlTimeout& e) {
    // An unfinished scan is not an empty answer: say which condition it was.
    if (part.label.empty()) tool_util::fail(name(), e.what());
    throw ToolError(std::string(name()) + ": could not check \"" + part.label + "\" over " +
                      std::to_string(catalog.size()) + " items in time (" + e.what() + ")",
                    ErrorCode::condition_unchecked);
  } catch (const SqlError& e) {
    tool_util::fail(name(), e.what());
  }
  std::vector<uint32_t> selected;
  selected.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    if (row.empty()) continue;
    if (auto i = catalog.find(row[0])) selected.push_back(static_cast<uint32_t>(*i));
  }
  std::string first = result.columns.empty() ? std::string() : result.columns[0];
  std::transform(first.begin(), first.end(), first.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!result.rows.empty() && selected.empty() && first != "item_id")
    tool_util::fail(name(), "the query must return item_id in its first column (SELECT item_id FROM items WHERE ...)");
  if (cache_order_.size() >= kCacheSize) {
    cache_.erase(cache_order_.front());
    cache_order_.pop_front();
  }
  cache_order_.push_back(query);
  return cache_.emplace(query, Bitmap::of(selected)).first->second;
}

namespace {

// The conditions' own SQL, when the step's query is exactly their AND (as
// the rules brain writes it); else nothing. Only then is the query's result
// the intersection of the parts' results.
bool conjunctive(const HardFilterStep& step) {
  if (step.conditions.empty()) return false;
  for (const auto& c : step.conditions)
    if (c.sql.empty()) return false;
  return conjunction_sql(step.conditions) == step.sql;
}

}  // namespace

Bitmap HardFilterTool::select(const HardFilterStep& step) {
  const Catalog& catalog = *box_->dataset->catalog;
  const CatalogIndex* index = box_->dataset->index.get();
  std::vector<Part> parts;
  if (conjunctive(step)) {
    for (const Condition& c : step.conditions) parts.push_back(Part{c.sql, c.label, false});
  } else {
    parts.push_back(Part{step.sql, "", true});
  }
  // Conditions the index answers exactly are bitmap operations; the others
  // run as SQL (each result cached: conditions recur far more than their
  // combinations), after the index's, so an empty intersection skips them.
  std::vector<Predicate> indexed;
  std::vector<const Part*> by_sql;
  for (const Part& part : parts) {
    std::optional<std::vector<Predicate>> preds;
    if (index)
      preds = part.whole ? predicates_of_query(part.sql, catalog) : predicates_of_where(part.sql, catalog);
    const bool ok = preds && std::all_of(preds->begin(), preds->end(),
                                         [&](const Predicate& p) { return index->unsupported(p).empty(); });
    if (!ok) {
      by_sql.push_back(&part);
      continue;
    }
    for (auto& p : *preds) indexed.push_back(std::move(p));
  }
  std::optional<Bitmap> acc;
  if (!indexed.empty()) {
    try {
      acc = index->evaluate(indexed);
    } catch (const CatalogError& e) {  // a damaged bitmap
      tool_util::fail(name(), e.what());
    }
  }
  for (const Part* part : by_sql) {
    if (acc && acc->empty()) break;
    const Bitmap& more = matches(*part);
    if (acc) acc->intersect(more);
    else acc = more;
  }
  return acc ? std::move(*acc) : Bitmap();
}

ToolOutput HardFilterTool::run(const Bus& given, const Step& step, const UserContext&) {
  const Bitmap selected = select(tool_util::step_of<HardFilterStep>(step, *this));
  const size_t n = box_->dataset->catalog->size();
  ToolOutput out;
  out.bus.all = false;
  if (given.all) {
    // Most of a large catalog (a negation) goes on as a bit set: written
    // container by container, not as hundreds of thousands of indices.
    const uint64_t kept = selected.cardinality();
    if (n > limits_.exact_catalog && kept > limits_.min_best_of_bus &&
        static_cast<double>(kept) >= limits_.min_members_share * static_cast<double>(n)) {
      selected.to_words(static_cast<uint32_t>(n), out.bus.members);
      return out;
    }
    const std::vector<uint32_t> all = selected.to_vector();
    out.bus.items.assign(all.begin(), all.end());
    return out;
  }
  Bus listed;  // a bit-set bus as the list this tool reads
  const Bus& bus = given.listed(n, listed);
  const bool scored = bus.scores.size() == bus.items.size() && !bus.scores.empty();
  for (size_t k = 0; k < bus.items.size(); ++k) {
    const ItemIndex i = bus.items[k];
    if (i < 0 || static_cast<size_t>(i) >= n || !selected.contains(static_cast<uint32_t>(i))) continue;
    out.bus.items.push_back(i);
    if (scored) out.bus.scores.push_back(bus.scores[k]);
  }
  return out;
}

}  // namespace interec
