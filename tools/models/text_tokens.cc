#include "tools/models/text_tokens.h"

#include <unordered_set>

#include "storage/title_index.h"

namespace interec {
namespace {

// Words that carry no meaning for matching a request against item text.
bool is_filler(const std::string& w) {
  static const std::unordered_set<std::string> set = {
      "a", "an", "the", "and", "or", "but", "not", "of", "in", "on", "at", "to", "for", "from",
      "by", "with", "about", "as", "into", "like", "than", "that", "this", "these", "those",
      "some", "something", "anything", "any", "i", "me", "my", "we", "you", "it", "its", "is",
      "are", "was", "be", "been", "do", "want", "would", "could", "please", "show", "give",
      "find", "recommend", "suggest", "more", "most", "very", "really", "movie", "movies",
      "film", "films", "item", "items", "one", "ones", "kind", "sort", "type", "lot", "good",
      "nice", "also", "so", "just", "which", "what", "where", "who", "how", "set", "s", "t"};
  return set.count(w) > 0;
}

// A light stemmer so that "comedies" meets "comedy" and "children's" meets
// "children".
std::string stem(std::string w) {
  const size_t n = w.size();
  if (n > 4 && w.compare(n - 3, 3, "ies") == 0) return w.substr(0, n - 3) + "y";
  if (n > 3 && w.back() == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i')
    return w.substr(0, n - 1);
  return w;
}

}  // namespace

std::vector<std::string> text_words(std::string_view text) {
  std::vector<std::string> out;
  const std::string norm = normalize_text(text);
  size_t i = 0;
  while (i < norm.size()) {
    size_t j = norm.find(' ', i);
    if (j == std::string::npos) j = norm.size();
    std::string w = norm.substr(i, j - i);
    if (!w.empty() && !is_filler(w)) out.push_back(stem(std::move(w)));
    i = j + 1;
  }
  return out;
}


}  // namespace interec
