#include "tools/toolbox.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <numeric>

#include "tools/models/model_file.h"
#include "tools/models/model_paths.h"
#include "tools/tool_util.h"

namespace interec {
namespace {

std::string item_knn_path(const std::string& dir) { return model_path(dir, "item_knn"); }

// Loads an optional model: null when its file is absent; checks its size.
template <class Model>
std::shared_ptr<const Model> load_optional(const std::string& dir, const char* name, uint64_t fingerprint,
                                           size_t n_items) {
  const std::string path = model_path(dir, name);
  if (!std::filesystem::exists(path)) return nullptr;
  auto model = std::make_shared<const Model>(Model::load(path, fingerprint));
  if (model->items() != n_items)
    throw ModelError(path + ": has " + std::to_string(model->items()) + " items, the catalog " +
                     std::to_string(n_items) + "; run `interec prepare` again");
  return model;
}

}  // namespace

std::shared_ptr<const Toolbox> Toolbox::open(const std::string& dir) {
  auto box = std::make_shared<Toolbox>();
  box->dataset = Dataset::open(dir);
  const Dataset& ds = *box->dataset;
  const size_t n = ds.catalog->size();
  box->titles = TitleIndex::open_prepared(ds);
  box->names = ItemNames::open_prepared(ds);
  box->column_facts = ColumnFacts::open_prepared(ds);
  box->popularity = Popularity::train(ds.interactions, n);  // a single pass: cheaper than a file
  box->by_popularity.resize(n);
  std::iota(box->by_popularity.begin(), box->by_popularity.end(), ItemIndex{0});
  tool_util::order_by_popularity(*box, box->by_popularity);
  const std::string knn_path = item_knn_path(dir);
  if (!std::filesystem::exists(knn_path))
    throw ModelError(knn_path + ": missing; run `interec prepare` to train the models");
  const uint64_t fingerprint = dataset_fingerprint(ds.interactions, n);
  box->item_knn = ItemKnn::load(knn_path, fingerprint);
  if (box->item_knn.items() != n && n != 0)
    throw ModelError(knn_path + ": has " + std::to_string(box->item_knn.items()) +
                     " items, the catalog " + std::to_string(n) + "; run `interec prepare` again");
  box->mf = load_optional<Mf>(dir, "mf", fingerprint, n);
  box->sasrec = load_optional<SasRec>(dir, "sasrec", fingerprint, n);
  box->text = load_optional<TextModel>(dir, "text", fingerprint, n);
  if (const std::string ivf = text_index_path(dir);
      box->text && n >= VectorIndexOptions{}.min_items && std::filesystem::exists(ivf))
    box->text_index = std::make_shared<const VectorIndex>(VectorIndex::open(ivf, fingerprint, n, box->text->dim()));
  box->dialog = load_optional<DialogModel>(dir, "dialog", fingerprint, n);
  if (const std::string stance = model_path(dir, "stance"); std::filesystem::exists(stance))
    box->stance = std::make_shared<const StanceModel>(StanceModel::load(stance));
  if (std::filesystem::exists(popularity_blend_path(dir)))
    box->popularity_blend = PopularityBlend::load(popularity_blend_path(dir), fingerprint);
  return box;
}

const Recommender* Toolbox::preference_model() const {
  if (sasrec) return sasrec.get();
  return mf.get();
}

std::string Toolbox::preference_model_name() const { return sasrec ? "sasrec" : mf ? "mf" : "item_knn"; }

}  // namespace interec
