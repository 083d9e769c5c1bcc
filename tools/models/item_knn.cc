#include "tools/models/item_knn.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tools/models/binary_io.h"
#include "tools/models/model_file.h"

namespace interec {
namespace {
constexpr const char* kKind = "item_knn";
constexpr uint32_t kVersion = 1;
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
  m.offsets_.assign(1, 0);
  m.offsets_.reserve(n_items + 1);
  std::vector<uint32_t> acc(n_items, 0);
  std::vector<ItemIndex> touched;
  std::vector<std::pair<float, ItemIndex>> cand;
  const uint32_t min_common = static_cast<uint32_t>(std::max<size_t>(options.min_common, 1));
  for (size_t i = 0; i < n_items; ++i) {
    touched.clear();
    for (uint64_t k = i_off[i]; k < i_off[i + 1]; ++k) {
      const uint32_t u = i_users[k];
      for (uint64_t t = u_off[u]; t < u_off[u + 1]; ++t) {
        const ItemIndex j = u_items[t];
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
    const size_t keep = std::min(cand.size(), options.neighbours);
    auto by_sim = [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    };
    std::partial_sort(cand.begin(), cand.begin() + keep, cand.end(), by_sim);
    for (size_t k = 0; k < keep; ++k) {
      m.neighbours_.push_back(cand[k].second);
      m.sims_.push_back(cand[k].first);
    }
    m.offsets_.push_back(m.neighbours_.size());
  }
  return m;
}

Span<ItemIndex> ItemKnn::neighbours(ItemIndex i) const {
  return {neighbours_.data() + offsets_[i], neighbours_.data() + offsets_[i + 1]};
}

Span<float> ItemKnn::similarities(ItemIndex i) const {
  return {sims_.data() + offsets_[i], sims_.data() + offsets_[i + 1]};
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
    h.kind = kKind;
    h.version = kVersion;
    h.fingerprint = fingerprint;
    h.params = nlohmann::json{{"neighbours", options_.neighbours},
                              {"min_common", options_.min_common}}.dump();
    write_model_header(out, h);
    const uint64_t n = items(), nnz = neighbours_.size();
    binio::write_pod(out, n);
    binio::write_pod(out, nnz);
    std::vector<uint64_t> offsets = offsets_;
    if (offsets.empty()) offsets.push_back(0);
    binio::write_array(out, offsets);
    binio::write_array(out, neighbours_);
    binio::write_array(out, sims_);
    uint64_t sum = binio::hash_array(offsets, binio::kFnvOffset);
    sum = binio::hash_array(neighbours_, sum);
    sum = binio::hash_array(sims_, sum);
    binio::write_pod(out, sum);
  });
}

ItemKnn ItemKnn::load(const std::string& path, uint64_t fingerprint) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError(path + ": missing or unreadable item_knn model; run `interec prepare`");
  const ModelHeader h = read_model_header(in, path, kKind, kVersion, fingerprint);
  ItemKnn m;
  try {
    const auto params = nlohmann::json::parse(h.params);
    m.options_.neighbours = params.at("neighbours").get<size_t>();
    m.options_.min_common = params.at("min_common").get<size_t>();
  } catch (const nlohmann::json::exception&) {
    throw ModelError(path + ": corrupt item_knn parameters");
  }
  uint64_t n = 0, nnz = 0;
  if (!binio::read_pod(in, n) || !binio::read_pod(in, nnz))
    throw ModelError(path + ": truncated item_knn model (sizes)");
  // Sizes must agree with the file length before anything is allocated.
  const auto here = in.tellg();
  in.seekg(0, std::ios::end);
  const auto end = in.tellg();
  in.seekg(here);
  const uint64_t remaining = static_cast<uint64_t>(end - here);
  if (n > (uint64_t{1} << 31) || nnz > (uint64_t{1} << 40) ||
      remaining != (n + 1) * 8 + nnz * (sizeof(ItemIndex) + sizeof(float)) + 8)
    throw ModelError(path + ": truncated or corrupt item_knn model (sizes do not match the file)");
  if (!binio::read_array(in, m.offsets_, n + 1) || !binio::read_array(in, m.neighbours_, nnz) ||
      !binio::read_array(in, m.sims_, nnz))
    throw ModelError(path + ": truncated item_knn model");
  uint64_t sum = 0;
  if (!binio::read_pod(in, sum)) throw ModelError(path + ": truncated item_knn model (checksum)");
  uint64_t expect = binio::hash_array(m.offsets_, binio::kFnvOffset);
  expect = binio::hash_array(m.neighbours_, expect);
  expect = binio::hash_array(m.sims_, expect);
  if (sum != expect) throw ModelError(path + ": corrupt item_knn model (checksum mismatch)");
  if (m.offsets_.front() != 0 || m.offsets_.back() != nnz)
    throw ModelError(path + ": corrupt item_knn model (offsets)");
  for (size_t k = 1; k < m.offsets_.size(); ++k)
    if (m.offsets_[k] < m.offsets_[k - 1]) throw ModelError(path + ": corrupt item_knn model (offsets)");
  for (size_t k = 0; k < nnz; ++k) {
    if (m.neighbours_[k] < 0 || static_cast<uint64_t>(m.neighbours_[k]) >= n ||
        !std::isfinite(m.sims_[k]))
      throw ModelError(path + ": corrupt item_knn model (neighbour " + std::to_string(k) + ")");
  }
  if (n == 0) m.offsets_.clear();
  return m;
}

}  // namespace interec
