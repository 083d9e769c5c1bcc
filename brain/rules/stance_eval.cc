#include "brain/rules/stance_eval.h"

#include <array>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "brain/rules/rules_brain.h"
#include "config/cli_args.h"
#include "config/resources.h"
#include "storage/mention_map.h"
#include "tools/eval/dialogue_args.h"
#include "tools/toolbox.h"

namespace interec {

namespace {

struct Confusion {
  std::array<std::array<size_t, kStanceClasses>, kStanceClasses> n{};  // [gold][predicted]
  void add(StanceClass gold, StanceClass predicted) {
    ++n[static_cast<size_t>(gold)][static_cast<size_t>(predicted)];
  }
  size_t gold(size_t c) const {
    size_t s = 0;
    for (size_t p = 0; p < kStanceClasses; ++p) s += n[c][p];
    return s;
  }
  size_t predicted(size_t c) const {
    size_t s = 0;
    for (size_t g = 0; g < kStanceClasses; ++g) s += n[g][c];
    return s;
  }
  double accuracy() const {
    size_t right = 0, all = 0;
    for (size_t g = 0; g < kStanceClasses; ++g) {
      right += n[g][g];
      all += gold(g);
    }
    return all ? static_cast<double>(right) / static_cast<double>(all) : 0.0;
  }
};

StanceClass class_of_role(const std::string& role) {
  if (role == "liked") return StanceClass::liked;
  if (role == "disliked") return StanceClass::disliked;
  if (role == "seen") return StanceClass::seen;
  return StanceClass::neutral;
}

// The role the brain gives the catalog title `title` in `text`; neutral
// when it does not name it.
StanceClass brain_stance(const RulesBrain& brain, const std::string& text, const std::string& title) {
  const nlohmann::json u = brain.understand(text);
  if (auto it = u.find("titles"); it != u.end())
    for (const auto& t : *it)
      if (t.value("title", "") == title) return class_of_role(t.value("role", ""));
  return StanceClass::neutral;
}

void print(const char* name, const Confusion& c) {
  std::printf("%-12s accuracy %.3f", name, c.accuracy());
  for (size_t k = 0; k < kStanceClasses; ++k) {
    const size_t g = c.gold(k), p = c.predicted(k);
    std::printf("  %s R %.2f P %.2f", to_string(static_cast<StanceClass>(k)),
                g ? static_cast<double>(c.n[k][k]) / static_cast<double>(g) : 0.0,
                p ? static_cast<double>(c.n[k][k]) / static_cast<double>(p) : 0.0);
  }
  std::printf("\n");
}

}  // namespace

int eval_stance_command(int argc, char** argv) {
  CliArgs args(argc, argv, 3, {"data", "dialogs...", "format", "split", "resources"}, {});
  const std::string data = args.require("data");
  const DialogueSource source = dialogue_source(args, SplitChoice::validation);
  const std::vector<Dialogue> dialogues = read_selected_dialogues(source);
  auto box = Toolbox::open(data);
  if (!box->stance)
    throw std::runtime_error(data + ": no stance model (models/stance.bin); run `interec train --model stance`");
  RulesBrainOptions options;
  const Resources resources(args.get("resources"));
  options.synonyms_path = resources.synonyms();
  options.moods_path = resources.moods();
  auto bare_box = std::make_shared<Toolbox>(*box);
  bare_box->stance = nullptr;
  const RulesBrain rules(bare_box, options), with_model(box, options);
  const MentionMap map(box->dataset->catalog, box->titles);

  Confusion by_rules, by_both, by_model;
  size_t found = 0;
  for (const Dialogue& d : dialogues) {
    for (const auto& msg : d.messages) {
      if (msg.speaker != Speaker::seeker) continue;
      const std::string readable = d.readable(msg);
      for (size_t k : msg.mentions) {
        const DialogueMention& mention = d.mentions[k];
        const Stance s = mention.seeker.liked >= 0 || mention.seeker.seen >= 0 ? mention.seeker : mention.recommender;
        if (s.liked < 0 && s.seen < 0) continue;
        const StanceClass gold = stance_label(s.seen, s.liked);
        size_t at = 0;
        const auto tokens = stance_tokens(msg.text, mention.id, at);
        if (at == std::string::npos) continue;
        by_model.add(gold, box->stance->classify(tokens, at).best());
        const MappedMention m = map.map(mention.title);
        if (m.item < 0) continue;
        const std::string title(box->dataset->catalog->title(m.item));
        const nlohmann::json u = rules.understand(readable);
        bool named = false;
        if (auto it = u.find("titles"); it != u.end())
          for (const auto& t : *it) named = named || t.value("title", "") == title;
        found += named;
        by_rules.add(gold, brain_stance(rules, readable, title));
        by_both.add(gold, brain_stance(with_model, readable, title));
      }
    }
  }
  std::printf("%zu dialogues; %zu labelled seeker mentions (model), %zu of them in the catalog (brain), "
              "%zu found as titles by the brain\n",
              dialogues.size(), by_model.gold(0) + by_model.gold(1) + by_model.gold(2) + by_model.gold(3),
              by_rules.gold(0) + by_rules.gold(1) + by_rules.gold(2) + by_rules.gold(3), found);
  print("rules", by_rules);
  print("rules+model", by_both);
  print("model", by_model);
  return 0;
}

}  // namespace interec
