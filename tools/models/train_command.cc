#include "tools/models/train_command.h"

#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "config/cli_args.h"
#include "storage/dataset.h"
#include "tools/eval/progress.h"
#include "tools/models/dialog_blend.h"
#include "tools/models/item_knn.h"
#include "tools/models/popularity.h"
#include "tools/models/model_paths.h"
#include "tools/models/popularity_blend.h"
#include "tools/models/recommenders.h"
#include "tools/models/stance_model.h"
#include "tools/models/text_model.h"
#include "tools/models/vector_index.h"

namespace interec {

std::string train_dialog_files(const std::string& dir, const DialogueSource& source) {
  const auto t0 = std::chrono::steady_clock::now();
  auto dataset = Dataset::open(dir);
  const size_t n = dataset->catalog->size();
  const uint64_t fingerprint = dataset_fingerprint(dataset->interactions, n);
  const ItemKnn knn = ItemKnn::load(model_path(dir, "item_knn"), fingerprint);
  const std::vector<Dialogue> dialogues = read_selected_dialogues(source);
  const MentionMap map(dataset->catalog, std::make_shared<TitleIndex>(dataset->catalog));
  MentionStats mentions;
  for (const Dialogue& d : dialogues)
    for (const auto& m : d.mentions) mentions.add(map.map(m.title).how);
  const DialogModel model = train_dialog_model(dialogues, map, knn, Popularity::train(dataset->interactions, n).counts);
  const std::string path = model_path(dir, "dialog");
  model.save(path, fingerprint);
  const DialogWeight& w = model.weight();
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "trained dialog in %.2f s on %zu dialogues (%zu of %zu movie mentions in the catalog): weight %g %s %zu "
                "held-out samples; %s",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), dialogues.size(),
                mentions.mapped(), mentions.total, w.weight,
                w.calibrated ? "chosen on" : "by default: too few to choose on,", w.samples, path.c_str());
  return buf;
}

std::string train_stance_files(const std::string& dir, const DialogueSource& source) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<StanceExample> examples;
  const std::vector<Dialogue> dialogues = read_selected_dialogues(source);
  for (const Dialogue& d : dialogues)
    for (auto& e : stance_examples(d)) examples.push_back(std::move(e));
  std::array<size_t, kStanceClasses> count{};
  for (const auto& e : examples) ++count[static_cast<size_t>(e.label)];
  const StanceModel model = StanceModel::train(examples);
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(dir) / kModelsDir, ec);
  const std::string path = model_path(dir, "stance");
  model.save(path);
  std::string per_class;
  for (size_t c = 0; c < kStanceClasses; ++c)
    per_class += (c ? ", " : "") + std::to_string(count[c]) + " " + to_string(static_cast<StanceClass>(c));
  char buf[512];
  std::snprintf(buf, sizeof buf, "trained stance in %.2f s on %zu dialogues, %zu seeker mentions (%s): %s",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), dialogues.size(),
                examples.size(), per_class.c_str(), path.c_str());
  return buf;
}

int train_command(int argc, char** argv) {
  std::set<std::string> names = model_option_names();
  names.insert({"data", "model", "dialogs...", "format", "split"});
  CliArgs args(argc, argv, 2, names, {"quiet"});
  const std::string dir = args.require("data");
  const std::string model = canonical_model_name(args.require("model"));
  if (model == "dialog") {
    std::cout << train_dialog_files(dir, dialogue_source(args, SplitChoice::all)) << "\n";
    return 0;
  }
  if (model == "stance") {
    std::cout << train_stance_files(dir, dialogue_source(args, SplitChoice::all)) << "\n";
    return 0;
  }
  if (args.has("dialogs") || args.has("format") || args.has("split"))
    throw UsageError("--dialogs, --format and --split go with --model dialog or stance");
  if (model == "popularity") {
    std::cout << "popularity needs no training: it is counted when the dataset is opened\n";
    return 0;
  }
  if (model != "itemcf" && model != "mf" && model != "sasrec" && model != "text")
    throw UsageError("--model must be itemcf, mf, sasrec, text, dialog or stance");
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
    // The blend weight was chosen for the previous mf's settings: both anew,
    // as prepare trains them.
    const MfAndBlend trained = train_mf_and_blend(dataset->interactions, n, options.mf, progress.callback());
    trained.model.save(path, fingerprint);
    trained.blend.save(popularity_blend_path(dir), fingerprint);
  } else if (model == "sasrec") {
    SasRec::train(dataset->interactions, n, options.sasrec, progress.callback()).save(path, fingerprint);
  } else {
    const TextModel text = TextModel::train(*dataset->catalog);
    text.save(path, fingerprint);
    write_text_index(text, dir, fingerprint);
  }
  progress.finish();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("trained %s in %.2f s: %s\n", model.c_str(), s, path.c_str());
  return 0;
}

}  // namespace interec
