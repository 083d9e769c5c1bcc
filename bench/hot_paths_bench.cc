// Speed of the per-request work a turn does outside the actors, and of
// building it: the title index (build, fuzzy match), `rank` with the
// preference schema, the rules brain (construction, plan()), and `prepare`.
// These were wall-clock assertions in unit tests, which flaked on loaded
// machines; the figures live in docs/performance.md with this command:
//   build/bench/hot_paths_bench --data DIR [--source SRC] [--reps N]
// --data: a prepared folder (e.g. build/test-work/prepared/ml-100k);
// --source: also time `prepare` of that source folder into a scratch folder.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "brain/rules/rules_brain.h"
#include "config/cli_args.h"
#include "storage/title_index.h"
#include "tools/prepare_dataset.h"
#include "tools/tool.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

void title_index(const Toolbox& box, int reps) {
  auto t0 = Clock::now();
  TitleIndex index(box.dataset->catalog);
  const double build = ms_since(t0);
  const char* names[] = {"toy stroy",    "the godfater",      "heat 1995",  "star wars",
                         "pulp fictoin", "lord of the rings", "harry poter", "something completely different"};
  size_t found = 0;
  t0 = Clock::now();
  for (int r = 0; r < reps; ++r)
    for (const char* n : names) found += index.match(n).size();
  const double per = ms_since(t0) / (reps * std::size(names));
  std::printf("title index: built for %zu titles in %.1f ms; match %.3f ms per name (%zu matches)\n",
              box.dataset->catalog->size(), build, per, found);
}

void rank_preference(const std::shared_ptr<const Toolbox>& box, int reps) {
  auto rank = make_tool(ToolKind::rank, box);
  UserContext user;
  const auto items = box->dataset->interactions.items(0);
  user.history.assign(items.begin(), items.end());
  const Step input = RankStep{RankSchema::preference, {}, {}, {}};
  rank->run(Bus{}, input, user);  // warm up
  const auto t0 = Clock::now();
  for (int r = 0; r < reps; ++r) rank->run(Bus{}, input, user);
  std::printf("rank preference over %zu items (%s): %.3f ms per call\n", box->dataset->catalog->size(),
              box->preference_model_name().c_str(), ms_since(t0) / reps);
}

void rules_brain(const std::shared_ptr<const Toolbox>& box, int reps) {
  const std::vector<std::string> requests = {
    "I'd like a comedy from the 90s, but nothing before 1995",
    "movies similar to Toy Story but not animated",
    "top 3 highly rated thrillers",
    "when was Fargo released?",
    "recommend something",
    "no horror or thriller please, a western from the 60s",
  };
  auto t0 = Clock::now();
  RulesBrain brain(box);
  const double build = ms_since(t0);
  auto plan = [&](const std::string& text) {
    BrainRequest r;
    r.text = text;
    return brain.plan(r);
  };
  for (const auto& r : requests) plan(r);  // warm up
  std::printf("rules brain: construction %.1f ms\n", build);
  double total = 0;
  for (const auto& r : requests) {
    t0 = Clock::now();
    for (int k = 0; k < reps; ++k) plan(r);
    const double us = ms_since(t0) * 1000 / reps;
    total += us;
    std::printf("  plan() %8.1f us  %s\n", us, r.c_str());
  }
  std::printf("  plan() %8.1f us  mean of %zu kinds\n", total / requests.size(), requests.size());
}

void prepare(const std::string& source) {
  const auto out = std::filesystem::temp_directory_path() / ("interec-hot-paths-" + std::to_string(::getpid()));
  std::filesystem::remove_all(out);
  ImportOptions options;
  options.source_dir = source;
  options.out_dir = out.string();
  const auto t0 = Clock::now();
  const auto summary = prepare_dataset(options);
  std::printf("prepare %s: %zu items, %zu interactions: import %.2f s, with the default models %.2f s\n",
              source.c_str(), summary.items, summary.interactions, summary.seconds, ms_since(t0) / 1000);
  std::filesystem::remove_all(out);
}

int run(int argc, char** argv) {
  CliArgs args(argc, argv, 1, {"data", "source", "reps"}, {});
  const int reps = static_cast<int>(args.get_int("reps", 200, 1, 1000000));
  const auto box = Toolbox::open(args.require("data"));
  title_index(*box, reps);
  rank_preference(box, reps);
  rules_brain(box, reps);
  if (args.has("source")) prepare(args.get("source"));
  return 0;
}

}  // namespace
}  // namespace interec

int main(int argc, char** argv) {
  try {
    return interec::run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "hot_paths_bench: " << e.what() << "\n";
    return 1;
  }
}
