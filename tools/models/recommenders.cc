#include "tools/models/recommenders.h"

#include <stdexcept>

#include "config/cli_args.h"
#include "tools/models/popularity.h"
#include "storage/text.h"

namespace interec {

const std::vector<std::string>& recommender_names() {
  static const std::vector<std::string> names = {"popularity", "itemcf", "mf", "sasrec"};
  return names;
}

std::string canonical_model_name(const std::string& name) { return name == "item_knn" ? "itemcf" : name; }

std::unique_ptr<Recommender> train_recommender(const std::string& name, const Interactions& interactions,
                                               size_t n_items, const ModelOptions& options,
                                               const TrainProgress& progress) {
  const std::string model = canonical_model_name(name);
  if (model == "popularity") return std::make_unique<Popularity>(Popularity::train(interactions, n_items));
  if (model == "itemcf") return std::make_unique<ItemKnn>(ItemKnn::train(interactions, n_items, options.itemcf));
  if (model == "mf") return std::make_unique<Mf>(Mf::train(interactions, n_items, options.mf, progress));
  if (model == "sasrec") return std::make_unique<SasRec>(SasRec::train(interactions, n_items, options.sasrec, progress));
  throw std::invalid_argument("unknown model '" + name + "' (models: popularity, itemcf, mf, sasrec)");
}

const std::set<std::string>& model_option_names() {
  static const std::set<std::string> names = {"seed",  "threads", "neighbours", "factors", "iterations",
                                              "alpha", "reg",     "epochs",     "dim",     "blocks",
                                              "max-len", "dropout", "lr",       "batch"};
  return names;
}

namespace {

float get_real(const CliArgs& args, const std::string& name, float fallback, double lo, double hi) {
  if (!args.has(name)) return fallback;
  const auto v = text::parse_real(args.get(name));
  if (!v || *v < lo || *v > hi)
    throw UsageError("--" + name + " must be a number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return static_cast<float>(*v);
}

size_t get_size(const CliArgs& args, const std::string& name, size_t fallback, long lo, long hi) {
  return static_cast<size_t>(args.get_int(name, static_cast<long>(fallback), lo, hi));
}

}  // namespace

ModelOptions model_options(const CliArgs& args) {
  ModelOptions o;
  if (args.has("seed")) {
    const auto seed = static_cast<uint64_t>(args.get_int("seed", 0, 0, 0x7fffffffL));
    o.mf.seed = o.sasrec.seed = seed;
  }
  const size_t threads = get_size(args, "threads", 0, 0, 256);
  o.mf.threads = o.sasrec.threads = o.itemcf.threads = threads;
  o.itemcf.neighbours = get_size(args, "neighbours", o.itemcf.neighbours, 1, 10000);
  o.mf.factors = get_size(args, "factors", o.mf.factors, 1, 1024);
  o.mf.iterations = get_size(args, "iterations", o.mf.iterations, 1, 1000);
  o.mf.alpha = get_real(args, "alpha", o.mf.alpha, 0, 1e6);
  o.mf.reg = get_real(args, "reg", o.mf.reg, 0, 1e6);
  o.sasrec.epochs = get_size(args, "epochs", o.sasrec.epochs, 0, 100000);
  o.sasrec.dim = get_size(args, "dim", o.sasrec.dim, 1, 1024);
  o.sasrec.blocks = get_size(args, "blocks", o.sasrec.blocks, 0, 16);
  o.sasrec.max_len = get_size(args, "max-len", o.sasrec.max_len, 1, 10000);
  o.sasrec.dropout = get_real(args, "dropout", o.sasrec.dropout, 0, 0.95);
  o.sasrec.lr = get_real(args, "lr", o.sasrec.lr, 1e-7, 1);
  o.sasrec.batch = get_size(args, "batch", o.sasrec.batch, 1, 1 << 20);
  return o;
}

}  // namespace interec
