#include "brain/fuzzy.h"

#include <algorithm>
#include <cctype>

namespace interec::fuzzy {

size_t edit_distance(std::string_view a, std::string_view b, size_t limit) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > limit) return limit + 1;
  std::vector<size_t> row(a.size() + 1);
  for (size_t i = 0; i <= a.size(); ++i) row[i] = i;
  for (size_t j = 1; j <= b.size(); ++j) {
    size_t diag = row[0];
    row[0] = j;
    size_t best = row[0];
    for (size_t i = 1; i <= a.size(); ++i) {
      size_t up = row[i];
      row[i] = std::min({row[i] + 1, row[i - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
      best = std::min(best, row[i]);
    }
    if (best > limit) return limit + 1;
  }
  return row[a.size()];
}

std::string snake(std::string_view s) {
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) out += static_cast<char>(std::tolower(u));
    else if (!out.empty() && out.back() != '_') out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

int nearest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string w(word);
  for (auto& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const size_t limit = std::max<size_t>(1, w.size() / 3);
  int best = -1;
  size_t best_d = limit + 1;
  bool tie = false;
  for (size_t k = 0; k < candidates.size(); ++k) {
    std::string c = candidates[k];
    for (auto& ch : c) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    size_t d = edit_distance(w, c, limit);
    if (d < best_d) {
      best_d = d;
      best = static_cast<int>(k);
      tie = false;
    } else if (d == best_d && d <= limit) {
      tie = true;
    }
  }
  return tie ? -1 : best;
}

bool one_slip(std::string_view typed, std::string_view word) {
  if (typed.size() < 4 || word.size() < 4 || typed == word) return false;
  if (edit_distance(typed, word, 1) <= 1) return true;
  if (typed.size() != word.size()) return false;
  size_t i = 0;
  while (i < typed.size() && typed[i] == word[i]) ++i;
  return i + 1 < typed.size() && typed[i] == word[i + 1] && typed[i + 1] == word[i] &&
         typed.substr(i + 2) == word.substr(i + 2);
}

}  // namespace interec::fuzzy
