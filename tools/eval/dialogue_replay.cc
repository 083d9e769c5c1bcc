#include "tools/eval/dialogue_replay.h"

#include <algorithm>

#include "storage/text.h"

namespace interec {
namespace {

void add_once(std::vector<ItemIndex>& list, ItemIndex item) {
  if (item >= 0 && std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

// Messages typed one after the other read as sentences of one turn.
void join(std::string& turn, std::string_view message) {
  message = text::trim(message);
  if (message.empty()) return;
  if (!turn.empty()) {
    const char last = turn.back();
    turn += (last == '.' || last == '!' || last == '?' || last == ',' || last == ';' || last == ':') ? " " : ". ";
  }
  turn += message;
}

}  // namespace

DialogueReplay replay_dialogue(const Dialogue& d, const MentionMap& map) {
  DialogueReplay out;
  out.id = d.id;
  out.part = dialogue_part(d.id);
  std::vector<ItemIndex> item_of(d.mentions.size(), -1);
  for (size_t k = 0; k < d.mentions.size(); ++k) {
    const MappedMention m = map.map(d.mentions[k].title);
    item_of[k] = m.item;
    out.mentions.add(m.how);
  }
  std::vector<ItemIndex> mentioned;
  const size_t n = d.messages.size();
  for (size_t i = 0; i < n;) {
    if (d.messages[i].speaker == Speaker::recommender) {
      for (size_t k : d.messages[i].mentions) add_once(mentioned, item_of[k]);
      ++i;
      continue;
    }
    ReplayTurn turn;
    for (; i < n && d.messages[i].speaker == Speaker::seeker; ++i) {
      join(turn.text, d.readable(d.messages[i]));
      for (size_t k : d.messages[i].mentions) {
        add_once(turn.named, item_of[k]);
        add_once(mentioned, item_of[k]);
      }
    }
    turn.mentioned = mentioned;
    for (size_t j = i; j < n && d.messages[j].speaker == Speaker::recommender; ++j)
      for (size_t k : d.messages[j].mentions)
        if (std::find(mentioned.begin(), mentioned.end(), item_of[k]) == mentioned.end()) add_once(turn.truth, item_of[k]);
    if (!turn.text.empty()) out.turns.push_back(std::move(turn));
  }
  return out;
}

}  // namespace interec
