#include <string>

#include "tools/tool_impls.h"
#include "tools/tool_util.h"

namespace interec {
namespace {

constexpr size_t kMaxValueChars = 300;

}  // namespace

LookupTool::LookupTool(std::shared_ptr<const Toolbox> box)
    : box_(std::move(box)), sql_(box_->dataset->catalog->db_path()) {}

ToolOutput LookupTool::run(const Bus& bus, const Step& step, const UserContext&) {
  const std::string& query = tool_util::step_of<LookupStep>(step, *this).sql;
  SqlResult result;
  try {
    result = sql_.query(query);
  } catch (const SqlError& e) {
    tool_util::fail(name(), e.what());
  }
  ToolOutput out;
  out.bus = bus;
  if (result.rows.empty()) {
    out.text = "no matching items";
    return out;
  }
  const size_t shown = std::min(result.rows.size(), kMaxRows);
  for (size_t r = 0; r < shown; ++r) {
    const auto& row = result.rows[r];
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      if (c) line += "; ";
      line += c < result.columns.size() ? result.columns[c] : "column" + std::to_string(c + 1);
      line += ": ";
      if (row[c].size() > kMaxValueChars) {
        size_t cut = kMaxValueChars;
        while (cut > 0 && (static_cast<unsigned char>(row[c][cut]) & 0xC0) == 0x80) --cut;  // UTF-8
        line += row[c].substr(0, cut) + "...";
      } else {
        line += row[c];
      }
    }
    if (r) out.text += '\n';
    out.text += line;
  }
  if (result.rows.size() > shown)
    out.text += "\n(" + std::to_string(result.rows.size() - shown) + " more rows)";
  return out;
}

}  // namespace interec
