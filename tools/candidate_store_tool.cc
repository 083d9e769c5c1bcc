#include <algorithm>

#include "tools/tool_impls.h"
#include "tools/tool_util.h"

namespace interec {

ToolOutput CandidateStoreTool::run(const Bus&, const Step& step, const UserContext&) {
  std::vector<std::string> names = tool_util::step_of<CandidateStoreStep>(step, *this).items;
  if (names.empty()) tool_util::fail(name(), "no item names given");

  const Toolbox& box = *box_;
  tool_util::Resolved r = tool_util::resolve(box, names);
  // "Toy Story, Heat" as one string: its parts, when they name two or more
  // items and the whole is no exact title ("Goodbye, Mr. Chips" is one).
  if (names.size() == 1 && names[0].find_first_of(",;") != std::string::npos) {
    const auto whole = box.titles->match(names[0], 1, tool_util::kMinNameScore);
    if (whole.empty() || whole[0].score < 0.99) {
      std::vector<std::string> parts;
      std::string cur;
      for (char c : names[0]) {
        if (c == ',' || c == ';') {
          parts.push_back(cur);
          cur.clear();
        } else {
          cur += c;
        }
      }
      parts.push_back(cur);
      parts.erase(std::remove_if(parts.begin(), parts.end(),
                                 [](const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }),
                  parts.end());
      tool_util::Resolved split = tool_util::resolve(box, parts);
      if (split.items.size() >= 2 || r.items.empty()) {
        r = std::move(split);
        names = parts;
      }
    }
  }
  if (r.items.empty())
    tool_util::fail(name(), "none of these items is in the catalog: " + tool_util::join(names));

  ToolOutput out;
  out.bus.all = false;
  out.bus.items = std::move(r.items);
  if (!r.missing.empty()) out.text = "not found: " + tool_util::join(r.missing);
  return out;
}

}  // namespace interec
