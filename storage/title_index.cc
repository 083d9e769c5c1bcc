// Title matching over flat tables (storage/title_index_tables.h): an exact
// lookup of every name variant of every item by binary search over the
// names sorted, and a trigram inverted index for fuzzy (typo-tolerant)
// matches. The tables are built from the catalog or mapped from the file
// `interec prepare` wrote (storage/title_index_file.cc); the lookups are the
// same code over either.
#include "storage/title_index.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <optional>
#include <unordered_set>

#include "storage/title_index_tables.h"

#include "storage/text_pipeline.h"
#include "storage/title_text.h"

namespace interec {
namespace {
using namespace title_text;
}  // namespace

struct TitleIndex::Impl {
  // A fuzzy match scores at most this (times its key's weight and the
  // query's factor, both <= 1): an exact match above it is never outranked.
  static constexpr double kMaxFuzzyScore = 0.95;

  std::shared_ptr<const Catalog> catalog;
  std::shared_ptr<const void> storage;  // what `t` points into: owned tables or a mapping
  title_tables::Tables t;
  bool mapped = false;

  bool better(ItemIndex a, ItemIndex b) const {  // popularity tie-break
    if (t.popularity[a] != t.popularity[b]) return t.popularity[a] > t.popularity[b];
    return a < b;
  }

