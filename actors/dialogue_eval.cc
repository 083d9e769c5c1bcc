#include "actors/dialogue_eval.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <sstream>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/agent.h"
#include "actors/messages.h"
#include "config/cli_args.h"
#include "config/llm_cli.h"
#include "storage/dialogue_files.h"
#include "tools/eval/dialogue_args.h"
#include "storage/profile_store.h"
#include "tools/eval/conversation_metrics.h"
#include "tools/eval/dialogue_baselines.h"
#include "tools/eval/dialogue_replay.h"
#include "tools/models/model_paths.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

using ordered_json = nlohmann::ordered_json;

// Replayed seekers talk on their own channel, one user per dialogue (so one
// fresh profile each), in the user's default session.
constexpr const char* kEvalChannel = "eval";

struct TurnRecord {
  std::vector<ItemIndex> items;
  std::string plan;
  std::string reply;
  double ms = 0;
};

// A throw-away profile store, so that what a seeker says about movies
// carries from turn to turn as in production; removed with the object.
struct ScratchStore {
  std::string dir;
  bool owned = false;
  std::shared_ptr<ProfileStore> store;

  explicit ScratchStore(std::string path) : dir(std::move(path)) {
    if (dir.empty()) {
      std::random_device rd;
      dir = (std::filesystem::temp_directory_path() /
             ("interec-dialogs-" + std::to_string(::getpid()) + "-" + std::to_string(rd())))
              .string();
      owned = true;
    }
    ProfileStoreOptions o;
    o.path = dir;
    o.sync = false;  // nothing here must survive a crash
    store = ProfileStore::open(o);
  }
  ~ScratchStore() {
    store.reset();
    std::error_code ec;
    if (owned) std::filesystem::remove_all(dir, ec);
  }
};

// Every turn of every replay through the agent; turn records by replay.
std::vector<std::vector<TurnRecord>> run_agent_turns(const std::shared_ptr<const Toolbox>& box,
                                               const std::vector<DialogueReplay>& replays,
                                               const DialogueEvalOptions& o, std::ostream* progress,
                                               double& seconds) {
  const Catalog& catalog = *box->dataset->catalog;
  ScratchStore scratch(o.state_dir);
  caf::actor_system_config cfg;
  add_interec_types(cfg);
  caf::actor_system sys{cfg};
  const AgentConfig config = o.run.agent_config();
  Agent agent = spawn_agent(sys, box, config, scratch.store);
  std::vector<std::vector<TurnRecord>> out(replays.size());
  const auto t0 = std::chrono::steady_clock::now();
  auto replay = [&](caf::scoped_actor& self, size_t d) {
    const DialogueReplay& r = replays[d];
    for (const ReplayTurn& turn : r.turns) {
      TurnRecord rec;
      const auto start = std::chrono::steady_clock::now();
      self->request(agent.router, config.turn_timeout + std::chrono::seconds(5), atoms::turn_atom_v,
                    // The seeker never saw the agent's lists: none of them is read.
                    TurnRequest{kEvalChannel, "dialogue-" + r.id, "", turn.text, o.items, /*unread=*/true})
        .receive(
          [&](const TurnReply& reply) {
            // Copied, not moved out of the message (see eval_driver.cc).
            for (const auto& ref : reply.items)
              if (auto i = catalog.find(ref.item_id)) rec.items.push_back(*i);
            rec.plan = reply.plan;
            rec.reply = !reply.error ? reply.reply : "error: " + reply.error->message + ": " + reply.reply;
          },
          [&](caf::error& e) { rec.reply = "no answer: " + sys.render(e); });
      rec.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      out[d].push_back(std::move(rec));
    }
  };
  for_each_case(sys, replays.size(), o.run.concurrency, replay, progress, "agent", "dialogues");
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  stop_agent(sys, agent);
  return out;
}

