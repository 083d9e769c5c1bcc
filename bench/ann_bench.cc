// An approximate nearest-neighbour index over a prepared dataset's item
// vectors, against exact search: what "items like this one" over the whole
// catalog costs with it (issue 14 item 3; docs/scale-turns.md). Reports the
// index's build time and size, recall@10 against exact cosine top-10
// (tools/models/topk.h) and per-query latency of both, for several search
// breadths. --index ivf (default) is the index `prepare` writes
// (tools/models/vector_index.h, FAISS IVF: --lists, --probes); --index hnsw
// is hnswlib (Debian libhnswlib-dev: --m, --ef-construction, --ef).
//
//   build/bench/ann_bench --data DIR [--model text|mf] [--queries 200] [--index ivf|hnsw]
//                         [--lists 0] [--probes 8,16,24,32,64]
//                         [--m 16] [--ef-construction 100] [--ef 32,64,128] [--threads 0]
//   build/bench/ann_bench --data DIR --write-index
//   build/bench/ann_bench --data DIR --bus genres
//
// --write-index writes DIR/models/text.ivf as `prepare` does (a new file
// renamed into place; removed below the size threshold) and times it: for
// folders prepared before the index existed.
//
// --bus COLUMN measures the search `soft_filter` runs for "a GENRE like X"
// (tools/text_neighbours.h): each query draws one value of COLUMN at
// random, the bus is the items having it, and the top-10 among the bus by
// the 8-bit codes (QuantizedTable::top_k_among, codes built once and timed)
// is compared with the float scan of the bus's own vectors: recall@10 and
// the time of each.
//
// Queries are items drawn at random (seeded); the item itself is left out of
// both answers. Built only when the hnswlib headers are installed.
#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <thread>
#include <unordered_set>
#include <vector>

#include "config/cli_args.h"
#include "storage/dataset.h"
#include "tools/models/item_knn.h"
#include "tools/models/mf.h"
#include "tools/models/model_paths.h"
#include "tools/models/text_model.h"
#include "tools/models/parallel.h"
#include "tools/models/quantized_table.h"
#include "tools/models/topk.h"
#include "tools/models/vector_index.h"

using namespace interec;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// Row-major n x dim unit vectors (zero rows stay zero) of the chosen model.
std::vector<float> unit_vectors(const std::string& dir, const std::string& model, size_t& n, size_t& dim) {
  std::vector<float> out;
  if (model == "text") {
    const TextModel m = TextModel::load(model_path(dir, "text"), 0);
    n = m.items();
    dim = m.dim();
    out.resize(n * dim);
    for (size_t i = 0; i < n; ++i) {
      const auto v = m.item_vector(static_cast<ItemIndex>(i));
      std::copy(v.data(), v.data() + dim, out.data() + i * dim);
    }
  } else if (model == "mf") {
    const Mf m = Mf::load(model_path(dir, "mf"), 0);
    n = m.items();
    dim = static_cast<size_t>(m.item_factors().cols());
    out.assign(m.item_factors().data(), m.item_factors().data() + n * dim);
  } else {
    throw UsageError("--model is text or mf");
  }
  for (size_t i = 0; i < n; ++i) {
    float norm = 0;
    for (size_t d = 0; d < dim; ++d) norm += out[i * dim + d] * out[i * dim + d];
    if (norm > 0)
      for (size_t d = 0; d < dim; ++d) out[i * dim + d] /= std::sqrt(norm);
  }
  return out;
}

// Adds every item to the graph on `threads` threads (hnswlib's addPoint is
// thread-safe for distinct labels).
void build(hnswlib::HierarchicalNSW<float>& index, const std::vector<float>& v, size_t n, size_t dim,
           size_t threads) {
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (size_t i = t; i < n; i += threads) index.addPoint(v.data() + i * dim, i);
    });
  for (auto& th : pool) th.join();
}

