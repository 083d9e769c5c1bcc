#include "tools/eval/casual_style.h"

#include <cctype>
#include <utility>
#include <vector>

namespace interec {
namespace {

constexpr char kKeepOpen = '\x01';
constexpr char kKeepClose = '\x02';

bool letter(char ch) { return std::isalpha(static_cast<unsigned char>(ch)) != 0; }

// One typo in the word s[from, to) (all letters, at least 5): never the first
// letter, which people rarely get wrong.
void typo(std::string& s, size_t from, size_t to, std::mt19937_64& rng) {
  const size_t at = std::uniform_int_distribution<size_t>(from + 1, to - 2)(rng);
  switch (std::uniform_int_distribution<int>(0, 2)(rng)) {
    case 0: std::swap(s[at], s[at + 1]); break;
    case 1: s.erase(at, 1); break;
    default: s.insert(at, 1, s[at]); break;
  }
}

}  // namespace

std::string keep_as_typed(const std::string& s) { return kKeepOpen + s + kKeepClose; }

std::string type_casually(const std::string& marked, const CasualStyle& style, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  std::string s = marked;
  // Typos, word by word, outside kept spans (from the end, so that an
  // inserted or dropped letter moves nothing still to visit).
  bool kept = false;
  std::vector<std::pair<size_t, size_t>> words;
  for (size_t i = 0; i < s.size();) {
    if (s[i] == kKeepOpen || s[i] == kKeepClose) {
      kept = s[i] == kKeepOpen;
      ++i;
      continue;
    }
    if (!letter(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && letter(s[j])) ++j;
    if (!kept && j - i >= 5) words.emplace_back(i, j);
    i = j;
  }
  for (auto it = words.rbegin(); it != words.rend(); ++it)
    if (u(rng) < style.typo_per_word) typo(s, it->first, it->second, rng);
  std::string out;
  for (char ch : s)
    if (ch != kKeepOpen && ch != kKeepClose) out.push_back(ch);
  if (u(rng) < style.lowercase) {
    for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  } else if (!out.empty() && u(rng) >= style.no_capital) {
    out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  }
  if (!out.empty() && out.back() == '.' && u(rng) < style.drop_period) out.pop_back();
  return out;
}

}  // namespace interec
