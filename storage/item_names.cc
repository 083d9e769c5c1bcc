// Building the name table from a catalog, and its lookups (the same over
// built and mapped arrays). Which names an item gets: storage/item_names.h.
//
// Decision: a part of a title names many items ("star wars"), so it is the
// weakest kind of name; an item reaching one name twice keeps its best kind.
#include "storage/item_names.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>

#include "storage/title_index.h"

namespace interec {
namespace {

std::vector<std::string> name_words(const std::string& key) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < key.size()) {
    size_t j = key.find(' ', i);
    if (j == std::string::npos) j = key.size();
    if (j > i) out.push_back(key.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::string joined_name(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// English articles a user may leave out at the front of a name ("matrix"
// for "Matrix, The"). Not "la", "le", "el": "L.A. Story" is no "Story".
bool is_article(const std::string& w) { return w == "the" || w == "a" || w == "an"; }

// "Matrix, The (1999)": the catalog moved the article to the end, so the
// name without it is what the catalog calls the item.
bool article_moved(const std::string& title) {
  std::string s = title;
  const size_t open = s.rfind(" (");
  if (open != std::string::npos) s.resize(open);
  for (const char* a : {", The", ", A", ", An"}) {
    const std::string tail(a);
    if (s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0)
      return true;
  }
  return false;
}

// "toy story 2" <-> "toy story ii": the first numeral after the first word.
std::string numeral_variant(const std::string& key) {
  std::vector<std::string> w = name_words(key);
  for (size_t i = 1; i < w.size(); ++i) {
    std::string other = other_numeral(w[i]);
    if (other.empty()) continue;
    w[i] = std::move(other);
    return joined_name(w);
  }
  return {};
}

// The year column a catalog without years in its titles may have.
std::optional<size_t> names_year_column(const Catalog& catalog) {
  for (const char* name : {"year", "release_year", "release_date_year"})
    if (auto c = catalog.column_index(name); c && catalog.columns()[*c].type != ColumnType::text)
      return c;
  return std::nullopt;
}

// The position of `key` in a sorted text table, if there.
std::optional<size_t> find_text(const FlatArray<uint64_t>& offsets, const FlatArray<char>& text,
                                std::string_view key) {
  if (offsets.size == 0) return std::nullopt;
  size_t lo = 0, hi = offsets.size - 1;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (flat_text(offsets, text, mid) < key) lo = mid + 1;
    else hi = mid;
  }
  if (lo + 1 < offsets.size && flat_text(offsets, text, lo) == key) return lo;
  return std::nullopt;
}

// The table while it is collected, then flattened into owned arrays.
struct Builder {
  std::unordered_map<std::string, std::vector<ItemName>> names;
  std::unordered_map<std::string, uint32_t> longest_from;  // first word -> most words
  size_t max_words = 1;

  void add(const std::string& key, ItemIndex item, ItemName::Kind kind) {
    if (key.empty()) return;
    auto& v = names[key];
    for (auto& e : v)
      if (e.item == item) {
        if (kind < e.kind) e.kind = kind;
        return;
      }
    v.push_back(ItemName{item, kind});
    const size_t words = static_cast<size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
    max_words = std::max(max_words, words);
    uint32_t& longest = longest_from[key.substr(0, key.find(' '))];
    longest = std::max(longest, static_cast<uint32_t>(words));
  }

  // Every name of item `item`, whose title is `title`; its title's key.
  std::string add_item(const std::string& title, ItemIndex item, int* year) {
    TitleParts parts = title_parts(title);
    *year = parts.year;
    if (parts.main.empty()) return {};
    add(parts.main, item, ItemName::Kind::full);
    std::vector<std::string> all{parts.main};
    for (const auto& a : parts.alts) all.push_back(a);
    for (const auto& name : all) {
      if (name != parts.main) add(name, item, ItemName::Kind::variant);
      const std::vector<std::string> w = name_words(name);
      // Without its article when that leaves a name of two words, or the
      // catalog itself puts the article last.
      if (w.size() > 1 && is_article(w[0]) && (w.size() > 2 || article_moved(title)))
        add(joined_name(std::vector<std::string>(w.begin() + 1, w.end())), item, ItemName::Kind::variant);
      if (std::string num = numeral_variant(name); !num.empty()) add(num, item, ItemName::Kind::variant);
    }
    if (!parts.prefix.empty()) add(parts.prefix, item, ItemName::Kind::part);
    return parts.main;
  }
};

struct Owned {
  std::vector<uint64_t> key_offsets, name_offsets, word_offsets;
  std::vector<char> key_text, word_text;
  std::vector<ItemName> names;
  std::vector<uint32_t> word_longest, title_key;
  std::vector<int32_t> year;
  std::vector<float> popularity;

  ItemNames::Tables tables() const {
    return {flat_view(key_offsets), flat_view(key_text), flat_view(name_offsets), flat_view(names),
            flat_view(word_offsets), flat_view(word_text), flat_view(word_longest), flat_view(title_key),
            flat_view(year),         flat_view(popularity)};
  }
};

// Ties share the lowest rank: equally popular items are equally likely.
void rank_popularity(const Catalog& catalog, std::vector<float>& popularity) {
  const size_t n = catalog.size();
  auto pc = catalog.column_index("popularity");
  if (!pc || catalog.columns()[*pc].type == ColumnType::text || n <= 1) return;
  std::vector<std::pair<double, size_t>> by;
  for (size_t i = 0; i < n; ++i) {
    const double v = catalog.number(*pc, static_cast<ItemIndex>(i));
    by.emplace_back(std::isnan(v) ? 0.0 : v, i);
  }
  std::sort(by.begin(), by.end());
  size_t first = 0;
  for (size_t r = 0; r < n; ++r) {
    if (r > 0 && by[r].first != by[r - 1].first) first = r;
    popularity[by[r].second] = static_cast<float>(first) / static_cast<float>(n - 1);
  }
}

// The keys of `map` sorted, their texts back to back.
template <class Map>
std::vector<typename Map::const_pointer> sorted_entries(const Map& map, std::vector<uint64_t>& offsets,
                                                        std::vector<char>& text) {
  std::vector<typename Map::const_pointer> out;
  out.reserve(map.size());
  for (const auto& e : map) out.push_back(&e);
  std::sort(out.begin(), out.end(), [](auto a, auto b) { return a->first < b->first; });
  offsets.reserve(out.size() + 1);
  offsets.push_back(0);
  for (auto e : out) {
    text.insert(text.end(), e->first.begin(), e->first.end());
    offsets.push_back(text.size());
  }
  return out;
}

}  // namespace

std::string other_numeral(std::string_view word) {
  static const char* kRoman[] = {"ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
  for (int n = 2; n <= 9; ++n) {
    if (word == std::to_string(n)) return kRoman[n - 2];
    if (word == kRoman[n - 2] && n != 5) return std::to_string(n);  // "v" is rarely five
  }
  return {};
}

std::shared_ptr<const ItemNames> ItemNames::build(const Catalog& catalog) {
  const size_t n = catalog.size();
  auto owned = std::make_shared<Owned>();
  owned->year.assign(n, 0);
  owned->popularity.assign(n, 0.5f);
  Builder b;
  std::vector<std::string> titles(n);
  const std::optional<size_t> ycol = names_year_column(catalog);
  for (size_t i = 0; i < n; ++i) {
    const ItemIndex item = static_cast<ItemIndex>(i);
    titles[i] = b.add_item(std::string(catalog.title(item)), item, &owned->year[i]);
    if (!owned->year[i] && ycol) {
      const double y = catalog.number(*ycol, item);
      if (!std::isnan(y)) owned->year[i] = static_cast<int>(y);
    }
  }
  rank_popularity(catalog, owned->popularity);
  const auto keys = sorted_entries(b.names, owned->key_offsets, owned->key_text);
  owned->name_offsets.reserve(keys.size() + 1);
  owned->name_offsets.push_back(0);
  for (auto e : keys) {
    owned->names.insert(owned->names.end(), e->second.begin(), e->second.end());
    owned->name_offsets.push_back(owned->names.size());
  }
  for (auto e : sorted_entries(b.longest_from, owned->word_offsets, owned->word_text))
    owned->word_longest.push_back(e->second);
  const Tables t = owned->tables();
  owned->title_key.assign(n, kNoKey);
  for (size_t i = 0; i < n; ++i)
    if (auto k = find_text(t.key_offsets, t.key_text, titles[i]); k && !titles[i].empty())
      owned->title_key[i] = static_cast<uint32_t>(*k);
  // Product titles run long ("Neiko 50458A Snap Ring Shop Assortment, 300
  // Count 18 Sizes (1/8 - 1-1/4) Hardened Steel"): a user pasting one must
  // be understood. The bound only keeps a pathological catalog cheap.
  const size_t max_words = std::min<size_t>(b.max_words, 64);
  return std::make_shared<const ItemNames>(owned, owned->tables(), max_words, false);
}

std::vector<ItemName> ItemNames::find(std::string_view key) const {
  std::vector<ItemName> out;
  const auto k = find_text(t_.key_offsets, t_.key_text, key);
  if (!k || *k + 1 >= t_.name_offsets.size) return out;
  const uint64_t a = t_.name_offsets[*k], b = t_.name_offsets[*k + 1];
  if (a > b || b > t_.names.size) return out;
  for (uint64_t i = a; i < b; ++i)
    if (in_range(t_.names[i].item)) out.push_back(t_.names[i]);
  return out;
}

size_t ItemNames::longest_from(std::string_view word) const {
  const auto k = find_text(t_.word_offsets, t_.word_text, word);
  if (!k || *k >= t_.word_longest.size) return 0;
  return std::min<size_t>(t_.word_longest[*k], max_words_);
}

std::string_view ItemNames::title(ItemIndex item) const {
  if (!in_range(item) || static_cast<size_t>(item) >= t_.title_key.size) return {};
  const uint32_t k = t_.title_key[item];
  return k == kNoKey ? std::string_view() : flat_text(t_.key_offsets, t_.key_text, k);
}

}  // namespace interec
