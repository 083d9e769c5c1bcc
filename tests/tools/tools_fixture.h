// Shared by the tools tests: the prepared ML-100K toolbox, opened once per
// test binary, and small helpers to find items and run tools.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "tests/test_data.h"
#include "tools/plan_json.h"
#include "tools/tool.h"
#include "tools/toolbox.h"

namespace interec::test {

/// The ML-100K toolbox, or nullptr when ../shared/data/ml-100k is absent.
inline std::shared_ptr<const Toolbox> ml100k_box() {
  static std::shared_ptr<const Toolbox> box = [] {
    const std::string dir = prepared("ml-100k");
    return dir.empty() ? nullptr : Toolbox::open(dir);
  }();
  return box;
}

/// The item whose title is exactly `title`; fails the test when absent.
inline ItemIndex item_titled(const Toolbox& box, const std::string& title) {
  const Catalog& c = *box.dataset->catalog;
  for (size_t i = 0; i < c.size(); ++i)
    if (c.title(static_cast<ItemIndex>(i)) == title) return static_cast<ItemIndex>(i);
  ADD_FAILURE() << "no item titled " << title;
  return -1;
}

/// Runs tool `name` once on the step its JSON `input` reads as. An input
/// the JSON form refuses is a ToolError here too, with the same message: for
/// these tests either way the tool refused the step.
inline ToolOutput run_tool(const std::shared_ptr<const Toolbox>& box, const std::string& name,
                           const Bus& bus, const nlohmann::json& input,
                           const UserContext& user = {}) {
  const auto kind = tool_kind(name);
  if (!kind) throw std::runtime_error("unknown tool " + name);
  Step step;
  try {
    step = step_from_json(name, input);
  } catch (const PlanError& e) {
    throw ToolError(e.what());
  }
  return make_tool(*kind, box)->run(bus, step, user);
}

/// True when item i has `genre` among its genres.
inline bool has_genre(const Toolbox& box, ItemIndex i, const std::string& genre) {
  const Catalog& c = *box.dataset->catalog;
  auto col = c.column_index("genres");
  if (!col) return false;
  for (const auto& g : c.values(*col, i))
    if (g == genre) return true;
  return false;
}

}  // namespace interec::test

#define INTEREC_REQUIRE_BOX(var)                                        \
  const auto var = ::interec::test::ml100k_box();                       \
  if (!var) GTEST_SKIP() << "../shared/data/ml-100k is absent: this test needs it"
