// Where tests find data: the project's tiny catalog (tests/data/tiny), and
// real data in ../shared/data (never committed), prepared once per build tree.
#pragma once

#include <string>

#include <gtest/gtest.h>

namespace interec::test {

/// ../shared/data/<name>, or "" when that folder is absent.
std::string shared_data(const std::string& name);

/// A prepared dataset folder for ../shared/data/<name>, imported (with the
/// default models) on first use and reused by later tests of the build tree;
/// safe when several test processes ask at once. "" when the source is absent.
std::string prepared(const std::string& name);

/// tests/data/tiny: the project's own small catalog in the generic format
/// (300 invented films with genres, tags, year; 200 simulated users; see
/// tests/data/README.md), always present.
std::string tiny_source();

/// tiny_source() prepared with the default models, once per build tree (as
/// prepared()). For tests that need "some catalog", so that they run on a
/// clean clone.
std::string tiny();

/// Imports the source folder `source` into `out` and trains the default
/// models there, as `interec prepare` does; returns `out`.
std::string prepare_into(const std::string& source, const std::string& out);

/// tiny_source() prepared into a fresh scratch folder `name`, for a test
/// that changes the dataset folder (its profiles); returns it.
std::string tiny_dataset(const std::string& name);

/// The small games catalog of tests/data/games (60 made-up games with
/// genres, tags, developer, price and release date) with 120 users whose
/// interactions follow their two favourite genres (the same every time),
/// prepared into a fresh scratch folder `name`. Needs no ../shared/data.
std::string games_dataset(const std::string& name);

/// A catalog written by the test itself: `items_csv` (header and rows, ids
/// 1..N in order) with six users who each rated every item i where
/// (user + i) % 3 != 0 (ratings 1..5, the same every time), prepared into a
/// fresh scratch folder `name`; returns it. For tests that need a handful of
/// items whose every value they choose.
std::string small_dataset(const std::string& name, const std::string& items_csv);

/// A fresh, empty scratch folder for one test.
std::string scratch_dir(const std::string& test_name);

/// The project's source root (for tools-data/ and tests/golden/).
std::string source_root();

}  // namespace interec::test

/// Skips the current test with a clear message when the dataset is absent.
#define INTEREC_REQUIRE_DATA(path_var, name)                                         \
  const std::string path_var = ::interec::test::shared_data(name);                    \
  if (path_var.empty())                                                              \
  GTEST_SKIP() << "../shared/data/" << (name) << " is absent: this test needs it"

#define INTEREC_REQUIRE_PREPARED(path_var, name)                                     \
  const std::string path_var = ::interec::test::prepared(name);                       \
  if (path_var.empty())                                                              \
  GTEST_SKIP() << "../shared/data/" << (name) << " is absent: this test needs it"
