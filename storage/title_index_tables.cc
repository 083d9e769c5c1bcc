// Building the title index's tables from a catalog, and the two lookups
// over them. Which names an item gets: its title (weight 1), the title with
// its alternates ("seven se7en"), each alternate (0.98), the parts before
// and after a colon or " - " (0.9), and each of these without a leading
// article (0.01 less).
#include "storage/title_index_tables.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <unordered_map>

#include "storage/title_text.h"

namespace interec::title_tables {
namespace {

using title_text::is_leading_article;
using title_text::ParsedTitle;
using title_text::parse_title;
using title_text::trigrams;

// The keys while they are collected: names in a hash map (one item may
// reach one name twice: its title and an alternate), postings per trigram.
struct TableBuilder {
  OwnedTables& out;
  std::vector<std::string> texts;
  std::unordered_map<uint32_t, std::vector<uint32_t>> postings;

  void add_key(std::string text, ItemIndex item, float weight, std::unordered_map<std::string, size_t>& seen) {
    if (text.empty()) return;
    auto it = seen.find(text);
    if (it != seen.end()) {
      out.key_weight[it->second] = std::max(out.key_weight[it->second], weight);
      return;
    }
    const uint32_t id = static_cast<uint32_t>(texts.size());
    const auto tri = trigrams(text);
    for (uint32_t t : tri) postings[t].push_back(id);
    out.key_item.push_back(item);
    out.key_weight.push_back(weight);
    out.key_trigrams.push_back(static_cast<uint32_t>(tri.size()));
    seen.emplace(text, id);
    texts.push_back(std::move(text));
  }

  // Adds `text` and, when it starts with an article, the name without it.
  void add_with_article_variant(const std::string& text, ItemIndex item, float weight,
                                std::unordered_map<std::string, size_t>& seen) {
    add_key(text, item, weight, seen);
    const size_t sp = text.find(' ');
    if (sp != std::string::npos && is_leading_article(text.substr(0, sp)))
      add_key(text.substr(sp + 1), item, weight - 0.01f, seen);
  }

  void add_item(const ParsedTitle& p, ItemIndex item) {
    std::unordered_map<std::string, size_t> seen;
    add_with_article_variant(p.main, item, 1.0f, seen);
    if (!p.alts.empty()) {
      std::string full = p.main;
      for (const auto& a : p.alts) full += " " + a;
      add_key(full, item, 1.0f, seen);
      for (const auto& a : p.alts) add_with_article_variant(a, item, 0.98f, seen);
    }
    if (!p.prefix.empty()) add_with_article_variant(p.prefix, item, 0.9f, seen);
    if (!p.suffix.empty()) add_with_article_variant(p.suffix, item, 0.9f, seen);
  }

  // The collected keys as flat arrays: names back to back, postings by code.
  void flatten() {
    out.text_offsets.reserve(texts.size() + 1);
    out.text_offsets.push_back(0);
    for (const auto& t : texts) {
      out.text.insert(out.text.end(), t.begin(), t.end());
      out.text_offsets.push_back(out.text.size());
    }
    out.by_text.resize(texts.size());
    std::iota(out.by_text.begin(), out.by_text.end(), 0u);
    std::stable_sort(out.by_text.begin(), out.by_text.end(),
                     [&](uint32_t a, uint32_t b) { return texts[a] < texts[b]; });
    texts = {};
    out.trigram_codes.reserve(postings.size());
    for (const auto& [code, keys] : postings) out.trigram_codes.push_back(code);
    std::sort(out.trigram_codes.begin(), out.trigram_codes.end());
    out.posting_offsets.reserve(postings.size() + 1);
    out.posting_offsets.push_back(0);
    for (uint32_t code : out.trigram_codes) {
      const auto& keys = postings[code];
      out.posting_keys.insert(out.posting_keys.end(), keys.begin(), keys.end());
      out.posting_offsets.push_back(out.posting_keys.size());
    }
  }
};

}  // namespace

Array<uint32_t> Tables::exact(std::string_view name) const {
  const auto lo = std::lower_bound(by_text.begin(), by_text.end(), name,
                                   [&](uint32_t k, std::string_view v) { return key_text(k) < v; });
  auto hi = lo;
  while (hi != by_text.end() && key_text(*hi) == name) ++hi;
  return {lo, static_cast<size_t>(hi - lo)};
}

Array<uint32_t> Tables::postings(uint32_t code) const {
  const auto it = std::lower_bound(trigram_codes.begin(), trigram_codes.end(), code);
  if (it == trigram_codes.end() || *it != code) return {};
  const size_t t = static_cast<size_t>(it - trigram_codes.begin());
  if (t + 1 >= posting_offsets.size) return {};
  const uint64_t a = posting_offsets[t], b = posting_offsets[t + 1];
  if (a > b || b > posting_keys.size) return {};
  return {posting_keys.data + a, static_cast<size_t>(b - a)};
}

Tables OwnedTables::tables() const {
  return Tables{flat_view(popularity), flat_view(year), flat_view(key_item), flat_view(key_weight),
                flat_view(key_trigrams), flat_view(text_offsets), flat_view(text), flat_view(by_text),
                flat_view(trigram_codes), flat_view(posting_offsets), flat_view(posting_keys)};
}

OwnedTables build_title_tables(const Catalog& catalog) {
  OwnedTables out;
  const size_t n = catalog.size();
  out.popularity.assign(n, 0.0);
  out.year.assign(n, 0);
  if (auto col = catalog.column_index("popularity")) {
    const ColumnType t = catalog.columns()[*col].type;
    if (t == ColumnType::integer || t == ColumnType::real)
      for (size_t i = 0; i < n; ++i) {
        const double v = catalog.number(*col, static_cast<ItemIndex>(i));
        out.popularity[i] = std::isnan(v) ? 0.0 : v;
      }
  }
  std::optional<size_t> year_col;
  if (auto c = catalog.column_index("year"); c && catalog.columns()[*c].type != ColumnType::text) year_col = c;
  TableBuilder b{out, {}, {}};
  b.texts.reserve(n * 3);
  for (size_t i = 0; i < n; ++i) {
    const ItemIndex item = static_cast<ItemIndex>(i);
    const ParsedTitle p = parse_title(catalog.title(item));
    int y = p.year;
    if (year_col) {
      const double v = catalog.number(*year_col, item);
      if (!std::isnan(v)) y = static_cast<int>(v);
    }
    out.year[i] = y;
    b.add_item(p, item);
  }
  b.flatten();
  return out;
}

}  // namespace interec::title_tables
