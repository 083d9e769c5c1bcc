#include "tools/prepare_dataset.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "storage/column_facts.h"
#include "storage/dataset.h"
#include "storage/item_names.h"
#include "storage/title_index.h"
#include "tools/models/item_knn.h"
#include "tools/models/mf.h"
#include "tools/models/model_file.h"
#include "tools/models/model_paths.h"
#include "tools/models/popularity_blend.h"
#include "tools/models/text_model.h"
#include "tools/toolbox.h"

namespace interec {

namespace {

// The fingerprint of the dataset prepared in `dir` before, "" when none.
std::string previous_fingerprint(const std::string& dir) {
  if (!std::filesystem::exists(std::filesystem::path(dir) / kManifestFile)) return {};
  try {
    return Dataset::open(dir)->fingerprint;
  } catch (const std::exception&) {
    return {};  // not a usable dataset: nothing to compare with
  }
}

}  // namespace

ImportSummary prepare_dataset(const ImportOptions& options) {
  const std::string before = previous_fingerprint(options.out_dir);
  ImportSummary summary = import_dataset(options);
  const auto profiles = std::filesystem::path(options.out_dir) / "profiles";
  if (!before.empty() && before != summary.fingerprint && std::filesystem::exists(profiles))
    summary.warnings.push_back(
      profiles.string() + " holds the profiles of the dataset prepared here before (fingerprint " + before +
      "): their item ids would name other items, so chat and serve will refuse them. Give the new dataset its "
      "own profiles with --state NEW_DIR, or, if it holds the same items, `interec profile rebind --data " +
      options.out_dir + "`");
  const auto dataset = Dataset::open(options.out_dir);
  if (options.progress) options.progress("writing the catalog's columns");
  dataset->catalog->save((std::filesystem::path(options.out_dir) / kCatalogColumnsFile).string(),
                         dataset->fingerprint);
  if (options.progress) options.progress("writing the title index");
  TitleIndex(dataset->catalog).save((std::filesystem::path(options.out_dir) / kTitleIndexFile).string(),
                                    dataset->fingerprint);
  if (options.progress) options.progress("writing the name table");
  ItemNames::build(*dataset->catalog)
      ->save((std::filesystem::path(options.out_dir) / kItemNamesFile).string(), dataset->fingerprint);
  if (options.progress) options.progress("counting the column facts");
  ColumnFacts::build(*dataset->catalog)
      ->save((std::filesystem::path(options.out_dir) / kColumnFactsFile).string(), dataset->fingerprint);
  train_default_models(*dataset, options.progress);
  // Success only once everything chat and serve will open opens: a model
  // that cannot be read back fails prepare, naming its file, not every
  // later chat.
  if (options.progress) options.progress("checking that every file of " + options.out_dir + " reads back");
  const auto box = Toolbox::open(options.out_dir);
  // A prepared file that opens but is not the one a start maps (stale,
  // another version) would be rebuilt at every start without a word: the
  // slow start these files exist to avoid.
  const std::pair<bool, const char*> prepared_files[] = {
    {box->dataset->catalog->mapped(), kCatalogColumnsFile},
    {box->titles->mapped(), kTitleIndexFile},
    {box->names->mapped(), kItemNamesFile},
    {box->column_facts->mapped(), kColumnFactsFile}};
  for (const auto& [mapped, file] : prepared_files)
    if (!mapped)
      throw ImportError((std::filesystem::path(options.out_dir) / file).string() +
                        ": written by prepare but not taken back at start (stale or of another version); run "
                        "interec prepare again");
  return summary;
}

void train_default_models(const Dataset& dataset,
                          const std::function<void(const std::string&)>& progress) {
  namespace fs = std::filesystem;
  const fs::path models = fs::path(dataset.dir) / kModelsDir;
  std::error_code ec;
  fs::create_directories(models, ec);
  if (ec) throw ModelError(models.string() + ": cannot create (" + ec.message() + ")");
  const size_t n = dataset.catalog->size();
  const uint64_t fingerprint = dataset_fingerprint(dataset.interactions, n);
  auto start = std::chrono::steady_clock::now();
  auto report = [&](const char* model) {
    const auto now = std::chrono::steady_clock::now();
    if (progress) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "trained %s over %zu items in %.2f s", model, n,
                    std::chrono::duration<double>(now - start).count());
      progress(buf);
    }
    start = now;
  };
  ItemKnn::train(dataset.interactions, n).save(model_path(dataset.dir, "item_knn"), fingerprint);
  report("item_knn");
  Mf::train(dataset.interactions, n).save(model_path(dataset.dir, "mf"), fingerprint);
  report("mf");
  calibrate_mf_blend(dataset.interactions, n).save(popularity_blend_path(dataset.dir), fingerprint);
  report("the popularity blend (mf on a validation split)");
  TextModel::train(*dataset.catalog).save(model_path(dataset.dir, "text"), fingerprint);
  report("text");
}

}  // namespace interec