std::vector<size_t> parse_list(const std::string& s) {
  std::vector<size_t> out;
  std::stringstream in(s);
  std::string part;
  while (std::getline(in, part, ','))
    if (!part.empty()) out.push_back(static_cast<size_t>(std::stoull(part)));
  return out;
}

struct Queries {
  std::vector<size_t> items;
  std::vector<std::vector<int32_t>> truth;  // exact top-k, the query item left out
};

// Exact: one inner-product top-(k+1) over the catalog per query, on one thread.
Queries exact_answers(const std::vector<float>& v, size_t n, size_t dim, size_t queries, size_t k) {
  Queries out;
  std::mt19937_64 rng(7);
  out.items.resize(queries);
  for (auto& x : out.items) x = rng() % n;
  out.truth.resize(queries);
  std::vector<double> exact_ms;
  for (size_t r = 0; r < queries; ++r) {
    std::vector<int32_t> ids(k + 1);
    std::vector<float> scores(k + 1);
    const auto t0 = Clock::now();
    top_k_inner_product(v.data(), n, dim, v.data() + out.items[r] * dim, 1, k + 1, ids.data(), scores.data(), 1);
    exact_ms.push_back(ms_since(t0));
    for (int32_t id : ids)
      if (static_cast<size_t>(id) != out.items[r] && out.truth[r].size() < k) out.truth[r].push_back(id);
  }
  std::printf("exact (1 thread):       p50 %8.3f ms  p99 %8.3f ms\n", percentile(exact_ms, 0.5),
              percentile(exact_ms, 0.99));
  return out;
}

void run_hnsw(const CliArgs& args, const std::vector<float>& v, size_t n, size_t dim, const Queries& q, size_t k) {
  const size_t m = static_cast<size_t>(args.get_int("m", 16, 2, 128));
  const size_t ef_construction = static_cast<size_t>(args.get_int("ef-construction", 100, 8, 4096));
  const size_t threads = thread_count(static_cast<size_t>(args.get_int("threads", 0, 0, 256)));
  hnswlib::InnerProductSpace space(dim);
  hnswlib::HierarchicalNSW<float> index(&space, n, m, ef_construction);
  auto t0 = Clock::now();
  build(index, v, n, dim, threads);
  std::printf("build (M %zu, ef_construction %zu, %zu threads): %.1f s\n", m, ef_construction, threads,
              ms_since(t0) / 1000);
  const std::string file = (std::filesystem::temp_directory_path() / "interec_ann_bench.bin").string();
  index.saveIndex(file);
  std::printf("index file: %.1f MB (vectors alone %.1f MB)\n",
              static_cast<double>(std::filesystem::file_size(file)) / 1e6,
              static_cast<double>(n * dim * sizeof(float)) / 1e6);
  std::filesystem::remove(file);
  for (size_t ef : parse_list(args.get("ef", "32,64,128"))) {
    index.setEf(std::max(ef, k + 1));
    std::vector<double> ms;
    size_t hits = 0;
    for (size_t r = 0; r < q.items.size(); ++r) {
      t0 = Clock::now();
      auto res = index.searchKnn(v.data() + q.items[r] * dim, k + 1);
      ms.push_back(ms_since(t0));
      std::unordered_set<int32_t> got;
      while (!res.empty()) {
        if (res.top().second != q.items[r]) got.insert(static_cast<int32_t>(res.top().second));
        res.pop();
      }
      for (int32_t id : q.truth[r]) hits += got.count(id);
    }
    std::printf("hnsw ef %4zu:           p50 %8.3f ms  p99 %8.3f ms  recall@10 %.3f\n", ef, percentile(ms, 0.5),
                percentile(ms, 0.99), static_cast<double>(hits) / static_cast<double>(q.items.size() * k));
  }
}

