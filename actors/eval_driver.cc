#include "actors/eval_driver.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <iostream>
#include <mutex>
#include <numeric>
#include <random>
#include <unordered_set>

#include <caf/all.hpp>

#include "actors/agent.h"
#include "actors/llm_simulator.h"
#include "actors/messages.h"
#include "config/agent_config.h"
#include "config/cli_args.h"
#include "config/llm_cli.h"
#include "config/resources.h"
#include "tools/eval/baselines.h"
#include "tools/eval/paraphrase_simulator.h"
#include "tools/eval/simulated_conversation.h"
#include "tools/eval/simulator.h"
#include "tools/eval/split.h"
#include "tools/tool_util.h"
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
constexpr const char* kDriverChannel = "eval";

struct LlmCounts {
  std::atomic<size_t> turns{0}, leaks{0}, fallbacks{0};
};

// The LLM user: the rules user speaks every turn, unheard. Its words are the
// fallback, its facts the model's, and the session's random stream (hence
// its clues) stays the one the naive agent replays.
class LlmUserConversation final : public SimulatedConversation {
 public:
  LlmUserConversation(const LlmSimulator& llm, const RulesSimulator& sim, const Catalog& catalog, const EvalCase& c,
                      std::mt19937_64 rng, LlmCounts& counts)
      : llm_(llm), catalog_(catalog), rules_(sim, c.target, c.history, std::move(rng)), counts_(counts) {
    talk_ = llm_.start(rules_.user());
  }

  std::string next(const AgentAnswer* last) override {
    if (last) {
      std::vector<std::string> titles;
      for (ItemIndex i : last->items) titles.emplace_back(catalog_.title(i));
      LlmSimulator::heard(talk_, last->reply, titles);
    }
    const std::string rules_text = rules_.next(last);
    LlmUtterance said = llm_.next(talk_, rules_.user(), rules_text);
    ++counts_.turns;
    counts_.leaks += said.leaks_caught;
    note_.clear();
    if (said.leaks_caught) note_ += "simulator: " + std::to_string(said.leaks_caught) + " title leak(s) caught";
    if (said.fallback) {
      ++counts_.fallbacks;
      note_ += std::string(note_.empty() ? "" : "; ") + "simulator: rules fallback (" + said.why + ")";
    }
    return said.text;
  }
  const std::vector<Clue>& stated() const override { return rules_.stated(); }
  std::string last_note() const override { return note_; }

 private:
  const LlmSimulator& llm_;
  const Catalog& catalog_;
  RulesConversation rules_;
  LlmCounts& counts_;
  LlmConversation talk_;
  std::string note_;
};

// One agent turn as --transcripts writes it.
std::string transcript_line(const std::string& session, const std::string& target, const std::string& text,
                            const std::string& note, const TurnReply& reply, bool hit) {
  std::string line = "[" + session + "] target " + target + "\n  user: " + text +
                     (note.empty() ? "" : "\n  " + note) + "\n  plan: " + reply.plan + "\n  items:";
  for (const auto& ref : reply.items) line += " " + ref.title + ";";
  return line + (hit ? " HIT" : "") + "\n";
}

// A fresh simulated user for session `index` of case `c`.
using UserFactory = std::function<std::unique_ptr<SimulatedConversation>(const EvalCase& c, size_t index)>;

struct AgentRun {
  std::vector<SessionOutcome> outcomes;
  std::vector<char> retrieval_hit;  // one-turn retrieval, when asked
};

// Plays cases against one fresh agent (nothing persists between runs: fresh
// profiles). With `retrieval`, each session is followed by the one-turn
// retrieval request of a user without history (the rules user's words).
class AgentPlayer {
 public:
  AgentPlayer(caf::actor_system& sys, const std::shared_ptr<const Toolbox>& box, const SimulateOptions& o,
              const UserFactory& make_user, const std::string& simulator, const RulesSimulator* retrieval)
      : sys_(sys), catalog_(*box->dataset->catalog), o_(o), make_user_(make_user), simulator_(simulator),
        retrieval_(retrieval) {
    config_ = o.run.agent_config();
    agent_ = spawn_agent(sys, box, config_);
  }
  ~AgentPlayer() { stop_agent(sys_, agent_); }

  /// Every case, `concurrency` sessions at a time.
  AgentRun run(const std::vector<const EvalCase*>& cases, std::ostream* progress) {
    AgentRun run;
    run.outcomes.resize(cases.size());
    run.retrieval_hit.assign(cases.size(), 0);
    for_each_case(
      sys_, cases.size(), o_.run.concurrency, [&](caf::scoped_actor& self, size_t s) { play(self, *cases[s], s, run); },
      progress, "agent, " + simulator_ + " user", "sessions");
    return run;
  }

