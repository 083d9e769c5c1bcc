#include "tools/tool.h"

#include "tools/tool_impls.h"

namespace interec {

std::unique_ptr<Tool> make_tool(const std::string& name, std::shared_ptr<const Toolbox> box) {
  if (!box) return nullptr;
  if (name == "lookup") return std::make_unique<LookupTool>(std::move(box));
  if (name == "candidate_store") return std::make_unique<CandidateStoreTool>(std::move(box));
  if (name == "hard_filter") return std::make_unique<HardFilterTool>(std::move(box));
  if (name == "soft_filter") return std::make_unique<SoftFilterTool>(std::move(box));
  if (name == "rank") return std::make_unique<RankTool>(std::move(box));
  if (name == "map") return std::make_unique<MapTool>(std::move(box));
  return nullptr;
}

}  // namespace interec
