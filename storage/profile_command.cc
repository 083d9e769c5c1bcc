#include "storage/profile_command.h"

#include <cstdint>
#include <filesystem>
#include <iostream>

#include "config/cli_args.h"
#include "storage/dataset.h"
#include "storage/dialogue_export.h"
#include "storage/profile_recovery.h"
#include "storage/profile_store.h"
#include "storage/profile_view.h"
#include "storage/text.h"

namespace interec {
namespace {

std::string store_path(const CliArgs& args) {
  if (args.has("state")) return args.get("state");
  if (args.has("data")) return args.get("data") + "/profiles";
  throw UsageError("give the profile store as --state DIR or --data DIR (DIR/profiles)");
}

std::unique_ptr<ProfileStore> open_existing(const ProfileStoreOptions& options) {
  if (!std::filesystem::exists(options.path)) throw ProfileStoreError("no profile database at " + options.path);
  return ProfileStore::open(options);
}

int user_action(const CliArgs& args, const std::string& action) {
  const std::string data = args.require("data");
  const std::string key = args.require("user");
  if (key.find(':') == std::string::npos) throw UsageError("--user must be CHANNEL:USER, e.g. cli:ann");
  if (action == "delete") {
    // Erasure must work whatever dataset the store belongs to: no check.
    ProfileStoreOptions options;
    options.path = store_path(args);
    auto store = open_existing(options);
    const bool existed = store->get(key).has_value() || !store->dialogue(key, 1).empty();
    store->erase_sync(key);
    std::cout << (existed ? "deleted " : "nothing stored for ") << key << "\n";
    return 0;
  }
  auto dataset = Dataset::open(data);
  auto store = open_existing(profile_store_options(*dataset, args.get("state")));
  auto profile = store->get(key);
  if (!profile) {
    std::cerr << "interec profile: no profile for " << key << "\n";
    return 1;
  }
  nlohmann::json out = profile_view(*profile, *dataset->catalog);
  out["key"] = key;
  if (action == "export") {
    out["dialogue"] = store->dialogue(key, SIZE_MAX);
    // The dialogue state of each conversation, as stored (JSON text).
    nlohmann::json conversations = nlohmann::json::object();
    for (const auto& [session, state] : store->conversations(key)) {
      auto j = nlohmann::json::parse(state, nullptr, false);
      conversations[session] = j.is_discarded() ? nlohmann::json(state) : j;
    }
    out["conversations"] = std::move(conversations);
  }
  // Whatever bytes were stored (older versions kept them as typed), the
  // export is valid JSON: invalid UTF-8 comes out as U+FFFD.
  std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return 0;
}

// The log of one user (--user) or of every user (--all) as ReDial jsonl, for
// `train --model dialog` (storage/dialogue_export.h).
int export_dialogs(const CliArgs& args) {
  const std::string data = args.require("data");
  const std::string path = args.require("out");
  if (args.has("all") == args.has("user")) throw UsageError("export-dialogs needs --user CHANNEL:USER or --all");
  const std::string key = args.get("user");
  if (!key.empty() && key.find(':') == std::string::npos) throw UsageError("--user must be CHANNEL:USER, e.g. cli:ann");
  auto dataset = Dataset::open(data);
  auto store = open_existing(profile_store_options(*dataset, args.get("state")));
  const std::vector<std::string> keys = args.has("all") ? store->keys() : std::vector<std::string>{key};
  const size_t n = write_exported_dialogues(*store, keys, *dataset->catalog, path);
  std::cout << "exported " << n << " dialogue" << (n == 1 ? "" : "s") << " of " << keys.size() << " user"
            << (keys.size() == 1 ? "" : "s") << " to " << path << "\n";
  return 0;
}

// Binds the store to the dataset of --data (the same items prepared
// again), saying how many stored item ids that catalog does not know.
int rebind(const CliArgs& args) {
  auto dataset = Dataset::open(args.require("data"));
  ProfileStoreOptions options = profile_store_options(*dataset, args.get("state"));
  options.rebind_dataset = true;
  auto store = open_existing(options);
  size_t users = 0, ids = 0, unknown = 0;
  for (const auto& key : store->keys()) {
    auto profile = store->get(key);
    if (!profile) continue;
    ++users;
    for (const auto* list : {&profile->liked, &profile->disliked, &profile->wanted, &profile->history})
      for (const auto& id : *list) {
        ++ids;
        unknown += !dataset->catalog->find(id);
      }
  }
  std::cout << "bound " << options.path << " (" << users << " users) to " << dataset->name << " (fingerprint "
            << dataset->fingerprint << ")";
  if (unknown) std::cout << "; " << unknown << " of " << ids << " stored item ids are not in its catalog";
  std::cout << "\n";
  return 0;
}

int repair(const CliArgs& args) {
  const std::string path = store_path(args);
  const auto report = repair_profile_store(path);
  std::cout << "repaired " << path << ": " << report.users << " users; the folder as it was is in " << report.copy
            << "\n";
  if (report.lost_files.empty()) return 0;
  std::cout << report.lost_files.size()
            << " damaged table files could not be read; what they held is lost unless you restore a backup "
               "(`interec profile restore --from BACKUP_DIR --state "
            << path << "`):\n";
  for (const auto& f : report.lost_files) std::cout << "  " << f << "\n";
  return 0;
}

int backup(const CliArgs& args) {
  const std::string path = store_path(args);
  const std::string to = args.require("to");
  const auto report = backup_profile_store(path, to);
  std::cout << "backup " << report.id << " of " << path << " in " << to << " (" << report.bytes << " bytes"
            << (report.store_in_use ? ", taken while the store is in use" : "") << "), verified\n";
  return 0;
}

int restore(const CliArgs& args) {
  const std::string path = store_path(args);
  const std::string from = args.require("from");
  const auto id = static_cast<uint32_t>(args.get_int("backup", 0, 0, UINT32_MAX));
  const auto report = restore_profile_store(from, path, id);
  std::cout << "restored backup " << report.id << " of " << from << " into " << path << ": " << report.users
            << " users";
  if (!report.previous.empty()) std::cout << "; the folder that was there is in " << report.previous;
  std::cout << "\n";
  return 0;
}

}  // namespace

int profile_command(int argc, char** argv) {
  CliArgs args(argc, argv, 2, {"data", "user", "state", "to", "from", "backup", "out"}, {"all"});
  if (args.positional().size() != 1)
    throw UsageError("profile needs one action: show, export, export-dialogs, delete, rebind, repair, backup or restore");
  const std::string action = args.positional()[0];
  if (action == "export-dialogs") return export_dialogs(args);
  if (args.has("all") || args.has("out")) throw UsageError("--all and --out go with export-dialogs");
  if (action == "show" || action == "export" || action == "delete") return user_action(args, action);
  if (action == "rebind") return rebind(args);
  if (action == "repair") return repair(args);
  if (action == "backup") return backup(args);
  if (action == "restore") return restore(args);
  throw UsageError("unknown profile action '" + text::excerpt(action, 40) +
                   "' (show, export, export-dialogs, delete, rebind, repair, backup, restore)");
}

}  // namespace interec