 private:
  // False (with the error in `reply`) when no reply came in time.
  bool ask(caf::scoped_actor& self, const std::string& user, const std::string& session, const std::string& text,
           TurnReply& reply) {
    bool ok = false;
    self->request(agent_.router, config_.turn_timeout + std::chrono::seconds(5), atoms::turn_atom_v,
                  TurnRequest{kDriverChannel, user, session, text})
      .receive(
        [&](const TurnReply& r) {
          // Copied in the handler, not moved out: the reply's memory came
          // from a CAF worker through CAF's mailbox, a hand-off
          // ThreadSanitizer cannot see (docs/trust.md, "Sanitizers").
          reply = r;
          ok = true;
        },
        [&](caf::error& e) { reply.error = Error{ErrorCode::timeout, sys_.render(e)}; });
    return ok;
  }

  AgentAnswer answer_of(const TurnReply& reply) const {
    AgentAnswer a;
    a.reply = reply.reply;
    for (const auto& ref : reply.items)
      if (auto i = catalog_.find(ref.item_id)) a.items.push_back(*i);
    return a;
  }

  // One session of case `c`, then its retrieval request.
  void play(caf::scoped_actor& self, const EvalCase& c, size_t s, AgentRun& run) {
    std::unique_ptr<SimulatedConversation> user = make_user_(c, s);
    SessionOutcome& out = run.outcomes[s];
    const std::string session = simulator_ + std::to_string(s);
    AgentAnswer answer;
    for (size_t turn = 1; turn <= o_.max_turns; ++turn) {
      const std::string text = user->next(turn == 1 ? nullptr : &answer);
      TurnReply reply;
      const auto t0 = std::chrono::steady_clock::now();
      const bool ok = ask(self, c.user, session, text, reply);
      out.turn_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (!ok || reply.error || reply.items.empty()) ++out.failed_plans;
      answer = answer_of(reply);
      const bool hit = target_in_top_k(c.target, answer.items, o_.k);
      if (o_.transcripts) {
        const std::string line = transcript_line(simulator_ + " " + std::to_string(s), std::string(catalog_.title(c.target)),
                                                 text, user->last_note(), reply, hit);
        std::lock_guard<std::mutex> lock(mutex_);
        *o_.transcripts << line;
      }
      if (hit) {
        out.hit_turn = turn;
        break;
      }
    }
    user->finish(answer);
    if (!retrieval_) return;
    // One-turn retrieval: a user without history asks once.
    auto rng = session_rng(o_.seed, s);
    const SimulatedUser facts = retrieval_->start(c.target, c.history, rng);
    TurnReply reply;
    ask(self, "anonymous" + std::to_string(s), "retrieval", retrieval_->describe(facts, o_.retrieval_clues), reply);
    run.retrieval_hit[s] = target_in_top_k(c.target, answer_of(reply).items, o_.k) ? 1 : 0;
  }

  caf::actor_system& sys_;
  const Catalog& catalog_;
  const SimulateOptions& o_;
  const UserFactory& make_user_;
  const std::string simulator_;
  const RulesSimulator* retrieval_;
  AgentConfig config_;
  Agent agent_;
  std::mutex mutex_;  // transcripts
};

AgentRun run_agent_on(caf::actor_system& sys, const std::shared_ptr<const Toolbox>& box,
                   const std::vector<const EvalCase*>& cases, const SimulateOptions& o, const UserFactory& make_user,
                   const std::string& simulator, const RulesSimulator* retrieval, std::ostream* progress) {
  return AgentPlayer(sys, box, o, make_user, simulator, retrieval).run(cases, progress);
}

// The naive agent with the users of `make_user`: every clue stated so far
// is a filter (it reads the structured clues, never the text).
std::vector<SessionOutcome> run_naive(const Baselines& base, const std::vector<const EvalCase*>& cases,
                              const SimulateOptions& o, const UserFactory& make_user) {
  std::vector<SessionOutcome> naive(cases.size());
  for (size_t s = 0; s < cases.size(); ++s) {
    auto user = make_user(*cases[s], s);
    naive[s] = converse_with(*user, cases[s]->target, cases[s]->history, o.max_turns, o.k,
                             [&](const SimulatedConversation& u, const std::unordered_set<ItemIndex>& skip) {
                               return base.naive(u.stated(), skip);
                             });
  }
  return naive;
}

