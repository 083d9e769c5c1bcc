// Where the start of `interec chat` goes (docs/scale-start.md, "Instant
// start"): opens a prepared folder piece by piece, as Toolbox::open and the
// rules brain do, and prints the wall time of each piece, then the whole
// Toolbox::open and the rules brain's construction again as they run:
//   build/bench/start_bench --data DIR [--write-titles] [--write-names] [--write-columns] [--write-facts] [--write-models]
// --write-titles (--write-names, --write-columns, --write-facts) first writes
// DIR/titles.idx (names.idx, catalog.cols, columns.idx) as `interec prepare`
// does, for a folder prepared before that file existed (measure a copy of
// it); --write-models writes DIR/models/mf.bin and text.bin again in this
// build's (mapped) layout, each as a new file renamed over the old one.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include "brain/rules/moods.h"
#include "brain/rules/rules_brain.h"
#include "brain/rules/vocabulary.h"
#include "config/cli_args.h"
#include "storage/column_facts.h"
#include "storage/dataset.h"
#include "storage/item_names.h"
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

template <class Model>
void rewrite_model(const std::string& dir, const char* name, uint64_t fingerprint) {
  const std::string path = model_path(dir, name);
  if (!std::filesystem::exists(path)) return;
  Model::load(path, fingerprint).save(path, fingerprint);
  std::printf("wrote %s\n", path.c_str());
}

int run(int argc, char** argv) {
  CliArgs args(argc, argv, 1, {"data"}, {"write-titles", "write-names", "write-columns", "write-facts", "write-models"});
  const std::string dir = args.require("data");
  namespace fs = std::filesystem;
  if (args.has("write-titles")) {
    const auto ds = Dataset::open(dir);
    TitleIndex(ds->catalog).save((fs::path(dir) / kTitleIndexFile).string(), ds->fingerprint);
    std::printf("wrote %s\n", (fs::path(dir) / kTitleIndexFile).c_str());
  }
  if (args.has("write-names")) {
    const auto ds = Dataset::open(dir);
    ItemNames::build(*ds->catalog)->save((fs::path(dir) / kItemNamesFile).string(), ds->fingerprint);
    std::printf("wrote %s\n", (fs::path(dir) / kItemNamesFile).c_str());
  }
  if (args.has("write-columns")) {
    const auto ds = Dataset::open(dir);
    ds->catalog->save((fs::path(dir) / kCatalogColumnsFile).string(), ds->fingerprint);
    std::printf("wrote %s\n", (fs::path(dir) / kCatalogColumnsFile).c_str());
  }
  if (args.has("write-facts")) {
    const auto ds = Dataset::open(dir);
    ColumnFacts::build(*ds->catalog)->save((fs::path(dir) / kColumnFactsFile).string(), ds->fingerprint);
    std::printf("wrote %s\n", (fs::path(dir) / kColumnFactsFile).c_str());
  }
  if (args.has("write-models")) {
    const auto ds = Dataset::open(dir);
    const uint64_t fingerprint = dataset_fingerprint(ds->interactions, ds->catalog->size());
    rewrite_model<Mf>(dir, "mf", fingerprint);
    rewrite_model<TextModel>(dir, "text", fingerprint);
  }
  std::printf("pieces of the start, one after the other:\n");
  Timer timer;
  const DatasetManifest manifest = read_manifest(dir);
  auto catalog = Catalog::open_prepared(dir, manifest.fingerprint, manifest.items);
  timer.lap(catalog->mapped() ? "catalog (catalog.cols mapped)" : "catalog.db into memory (built)");
  Dataset dataset;
  dataset.dir = dir;
  dataset.catalog = catalog;
  dataset.fingerprint = catalog->mapped() ? catalog->file_fingerprint() : catalog_fingerprint(*catalog);
  timer.lap(catalog->mapped() ? "catalog fingerprint (the file's)" : "catalog fingerprint (computed)");
  auto index = CatalogIndex::open((fs::path(dir) / kCatalogIndexFile).string(), *catalog);
  timer.lap("catalog.idx");
  const Interactions interactions = Interactions::load((fs::path(dir) / kInteractionsFile).string());
  timer.lap("interactions.bin");
  auto titles = TitleIndex::open_prepared(dataset);
  timer.lap("title index (titles.idx or built)");
  const uint64_t fingerprint = dataset_fingerprint(interactions, catalog->size());
  timer.lap("dataset fingerprint");
  load_model<ItemKnn>(dir, "item_knn", fingerprint, timer);
  load_model<Mf>(dir, "mf", fingerprint, timer);
  load_model<SasRec>(dir, "sasrec", fingerprint, timer);
  load_model<TextModel>(dir, "text", fingerprint, timer);
  {
    const Vocabulary counted(*catalog);
    timer.lap("vocabulary, facts counted");
  }
  timer.lap("(vocabulary destroyed)");
  {
    auto facts = ColumnFacts::open_prepared(dataset);
    timer.lap(facts->mapped() ? "column facts (columns.idx mapped)" : "column facts (counted)");
    const Vocabulary vocabulary(*catalog, "", facts);
    timer.lap("vocabulary over those facts");
    const rules::MoodLexicon from_file(vocabulary, "", false);
    timer.lap("mood lexicon: moods.tsv alone");
    const rules::MoodLexicon moods(vocabulary, "", true);
    timer.lap("mood lexicon: moods.tsv + WordNet");
  }
  timer.lap("(vocabulary destroyed)");
  {
    const auto names = ItemNames::open_prepared(dataset);
    timer.lap(names->mapped() ? "name table (names.idx mapped)" : "name table (built)");
  }
  timer.lap("(name table released)");
  {
    // The constructor for a catalog without a prepared folder: it builds
    // the name table and counts the facts. Not what a start does (below).
    const RulesBrain brain(catalog, titles);
    timer.lap("rules brain from the catalog alone (names built, facts counted; not the chat's path)");
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
