#include "tools/models/item_knn.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tools/models/binary_io.h"
#include "tools/models/model_file.h"
#include "tools/models/parallel.h"

namespace interec {
namespace {
constexpr const char* kItemKnnKind = "item_knn";
constexpr uint32_t kItemKnnVersion = 1;
}  // namespace

uint64_t dataset_fingerprint(const Interactions& interactions, size_t n_items) {
  uint64_t h = binio::kFnvOffset;
  const uint64_t n = n_items, users = interactions.users();
  h = binio::fnv1a(&n, sizeof n, h);
  h = binio::fnv1a(&users, sizeof users, h);
  for (size_t u = 0; u < users; ++u) {
    const auto items = interactions.items(static_cast<UserIndex>(u));
    const uint64_t len = items.size();
    h = binio::fnv1a(&len, sizeof len, h);
    if (len) h = binio::fnv1a(items.first, len * sizeof(ItemIndex), h);
  }
  return h;
}

ItemKnn ItemKnn::train(const Interactions& interactions, size_t n_items,
                       const ItemKnnOptions& options) {
  const size_t n_users = interactions.users();
  // Binary user -> items (deduplicated, in range) and item -> users CSR.
  std::vector<uint64_t> u_off(n_users + 1, 0);
  std::vector<ItemIndex> u_items;
  u_items.reserve(interactions.size());
  std::vector<uint32_t> last_seen(n_items, UINT32_MAX);
  std::vector<uint32_t> degree(n_items, 0);
  for (size_t u = 0; u < n_users; ++u) {
    for (ItemIndex i : interactions.items(static_cast<UserIndex>(u))) {
      if (i < 0 || static_cast<size_t>(i) >= n_items || last_seen[i] == u) continue;
      last_seen[i] = static_cast<uint32_t>(u);
      u_items.push_back(i);
      ++degree[i];
    }
    u_off[u + 1] = u_items.size();
  }
  std::vector<uint64_t> i_off(n_items + 1, 0);
  for (size_t i = 0; i < n_items; ++i) i_off[i + 1] = i_off[i] + degree[i];
  std::vector<uint32_t> i_users(u_items.size());
  {
    std::vector<uint64_t> fill(i_off.begin(), i_off.end() - 1);
    for (size_t u = 0; u < n_users; ++u)
      for (uint64_t k = u_off[u]; k < u_off[u + 1]; ++k) i_users[fill[u_items[k]]++] = static_cast<uint32_t>(u);
  }

  ItemKnn m;
  m.options_ = options;
  const uint32_t min_common = static_cast<uint32_t>(std::max<size_t>(options.min_common, 1));
  // Each item's list depends only on the read-only CSR above: slices of the
  // items on every core (the accumulator is per thread), joined in order,
  // give the lists one thread gives.
  const size_t threads = thread_count(options.threads);
  std::vector<NeighbourLists> parts(threads);
  parallel_for(n_items, threads, [&](size_t begin, size_t end, size_t t) {
    std::vector<uint32_t> acc(n_items, 0);
    std::vector<ItemIndex> touched;
    std::vector<std::pair<float, ItemIndex>> cand;
    for (size_t i = begin; i < end; ++i) {
      touched.clear();
      for (uint64_t k = i_off[i]; k < i_off[i + 1]; ++k) {
        const uint32_t u = i_users[k];
        for (uint64_t t2 = u_off[u]; t2 < u_off[u + 1]; ++t2) {
          const ItemIndex j = u_items[t2];
          if (acc[j]++ == 0) touched.push_back(j);
        }
      }
      cand.clear();
      const double di = degree[i];
      for (ItemIndex j : touched) {
        const uint32_t c = acc[j];
        acc[j] = 0;
        if (static_cast<size_t>(j) == i || c < min_common) continue;
        cand.emplace_back(static_cast<float>(c / std::sqrt(di * degree[j])), j);
      }
      parts[t].add_item(cand, options.neighbours);
    }
  });
  for (const auto& part : parts) m.lists_.append(part);
  return m;
}

void ItemKnn::score(const std::vector<ItemIndex>& history, std::vector<float>& scores) const {
  scores.assign(items(), 0.0f);
  const size_t h = history.size();
  for (size_t k = h > kRecentHistory ? h - kRecentHistory : 0; k < h; ++k) {
    const ItemIndex i = history[k];
    if (i < 0 || static_cast<size_t>(i) >= items()) continue;
    const float w = static_cast<float>(std::pow(0.5, static_cast<double>(h - 1 - k) / kHistoryHalfLife));
    const auto nb = neighbours(i);
    const auto sim = similarities(i);
    for (size_t j = 0; j < nb.size(); ++j) scores[nb[j]] += w * sim[j];
  }
}

void ItemKnn::save(const std::string& path, uint64_t fingerprint) const {
  write_model_file(path, [&](std::ostream& out) {
    ModelHeader h;
    h.kind = kItemKnnKind;
    h.version = kItemKnnVersion;
    h.fingerprint = fingerprint;
    h.params = nlohmann::json{{"neighbours", options_.neighbours},
                              {"min_common", options_.min_common}}.dump();
    write_model_header(out, h);
    lists_.write(out);
  });
}

ItemKnn ItemKnn::load(const std::string& path, uint64_t fingerprint) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError(path + ": missing or unreadable item_knn model; run `interec prepare`");
  const ModelHeader h = read_model_header(in, path, kItemKnnKind, kItemKnnVersion, fingerprint);
  ItemKnn m;
  read_model_params(h, path, [&](const nlohmann::json& params) {
    m.options_.neighbours = params.at("neighbours").get<size_t>();
    m.options_.min_common = params.at("min_common").get<size_t>();
  });
  m.lists_ = NeighbourLists::read(in, path, kItemKnnKind);
  return m;
}

}  // namespace interec