std::string cut_text(std::string s, size_t n) {
  if (s.size() > n) s = s.substr(0, n) + "...";
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

void explain_turn(std::ostream& out, const Catalog& catalog, const DialogueReplay& r, size_t index,
                  const ReplayTurn& turn, const TurnRecord& rec, const TurnDiagnosis& diag) {
  out << "[" << r.id << " " << to_string(r.part) << "] turn " << index + 1 << ": " << turn.text << "\n  classes:";
  for (TurnClass c : diag.classes) out << " " << to_string(c);
  out << "\n  plan: " << cut_text(rec.plan, 400) << "\n";
  if (rec.items.empty()) out << "  reply: " << cut_text(rec.reply, 200) << "\n";
  if (!turn.truth.empty()) {
    out << "  truth:";
    for (ItemIndex t : turn.truth) {
      const size_t at = position_in(rec.items, t);
      out << " " << catalog.title(t) << (at == SIZE_MAX ? " (not listed);" : " (#" + std::to_string(at + 1) + ");");
    }
    out << "\n";
  }
  out << "  shown:";
  for (size_t k = 0; k < rec.items.size() && k < 5; ++k) out << " " << catalog.title(rec.items[k]) << ";";
  out << (rec.items.size() > 5 ? " ...\n" : "\n");
}

// A dialog model scored on the dialogues it learned from would report its
// memory, not its skill: refused, whatever the split.
void refuse_leakage(const Toolbox& box, const std::vector<Dialogue>& dialogues) {
  if (!box.dialog) return;
  size_t leaked = 0;
  std::string first;
  for (const Dialogue& d : dialogues)
    if (box.dialog->trained_on(d.id) && leaked++ == 0) first = d.id;
  if (!leaked) return;
  throw std::invalid_argument(
    model_path(box.dataset->dir, "dialog") + " was trained on " + std::to_string(leaked) + " of the " +
    std::to_string(dialogues.size()) + " dialogues to evaluate (conversation " + first +
    " is one): train it on other dialogues (`interec train --model dialog --split dev`) and evaluate "
    "`--split validation`, or remove it");
}

ordered_json metrics_json(const DialogueMetrics& m) {
  ordered_json out = {{"dialogues", m.dialogues},       {"seeker_turns", m.seeker_turns},
              {"no_items", m.empty_share()},    {"scored_turns", m.scored_turns},
              {"samples", m.samples}};
  for (size_t k = 0; k < kDialogueKs.size(); ++k) out["r@" + std::to_string(kDialogueKs[k])] = m.recall(k);
  return out;
}

}  // namespace

DialogueMetrics PartMetrics::all() const {
  DialogueMetrics m = dev;
  m.merge(validation);
  return m;
}