// The index prepare writes (tools/models/vector_index.h): built, written,
// mapped back as a start opens it, then searched at several breadths.
void run_ivf(const CliArgs& args, const std::vector<float>& v, size_t n, size_t dim, const Queries& q, size_t k) {
  VectorIndexOptions o;
  o.lists = static_cast<size_t>(args.get_int("lists", 0, 0, 1 << 24));
  o.threads = static_cast<size_t>(args.get_int("threads", 0, 0, 256));
  auto t0 = Clock::now();
  const VectorIndex built = VectorIndex::build(v.data(), n, dim, o);
  std::printf("ivf build (%zu lists, %zu threads): %.1f s\n", built.lists(), thread_count(o.threads),
              ms_since(t0) / 1000);
  const std::string file = (std::filesystem::temp_directory_path() / "interec_ann_bench.ivf").string();
  t0 = Clock::now();
  built.save(file, 1);
  std::printf("ivf write: %.1f s, file %.1f MB (vectors alone %.1f MB)\n", ms_since(t0) / 1000,
              static_cast<double>(std::filesystem::file_size(file)) / 1e6,
              static_cast<double>(n * dim * sizeof(float)) / 1e6);
  t0 = Clock::now();
  const VectorIndex index = VectorIndex::open(file, 1, n, dim);
  std::printf("ivf open (mapped): %.3f ms\n", ms_since(t0));
  for (size_t probes : parse_list(args.get("probes", "8,16,24,32,64"))) {
    std::vector<double> ms;
    size_t hits = 0;
    for (size_t r = 0; r < q.items.size(); ++r) {
      t0 = Clock::now();
      const auto res = index.search(v.data() + q.items[r] * dim, k + 1, probes);
      ms.push_back(ms_since(t0));
      std::unordered_set<int32_t> got;
      for (const Scored& s : res)
        if (static_cast<size_t>(s.index) != q.items[r]) got.insert(s.index);
      for (int32_t id : q.truth[r]) hits += got.count(id);
    }
    std::printf("ivf probes %4zu:        p50 %8.3f ms  p99 %8.3f ms  recall@10 %.3f\n", probes,
                percentile(ms, 0.5), percentile(ms, 0.99),
                static_cast<double>(hits) / static_cast<double>(q.items.size() * k));
  }
  std::filesystem::remove(file);
}

// Items per value of the catalog's column `column`.
std::vector<std::vector<int32_t>> buses_of(const std::string& dir, const std::string& column) {
  const auto ds = Dataset::open(dir);
  const Catalog& catalog = *ds->catalog;
  const auto col = catalog.column_index(column);
  if (!col) throw UsageError("--bus: the catalog has no column '" + column + "'");
  std::map<std::string, std::vector<int32_t>, std::less<>> by_value;
  for (size_t i = 0; i < catalog.size(); ++i)
    for (std::string_view value : catalog.values(*col, static_cast<ItemIndex>(i))) {
      auto it = by_value.find(value);
      if (it == by_value.end()) it = by_value.emplace(std::string(value), std::vector<int32_t>{}).first;
      if (it->second.empty() || it->second.back() != static_cast<int32_t>(i)) it->second.push_back(static_cast<int32_t>(i));
    }
  std::vector<std::vector<int32_t>> out;
  for (auto& [value, items] : by_value) out.push_back(std::move(items));
  return out;
}

