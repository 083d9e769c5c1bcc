#include "brain/rules/title_names.h"

#include <algorithm>
#include <cmath>

#include "storage/text.h"
#include "storage/title_index.h"

namespace interec::rules {

namespace {

std::vector<std::string> words_of(const std::string& key) {
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

std::string joined(const std::vector<std::string>& words) {
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
  std::vector<std::string> w = words_of(key);
  for (size_t i = 1; i < w.size(); ++i) {
    std::string other = other_numeral(w[i]);
    if (other.empty()) continue;
    w[i] = std::move(other);
    return joined(w);
  }
  return {};
}

// The year column a catalog without years in its titles may have.
std::optional<size_t> year_column(const Catalog& catalog) {
  for (const char* name : {"year", "release_year", "release_date_year"})
    if (auto c = catalog.column_index(name); c && catalog.columns()[*c].type != ColumnType::text)
      return c;
  return std::nullopt;
}

}  // namespace

std::string other_numeral(const std::string& word) {
  static const char* kRoman[] = {"ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
  for (int n = 2; n <= 9; ++n) {
    if (word == std::to_string(n)) return kRoman[n - 2];
    if (word == kRoman[n - 2] && n != 5) return std::to_string(n);  // "v" is rarely five
  }
  return {};
}

TitleNames::TitleNames(const Catalog& catalog) {
  const size_t n = catalog.size();
  main_.resize(n);
  years_.assign(n, 0);
  popularity_.assign(n, 0.5f);
  const std::optional<size_t> ycol = year_column(catalog);
  for (size_t i = 0; i < n; ++i) {
    const ItemIndex item = static_cast<ItemIndex>(i);
    TitleParts parts = title_parts(catalog.title(item));
    years_[i] = parts.year;
    if (!years_[i] && ycol) {
      const double y = catalog.number(*ycol, item);
      if (!std::isnan(y)) years_[i] = static_cast<int>(y);
    }
    if (parts.main.empty()) continue;
    main_[i] = parts.main;
    add(parts.main, item, TitleName::Kind::full);
    std::vector<std::string> names{parts.main};
    for (const auto& a : parts.alts) names.push_back(a);
    for (const auto& name : names) {
      if (name != parts.main) add(name, item, TitleName::Kind::variant);
      const std::vector<std::string> w = words_of(name);
      // Without its article when that leaves a name of two words, or the
      // catalog itself puts the article last.
      if (w.size() > 1 && is_article(w[0]) && (w.size() > 2 || article_moved(catalog.title(item))))
        add(joined(std::vector<std::string>(w.begin() + 1, w.end())), item, TitleName::Kind::variant);
      if (std::string num = numeral_variant(name); !num.empty()) add(num, item, TitleName::Kind::variant);
    }
    if (!parts.prefix.empty()) add(parts.prefix, item, TitleName::Kind::part);
  }
  if (auto pc = catalog.column_index("popularity");
      pc && catalog.columns()[*pc].type != ColumnType::text && n > 1) {
    std::vector<std::pair<double, size_t>> by;
    for (size_t i = 0; i < n; ++i) {
      const double v = catalog.number(*pc, static_cast<ItemIndex>(i));
      by.emplace_back(std::isnan(v) ? 0.0 : v, i);
    }
    std::sort(by.begin(), by.end());
    // Ties share the lowest rank: equally popular items are equally likely.
    size_t first = 0;
    for (size_t r = 0; r < n; ++r) {
      if (r > 0 && by[r].first != by[r - 1].first) first = r;
      popularity_[by[r].second] = static_cast<float>(first) / static_cast<float>(n - 1);
    }
  }
  // Product titles run long ("Neiko 50458A Snap Ring Shop Assortment, 300
  // Count 18 Sizes (1/8 - 1-1/4) Hardened Steel"): a user pasting one must
  // be understood. The bound only keeps a pathological catalog cheap.
  max_words_ = std::min<size_t>(max_words_, 64);
}

void TitleNames::add(const std::string& key, ItemIndex item, TitleName::Kind kind) {
  if (key.empty()) return;
  auto& v = names_[key];
  for (auto& e : v)
    if (e.item == item) {
      if (kind < e.kind) e.kind = kind;
      return;
    }
  v.push_back(TitleName{item, kind});
  const size_t words = static_cast<size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
  max_words_ = std::max(max_words_, words);
  size_t& longest = longest_from_[key.substr(0, key.find(' '))];
  longest = std::max(longest, words);
}

size_t TitleNames::longest_from(const std::string& word) const {
  auto it = longest_from_.find(word);
  return it == longest_from_.end() ? 0 : std::min(it->second, max_words_);
}

const std::vector<TitleName>* TitleNames::find(const std::string& key) const {
  auto it = names_.find(key);
  return it == names_.end() ? nullptr : &it->second;
}

std::optional<TitleName> TitleNames::pick(const std::vector<TitleName>& names, int year) const {
  const TitleName* best = nullptr;
  int best_off = 0;
  for (const auto& n : names) {
    const int off = year ? std::abs(years_[n.item] - year) : 0;
    if (year && (!years_[n.item] || off > 1)) continue;
    const bool better = !best || off < best_off || (off == best_off && n.kind < best->kind) ||
                        (off == best_off && n.kind == best->kind &&
                         popularity_[n.item] > popularity_[best->item]);
    if (better) {
      best = &n;
      best_off = off;
    }
  }
  if (!best) return std::nullopt;
  return *best;
}

std::optional<ItemIndex> TitleNames::sequel_of(ItemIndex item) const {
  const std::string& key = main_[item];
  if (key.empty()) return std::nullopt;
  std::vector<ItemIndex> candidates;
  for (const char* next : {"2", "ii", "part 2", "part ii", "chapter 2", "chapter ii"})
    if (const auto* v = find(key + " " + next))
      for (const auto& n : *v) candidates.push_back(n.item);
  if (const auto* v = find(key))
    for (const auto& n : *v)
      if (n.kind == TitleName::Kind::part) candidates.push_back(n.item);
  std::optional<ItemIndex> best;
  for (ItemIndex c : candidates) {
    if (c == item || (years_[item] && years_[c] && years_[c] <= years_[item])) continue;
    if (!best || years_[c] < years_[*best]) best = c;
  }
  return best;
}

}  // namespace interec::rules