// With --transcripts: the sessions the agent lost and the naive agent won
// (missed, or hit later), where the agent has the most to learn.
void write_losses(std::ostream& out, const std::string& simulator, const std::vector<SessionOutcome>& agent,
                  const std::vector<SessionOutcome>& naive, size_t max_turns) {
  auto turn = [&](const SessionOutcome& s) { return s.hit_turn >= 1 && s.hit_turn <= max_turns ? s.hit_turn : max_turns + 1; };
  out << simulator << " user, sessions the naive agent won (session: agent turn / naive turn, " << max_turns + 1
      << " = missed):";
  for (size_t s = 0; s < agent.size() && s < naive.size(); ++s)
    if (turn(naive[s]) < turn(agent[s])) out << " " << s << ": " << turn(agent[s]) << "/" << turn(naive[s]) << ";";
  out << "\n";
}

// The baselines that read nothing the user says (random, popularity,
// one-shot) and the one-turn tasks, on the rules user's sessions.
void run_text_blind(SimulateReport& report, Baselines& base, const RulesSimulator& sim,
                    const std::vector<const EvalCase*>& cases, const SimulateOptions& o,
                    const std::vector<char>& retrieval_hit, size_t n_items) {
  const size_t sessions = cases.size();
  std::vector<SessionOutcome> random(sessions), popular(sessions), one_shot(sessions);
  double retrieval_naive = 0, retrieval_agent = 0, ndcg_model = 0, ndcg_pop = 0, ndcg_random = 0;
  for (size_t s = 0; s < sessions; ++s) {
    const EvalCase& c = *cases[s];
    auto rules_user = [&] { return RulesConversation(sim, c.target, c.history, session_rng(o.seed, s)); };
    std::mt19937_64 rng(o.seed ^ (0x9E3779B97F4A7C15ull * (s + 1)));
    {
      RulesConversation user = rules_user();
      random[s] = converse_with(user, c.target, c.history, o.max_turns, o.k,
                                [&](const SimulatedConversation&, const std::unordered_set<ItemIndex>& skip) {
                                  return base.random(rng, skip);
                                });
    }
    {
      RulesConversation user = rules_user();
      popular[s] = converse_with(user, c.target, c.history, o.max_turns, o.k,
                                 [&](const SimulatedConversation&, const std::unordered_set<ItemIndex>& skip) {
                                   return base.first(base.by_popularity(), skip);
                                 });
    }
    {
      const std::vector<ItemIndex> personal = base.ranked(nullptr, c.history, RankSchema::preference);
      RulesConversation user = rules_user();
      one_shot[s] = converse_with(user, c.target, c.history, o.max_turns, o.k,
                                  [&](const SimulatedConversation&, const std::unordered_set<ItemIndex>& skip) {
                                    return base.first(personal, skip);
                                  });
    }
    // One-turn retrieval: describe() names the first attribute clues; the
    // naive filter uses exactly those.
    retrieval_agent += retrieval_hit[s];
    {
      auto r2 = session_rng(o.seed, s);
      const SimulatedUser user = sim.start(c.target, c.history, r2);
      std::vector<Clue> attrs;
      for (const auto& clue : user.clues)
        if (clue.kind != Clue::similar && attrs.size() < o.retrieval_clues) attrs.push_back(clue);
      retrieval_naive += target_in_top_k(c.target, base.naive(attrs, {}), o.k) ? 1 : 0;
    }
    // One-turn ranking: the target among negatives the user never had.
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
      ndcg_model += ndcg(base.ranked(&candidates, c.history, RankSchema::preference));
      ndcg_pop += ndcg(base.ranked(&candidates, c.history, RankSchema::popularity));
      ndcg_random += ndcg(candidates);
    }
  }
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
  // The catalog's popularity order, as Toolbox::open keeps it: map, rank and
  // soft_filter read it (left empty, an unscored whole-catalog bus mapped to
  // nothing and soft_filter could not fill a filtered list).
  box->by_popularity.resize(n);
  std::iota(box->by_popularity.begin(), box->by_popularity.end(), ItemIndex{0});
  tool_util::order_by_popularity(*box, box->by_popularity);
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
  RulesSimulator sim(box);
  SimulateReport report;
  report.dataset = box->dataset->name;
  report.model = box->preference_model_name();
  report.brain = o.run.agent.brain;
  report.k = o.k;
  report.max_turns = o.max_turns;
  report.negatives = o.negatives;
  report.retrieval_clues = o.retrieval_clues;
  report.seed = o.seed;
  report.baselines = o.baselines;

  std::vector<const EvalCase*> cases;
  for (const auto& c : held.cases) cases.push_back(&c);
  {
    std::mt19937_64 rng(o.seed);
    std::shuffle(cases.begin(), cases.end(), rng);
  }
  if (cases.size() > o.sessions) cases.resize(o.sessions);

  // Built before the agent: a bad simulator config is the command's error.
  std::unique_ptr<LlmSimulator> llm_user;
  std::unique_ptr<ParaphraseSimulator> paraphrase;
  for (const auto& name : o.simulators) {
    if (name == "openai" && !llm_user) llm_user = std::make_unique<LlmSimulator>(box, sim, o.simulator_llm);
    else if (name == "paraphrase" && !paraphrase)
      paraphrase = std::make_unique<ParaphraseSimulator>(box, sim, Phrasebook::load(o.phrasebook.empty() ? Resources(o.run.agent.resources).phrasings() : o.phrasebook));
    else if (name != "rules" && name != "openai" && name != "paraphrase")
      throw std::invalid_argument("unknown simulator '" + name + "'");
  }
  caf::actor_system_config cfg;
  add_interec_types(cfg);
  caf::actor_system sys{cfg};
  std::unique_ptr<Baselines> base;
  if (o.baselines) base = std::make_unique<Baselines>(box, sim, o.k);
  std::vector<char> retrieval_hit;
  for (const auto& name : o.simulators) {
    LlmCounts counts;
    WordingLog wordings;
    const UserFactory make_user = [&](const EvalCase& c, size_t s) -> std::unique_ptr<SimulatedConversation> {
      if (name == "openai")
        return std::make_unique<LlmUserConversation>(*llm_user, sim, catalog, c, session_rng(o.seed, s), counts);
      if (name == "paraphrase")
        return std::make_unique<ParaphraseConversation>(*paraphrase, c.target, c.history, session_rng(o.seed, s),
                                                        &wordings, o.k);
      return std::make_unique<RulesConversation>(sim, c.target, c.history, session_rng(o.seed, s));
    };
    const bool first = report.runs.empty();
    AgentRun agent = run_agent_on(sys, box, cases, o, make_user, name, o.baselines && first ? &sim : nullptr, progress);
    if (first) retrieval_hit = agent.retrieval_hit;
    SimulatorRun run;
    run.simulator = name;
    run.agent = summarize(agent.outcomes, o.max_turns);
    run.simulator_turns = counts.turns;
    run.leaks_caught = counts.leaks;
    run.simulator_fallbacks = counts.fallbacks;
    run.wordings = wordings.snapshot();
    if (base) {
      // The naive agent meets the same users (the openai user's facts as
      // the rules user states them: it reads no text).
      const UserFactory make_clues = [&](const EvalCase& c, size_t s) -> std::unique_ptr<SimulatedConversation> {
        if (name == "paraphrase")
          return std::make_unique<ParaphraseConversation>(*paraphrase, c.target, c.history, session_rng(o.seed, s));
        return std::make_unique<RulesConversation>(sim, c.target, c.history, session_rng(o.seed, s));
      };
      const std::vector<SessionOutcome> naive = run_naive(*base, cases, o, make_clues);
      run.naive = summarize(naive, o.max_turns);
      if (o.transcripts) write_losses(*o.transcripts, name, agent.outcomes, naive, o.max_turns);
    }
    report.runs.push_back(std::move(run));
  }
  if (base) run_text_blind(report, *base, sim, cases, o, retrieval_hit, catalog.size());
  return report;
}

