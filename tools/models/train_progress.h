// How training reports progress: `done` of `total` units of `step` (epochs,
// iterations, users). Called from the training thread; may be empty.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace interec {

using TrainProgress = std::function<void(const std::string& step, size_t done, size_t total)>;

}  // namespace interec
