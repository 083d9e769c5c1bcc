// Writes a synthetic generic catalog (bench/synthetic_catalog.h), e.g. to
// try `interec prepare` and `interec chat` on a million items:
//
//   build/bench/make_catalog --items 1000000 --out /tmp/shop [--seed 1] [--per-item 5]
#include <cstdio>
#include <iostream>

#include "bench/synthetic_catalog.h"
#include "config/cli_args.h"

int main(int argc, char** argv) {
  using namespace interec;
  try {
    CliArgs args(argc, argv, 1, {"items", "out", "seed", "per-item"}, {});
    bench::SyntheticCatalogOptions o;
    o.items = static_cast<size_t>(args.get_int("items", 10000, 1, 1L << 21));
    o.seed = static_cast<uint64_t>(args.get_int("seed", 1, 0, 1L << 40));
    o.interactions_per_item = static_cast<double>(args.get_int("per-item", 5, 0, 1000));
    const auto s = bench::write_synthetic_catalog(args.require("out"), o);
    std::printf("%zu items, %zu users, %zu interactions\n", s.items, s.users, s.interactions);
  } catch (const std::exception& e) {
    std::cerr << "make_catalog: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
