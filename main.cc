// interec: a conversational recommender agent. Sub-commands:
//   prepare  import a catalog + interactions and train the default models
//   chat     talk to the agent on a terminal (or line by line from stdin)
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <iostream>

#include "bridge/cli_chat.h"
#include "config/cli_args.h"
#include "storage/catalog.h"
#include "storage/dataset.h"
#include "storage/importer.h"
#include "storage/profile_store.h"
#include "storage/profile_view.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

constexpr const char* kUsage = R"(usage: interec COMMAND [options]

commands:
  prepare --source DIR --out DIR [--format auto|movielens|generic]
      Import MovieLens 100K / 1M / latest or the generic CSV/TSV format into a
      prepared dataset folder (SQLite catalog, interactions, trained models).
  chat --data DIR [--user ID] [--json] [--reflection N] [--state DIR]
      Chat with the agent over a prepared dataset. On a terminal: a REPL.
      Otherwise one request per line; --json writes one JSON object per turn.
      Profiles persist in --state (default DATA/profiles) under "cli:ID".
  profile show|export|delete --data DIR --user CHANNEL:USER [--state DIR]
      show: the profile as JSON, items with titles; export: everything kept
      about the user (profile and dialogue log) as JSON; delete: erase every
      trace of the user (right to be forgotten).
  help
      This text.
)";

int cmd_prepare(int argc, char** argv) {
  CliArgs args(argc, argv, 2, {"source", "out", "format"}, {"quiet"});
  ImportOptions options;
  options.source_dir = args.require("source");
  options.out_dir = args.require("out");
  const std::string format = args.get("format", "auto");
  if (format == "auto") options.format = SourceFormat::automatic;
  else if (format == "movielens") options.format = SourceFormat::movielens;
  else if (format == "generic") options.format = SourceFormat::generic;
  else throw UsageError("--format must be auto, movielens or generic");
  const bool quiet = args.has("quiet");
  auto progress = [quiet](const std::string& line) {
    if (!quiet) std::cerr << line << "\n";
  };
  options.progress = progress;
  ImportSummary summary = import_dataset(options);
  auto dataset = Dataset::open(options.out_dir);
  train_default_models(*dataset, progress);
  std::cout << "prepared " << options.out_dir << " (" << summary.format << "): " << summary.items
            << " items, " << summary.users << " users, " << summary.interactions
            << " interactions";
  if (summary.skipped_rows) std::cout << ", " << summary.skipped_rows << " junk rows skipped";
  std::cout << "\n";
  for (const auto& w : summary.warnings) std::cout << "  warning: " << w << "\n";
  return 0;
}

int cmd_chat(int argc, char** argv) {
  CliArgs args(argc, argv, 2, {"data", "user", "reflection", "brain", "state"}, {"json"});
  ChatOptions options;
  options.data_dir = args.require("data");
  options.state_dir = args.get("state");
  options.user = args.get("user", "local");
  options.json = args.has("json");
  options.agent.brain = args.get("brain", "rules");
  options.agent.reflection_rounds = static_cast<size_t>(args.get_int("reflection", 2, 0, 10));
  return run_chat(options, std::cin, std::cout, ::isatty(0) && ::isatty(1));
}

int cmd_profile(int argc, char** argv) {
  CliArgs args(argc, argv, 2, {"data", "user", "state"}, {});
  if (args.positional().size() != 1)
    throw UsageError("profile needs one action: show, export or delete");
  const std::string action = args.positional()[0];
  if (action != "show" && action != "export" && action != "delete")
    throw UsageError("unknown profile action '" + action + "' (show, export, delete)");
  const std::string data = args.require("data");
  const std::string key = args.require("user");
  if (key.find(':') == std::string::npos)
    throw UsageError("--user must be CHANNEL:USER, e.g. cli:ann");
  ProfileStoreOptions options;
  options.path = args.get("state", data + "/profiles");
  if (!std::filesystem::exists(options.path))
    throw std::runtime_error("no profile database at " + options.path);
  auto store = ProfileStore::open(options);
  if (action == "delete") {
    const bool existed = store->get(key).has_value() || !store->dialogue(key, 1).empty();
    store->erase_sync(key);
    std::cout << (existed ? "deleted " : "nothing stored for ") << key << "\n";
    return 0;
  }
  auto profile = store->get(key);
  if (!profile) {
    std::cerr << "interec profile: no profile for " << key << "\n";
    return 1;
  }
  auto dataset = Dataset::open(data);
  nlohmann::json out = profile_view(*profile, *dataset->catalog);
  out["key"] = key;
  if (action == "export") out["dialogue"] = store->dialogue(key, SIZE_MAX);
  std::cout << out.dump(2) << "\n";
  return 0;
}

int run(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string command = argv[1];
  try {
    if (command == "prepare") return cmd_prepare(argc, argv);
    if (command == "chat") return cmd_chat(argc, argv);
    if (command == "profile") return cmd_profile(argc, argv);
    if (command == "help" || command == "--help" || command == "-h") {
      std::cout << kUsage;
      return 0;
    }
    std::cerr << "interec: unknown command '" << command << "'\n" << kUsage;
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "interec " << command << ": " << e.what() << "\n\n" << kUsage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "interec " << command << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace
}  // namespace interec

int main(int argc, char** argv) { return interec::run(argc, argv); }
