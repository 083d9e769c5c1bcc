// Where the start of `interec chat` goes (docs/performance.md, "Instant
// start"): opens a prepared folder piece by piece, as Toolbox::open and the
// rules brain do, and prints the wall time of each piece, then the whole
// Toolbox::open and the rules brain's construction again as they run:
//   build/bench/start_bench --data DIR
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include "brain/rules/rules_brain.h"
#include "config/cli_args.h"
#include "storage/dataset.h"
#include "storage/items_fingerprint.h"
#include "tools/models/model_paths.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

using Clock = std::chrono::steady_clock;

class Timer {
 public:
  void lap(const char* what) {
    const auto now = Clock::now();
    std::printf("  %-34s %8.3f s\n", what, std::chrono::duration<double>(now - t_).count());
    t_ = now;
  }

 private:
  Clock::time_point t_ = Clock::now();
};

template <class Model>
void load_model(const std::string& dir, const char* name, uint64_t fingerprint, Timer& timer) {
  const std::string path = model_path(dir, name);
  if (!std::filesystem::exists(path)) return;
  const Model model = Model::load(path, fingerprint);
  timer.lap((std::string(name) + " model").c_str());
}

int run(int argc, char** argv) {
  CliArgs args(argc, argv, 1, {"data"}, {});
  const std::string dir = args.require("data");
  namespace fs = std::filesystem;
  std::printf("pieces of the start, one after the other:\n");
  Timer timer;
  auto catalog = Catalog::open((fs::path(dir) / kCatalogFile).string());
  timer.lap("catalog.db into memory");
  catalog_fingerprint(*catalog);
  timer.lap("catalog fingerprint");
  auto index = CatalogIndex::open((fs::path(dir) / kCatalogIndexFile).string(), *catalog);
  timer.lap("catalog.idx");
  const Interactions interactions = Interactions::load((fs::path(dir) / kInteractionsFile).string());
  timer.lap("interactions.bin");
  auto titles = std::make_shared<const TitleIndex>(catalog);
  timer.lap("title index");
  const uint64_t fingerprint = dataset_fingerprint(interactions, catalog->size());
  timer.lap("dataset fingerprint");
  load_model<ItemKnn>(dir, "item_knn", fingerprint, timer);
  load_model<Mf>(dir, "mf", fingerprint, timer);
  load_model<SasRec>(dir, "sasrec", fingerprint, timer);
  load_model<TextModel>(dir, "text", fingerprint, timer);
  {
    const RulesBrain brain(catalog, titles);
    timer.lap("rules brain (vocabulary, names)");
  }
  timer.lap("rules brain destroyed");

  std::printf("as the chat does it:\n");
  Timer whole;
  auto box = Toolbox::open(dir);
  whole.lap("Toolbox::open");
  const RulesBrain brain(box);
  whole.lap("RulesBrain");
  return 0;
}

}  // namespace
}  // namespace interec

int main(int argc, char** argv) {
  try {
    return interec::run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "start_bench: " << e.what() << "\n";
    return 1;
  }
}
