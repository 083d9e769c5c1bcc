// Helpers shared by the tool implementations: errors that name the tool,
// item names resolved through the title index, and popularity ordering.
// Private to tools/. (Reading a step's input is plan_json.h's.)
#pragma once

#include <string>
#include <vector>

#include "tools/tool.h"
#include "tools/toolbox.h"

namespace interec::tool_util {

/// Throws ToolError("TOOL: MESSAGE").
[[noreturn]] void fail(const char* tool, const std::string& message);

/// The step as tool `tool`'s own struct; throws when it is another tool's.
template <class S>
const S& step_of(const Step& step, const Tool& tool) {
  if (const S* s = std::get_if<S>(&step)) return *s;
  fail(tool.name(), std::string("given a ") + tool_name(step) + " step");
}

struct Resolved {
  std::vector<ItemIndex> items;      // in the order given, without repeats
  std::vector<std::string> missing;  // names without a match
};

/// Minimum TitleIndex score for a name to count as that item.
inline constexpr double kMinNameScore = 0.75;

/// The best title match of each name.
Resolved resolve(const Toolbox& box, const std::vector<std::string>& names);

/// "a, b, c"
std::string join(const std::vector<std::string>& parts, const char* sep = ", ");

/// Stable sort of `items` by popularity, most popular first.
void order_by_popularity(const Toolbox& box, std::vector<ItemIndex>& items);
/// The same, lazily: puts the `count` most popular of items[from..] in
/// order at items[from..] (ties keep their order), leaving the rest after
/// them in their own order, and returns where the ordered part ends. With
/// items[..from) ordered by an earlier call, items stays a prefix of the
/// full stable sort.
size_t order_by_popularity(const Toolbox& box, std::vector<ItemIndex>& items, size_t from, size_t count);

/// Popularity of item i (0 for an out-of-range item).
inline float popularity(const Toolbox& box, ItemIndex i) {
  return static_cast<size_t>(i) < box.popularity.counts.size() ? box.popularity.counts[i] : 0.0f;
}

/// Adds weight × similarity of every neighbour of `seed` into `acc`
/// (dense, one slot per item), recording first touches in `touched`.
void add_neighbours(const Toolbox& box, ItemIndex seed, double weight, std::vector<double>& acc,
                    std::vector<ItemIndex>& touched);

}  // namespace interec::tool_util
