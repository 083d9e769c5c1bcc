#include "bench/synthetic_catalog.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <numeric>
#include <random>
#include <stdexcept>
#include <unordered_set>

namespace interec::bench {
namespace {

// Titles are three invented words, one from each list, so that no title word
// is also a genre, a tag or a word the rules brain reads as an instruction.
constexpr size_t kWordsPerList = 128;  // 128^3 = 2,097,152 distinct titles
constexpr uint32_t kTitleBits = 21;

std::vector<std::vector<std::string>> make_title_words() {
  static const char* const kOnsets[] = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v",
                                        "z", "br", "dr", "gr", "kr", "st", "tr", "sk", "vl", "zh", "q"};
  static const char* const kVowels[] = {"a", "e", "i", "o", "u", "ai", "ei", "ou", "ae", "y"};
  static const char* const kCodas[] = {"", "n", "r", "l", "s", "x", "m", "th", "nd", "rk"};
  std::mt19937_64 rng(20261126);  // fixed: the words never depend on the seed
  std::unordered_set<std::string> used;
  std::vector<std::vector<std::string>> lists(3);
  auto pick = [&](auto& arr) { return std::string(arr[rng() % (sizeof arr / sizeof arr[0])]); };
  for (auto& list : lists) {
    while (list.size() < kWordsPerList) {
      std::string w = pick(kOnsets) + pick(kVowels) + pick(kCodas) + pick(kOnsets) + pick(kVowels) + pick(kCodas);
      if (w.size() < 5 || !used.insert(w).second) continue;
      w[0] = static_cast<char>(w[0] - 'a' + 'A');
      list.push_back(std::move(w));
    }
  }
  return lists;
}

const std::vector<std::vector<std::string>>& title_words() {
  static const auto words = make_title_words();
  return words;
}

// A bijection of [0, 2^kTitleBits): distinct items get distinct titles.
uint32_t scramble(uint64_t seed, uint32_t x) {
  const uint32_t mask = (1u << kTitleBits) - 1;
  x = (x ^ static_cast<uint32_t>(seed)) & mask;
  for (int round = 0; round < 3; ++round) {
    x = (x * 0x9E3B5u + static_cast<uint32_t>(seed >> (8 * round))) & mask;  // odd multiplier: bijective
    x ^= x >> 9;
  }
  return x & mask;
}

std::vector<std::string> make_tags() {
  static const char* const kAdjectives[] = {
      "quiet", "stormy", "golden", "frozen", "hidden", "broken", "silver", "wild", "lonely",
      "ancient", "electric", "secret", "burning", "distant", "gentle", "restless", "crimson",
      "hollow", "velvet", "iron", "paper", "neon", "salty", "sleepy", "copper"};
  static const char* const kNouns[] = {
      "harbor", "robot", "garden", "mountain", "river", "city", "island", "kingdom",
      "forest", "machine", "letter", "mirror", "train", "desert", "lighthouse", "circus",
      "orchard", "bridge", "castle", "village", "ocean", "planet", "museum", "carnival"};
  std::vector<std::string> tags;
  for (const char* a : kAdjectives)
    for (const char* n : kNouns) tags.push_back(std::string(a) + " " + n);
  return tags;
}

// Days since 1970-01-01 -> "YYYY-MM-DD" (Howard Hinnant's civil_from_days).
std::string iso_date(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(y), static_cast<int>(m), static_cast<int>(d));
  return buf;
}

// A rank in [0, n) with P(rank) ~ 1 / (rank + 1): the inverse of the
// continuous Zipf CDF ln(1 + x) / ln(1 + n).
size_t zipf_rank(std::mt19937_64& rng, size_t n) {
  const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  const double x = std::exp(u * std::log1p(static_cast<double>(n))) - 1.0;
  return std::min(n - 1, static_cast<size_t>(x));
}

class CsvFile {
 public:
  explicit CsvFile(const std::string& path) : path_(path), f_(std::fopen(path.c_str(), "wb")) {
    if (!f_) throw std::runtime_error(path + ": cannot create the file");
    buf_.reserve(1 << 20);
  }
  ~CsvFile() {
    if (f_) std::fclose(f_);
  }
  std::string& buf() { return buf_; }
  void maybe_flush() {
    if (buf_.size() >= (1 << 20)) flush();
  }
  void close() {
    flush();
    if (std::fclose(f_) != 0) throw std::runtime_error(path_ + ": write failed");
    f_ = nullptr;
  }

 private:
  void flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size())
      throw std::runtime_error(path_ + ": write failed (disk full?)");
    buf_.clear();
  }
  std::string path_;
  FILE* f_;
  std::string buf_;
};

