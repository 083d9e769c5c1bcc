// An httplib client waits 5 s for an answer by default (its read limit): in a
// test that is a wait like any other, scaled by the tests' time scale. Include
// it last, as <httplib.h> itself (its <resolv.h> `_res` macro breaks Eigen).
#pragma once

#include <chrono>

#include <httplib.h>

#include "tests/time_scale.h"

namespace interec::test {

/// Sets `http`'s read and write limits to httplib's 5 s times time_scale().
inline void scale_limits(httplib::Client& http) {
  const auto limit = scaled(std::chrono::seconds(CPPHTTPLIB_READ_TIMEOUT_SECOND));
  http.set_read_timeout(limit);
  http.set_write_timeout(limit);
}

}  // namespace interec::test
