#include "tools/models/train_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "config/cli_args.h"
#include "storage/dataset.h"
#include "tools/eval/progress.h"
#include "tools/models/item_knn.h"
#include "tools/models/model_paths.h"
#include "tools/models/popularity_blend.h"
#include "tools/models/recommenders.h"
#include "tools/models/text_model.h"

namespace interec {

int train_command(int argc, char** argv) {
  std::set<std::string> names = model_option_names();
  names.insert({"data", "model"});
  CliArgs args(argc, argv, 2, names, {"quiet"});
  const std::string dir = args.require("data");
  const std::string model = canonical_model_name(args.require("model"));
  if (model == "popularity") {
    std::cout << "popularity needs no training: it is counted when the dataset is opened\n";
    return 0;
  }
  if (model != "itemcf" && model != "mf" && model != "sasrec" && model != "text")
    throw UsageError("--model must be itemcf, mf, sasrec or text");
  const ModelOptions options = model_options(args);
  const bool quiet = args.has("quiet");
  ProgressReporter progress(std::cerr, ::isatty(2) != 0, quiet);
  auto dataset = Dataset::open(dir);
  const size_t n = dataset->catalog->size();
  const uint64_t fingerprint = dataset_fingerprint(dataset->interactions, n);
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(dir) / kModelsDir, ec);
  const std::string path = model_path(dir, model);
  const auto t0 = std::chrono::steady_clock::now();
  if (model == "itemcf") {
    ItemKnn::train(dataset->interactions, n, options.itemcf).save(path, fingerprint);
  } else if (model == "mf") {
    Mf::train(dataset->interactions, n, options.mf, progress.callback()).save(path, fingerprint);
    // The blend weight was chosen for the previous mf's settings.
    calibrate_mf_blend(dataset->interactions, n, options.mf).save(popularity_blend_path(dir), fingerprint);
  } else if (model == "sasrec") {
    SasRec::train(dataset->interactions, n, options.sasrec, progress.callback()).save(path, fingerprint);
  } else {
    TextModel::train(*dataset->catalog).save(path, fingerprint);
  }
  progress.finish();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("trained %s in %.2f s: %s\n", model.c_str(), s, path.c_str());
  return 0;
}

}  // namespace interec