int eval_simulate_command(int argc, char** argv) {
  CliArgs args(argc, argv, 3,
               with_brain_options({"data", "sessions", "max-turns", "k", "seed", "simulator", "simulator-config",
                                   "concurrency", "workers", "min-history", "wordings"}),
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
  apply_agent_run_cli(args, o.run);
  o.min_history = static_cast<size_t>(args.get_int("min-history", 5, 1, 100000));
  const bool json = args.has("json");
  const size_t wording_rows = static_cast<size_t>(args.get_int("wordings", 25, 0, 100000));
  if (args.has("transcripts")) o.transcripts = &std::cerr;
  // --json prints the agent's figures only, so the baselines are not run.
  o.baselines = !args.has("no-baselines") && !json;

  // Both simulators of the project by default; --json has one fixed shape,
  // so it reports one simulator (rules unless --simulator says otherwise).
  const std::string simulator = args.get("simulator", json ? "rules" : "");
  if (simulator.empty()) o.simulators = {"rules", "paraphrase"};
  else if (simulator == "rules" || simulator == "openai" || simulator == "paraphrase") o.simulators = {simulator};
  else throw UsageError("--simulator must be rules, paraphrase or openai");
  if (args.has("simulator-config") && simulator != "openai")
    throw UsageError("--simulator-config configures --simulator openai; it is not used otherwise");
  if (simulator == "openai") {
    if (args.has("simulator-config")) {
      try {
        o.simulator_llm = load_llm_config(args.get("simulator-config"));
      } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
      }
    } else {
      o.simulator_llm = o.run.agent.llm;
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
  if (json) std::cout << metrics_json(report.runs.front().agent, o.k) << "\n";
  else std::cout << report_table(report, wording_rows);
  return 0;
}

}  // namespace interec
