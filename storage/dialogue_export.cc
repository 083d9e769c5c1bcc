#include "storage/dialogue_export.h"

#include <algorithm>
#include <cstdio>
#include <cstdint>
#include <fstream>
#include <optional>
#include <set>

#include "storage/atomic_file.h"
#include "storage/dialogue_files.h"
#include "storage/dialogue_log.h"
#include "storage/profile_store.h"
#include "storage/text.h"

namespace interec {
namespace {

// One turn of the log; `log` is absent in logs older than the "turn:" line.
struct LoggedTurn {
  std::string user, reply;
  std::optional<TurnLog> log;
};

std::vector<LoggedTurn> turns_of(const std::vector<std::string>& lines) {
  std::vector<LoggedTurn> out;
  bool open = false;  // the last turn may still get its reply or log
  for (const std::string& line : lines) {
    if (line.rfind(kUserPrefix, 0) == 0) {
      out.push_back({line.substr(std::string(kUserPrefix).size()), "", std::nullopt});
      open = true;
    } else if (open && line.rfind(kAgentPrefix, 0) == 0) {
      out.back().reply = line.substr(std::string(kAgentPrefix).size());
    } else if (open) {
      out.back().log = parse_turn_line(line);
      open = false;
    }
    // Lines before the first "user:" belong to a turn the log no longer holds.
  }
  return out;
}

// "@ID" works for ids made of [A-Za-z0-9_-]; any other id is named "mN".
bool plain_id(const std::string& id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
  });
}

// Builds one exported dialogue turn by turn.
struct DialogueBuilder {
  const Catalog& catalog;
  const Profile* profile;
  Dialogue d;
  std::vector<ItemIndex> items;  // of d.mentions, by position
  std::set<std::string> liked, disliked, seen;

  // The mention of item `id`, added on first use (`suggested`: the agent
  // listed it first); npos when the item is not in the catalog.
  size_t mention(const std::string& id, bool suggested) {
    const auto item = catalog.find(id);
    if (!item) return std::string::npos;
    const auto known = std::find(items.begin(), items.end(), *item);
    if (known != items.end()) return static_cast<size_t>(known - items.begin());
    DialogueMention m;
    m.id = plain_id(id) ? id : "m" + std::to_string(d.mentions.size());
    m.title = std::string(catalog.title(*item));
    m.seeker.suggested = suggested ? 1 : 0;
    d.mentions.push_back(std::move(m));
    items.push_back(*item);
    return d.mentions.size() - 1;
  }

  void add(const LoggedTurn& t) {
    DialogueMessage user{Speaker::seeker, t.user, {}};
    DialogueMessage agent{Speaker::recommender, t.reply, {}};
    if (t.log) {
      for (const auto* list : {&t.log->liked, &t.log->disliked, &t.log->seen})
        for (const std::string& id : *list)
          if (const size_t k = mention(id, false); k != std::string::npos) user.mentions.push_back(k);
      liked.insert(t.log->liked.begin(), t.log->liked.end());
      disliked.insert(t.log->disliked.begin(), t.log->disliked.end());
      seen.insert(t.log->seen.begin(), t.log->seen.end());
      for (size_t s = 0; s < t.log->shown.size() && s < kMaxShownPerTurn; ++s) {
        const size_t k = mention(t.log->shown[s], true);
        if (k == std::string::npos) continue;
        agent.mentions.push_back(k);
        const std::string token = "@" + d.mentions[k].id;
        const size_t at = agent.text.find(d.mentions[k].title);
        if (at != std::string::npos) agent.text.replace(at, d.mentions[k].title.size(), token);
        else agent.text += " " + token;
      }
    }
    d.messages.push_back(std::move(user));
    d.messages.push_back(std::move(agent));
  }

  Dialogue finish() {
    auto in = [](const std::vector<std::string>& v, const std::string& id) {
      return std::find(v.begin(), v.end(), id) != v.end();
    };
    for (size_t k = 0; k < d.mentions.size(); ++k) {
      const std::string id(catalog.id(items[k]));
      const bool likes = liked.count(id) || (profile && in(profile->liked, id));
      const bool dislikes = disliked.count(id) || (profile && in(profile->disliked, id));
      d.mentions[k].seeker.liked = likes ? 1 : dislikes ? 0 : 2;
      d.mentions[k].seeker.seen = seen.count(id) || (profile && in(profile->history, id)) ? 1 : 2;
    }
    return std::move(d);
  }
};

}  // namespace

int64_t seeker_worker_id(const std::string& key) {
  return static_cast<int64_t>(text::fnv1a(key) & 0x7fffffffu) + 1;
}

std::vector<Dialogue> exported_dialogues(ProfileStore& store, const std::string& key, const Catalog& catalog) {
  const std::vector<LoggedTurn> turns = turns_of(store.dialogue(key, SIZE_MAX));
  const std::optional<Profile> profile = store.get(key);
  std::vector<Dialogue> out;
  std::optional<DialogueBuilder> current;
  std::string session;
  for (const LoggedTurn& t : turns) {
    const bool new_session = t.log && current && t.log->session != session;
    if (!current || new_session) {
      if (current) out.push_back(current->finish());
      current.emplace(DialogueBuilder{catalog, profile ? &*profile : nullptr, {}, {}, {}, {}, {}});
      session = t.log ? t.log->session : std::string();
      const std::string first = t.log ? std::to_string(t.log->at_ms) : std::to_string(out.size());
      char hex[17];
      std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(text::fnv1a(key + "\n" + session + "\n" + first)));
      current->d.id = std::string("interec-") + hex;
    }
    current->add(t);
  }
  if (current) out.push_back(current->finish());
  return out;
}

size_t write_exported_dialogues(ProfileStore& store, const std::vector<std::string>& keys, const Catalog& catalog,
                                const std::string& path) {
  size_t count = 0;
  write_file_atomically(path, [&](std::ostream& out) {
    for (const std::string& key : keys)
      for (const Dialogue& d : exported_dialogues(store, key, catalog)) {
        out << redial_line(d, seeker_worker_id(key), kAgentWorkerId) << "\n";
        ++count;
      }
  });
  return count;
}

}  // namespace interec
