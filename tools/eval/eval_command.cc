#include "tools/eval/eval_command.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "config/cli_args.h"
#include "storage/dataset.h"
#include "tools/eval/evaluate.h"
#include "tools/eval/progress.h"
#include "tools/models/recommenders.h"

namespace interec {
namespace {

double rounded(double x) { return std::round(x * 1e4) / 1e4; }

}  // namespace

int eval_command(int argc, char** argv) {
  std::set<std::string> options = model_option_names();
  options.insert({"data", "model"});
  CliArgs args(argc, argv, 2, options, {"json", "quiet"});
  if (args.positional().size() != 1 || args.positional()[0] != "offline")
    throw UsageError("eval needs the protocol: `interec eval offline --data DIR`");
  const std::string model_arg = args.get("model", "all");
  std::vector<std::string> models;
  if (model_arg == "all") {
    models = recommender_names();
  } else {
    const std::string name = canonical_model_name(model_arg);
    const auto& known = recommender_names();
    if (std::find(known.begin(), known.end(), name) == known.end())
      throw UsageError("--model must be all, popularity, itemcf, mf or sasrec");
    models = {name};
  }
  const ModelOptions model_opts = model_options(args);
  EvalOptions eval_opts;
  eval_opts.seed = static_cast<uint64_t>(args.get_int("seed", 42, 0, 0x7fffffffL));
  eval_opts.threads = static_cast<size_t>(args.get_int("threads", 0, 0, 256));
  const bool json = args.has("json");

  ProgressReporter progress(std::cerr, ::isatty(2) != 0, args.has("quiet"));
  auto dataset = Dataset::open(args.require("data"));
  const size_t n_items = dataset->catalog->size();
  const LeaveOneOut split = LeaveOneOut::split(dataset->interactions);

  nlohmann::ordered_json out = {{"dataset", dataset->name}, {"users", split.cases.size()}, {"items", n_items},
                        {"models", nlohmann::ordered_json::object()}};
  for (const std::string& name : models) {
    const auto t0 = std::chrono::steady_clock::now();
    auto model = train_recommender(name, split.train, n_items, model_opts, progress.callback());
    const double train_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    progress.finish();
    const EvalResult r = evaluate(*model, split, n_items, eval_opts, progress.callback());
    progress.finish();
    out["models"][name] = {{"hr@10", rounded(r.hr)},
                           {"ndcg@10", rounded(r.ndcg)},
                           {"hr@10_sampled", rounded(r.hr_sampled)},
                           {"ndcg@10_sampled", rounded(r.ndcg_sampled)},
                           {"train_s", std::round(train_s * 100) / 100}};
  }
  if (json) {
    std::cout << out.dump() << "\n";
    return 0;
  }
  std::printf("%s: %zu users evaluated (leave-one-out by time), %zu items, seed %llu\n", dataset->name.c_str(),
              split.cases.size(), n_items, static_cast<unsigned long long>(eval_opts.seed));
  std::printf("%-12s %10s %10s %14s %16s %9s\n", "model", "HR@10", "NDCG@10", "HR@10 (100)", "NDCG@10 (100)",
              "train s");
  for (const std::string& name : models) {
    const auto& m = out["models"][name];
    std::printf("%-12s %10.4f %10.4f %14.4f %16.4f %9.2f\n", name.c_str(), m["hr@10"].get<double>(),
                m["ndcg@10"].get<double>(), m["hr@10_sampled"].get<double>(), m["ndcg@10_sampled"].get<double>(),
                m["train_s"].get<double>());
  }
  std::printf("full catalog: the user's input items excluded; (100): the test item + 100 sampled negatives\n");
  return 0;
}

}  // namespace interec
