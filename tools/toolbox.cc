#include "tools/toolbox.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "tools/models/model_file.h"

namespace interec {
namespace {

constexpr const char* kModelsDir = "models";
constexpr const char* kItemKnnFile = "item_knn.bin";

std::string item_knn_path(const std::string& dir) {
  return (std::filesystem::path(dir) / kModelsDir / kItemKnnFile).string();
}

}  // namespace

std::shared_ptr<const Toolbox> Toolbox::open(const std::string& dir) {
  auto box = std::make_shared<Toolbox>();
  box->dataset = Dataset::open(dir);
  const Dataset& ds = *box->dataset;
  const size_t n = ds.catalog->size();
  box->titles = std::make_shared<TitleIndex>(ds.catalog);
  box->popularity = Popularity::train(ds.interactions, n);  // a single pass: cheaper than a file
  const std::string knn_path = item_knn_path(dir);
  if (!std::filesystem::exists(knn_path))
    throw ModelError(knn_path + ": missing; run `interec prepare` to train the models");
  box->item_knn = ItemKnn::load(knn_path, dataset_fingerprint(ds.interactions, n));
  if (box->item_knn.items() != n && n != 0)
    throw ModelError(knn_path + ": has " + std::to_string(box->item_knn.items()) +
                     " items, the catalog " + std::to_string(n) + "; run `interec prepare` again");
  return box;
}

void train_default_models(const Dataset& dataset,
                          const std::function<void(const std::string&)>& progress) {
  namespace fs = std::filesystem;
  const fs::path models = fs::path(dataset.dir) / kModelsDir;
  std::error_code ec;
  fs::create_directories(models, ec);
  if (ec) throw ModelError(models.string() + ": cannot create (" + ec.message() + ")");
  const size_t n = dataset.catalog->size();
  const auto start = std::chrono::steady_clock::now();
  ItemKnn knn = ItemKnn::train(dataset.interactions, n);
  knn.save(item_knn_path(dataset.dir), dataset_fingerprint(dataset.interactions, n));
  if (progress) {
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    char buf[160];
    std::snprintf(buf, sizeof buf, "trained item_knn over %zu items in %.2f s", n, s);
    progress(buf);
  }
}

}  // namespace interec