// `k` distinct indices of [0, n), each drawn with probability ~ 1/(rank+1).
void pick_distinct(std::mt19937_64& rng, size_t n, size_t k, std::vector<size_t>& out) {
  out.clear();
  while (out.size() < k) {
    const size_t r = zipf_rank(rng, n);
    if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
  }
}

void write_items(const std::string& path, const SyntheticCatalogOptions& o) {
  const auto& vocab = SyntheticVocabulary::get();
  std::mt19937_64 rng(o.seed * 7919 + 1);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> gauss(3.0, 1.0);
  CsvFile out(path);
  out.buf() += "item_id,title,genres,tags,year,price,rating,added\n";
  std::vector<size_t> picks;
  char num[64];
  for (size_t i = 0; i < o.items; ++i) {
    std::string& b = out.buf();
    b += 'i';
    b += std::to_string(i);
    b += ',';
    b += synthetic_title(o, i);
    b += ',';
    pick_distinct(rng, vocab.genres.size(), 1 + rng() % 3, picks);
    for (size_t k = 0; k < picks.size(); ++k) (b += k ? "|" : "") += vocab.genres[picks[k]];
    b += ',';
    pick_distinct(rng, vocab.tags.size(), rng() % 5, picks);
    for (size_t k = 0; k < picks.size(); ++k) (b += k ? "|" : "") += vocab.tags[picks[k]];
    b += ',';
    if (unit(rng) >= 0.02) b += std::to_string(1950 + static_cast<int>(75 * std::sqrt(unit(rng))));
    b += ',';
    std::snprintf(num, sizeof num, "%.2f", std::clamp(std::exp(gauss(rng)), 0.99, 999.0));
    b += num;
    b += ',';
    if (unit(rng) >= 0.05) {
      std::snprintf(num, sizeof num, "%.1f", 1.0 + 2.0 * (unit(rng) + unit(rng)));
      b += num;
    }
    b += ',';
    b += iso_date(10957 + static_cast<int64_t>(unit(rng) * 9131));  // 2000-01-01 .. 2024-12-31
    b += '\n';
    out.maybe_flush();
  }
  out.close();
}

SyntheticCatalogSummary write_interactions(const std::string& path, const SyntheticCatalogOptions& o) {
  SyntheticCatalogSummary s;
  s.items = o.items;
  s.users = std::max<size_t>(10, static_cast<size_t>(static_cast<double>(o.items) / o.items_per_user));
  s.interactions = static_cast<size_t>(std::llround(static_cast<double>(o.items) * o.interactions_per_item));
  std::mt19937_64 rng(o.seed * 104729 + 2);
  // Popularity follows a random order of the items, not their ids.
  std::vector<uint32_t> by_rank(o.items);
  std::iota(by_rank.begin(), by_rank.end(), 0u);
  std::shuffle(by_rank.begin(), by_rank.end(), rng);
  CsvFile out(path);
  out.buf() += "user_id,item_id,timestamp\n";
  int64_t t = 1500000000;
  for (size_t k = 0; k < s.interactions; ++k) {
    std::string& b = out.buf();
    b += 'u';
    b += std::to_string(rng() % s.users);
    b += ",i";
    b += std::to_string(by_rank[zipf_rank(rng, o.items)]);
    b += ',';
    t += 1 + static_cast<int64_t>(rng() % 60);
    b += std::to_string(t);
    b += '\n';
    out.maybe_flush();
  }
  out.close();
  return s;
}

}  // namespace

const SyntheticVocabulary& SyntheticVocabulary::get() {
  static const SyntheticVocabulary v = [] {
    SyntheticVocabulary out;
    out.genres = {"Drama",   "Comedy",  "Thriller", "Action",     "Romance",     "Crime",
                  "Horror",  "Adventure", "Family", "Fantasy",    "Mystery",     "Documentary",
                  "Animation", "Science Fiction", "History", "War", "Western",   "Musical",
                  "Biography", "Sport",  "Music",    "Noir",       "Superhero",   "Anime"};
    out.tags = make_tags();
    return out;
  }();
  return v;
}

std::string synthetic_title(const SyntheticCatalogOptions& options, size_t index) {
  if (index >= (size_t{1} << kTitleBits)) throw std::out_of_range("synthetic catalogs hold at most 2^21 items");
  const uint32_t code = scramble(options.seed, static_cast<uint32_t>(index));
  const auto& w = title_words();
  return w[0][code % kWordsPerList] + " " + w[1][(code / kWordsPerList) % kWordsPerList] + " " +
         w[2][code / (kWordsPerList * kWordsPerList)];
}

SyntheticCatalogSummary write_synthetic_catalog(const std::string& dir, const SyntheticCatalogOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error(dir + ": cannot create the folder (" + ec.message() + ")");
  write_items(dir + "/items.csv", options);
  return write_interactions(dir + "/interactions.csv", options);
}

}  // namespace interec::bench
