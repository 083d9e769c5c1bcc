#include "tools/prepare_dataset.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <thread>
#include <stdexcept>
#include <vector>
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
#include "tools/models/sasrec.h"
#include "tools/models/text_model.h"
#include "tools/models/vector_index.h"
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

// catalog.cols, titles.idx, names.idx and columns.idx: what a start maps.
void write_prepared_files(const Dataset& dataset, const std::string& out_dir) {
  const std::filesystem::path out(out_dir);
  dataset.catalog->save((out / kCatalogColumnsFile).string(), dataset.fingerprint);
  TitleIndex(dataset.catalog).save((out / kTitleIndexFile).string(), dataset.fingerprint);
  ItemNames::build(*dataset.catalog)->save((out / kItemNamesFile).string(), dataset.fingerprint);
  ColumnFacts::build(*dataset.catalog)->save((out / kColumnFactsFile).string(), dataset.fingerprint);
}

}  // namespace

PrepareModels parse_prepare_models(const std::string& list) {
  PrepareModels out;
  out.mf = out.text = out.sasrec = false;
  bool knn = false;
  std::vector<std::string> seen;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    const std::string name = list.substr(start, comma - start);
    start = comma + 1;
    const std::string canonical = name == "itemcf" ? "item_knn" : name;
    if (std::find(seen.begin(), seen.end(), canonical) != seen.end())
      throw std::invalid_argument("'" + name + "' is named twice");
    seen.push_back(canonical);
    if (canonical == "item_knn") knn = true;
    else if (canonical == "mf") out.mf = true;
    else if (canonical == "text") out.text = true;
    else if (canonical == "sasrec") out.sasrec = true;
    else
      throw std::invalid_argument("unknown model '" + name.substr(0, 40) +
                                  "': the models are item_knn (or itemcf), mf, text and sasrec");
  }
  if (!knn)
    throw std::invalid_argument(
        "item_knn must be in the list: soft_filter's similar items and rank without mf need it (it is the fastest "
        "to train)");
  return out;
}

std::string to_string(const PrepareModels& models) {
  std::string out = "item_knn";
  if (models.mf) out += ",mf";
  if (models.text) out += ",text";
  if (models.sasrec) out += ",sasrec";
  return out;
}

ImportSummary prepare_dataset(const ImportOptions& options, const PrepareModels& models) {
  const std::string before = previous_fingerprint(options.out_dir);
  ImportSummary summary = import_dataset(options);
  const auto profiles = std::filesystem::path(options.out_dir) / "profiles";
  if (!before.empty() && before != summary.fingerprint && std::filesystem::exists(profiles))
    summary.warnings.push_back(
      profiles.string() + " holds the profiles of the dataset prepared here before (fingerprint " + before +
      "): their item ids would name other items, so chat and serve will refuse them. Give the new dataset its "
      "own profiles with --state NEW_DIR, or, if it holds the same items, `interec profile rebind --data " +
      options.out_dir + "`");
  if (options.progress) options.progress("opening the imported catalog");
  const auto dataset = Dataset::open(options.out_dir);
  // The prepared files (one thread) and the models (mf on every core) need
  // only the catalog and the interactions, read-only: on two cores they
  // overlap instead of leaving one idle. Each is deterministic on its own.
  if (options.progress) options.progress("writing catalog.cols, titles.idx, names.idx and columns.idx beside the models");
  double files_seconds = 0;
  std::exception_ptr files_failed;
  std::thread files([&] {
    const auto t0 = std::chrono::steady_clock::now();
    try {
      write_prepared_files(*dataset, options.out_dir);
    } catch (...) {
      files_failed = std::current_exception();
    }
    files_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  });
  try {
    train_models(*dataset, models, options.progress, options.advance);
  } catch (...) {
    files.join();
    throw;
  }
  files.join();
  if (files_failed) std::rethrow_exception(files_failed);
  if (options.progress) {
    char line[160];
    std::snprintf(line, sizeof line, "the prepared files took %.2f s beside the models", files_seconds);
    options.progress(line);
  }
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
  // The same for the models' 8-bit codes, written from kQuantizedFrom items.
  const bool coded = box->dataset->catalog->size() >= kQuantizedFrom;
  const std::pair<bool, std::string> model_codes[] = {
    {!coded || !box->mf || box->mf->codes_mapped(), model_path(options.out_dir, "mf")},
    {!coded || !box->text || box->text->codes_mapped(), model_path(options.out_dir, "text")}};
  for (const auto& [mapped, file] : model_codes)
    if (!mapped) throw ModelError(file + ": written by prepare but its 8-bit codes not taken back at start (they would be built "
                                  "at every start instead)");
  return summary;
}

void train_models(const Dataset& dataset, const PrepareModels& models,
                  const std::function<void(const std::string&)>& progress, const StepProgress& advance) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(dataset.dir) / kModelsDir;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw ModelError(dir.string() + ": cannot create (" + ec.message() + ")");
  const size_t n = dataset.catalog->size();
  const uint64_t fingerprint = dataset_fingerprint(dataset.interactions, n);
  auto phase = [&](const std::string& what) {
    if (progress) progress("training " + what + " over " + std::to_string(n) + " items");
  };
  // A model left out is removed: the one of the data prepared here before
  // would fail its fingerprint check at every start.
  auto drop = [&](const std::string& path) {
    if (fs::remove(path, ec) && progress) progress("removed " + path + " (not in --models)");
  };
  phase("item_knn");
  ItemKnn::train(dataset.interactions, n).save(model_path(dataset.dir, "item_knn"), fingerprint);
  if (models.mf) {
    phase("mf and its popularity blend (on a validation split, then continued on all)");
    const MfAndBlend trained = train_mf_and_blend(dataset.interactions, n, {}, advance);
    trained.model.save(model_path(dataset.dir, "mf"), fingerprint);
    trained.blend.save(popularity_blend_path(dataset.dir), fingerprint);
  } else {
    drop(model_path(dataset.dir, "mf"));
    drop(popularity_blend_path(dataset.dir));
  }
  if (models.text) {
    phase("text");
    const TextModel text = TextModel::train(*dataset.catalog);
    text.save(model_path(dataset.dir, "text"), fingerprint);
    // Whole-catalog neighbours of a seed item-kNN knows nothing about
    // (tools/text_neighbours.h): an exact scan below min_items, an index above.
    phase("the text model's neighbour index");
    write_text_index(text, dataset.dir, fingerprint);
  } else {
    drop(model_path(dataset.dir, "text"));
    drop(text_index_path(dataset.dir));
  }
  if (models.sasrec) {
    phase("sasrec");
    SasRec::train(dataset.interactions, n, {}, advance).save(model_path(dataset.dir, "sasrec"), fingerprint);
  }
}

}  // namespace interec
