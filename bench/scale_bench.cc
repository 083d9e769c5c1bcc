// The scaling benchmark (docs/performance.md, "A million items"): for each
// catalog size, a synthetic generic catalog (bench/synthetic_catalog.h) is
// prepared by the real `interec prepare` (wall time, peak RSS), a real
// `interec chat` is timed from process start to its first reply, and then
// the per-turn latency of typical rules-brain plans is measured in-process
// through the real actors, one turn at a time:
//
//   filter          "a comedy from 1994 to 2001"       hard_filter -> rank -> map
//   filter+similar  "a comedy like <title>"            hard_filter -> soft_filter -> rank -> map
//   similar+rank    "something like <title>"           soft_filter -> rank -> map
//   negation        "no horror, made after 1990"       hard_filter (NOT ...) -> rank -> map
//   more            "more" after a filter request in the same session
//   tail-similar    "something like <title>", an item item-kNN has no neighbours for (the long tail):
//                   soft_filter -> rank -> map, neighbours by the text model (tools/text_neighbours.h)
//   tail-filter+similar  "a comedy like <tail title>"
//
//   build/bench/scale_bench [--items 10000,100000,1000000] [--turns 200] [--seed 1]
//                           [--work /tmp/interec-scale] [--interec BUILD/interec] [--reuse]
//                           [--shapes negation,more] [--starts 3] [--cold]
//
// "first ms" is the first turn of each shape in this process, before the ten
// warm-up turns and out of the percentiles: what a shape pays once after a
// start (e.g. something built on first use); the first shape listed with
// --shapes is the first turn after Toolbox::open.
// Genres, tags and years are drawn at random for every turn (seeded), so most
// conditions are new to hard_filter's cache. "shaped" counts the turns whose
// plan had the shape the row is named after (the brain reads the request). Users are dataset users (with a
// history), so `rank` scores with the preference model. --reuse keeps a
// catalog and a prepared folder from an earlier run instead of rebuilding.
// --shapes runs only the named plan shapes (comma-separated; default all);
// --turns 0 times the starts (and the in-process Toolbox::open) only;
// --starts sets how many `interec chat` starts are timed (0 skips them:
// profiling a turn at 10^6 without three whole starts first); --cold drops
// the prepared folder and the binary from the page cache before each start
// (evict_from_page_cache), as after a reboot.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include "actors/agent.h"
#include "actors/messages.h"
#include "bench/bench_process.h"
#include "bench/synthetic_catalog.h"
#include "config/cli_args.h"
#include "tools/toolbox.h"

using namespace interec;
using namespace interec::bench;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string part;
  while (std::getline(in, part, ','))
    if (!part.empty()) out.push_back(part);
  return out;
}

std::vector<size_t> parse_sizes(const std::string& s) {
  std::vector<size_t> out;
  for (const std::string& part : split_commas(s)) out.push_back(static_cast<size_t>(std::stoull(part)));
  if (out.empty()) throw UsageError("--items needs sizes, e.g. 10000,100000");
  return out;
}

const std::vector<std::string> kShapes = {"filter",   "filter+similar", "similar+rank",       "negation",
                                          "more",     "tail-similar",   "tail-filter+similar"};

std::vector<std::string> parse_shapes(const std::string& s) {
  if (s.empty()) return kShapes;
  std::vector<std::string> out = split_commas(s);
  for (const std::string& shape : out)
    if (std::find(kShapes.begin(), kShapes.end(), shape) == kShapes.end())
      throw UsageError("--shapes: unknown shape '" + shape + "' (filter, filter+similar, similar+rank, negation, more, tail-similar, tail-filter+similar)");
  return out;
}

// One measured request; `setup` runs first in the same session, untimed.
struct Turn {
  std::string setup;
  std::string text;
};

