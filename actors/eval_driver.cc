#include "actors/eval_driver.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <numeric>
#include <random>
#include <sstream>
#include <thread>
#include <unordered_set>

#include <caf/all.hpp>

#include "actors/agent.h"
#include "actors/llm_simulator.h"
#include "actors/messages.h"
#include "config/agent_config.h"
#include "config/cli_args.h"
#include "config/llm_cli.h"
#include "tools/eval/simulator.h"
#include "tools/eval/split.h"
#include "tools/tool.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

// Every session draws its clues from its own generator, seeded from the run's
// seed and the session's position, so the agent and each baseline meet the
// same clues in the same turns, whatever the concurrency.
std::mt19937_64 session_rng(uint64_t seed, size_t index) {
  std::seed_seq seq{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32),
                    static_cast<uint32_t>(index), 0x5151u};
  return std::mt19937_64(seq);
}

// The channel of simulated users; the user id is the dataset's, so memory
// seeds their (held-out) history, and each session id is fresh.
constexpr const char* kChannel = "eval";

using Picker = std::function<std::vector<ItemIndex>(const SimulatedUser&, const std::unordered_set<ItemIndex>&)>;

// One conversation with an in-process baseline: `pick` gets the user (clues
// revealed so far) and what it must not show (history, shown) and returns
// at most k items.
SessionOutcome converse(const RulesSimulator& sim, const EvalCase& c, const SimulateOptions& o,
                        size_t index, const Picker& pick) {
  auto rng = session_rng(o.seed, index);
  SimulatedUser user = sim.start(c.target, c.history, rng);
  std::unordered_set<ItemIndex> skip(c.history.begin(), c.history.end());
  SessionOutcome out;
  for (size_t turn = 1; turn <= o.max_turns; ++turn) {
    sim.next_utterance(user, rng);
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<ItemIndex> shown = pick(user, skip);
    out.turn_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (shown.empty()) ++out.failed_plans;
    if (RulesSimulator::accepts(user, shown, o.k)) {
      out.hit_turn = turn;
      break;
    }
    skip.insert(shown.begin(), shown.end());
  }
  return out;
}

std::vector<ItemIndex> top_k(const std::vector<ItemIndex>& order, const std::unordered_set<ItemIndex>& skip,
                             size_t k) {
  std::vector<ItemIndex> out;
  for (ItemIndex i : order) {
    if (out.size() >= k) break;
    if (!skip.count(i)) out.push_back(i);
  }
  return out;
}

// The order `rank` gives `items` for a user with `history` (the production
// preference ranking: the best trained model, else item-kNN).
std::vector<ItemIndex> rank_for(Tool& rank, const std::vector<ItemIndex>* items,
                                const std::vector<ItemIndex>& history, const char* schema) {
  Bus bus;
  if (items) {
    bus.all = false;
    bus.items = *items;
  }
  UserContext user;
  user.history = history;
  return rank.run(bus, nlohmann::json{{"schema", schema}}, user).bus.items;
}

}  // namespace

HeldOut hold_out_last(const Toolbox& prepared, size_t min_history) {
  const Dataset& ds = *prepared.dataset;
  const Interactions& all = ds.interactions;
  const size_t n = ds.catalog->size();
  HoldOut split = hold_out(all, 1, min_history);
  HeldOut held;
  for (const auto& u : split.users) {
    const auto items = all.items(u.user);
    EvalCase c;
    c.user = all.user_id(u.user);
    c.target = u.held.front();
    c.history.assign(items.begin(), items.end() - 1);
    // A target the user already had cannot be recommended to them (it stays
    // out of the training rows all the same).
    if (std::find(c.history.begin(), c.history.end(), c.target) != c.history.end()) continue;
    held.cases.push_back(std::move(c));
  }
  auto dataset = std::make_shared<Dataset>();
  dataset->dir = ds.dir;
  dataset->name = ds.name;
  dataset->catalog = ds.catalog;
  dataset->interactions = std::move(split.train);
  auto box = std::make_shared<Toolbox>();
  box->dataset = dataset;
  box->titles = prepared.titles;
  box->popularity = Popularity::train(dataset->interactions, n);
  box->item_knn = ItemKnn::train(dataset->interactions, n);
  if (prepared.mf) {
    box->mf = std::make_shared<const Mf>(Mf::train(dataset->interactions, n, prepared.mf->options()));
    // Chosen again on the held-out data (its own validation split), so the
    // prior knows nothing of the targets either.
    box->popularity_blend = calibrate_mf_blend(dataset->interactions, n, prepared.mf->options());
  }
  if (prepared.sasrec) box->sasrec = std::make_shared<const SasRec>(SasRec::train(dataset->interactions, n));
  box->text = prepared.text;  // content only: it never saw an interaction
  held.box = box;
  return held;
}