DialogueEvalReport run_dialogue_eval(std::shared_ptr<const Toolbox> box, const std::vector<Dialogue>& dialogues,
                                     const DialogueEvalOptions& o, std::ostream* progress) {
  refuse_leakage(*box, dialogues);
  const Catalog& catalog = *box->dataset->catalog;
  DialogueEvalReport report;
  report.dataset = box->dataset->name;
  const MentionMap map(box->dataset->catalog, box->titles);
  std::vector<DialogueReplay> replays;
  for (const Dialogue& d : dialogues) {
    replays.push_back(replay_dialogue(d, map));
    for (size_t k = 0; k < kMentionMatchKinds; ++k) {
      report.mentions.total += replays.back().mentions.by_rule[k];
      report.mentions.by_rule[k] += replays.back().mentions.by_rule[k];
    }
  }
  double seconds = 0;
  const auto records = run_agent_turns(box, replays, o, progress, seconds);
  report.seconds_per_dialogue = replays.empty() ? 0 : seconds / static_cast<double>(replays.size());

  const DialogueBaselines baselines(*box);
  const size_t k = o.items;
  std::vector<double> turn_ms;
  for (size_t d = 0; d < replays.size(); ++d) {
    const DialogueReplay& r = replays[d];
    for (auto* m : {&report.methods["agent"], &report.methods["popularity"], &report.methods["item_knn"]})
      ++m->of(r.part).dialogues;
    if (box->dialog) ++report.methods["item_knn+dialog"].of(r.part).dialogues;
    std::vector<ItemIndex> named_before;
    for (size_t t = 0; t < r.turns.size(); ++t) {
      const ReplayTurn& turn = r.turns[t];
      const TurnRecord& rec = records[d][t];
      turn_ms.push_back(rec.ms);
      report.methods["agent"].of(r.part).add_turn(rec.items, turn.truth);
      report.methods["popularity"].of(r.part).add_turn(baselines.popularity(turn.mentioned, k), turn.truth);
      std::vector<ItemIndex> seeds = named_before;
      seeds.insert(seeds.end(), turn.named.begin(), turn.named.end());
      report.methods["item_knn"].of(r.part).add_turn(baselines.item_knn(seeds, turn.mentioned, k), turn.truth);
      if (box->dialog)
        report.methods["item_knn+dialog"].of(r.part).add_turn(
          baselines.item_knn(seeds, turn.mentioned, k, box->dialog.get()), turn.truth);
      const TurnDiagnosis diag = diagnose_turn(turn, named_before, rec.plan, rec.items.size(), *box);
      ClassRow& row = report.classes[static_cast<size_t>(diag.primary())];
      ++row.turns;
      row.agent.add_turn(rec.items, turn.truth);
      if (o.explain) explain_turn(*o.explain, catalog, r, t, turn, rec, diag);
      for (ItemIndex i : turn.named)
        if (std::find(named_before.begin(), named_before.end(), i) == named_before.end()) named_before.push_back(i);
    }
  }
  report.turn_ms_p50 = quantile(turn_ms, 0.5);
  if (box->dialog) {
    report.dialog_dialogues = box->dialog->dialogues();
    report.dialog_weight = box->dialog->weight().weight;
  }
  return report;
}

std::string dialogue_report_table(const DialogueEvalReport& r) {
  std::ostringstream out;
  char buf[256];
  const auto& agent = r.methods.at("agent");
  const MentionStats& m = r.mentions;
  auto rule = [&](MentionMatch how) { return m.by_rule[static_cast<size_t>(how)]; };
  std::snprintf(buf, sizeof buf,
                "dataset %s: %zu dialogues (%zu dev, %zu validation); %zu movie mentions, %zu in the catalog "
                "(%.1f%%: %zu title and year, %zu near title, %zu year off by one, %zu title only)\n",
                r.dataset.c_str(), agent.dev.dialogues + agent.validation.dialogues, agent.dev.dialogues,
                agent.validation.dialogues, m.total, m.mapped(), m.total ? 100.0 * m.mapped() / m.total : 0.0,
                rule(MentionMatch::title_and_year), rule(MentionMatch::part_and_year),
                rule(MentionMatch::year_off_by_one), rule(MentionMatch::title_only));
  out << buf;
  std::snprintf(buf, sizeof buf, "agent: %.3f s per dialogue, turn p50 %.1f ms\n", r.seconds_per_dialogue,
                r.turn_ms_p50);
  out << buf;
  if (r.dialog_dialogues) {
    std::snprintf(buf, sizeof buf, "dialog model: learned from %zu dialogues, weight %g\n", r.dialog_dialogues,
                  r.dialog_weight);
    out << buf;
  }
  std::snprintf(buf, sizeof buf, "%-10s %-16s %9s %6s %8s %6s %7s %6s %6s %6s %6s\n", "split", "method", "dialogues",
                "turns", "no_items", "scored", "samples", "R@1", "R@5", "R@10", "R@50");
  out << buf;
  const bool both = agent.dev.dialogues && agent.validation.dialogues;
  for (const char* part : {"dev", "validation", "all"})
    for (const auto& [name, pm] : r.methods) {
      const DialogueMetrics d = std::string(part) == "dev" ? pm.dev : std::string(part) == "validation" ? pm.validation : pm.all();
      if (!d.dialogues || (!both && std::string(part) == "all")) continue;
      std::snprintf(buf, sizeof buf, "%-10s %-16s %9zu %6zu %8.3f %6zu %7zu %6.3f %6.3f %6.3f %6.3f\n", part,
                    name.c_str(), d.dialogues, d.seeker_turns, d.empty_share(), d.scored_turns, d.samples,
                    d.recall(0), d.recall(1), d.recall(2), d.recall(3));
      out << buf;
    }
  out << "agent turns by primary class (docs/evaluation.md, \"Failure classes\"):\n";
  std::snprintf(buf, sizeof buf, "%-18s %6s %6s %7s %6s %6s\n", "class", "turns", "share", "samples", "R@10", "R@50");
  out << buf;
  size_t turns = 0;
  for (const auto& row : r.classes) turns += row.turns;
  for (size_t c = 0; c < kTurnClasses; ++c) {
    const ClassRow& row = r.classes[c];
    std::snprintf(buf, sizeof buf, "%-18s %6zu %6.3f %7zu %6.3f %6.3f\n", to_string(static_cast<TurnClass>(c)),
                  row.turns, turns ? static_cast<double>(row.turns) / turns : 0.0, row.agent.samples,
                  row.agent.recall(2), row.agent.recall(3));
    out << buf;
  }
  return out.str();
}

