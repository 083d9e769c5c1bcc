// Shared by the brain tests: one Toolbox per prepared dataset per process.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "brain/rules/rules_brain.h"
#include "tools/toolbox.h"

namespace interec::test {

inline std::shared_ptr<const Toolbox> toolbox_for(const std::string& dir) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const Toolbox>> boxes;
  std::lock_guard<std::mutex> lock(mu);
  auto& box = boxes[dir];
  if (!box) box = Toolbox::open(dir);
  return box;
}

inline std::shared_ptr<RulesBrain> brain_for(const std::string& dir) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<RulesBrain>> brains;
  std::lock_guard<std::mutex> lock(mu);
  auto& brain = brains[dir];
  if (!brain) brain = std::make_shared<RulesBrain>(toolbox_for(dir));
  return brain;
}

}  // namespace interec::test
