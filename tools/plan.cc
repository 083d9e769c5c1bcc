#include "tools/plan.h"

#include <cstdio>

namespace interec {

std::string conjunction_sql(const std::vector<Condition>& conditions) {
  std::string sql = "SELECT item_id FROM items WHERE ";
  for (size_t i = 0; i < conditions.size(); ++i) sql += (i ? " AND " : "") + conditions[i].sql;
  return sql;
}

std::string condition_id(const std::string& sql, const std::string& label) {
  // FNV-1a: stable across processes and builds (std::hash is not).
  uint32_t h = 2166136261u;
  for (unsigned char c : sql.empty() ? label : sql) h = (h ^ c) * 16777619u;
  char buf[12];
  std::snprintf(buf, sizeof buf, "c%08x", h);
  return buf;
}

const Condition* find_condition(const Plan& plan, const std::string& id) {
  for (const Step& step : plan.steps)
    if (const auto* filter = std::get_if<HardFilterStep>(&step))
      for (const Condition& c : filter->conditions)
        if (c.id == id) return &c;
  return nullptr;
}

}  // namespace interec