class Requests {
 public:
  Requests(const Toolbox& box, uint64_t seed) : rng_(seed) {
    const auto& counts = box.popularity.counts;
    std::vector<ItemIndex> order(counts.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<ItemIndex>(i);
    const size_t keep = std::min<size_t>(order.size(), 2000);
    std::partial_sort(order.begin(), order.begin() + static_cast<long>(keep), order.end(),
                      [&](ItemIndex a, ItemIndex b) { return counts[a] > counts[b]; });
    for (size_t k = 0; k < keep; ++k) seeds_.emplace_back(box.dataset->catalog->title(order[k]));
    // The long tail: items item-kNN has no neighbours for, with a title no
    // other item has (so the brain's lookup finds that item), up to 2,000.
    const Catalog& catalog = *box.dataset->catalog;
    std::unordered_map<std::string_view, size_t> titles;
    for (size_t i = 0; i < catalog.size(); ++i) ++titles[catalog.title(static_cast<ItemIndex>(i))];
    std::mt19937_64 pick(seed);
    for (size_t tries = 0; tries < 200000 && tail_.size() < 2000 && catalog.size() > 0; ++tries) {
      const auto i = static_cast<ItemIndex>(pick() % catalog.size());
      if (box.item_knn.neighbours(i).empty() && titles[catalog.title(i)] == 1)
        tail_.emplace_back(catalog.title(i));
    }
  }

  Turn make(const std::string& shape) {
    const auto& genres = SyntheticVocabulary::get().genres;
    const std::string g = lower(genres[rng_() % genres.size()]);
    const int y1 = 1950 + static_cast<int>(rng_() % 70);
    const int y2 = std::min(2024, y1 + 1 + static_cast<int>(rng_() % 15));
    const std::string title = seeds_[rng_() % seeds_.size()];
    const std::string tail = tail_.empty() ? title : tail_[rng_() % tail_.size()];
    if (shape == "tail-similar") return {"", "something like " + tail};
    if (shape == "tail-filter+similar") return {"", "a " + g + " like " + tail};
    if (shape == "filter") return {"", "a " + g + " from " + std::to_string(y1) + " to " + std::to_string(y2)};
    if (shape == "filter+similar") return {"", "a " + g + " like " + title};
    if (shape == "similar+rank") return {"", "something like " + title};
    if (shape == "negation") return {"", "no " + g + ", made after " + std::to_string(y1)};
    return {"a " + g + " from the " + std::to_string(1950 + 10 * (rng_() % 7)) + "s", "more"};
  }

 private:
  static std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  std::mt19937_64 rng_;
  std::vector<std::string> seeds_, tail_;
};

// Whether the plan the brain made has the shape the request was written for.
bool has_shape(const std::string& shape, const std::string& plan) {
  const bool hard = plan.find("\"hard_filter\"") != std::string::npos;
  const bool soft = plan.find("\"soft_filter\"") != std::string::npos;
  if (shape == "filter" || shape == "more") return hard && !soft;
  if (shape == "filter+similar" || shape == "tail-filter+similar") return hard && soft;
  if (shape == "similar+rank" || shape == "tail-similar") return soft && !hard;
  return hard && plan.find("\"label\":\"not ") != std::string::npos;  // negation
}

struct ShapeResult {
  std::vector<double> ms;
  double first_ms = 0;  // the shape's first turn in this process (a warm-up turn: not in ms)
  size_t empty = 0, errors = 0, shaped = 0;
  std::string first_plan, first_error;
  std::map<std::string, std::vector<double>> step_ms;
};

ShapeResult run_shape(caf::actor_system& sys, const Agent& agent, Requests& requests, const std::string& shape,
                      long turns, size_t users) {
  caf::scoped_actor self{sys};
  ShapeResult r;
  std::mt19937_64 rng(turns * 31 + shape.size());
  for (long k = 0; k < turns + 10; ++k) {
    const Turn t = requests.make(shape);
    const std::string user = "u" + std::to_string(rng() % users);
    const std::string session = shape + std::to_string(k);
    auto ask = [&](const std::string& text, TurnReply& out) {
      self->request(agent.router, std::chrono::seconds(120), atoms::turn_atom_v,
                    TurnRequest{"bench", user, session, text})
          .receive([&](TurnReply& reply) { out = std::move(reply); },
                   [&](caf::error& e) { out.error = Error{ErrorCode::timeout, caf::to_string(e)}; });
    };
    TurnReply reply;
    if (!t.setup.empty()) ask(t.setup, reply);
    const auto start = Clock::now();
    reply = TurnReply{};
    ask(t.text, reply);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (k == 0) r.first_ms = ms;
    if (k < 10) continue;  // warm-up
    if (r.first_plan.empty()) r.first_plan = t.text + " => " + reply.plan;
    r.ms.push_back(ms);
    r.shaped += has_shape(shape, reply.plan);
    std::string error = reply.error ? reply.error->message : std::string();
    for (const auto& s : reply.trace) {
      r.step_ms[s.tool].push_back(s.ms);
      if (error.empty() && s.error) error = s.error->message;
    }
    if (reply.items.empty()) ++r.empty;
    if (!error.empty()) {
      ++r.errors;
      if (r.first_error.empty()) r.first_error = t.text + ": " + error;
    }
  }
  return r;
}

// Seconds from the start of `interec chat` to its first reply (-1: none),
// and the chat's peak resident set (start and that one turn).
std::pair<double, double> first_reply(const std::string& interec, const std::string& data, const std::string& state) {
  PipedProcess chat({interec, "chat", "--data", data, "--json", "--state", state, "--user", "u1"});
  const auto start = Clock::now();
  chat.write_line("a comedy from the 1990s");
  const std::string line = chat.read_line(std::chrono::minutes(10));
  const double s = seconds_since(start);
  const ProcessResult p = chat.finish();
  return {line.empty() ? -1 : s, p.peak_rss_mb};
}

// This process's resident set now: "RSS N MB (anonymous N, files N)".
std::string resident_set() {
  std::ifstream in("/proc/self/status");
  std::map<std::string, double> kb;
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string key;
    double value = 0;
    if (fields >> key >> value) kb[key] = value;
  }
  char buf[96];
  std::snprintf(buf, sizeof buf, "RSS %.0f MB (anonymous %.0f, files %.0f)", kb["VmRSS:"] / 1024,
                kb["RssAnon:"] / 1024, kb["RssFile:"] / 1024);
  return buf;
}