std::string dialogue_report_json(const DialogueEvalReport& r) {
  ordered_json mentions = {{"total", r.mentions.total}, {"mapped", r.mentions.mapped()}};
  for (size_t k = 0; k < kMentionMatchKinds; ++k)
    mentions[to_string(static_cast<MentionMatch>(k))] = r.mentions.by_rule[k];
  ordered_json methods = ordered_json::object();
  for (const auto& [name, pm] : r.methods)
    methods[name] = {{"dev", metrics_json(pm.dev)}, {"validation", metrics_json(pm.validation)},
                     {"all", metrics_json(pm.all())}};
  ordered_json classes = ordered_json::object();
  for (size_t c = 0; c < kTurnClasses; ++c) {
    const ClassRow& row = r.classes[c];
    classes[to_string(static_cast<TurnClass>(c))] = {{"turns", row.turns}, {"samples", row.agent.samples},
                                                     {"r@10", row.agent.recall(2)}, {"r@50", row.agent.recall(3)}};
  }
  const ordered_json out = {{"dataset", r.dataset},
                    {"mentions", mentions},
                    {"seconds_per_dialogue", r.seconds_per_dialogue},
                    {"turn_ms_p50", r.turn_ms_p50},
                    {"dialog_model", r.dialog_dialogues ? ordered_json{{"dialogues", r.dialog_dialogues}, {"weight", r.dialog_weight}}
                                                        : ordered_json(nullptr)},
                    {"methods", methods},
                    {"classes", classes}};
  return out.dump();
}

int eval_dialogs_command(int argc, char** argv) {
  CliArgs args(argc, argv, 3,
               with_brain_options({"data", "dialogs...", "format", "split", "limit", "concurrency", "workers",
                                   "items", "state"}),
               {"json", "explain"});
  const std::string data = args.require("data");
  const DialogueSource source = dialogue_source(args, SplitChoice::all);
  DialogueEvalOptions o;
  o.items = static_cast<uint32_t>(args.get_int("items", 50, 1, 50));
  o.state_dir = args.get("state");
  const size_t limit = static_cast<size_t>(args.get_int("limit", 0, 0, 100000000));
  const bool json_out = args.has("json");
  if (args.has("explain")) o.explain = &std::cerr;
  apply_agent_run_cli(args, o.run);

  const std::vector<Dialogue> dialogues = read_selected_dialogues(source, limit);
  auto box = Toolbox::open(data);
  std::ostream* progress = json_out ? nullptr : &std::cerr;
  const DialogueEvalReport report = run_dialogue_eval(box, dialogues, o, progress);
  std::cout << (json_out ? dialogue_report_json(report) + "\n" : dialogue_report_table(report));
  return 0;
}

}  // namespace interec
