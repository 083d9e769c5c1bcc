// How a long step reports progress: `done` of `total` units of `step`
// (rows, bytes, items, iterations; total 0 when unknown). Called from the
// working thread, often (callers throttle to every few thousand units);
// may be empty. tools/eval/progress.h draws it on a terminal.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace interec {

using StepProgress = std::function<void(const std::string& step, size_t done, size_t total)>;

}  // namespace interec