void bench_size(const CliArgs& args, size_t items) {
  const std::string work = args.get("work", "/tmp/interec-scale");
  const std::string interec = args.get("interec", sibling_interec_binary());
  const long turns = args.get_int("turns", 200, 0, 1000000);
  SyntheticCatalogOptions gen;
  gen.items = items;
  gen.seed = static_cast<uint64_t>(args.get_int("seed", 1, 0, 1L << 40));
  const std::string tag = std::to_string(items) + "-s" + std::to_string(gen.seed);
  const std::string src = work + "/source-" + tag, data = work + "/prepared-" + tag;
  const bool reuse = args.has("reuse");

  std::printf("== %zu items\n", items);
  if (!reuse || !fs::exists(src + "/interactions.csv")) {
    const auto t0 = Clock::now();
    const auto s = write_synthetic_catalog(src, gen);
    std::printf("generated %zu items, %zu users, %zu interactions in %.1f s (%s)\n", s.items, s.users,
                s.interactions, seconds_since(t0), src.c_str());
  }
  if (!reuse || !fs::exists(data + "/manifest.json")) {
    fs::remove_all(data);
    const ProcessResult p = run_process({interec, "prepare", "--source", src, "--out", data, "--quiet"});
    if (p.exit_code != 0) throw std::runtime_error("interec prepare failed (exit " + std::to_string(p.exit_code) + ")");
    std::printf("prepare: %.1f s, peak RSS %.0f MB\n", p.seconds, p.peak_rss_mb);
  }
  const long starts = args.get_int("starts", 3, 0, 100);
  std::vector<double> first, rss;
  std::string runs;
  for (long k = 0; k < starts; ++k) {
    const std::string state = work + "/state-" + tag;
    fs::remove_all(state);
    if (args.has("cold")) {
      evict_from_page_cache(data);
      evict_from_page_cache(interec);
    }
    const auto [seconds, peak_mb] = first_reply(interec, data, state);
    first.push_back(seconds);
    rss.push_back(peak_mb);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%.2f", runs.empty() ? "" : " ", first.back());
    runs += buf;
  }
  if (starts > 0)
    std::printf("start to first reply (interec chat, %s, median of %ld): %.2f s (runs: %s)\n",
                args.has("cold") ? "cold page cache" : "warm", starts, percentile(first, 0.5), runs.c_str());
  if (starts > 0) std::printf("interec chat peak RSS (start and one reply, median): %.0f MB\n", percentile(rss, 0.5));

  const auto t0 = Clock::now();
  auto box = Toolbox::open(data);
  std::printf("Toolbox::open in-process: %.2f s, %s\n", seconds_since(t0), resident_set().c_str());
  if (turns == 0) return;  // --turns 0: the starts only
  caf::actor_system_config cfg;
  add_interec_types(cfg);
  caf::actor_system sys{cfg};
  Agent agent = spawn_agent(sys, box, AgentConfig{});
  Requests requests(*box, gen.seed);
  const size_t users = box->dataset->interactions.users();
  std::printf("%-15s %9s %9s %9s %9s %6s %6s %6s  %s\n", "plan", "first ms", "p50 ms", "p99 ms", "max ms", "shaped",
              "empty", "errors", "step p50 ms");
  std::vector<std::string> notes;
  for (const std::string& shape : parse_shapes(args.get("shapes"))) {
    const ShapeResult r = run_shape(sys, agent, requests, shape, turns, users);
    std::string steps;
    for (const auto& [tool, v] : r.step_ms) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s%s %.2f", steps.empty() ? "" : ", ", tool.c_str(), percentile(v, 0.5));
      steps += buf;
    }
    std::printf("%-15s %9.2f %9.2f %9.2f %9.2f %6zu %6zu %6zu  %s\n", shape.c_str(), r.first_ms,
                percentile(r.ms, 0.5), percentile(r.ms, 0.99), percentile(r.ms, 1.0), r.shaped, r.empty, r.errors,
                steps.c_str());
    notes.push_back("  " + r.first_plan);
    if (!r.first_error.empty()) notes.push_back("  first error: " + r.first_error);
  }
  for (const auto& n : notes) std::printf("%s\n", n.c_str());
  std::printf("after the turns: %s\n", resident_set().c_str());
  stop_agent(sys, agent);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // lines appear as measured, also in a log file
  try {
    CliArgs args(argc, argv, 1, {"items", "turns", "seed", "work", "interec", "shapes", "starts"}, {"reuse", "cold"});
    for (size_t items : parse_sizes(args.get("items", "10000,100000,1000000"))) {
      bench_size(args, items);
      std::fflush(stdout);
    }
  } catch (const std::exception& e) {
    std::cerr << "scale_bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