SimulateReport run_simulation(const HeldOut& held, const SimulateOptions& o, std::ostream* progress) {
  const auto box = held.box;
  const Catalog& catalog = *box->dataset->catalog;
  const size_t n_items = catalog.size();
  RulesSimulator sim(box);
  SimulateReport report;
  report.dataset = box->dataset->name;
  report.model = box->preference_model_name();

  std::vector<const EvalCase*> cases;
  for (const auto& c : held.cases) cases.push_back(&c);
  {
    std::mt19937_64 rng(o.seed);
    std::shuffle(cases.begin(), cases.end(), rng);
  }
  if (cases.size() > o.sessions) cases.resize(o.sessions);
  const size_t sessions = cases.size();

  // --- the agent, through its actors --------------------------------------
  caf::actor_system_config cfg;
  add_interec_types(cfg);
  // Built before the agent: a bad simulator config is the command's error.
  std::unique_ptr<LlmSimulator> llm_user;
  if (o.simulator == "openai") llm_user = std::make_unique<LlmSimulator>(box, sim, o.simulator_llm);
  else if (o.simulator != "rules") throw std::invalid_argument("unknown simulator '" + o.simulator + "'");
  caf::actor_system sys{cfg};
  AgentConfig config = o.agent;
  config.workers = o.workers;
  Agent agent = spawn_agent(sys, box, config);
  const size_t threads = o.concurrency ? o.concurrency : std::max(1u, std::thread::hardware_concurrency());

  auto ask = [&](caf::scoped_actor& self, const std::string& user, const std::string& session,
                 const std::string& text, TurnReply& reply) {
    bool ok = false;
    self->request(agent.router, config.turn_timeout + std::chrono::seconds(5), atoms::turn_atom_v,
                  TurnRequest{kChannel, user, session, text})
      .receive([&](TurnReply& r) { reply = std::move(r); ok = true; },
               [&](caf::error& e) { reply.error = sys.render(e); });
    return ok;
  };
  auto indices = [&](const TurnReply& reply) {
    std::vector<ItemIndex> out;
    for (const auto& ref : reply.items)
      if (auto i = catalog.find(ref.item_id)) out.push_back(*i);
    return out;
  };

  std::vector<SessionOutcome> agent_out(sessions);
  std::vector<char> retrieval_hit(sessions, 0);
  std::atomic<size_t> next{0}, done{0}, llm_turns{0}, leaks{0}, fallbacks{0};
  std::mutex progress_mutex;
  auto worker = [&] {
    caf::scoped_actor self{sys};
    for (size_t s = next++; s < sessions; s = next++) {
      const EvalCase& c = *cases[s];
      auto rng = session_rng(o.seed, s);
      SimulatedUser user = sim.start(c.target, c.history, rng);
      SessionOutcome& out = agent_out[s];
      const std::string session = "sim" + std::to_string(s);
      LlmConversation talk;
      if (llm_user) talk = llm_user->start(user);
      for (size_t turn = 1; turn <= o.max_turns; ++turn) {
        // The rules simulator speaks every turn, also under the LLM user: its
        // words are the fallback, and the session's random stream (hence
        // its clues) stays the one the baselines replay.
        std::string text = sim.next_utterance(user, rng);
        std::string note;
        if (llm_user) {
          LlmUtterance said = llm_user->next(talk, user, text);
          ++llm_turns;
          leaks += said.leaks_caught;
          if (said.leaks_caught) note += "\n  simulator: " + std::to_string(said.leaks_caught) + " title leak(s) caught";
          if (said.fallback) {
            ++fallbacks;
            note += "\n  simulator: rules fallback (" + said.why + ")";
          }
          text = std::move(said.text);
        }
        TurnReply reply;
        const auto t0 = std::chrono::steady_clock::now();
        const bool ok = ask(self, c.user, session, text, reply);
        out.turn_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        if (!ok || !reply.error.empty() || reply.items.empty()) ++out.failed_plans;
        const bool hit = RulesSimulator::accepts(user, indices(reply), o.k);
        if (o.transcripts) {
          std::string line = "[" + std::to_string(s) + "] target " + catalog.title(c.target) + "\n  user: " +
                             text + note + "\n  plan: " + reply.plan + "\n  items:";
          for (const auto& ref : reply.items) line += " " + ref.title + ";";
          std::lock_guard<std::mutex> lock(progress_mutex);
          *o.transcripts << line << (hit ? " HIT" : "") << "\n";
        }
        if (hit) {
          out.hit_turn = turn;
          break;
        }
        if (llm_user) {
          std::vector<std::string> titles;
          for (const auto& ref : reply.items) titles.push_back(ref.title);
          LlmSimulator::heard(talk, reply.reply, titles);
        }
      }
      if (o.baselines) {
        // One-turn retrieval: a user without history asks once.
        TurnReply reply;
        ask(self, "anonymous" + std::to_string(s), "retrieval", sim.describe(user, o.retrieval_clues), reply);
        retrieval_hit[s] = RulesSimulator::accepts(user, indices(reply), o.k) ? 1 : 0;
      }
      const size_t d = ++done;
      if (progress && (d % 100 == 0 || d == sessions)) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        *progress << "agent: " << d << "/" << sessions << " sessions\n" << std::flush;
      }
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  stop_agent(sys, agent);
  report.agent = summarize(agent_out, o.max_turns);
  report.simulator_turns = llm_turns;
  report.leaks_caught = leaks;
  report.simulator_fallbacks = fallbacks;
  if (!o.baselines) return report;

  // --- baselines, in process, on the same sessions --------------------------
  auto rank = make_tool("rank", box);
  std::vector<ItemIndex> by_popularity = rank_for(*rank, nullptr, {}, "popularity");
  std::vector<SessionOutcome> naive(sessions), random(sessions), popular(sessions), one_shot(sessions);
  double retrieval_naive = 0, retrieval_agent = 0, ndcg_model = 0, ndcg_pop = 0, ndcg_random = 0;
  for (size_t s = 0; s < sessions; ++s) {
    const EvalCase& c = *cases[s];
    std::mt19937_64 rng(o.seed ^ (0x9E3779B97F4A7C15ull * (s + 1)));
    random[s] = converse(sim, c, o, s, [&](const SimulatedUser&, const std::unordered_set<ItemIndex>& skip) {
      std::vector<ItemIndex> out;
      std::uniform_int_distribution<ItemIndex> any(0, static_cast<ItemIndex>(n_items - 1));
      for (size_t tries = 0; out.size() < o.k && tries < 100 * o.k; ++tries) {
        const ItemIndex i = any(rng);
        if (!skip.count(i) && std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
      }
      return out;
    });
    popular[s] = converse(sim, c, o, s, [&](const SimulatedUser&, const std::unordered_set<ItemIndex>& skip) {
      return top_k(by_popularity, skip, o.k);
    });
    const std::vector<ItemIndex> personal = rank_for(*rank, nullptr, c.history, "preference");
    one_shot[s] = converse(sim, c, o, s, [&](const SimulatedUser&, const std::unordered_set<ItemIndex>& skip) {
      return top_k(personal, skip, o.k);
    });
    // Naive: every clue so far is a filter; what is left, by popularity.
    auto naive_pick = [&](const SimulatedUser& user, size_t clues, const std::unordered_set<ItemIndex>& skip) {
      std::vector<ItemIndex> out;
      for (ItemIndex i : by_popularity) {
        if (out.size() >= o.k) break;
        if (skip.count(i)) continue;
        bool ok = true;
        for (size_t k = 0; k < clues && ok; ++k) ok = sim.matches(user.clues[k], i);
        if (ok) out.push_back(i);
      }
      return out;
    };
    naive[s] = converse(sim, c, o, s, [&](const SimulatedUser& user, const std::unordered_set<ItemIndex>& skip) {
      return naive_pick(user, user.revealed, skip);
    });

    // One-turn tasks.
    retrieval_agent += retrieval_hit[s];
    {
      auto r2 = session_rng(o.seed, s);
      SimulatedUser user = sim.start(c.target, c.history, r2);
      size_t named = 0, clues = 0;
      for (const auto& clue : user.clues) {
        if (named >= o.retrieval_clues) break;
        ++clues;
        if (clue.kind != Clue::similar) ++named;
      }
      // describe() names the first attribute clues: filter by exactly those.
      std::vector<Clue> attrs;
      for (size_t k = 0; k < clues; ++k)
        if (user.clues[k].kind != Clue::similar) attrs.push_back(user.clues[k]);
      user.clues = attrs;
      retrieval_naive += RulesSimulator::accepts(user, naive_pick(user, attrs.size(), {}), o.k) ? 1 : 0;
    }
    {
      std::unordered_set<ItemIndex> had(c.history.begin(), c.history.end());
      had.insert(c.target);
      std::vector<ItemIndex> candidates{c.target};
      std::uniform_int_distribution<ItemIndex> any(0, static_cast<ItemIndex>(n_items - 1));
      for (size_t tries = 0; candidates.size() <= o.negatives && tries < 100 * (o.negatives + 1); ++tries) {
        const ItemIndex i = any(rng);
        if (had.insert(i).second) candidates.push_back(i);
      }
      std::shuffle(candidates.begin(), candidates.end(), rng);
      auto ndcg = [&](const std::vector<ItemIndex>& order) {
        const auto it = std::find(order.begin(), order.end(), c.target);
        return it == order.end() ? 0.0 : ndcg_of_rank(static_cast<size_t>(it - order.begin()));
      };
      ndcg_model += ndcg(rank_for(*rank, &candidates, c.history, "preference"));
      ndcg_pop += ndcg(rank_for(*rank, &candidates, c.history, "popularity"));
      ndcg_random += ndcg(candidates);
    }
  }
  report.naive = summarize(naive, o.max_turns);
  report.random = summarize(random, o.max_turns);
  report.popularity = summarize(popular, o.max_turns);
  report.one_shot = summarize(one_shot, o.max_turns);
  report.one_turn_cases = sessions;
  if (sessions) {
    const double d = static_cast<double>(sessions);
    report.retrieval_agent = retrieval_agent / d;
    report.retrieval_naive = retrieval_naive / d;
    report.ndcg_model = ndcg_model / d;
    report.ndcg_popularity = ndcg_pop / d;
    report.ndcg_random = ndcg_random / d;
  }
  return report;
}

std::string report_table(const SimulateReport& r, const SimulateOptions& o) {
  std::ostringstream out;
  char buf[256];
  const std::string k = std::to_string(o.k);
  out << "dataset " << r.dataset << ": " << r.agent.sessions << " sessions, at most " << o.max_turns
      << " turns, k = " << o.k << ", seed " << o.seed << ", preference model " << r.model << "\n";
  std::snprintf(buf, sizeof buf, "%-34s %8s %8s %13s %12s\n", "method", ("hit@" + k).c_str(),
                ("at@" + k).c_str(), "failed_plans", "turn_ms_p50");
  out << buf;
  auto row = [&](const char* name, const ConversationMetrics& m) {
    std::snprintf(buf, sizeof buf, "%-34s %8.3f %8.2f %13zu %12.2f\n", name, m.hit, m.at, m.failed_plans,
                  m.turn_ms_p50);
    out << buf;
  };
  row(("agent (" + o.agent.brain + " brain)").c_str(), r.agent);
  if (o.baselines) {
    row("naive: clues as filters + popularity", r.naive);
    row("one-shot model, no conversation", r.one_shot);
    row("popularity", r.popularity);
    row("random", r.random);
    std::snprintf(buf, sizeof buf,
                  "one-turn retrieval recall@%zu (%zu requests naming %zu attributes): agent %.3f, naive %.3f\n",
                  o.k, r.one_turn_cases, o.retrieval_clues, r.retrieval_agent, r.retrieval_naive);
    out << buf;
    std::snprintf(buf, sizeof buf,
                  "one-turn ranking ndcg (target + %zu negatives): rank preference %.3f, popularity %.3f, random %.3f\n",
                  o.negatives, r.ndcg_model, r.ndcg_popularity, r.ndcg_random);
    out << buf;
  }
  if (o.simulator == "openai") {
    out << "user simulator openai: " << r.simulator_turns << " agent turns, leaks_caught " << r.leaks_caught
        << " (answers stopped for saying the target's title), simulator_fallbacks " << r.simulator_fallbacks
        << " (turns given the rules simulator's message)\n";
    if (o.baselines)
      out << "baselines read no text: they ran on the rules simulator's clues, in the same order; the one-turn "
             "retrieval request is the rules simulator's\n";
  }
  return out.str();
}

int eval_simulate_command(int argc, char** argv) {
  CliArgs args(argc, argv, 3,
               with_brain_options({"data", "sessions", "max-turns", "k", "seed", "simulator", "simulator-config",
                                   "concurrency", "workers", "min-history"}),
               {"json", "no-baselines", "transcripts"});
  SimulateOptions o;
  const std::string data = args.require("data");
  o.sessions = static_cast<size_t>(args.get_int("sessions", 500, 1, 1000000));
  o.max_turns = static_cast<size_t>(args.get_int("max-turns", 5, 1, 100));
  o.k = static_cast<size_t>(args.get_int("k", 5, 1, 100));
  const std::string seed = args.get("seed", "42");
  try {
    o.seed = std::stoull(seed);
  } catch (const std::exception&) {
    throw UsageError("--seed must be a non-negative integer");
  }
  o.concurrency = static_cast<size_t>(args.get_int("concurrency", 0, 0, 1024));
  o.workers = static_cast<size_t>(args.get_int("workers", 0, 0, 1024));
  o.min_history = static_cast<size_t>(args.get_int("min-history", 5, 1, 100000));
  const bool json = args.has("json");
  if (args.has("transcripts")) o.transcripts = &std::cerr;
  // --json prints the agent's figures only, so the baselines are not run.
  o.baselines = !args.has("no-baselines") && !json;

  // The agent's brain, configured as chat and serve configure it.
  apply_brain_cli(args, o.agent);
  o.simulator = args.get("simulator", "rules");
  if (o.simulator != "rules" && o.simulator != "openai") throw UsageError("--simulator must be rules or openai");
  if (args.has("simulator-config") && o.simulator != "openai")
    throw UsageError("--simulator-config configures --simulator openai; it is not used otherwise");
  if (o.simulator == "openai") {
    if (args.has("simulator-config")) {
      try {
        o.simulator_llm = load_llm_config(args.get("simulator-config"));
      } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
      }
    } else {
      o.simulator_llm = o.agent.llm;
    }
    if (o.simulator_llm.url.empty())
      throw UsageError(args.has("simulator-config")
                         ? "--simulator openai needs an endpoint: \"url\" in --simulator-config " +
                             args.get("simulator-config")
                         : std::string("--simulator openai needs an endpoint: --llm-url URL (or \"url\" in "
                                       "--llm-config, or a --simulator-config FILE)"));
  }

  auto prepared = Toolbox::open(data);
  std::ostream* progress = json ? nullptr : &std::cerr;
  if (progress) *progress << "holding out each test user's last item and retraining the models...\n";
  const HeldOut held = hold_out_last(*prepared, o.min_history);
  if (held.cases.empty()) throw std::runtime_error(data + ": no user has more than " +
                                                   std::to_string(o.min_history) + " items");
  const SimulateReport report = run_simulation(held, o, progress);
  if (json) std::cout << metrics_json(report.agent, o.k) << "\n";
  else std::cout << report_table(report, o);
  return 0;
}

}  // namespace interec