// The bus's top-10 by the 8-bit codes against the float scan of the bus
// (what text_neighbours does with and without an index).
void run_bus(const CliArgs& args, const std::string& dir, const std::vector<float>& v, size_t n, size_t dim,
             size_t queries, size_t k) {
  const auto buses = buses_of(dir, args.get("bus"));
  auto t0 = Clock::now();
  const QuantizedTable codes(v.data(), n, dim);
  std::printf("8-bit codes built: %.2f s\n", ms_since(t0) / 1000);
  std::mt19937_64 rng(11);
  std::vector<double> exact_ms, codes_ms, codes1_ms, shares;
  size_t hits = 0;
  for (size_t r = 0; r < queries; ++r) {
    const size_t seed = rng() % n;
    const auto& bus = buses[rng() % buses.size()];
    shares.push_back(static_cast<double>(bus.size()) / static_cast<double>(n));
    const float* q = v.data() + seed * dim;
    const auto query = Eigen::Map<const Eigen::VectorXf>(q, static_cast<Eigen::Index>(dim));
    t0 = Clock::now();
    std::vector<float> scores(bus.size());
    for (size_t p = 0; p < bus.size(); ++p)
      scores[p] = Eigen::Map<const Eigen::VectorXf>(v.data() + static_cast<size_t>(bus[p]) * dim,
                                                    static_cast<Eigen::Index>(dim)).dot(query);
    std::unordered_set<int32_t> truth;
    for (const Scored& s : top_k(scores.data(), scores.size(), k + 1))
      if (static_cast<size_t>(bus[static_cast<size_t>(s.index)]) != seed && truth.size() < k)
        truth.insert(bus[static_cast<size_t>(s.index)]);
    exact_ms.push_back(ms_since(t0));
    t0 = Clock::now();
    const auto found = codes.top_k_among(v.data(), q, bus, k + 1);
    codes_ms.push_back(ms_since(t0));
    t0 = Clock::now();
    codes.top_k_among(v.data(), q, bus, k + 1, 1);
    codes1_ms.push_back(ms_since(t0));
    size_t kept = 0;
    for (const Scored& s : found)
      if (static_cast<size_t>(s.index) != seed && kept < k) {
        ++kept;
        hits += truth.count(s.index);
      }
  }
  std::printf("buses of '%s': %zu values, share of the catalog p50 %.3f, min %.4f, max %.4f\n",
              args.get("bus").c_str(), buses.size(), percentile(shares, 0.5), percentile(shares, 0.0),
              percentile(shares, 1.0));
  std::printf("float scan of the bus:  p50 %8.3f ms  p99 %8.3f ms\n", percentile(exact_ms, 0.5),
              percentile(exact_ms, 0.99));
  std::printf("8-bit codes, the bus:   p50 %8.3f ms  p99 %8.3f ms  recall@10 %.3f\n", percentile(codes_ms, 0.5),
              percentile(codes_ms, 0.99), static_cast<double>(hits) / static_cast<double>(queries * k));
  std::printf("the same on 1 thread:   p50 %8.3f ms  p99 %8.3f ms\n", percentile(codes1_ms, 0.5),
              percentile(codes1_ms, 0.99));
}

int run(int argc, char** argv) {
  CliArgs args(argc, argv, 1,
               {"data", "model", "queries", "index", "m", "ef-construction", "ef", "threads", "lists", "probes", "bus"},
               {"write-index"});
  const std::string dir = args.require("data");
  const std::string model = args.get("model", "text");
  const std::string kind = args.get("index", "ivf");
  const size_t queries = static_cast<size_t>(args.get_int("queries", 200, 1, 100000));
  constexpr size_t k = 10;
  if (args.has("write-index")) {
    // What prepare does after training the text model, timed.
    const auto ds = Dataset::open(dir);
    const uint64_t fingerprint = dataset_fingerprint(ds->interactions, ds->catalog->size());
    const TextModel text = TextModel::load(model_path(dir, "text"), fingerprint);
    const auto t0 = Clock::now();
    const bool written = write_text_index(text, dir, fingerprint);
    std::printf("%s %s in %.1f s\n", written ? "wrote" : "removed (below the size threshold)",
                text_index_path(dir).c_str(), ms_since(t0) / 1000);
    return 0;
  }
  size_t n = 0, dim = 0;
  const std::vector<float> v = unit_vectors(dir, model, n, dim);
  if (n <= k) throw UsageError("the catalog is too small");
  std::printf("%s vectors: %zu items x %zu\n", model.c_str(), n, dim);
  if (args.has("bus")) {
    run_bus(args, dir, v, n, dim, queries, k);
    return 0;
  }
  const Queries q = exact_answers(v, n, dim, queries, k);
  if (kind == "hnsw") run_hnsw(args, v, n, dim, q, k);
  else if (kind == "ivf") run_ivf(args, v, n, dim, q, k);
  else throw UsageError("--index is ivf or hnsw");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "ann_bench: " << e.what() << "\n";
    return 1;
  }
}
