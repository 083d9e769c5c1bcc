// Splitting a loop over std::threads: the project's only parallelism outside
// CAF, used by model training, catalog scoring and the offline evaluation.
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace interec {

/// The number of threads to use for `requested` (0 = one per core).
inline size_t thread_count(size_t requested) {
  return requested ? requested : std::max(1u, std::thread::hardware_concurrency());
}

/// Calls fn(begin, end, t) on `threads` contiguous slices of [0, n), slice t
/// on thread t (slice 0 on the calling thread). Exceptions must not escape fn.
template <class Fn>
void parallel_for(size_t n, size_t threads, Fn&& fn) {
  threads = std::max<size_t>(1, std::min(threads, n));
  const size_t per = (n + threads - 1) / threads;
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t)
    pool.emplace_back([&fn, t, per, n] { fn(std::min(n, t * per), std::min(n, (t + 1) * per), t); });
  if (n) fn(0, std::min(n, per), size_t{0});
  for (auto& th : pool) th.join();
}

}  // namespace interec