  // Scores every item reachable from query `q` into `best` (max per item):
  // its exact keys and, when `fuzzy`, near keys (never above kMaxFuzzyScore).
  void score_query(const std::string& q, double factor, int want_year, bool fuzzy,
                   std::unordered_map<ItemIndex, double>& best) const {
    if (q.empty()) return;
    auto note = [&](ItemIndex item, double s) {
      if (want_year && t.year[item] && t.year[item] != want_year) return;
      auto [it, inserted] = best.emplace(item, s);
      if (!inserted && it->second < s) it->second = s;
    };
    for (uint32_t k : t.exact(q))
      if (t.valid_key(k)) note(t.key_item[k], t.key_weight[k] * factor);
    if (!fuzzy) return;

    // Fuzzy: candidates by shared trigrams, then a token alignment.
    const auto qtri = trigrams(q);
    if (qtri.empty()) return;
    // Shared trigrams per key in a dense array: on a large catalog a common
    // trigram's postings reach 10^5 keys, which a hash map counts slowly.
    std::vector<uint16_t> counts(t.keys(), 0);
    std::vector<uint32_t> touched;
    for (uint32_t code : qtri)
      for (uint32_t k : t.postings(code))
        if (t.valid_key(k) && counts[k]++ == 0) touched.push_back(k);
    std::vector<std::pair<double, uint32_t>> cand;
    for (uint32_t k : touched) {
      const double dice = 2.0 * counts[k] / static_cast<double>(qtri.size() + t.key_trigrams[k]);
      if (dice >= 0.25) cand.emplace_back(dice, k);
    }
    const size_t keep = std::min<size_t>(cand.size(), 64);
    std::partial_sort(cand.begin(), cand.begin() + keep, cand.end(),
                      [](const auto& a, const auto& b) {
                        return a.first != b.first ? a.first > b.first : a.second < b.second;
                      });
    const auto qtokens = split_tokens(q);
    for (size_t c = 0; c < keep; ++c) {
      const uint32_t k = cand[c].second;
      const std::string_view text = t.key_text(k);
      if (text == q) continue;  // exact, done above
      const double tok = token_score(qtokens, split_tokens(std::string(text)));
      const double s = std::min(0.8 * tok + 0.2 * cand[c].first, kMaxFuzzyScore);
      note(t.key_item[k], s * t.key_weight[k] * factor);
    }
  }
};

TitleIndex::TitleIndex(std::shared_ptr<const Catalog> catalog) {
  auto owned = std::make_shared<const title_tables::OwnedTables>(title_tables::build_title_tables(*catalog));
  auto impl = std::make_shared<Impl>();
  impl->catalog = std::move(catalog);
  impl->t = owned->tables();
  impl->storage = std::move(owned);
  impl_ = std::move(impl);
}

TitleIndex::TitleIndex(std::shared_ptr<const Catalog> catalog, std::shared_ptr<const void> storage,
                       const title_tables::Tables& tables) {
  auto impl = std::make_shared<Impl>();
  impl->catalog = std::move(catalog);
  impl->storage = std::move(storage);
  impl->t = tables;
  impl->mapped = true;
  impl_ = std::move(impl);
}

const title_tables::Tables& TitleIndex::tables() const { return impl_->t; }

bool TitleIndex::mapped() const { return impl_->mapped; }

std::vector<TitleMatch> TitleIndex::match(std::string_view name, size_t limit,
                                          double min_score) const {
  const Impl& im = *impl_;
  ParsedTitle p = parse_title(name);
  std::string q = p.main;
  int year = p.year;
  std::string full_q;  // "blade runner 2049": the year may be part of the title
  if (!year) {
    const size_t sp = q.rfind(' ');
    int y = 0;
    if (sp != std::string::npos && q.size() - sp - 1 == 4 && is_year_text(q.substr(sp + 1), &y)) {
      full_q = q;
      year = y;
      q = q.substr(0, sp);
    }
  }
  std::unordered_map<ItemIndex, double> best;
  auto collect = [&](bool fuzzy) {
    best.clear();
    auto score_all = [&](int want_year, double factor) {
      im.score_query(q, factor, want_year, fuzzy, best);
      const size_t sp = q.find(' ');
      if (sp != std::string::npos && is_leading_article(q.substr(0, sp)))
        im.score_query(q.substr(sp + 1), factor * 0.97, want_year, fuzzy, best);
      for (const auto& a : p.alts) im.score_query(a, factor * 0.98, want_year, fuzzy, best);
    };
    score_all(year, 1.0);
    if (year) {
      bool any = false;
      for (const auto& [item, s] : best) any = any || s >= min_score;
      if (!any) score_all(0, 0.9);  // no item of that year: the year was wrong
    }
    if (!full_q.empty()) im.score_query(full_q, 1.0, 0, fuzzy, best);
  };
  // Exact keys first: the trigram pass visits long posting lists on a large
  // catalog (most of a lookup among 10^6 titles), and when `limit` exact
  // matches score above any fuzzy one it cannot change the answer. The
  // scores above kMaxFuzzyScore come from exact keys only, whatever the
  // year fallback does, so both passes agree on them.
  collect(false);
  size_t sure = 0;
  for (const auto& [item, s] : best) sure += s > Impl::kMaxFuzzyScore && s >= min_score;
  if (sure < std::max<size_t>(limit, 1)) collect(true);

  std::vector<TitleMatch> out;
  for (const auto& [item, s] : best)
    if (s >= min_score) out.push_back({item, s});
  std::sort(out.begin(), out.end(), [&](const TitleMatch& a, const TitleMatch& b) {
    if (a.score != b.score) return a.score > b.score;
    return im.better(a.item, b.item);
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::vector<TitleMatch> TitleIndex::find_in_text(std::string_view text,
                                                 bool allow_single_words) const {
  const Impl& im = *impl_;
  const std::vector<std::string> tokens = split_tokens(basic_norm(text));
  const size_t n = tokens.size();
  struct Hit {
    size_t begin, len;  // in tokens (len includes a consumed year)
    ItemIndex item;
    double score;
  };
  std::vector<Hit> hits;
  constexpr size_t kMaxWords = 10;
  for (size_t i = 0; i < n; ++i) {
    std::string phrase;
    std::vector<std::string> phrases;
    for (size_t len = 1; len <= kMaxWords && i + len <= n; ++len) {
      if (len > 1) phrase += ' ';
      phrase += tokens[i + len - 1];
      phrases.push_back(phrase);
    }
    for (size_t len = phrases.size(); len >= 1; --len) {
      bool all_stop = true;
      for (size_t k = i; k < i + len && all_stop; ++k) all_stop = text::is_stopword(tokens[k]);
      if (all_stop) continue;
      const auto named = im.t.exact(phrases[len - 1]);
      if (named.size == 0) continue;
      // A following year ("heat 1995") picks among remakes.
      int y = 0;
      const bool has_year = i + len < n && tokens[i + len].size() == 4 &&
                            is_year_text(tokens[i + len], &y);
      const title_tables::Tables& t = im.t;
      std::optional<uint32_t> pick;
      bool pick_year = false;
      for (uint32_t k : named) {
        if (!t.valid_key(k)) continue;
        const bool ky = has_year && t.year[t.key_item[k]] == y;
        if (!pick || ky > pick_year ||
            (ky == pick_year && (t.key_weight[k] > t.key_weight[*pick] ||
                                 (t.key_weight[k] == t.key_weight[*pick] &&
                                  im.better(t.key_item[k], t.key_item[*pick]))))) {
          pick = k;
          pick_year = ky;
        }
      }
      if (!pick) continue;
      // A single word counts alone only when allowed, or when its year follows.
      if (len == 1 && !allow_single_words && !pick_year) break;
      const auto item = static_cast<ItemIndex>(t.key_item[*pick]);
      hits.push_back({i, len + (pick_year ? 1 : 0), item, t.key_weight[*pick]});
      break;  // the longest at this position
    }
  }
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.len != b.len ? a.len > b.len : a.begin < b.begin;
  });
  std::vector<char> used(n, 0);
  std::vector<TitleMatch> out;
  std::unordered_set<ItemIndex> items;
  for (const Hit& h : hits) {
    bool free = true;
    for (size_t k = h.begin; k < h.begin + h.len && free; ++k) free = !used[k];
    if (!free) continue;
    for (size_t k = h.begin; k < h.begin + h.len; ++k) used[k] = 1;
    if (items.insert(h.item).second) out.push_back({h.item, h.score});
  }
  return out;
}

}  // namespace interec
