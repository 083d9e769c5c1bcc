#include "tools/tool.h"

#include "tools/tool_impls.h"

namespace interec {

std::unique_ptr<Tool> make_tool(ToolKind kind, std::shared_ptr<const Toolbox> box) {
  if (!box) return nullptr;
  switch (kind) {
    case ToolKind::lookup: return std::make_unique<LookupTool>(std::move(box));
    case ToolKind::candidate_store: return std::make_unique<CandidateStoreTool>(std::move(box));
    case ToolKind::hard_filter: return std::make_unique<HardFilterTool>(std::move(box));
    case ToolKind::soft_filter: return std::make_unique<SoftFilterTool>(std::move(box));
    case ToolKind::rank: return std::make_unique<RankTool>(std::move(box));
    case ToolKind::map: return std::make_unique<MapTool>(std::move(box));
  }
  return nullptr;
}

}  // namespace interec
