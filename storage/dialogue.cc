#include "storage/dialogue.h"

#include <algorithm>

namespace interec {
namespace {

// Characters of a mention id after '@' (ReDial's are digits; catalog ids of
// exported logs may hold letters, '_' and '-').
bool id_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

// Calls at(begin, end, mention) for every "@ID" of a known mention in `s`.
template <class F>
void scan_mentions(const Dialogue& d, const std::string& s, F&& at) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '@') continue;
    size_t j = i + 1;
    while (j < s.size() && id_char(s[j])) ++j;
    if (j == i + 1) continue;
    const size_t k = d.mention_index(s.substr(i + 1, j - i - 1));
    if (k == std::string::npos) continue;
    at(i, j, k);
    i = j - 1;
  }
}

}  // namespace

Stance DialogueMention::stance() const {
  Stance s = seeker;
  if (s.suggested < 0) s.suggested = recommender.suggested;
  if (s.seen < 0) s.seen = recommender.seen;
  if (s.liked < 0) s.liked = recommender.liked;
  return s;
}

size_t Dialogue::mention_index(const std::string& id) const {
  for (size_t k = 0; k < mentions.size(); ++k)
    if (mentions[k].id == id) return k;
  return std::string::npos;
}

std::vector<size_t> Dialogue::mentions_in(const std::string& text) const {
  std::vector<size_t> out;
  scan_mentions(*this, text, [&](size_t, size_t, size_t k) {
    if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  });
  return out;
}

std::string Dialogue::readable(const DialogueMessage& message) const {
  const std::string& s = message.text;
  std::string out;
  size_t done = 0;
  scan_mentions(*this, s, [&](size_t begin, size_t end, size_t k) {
    if (mentions[k].title.empty()) return;  // ReDial's null titles: the id stays
    out.append(s, done, begin - done);
    out += mentions[k].title;
    done = end;
  });
  out.append(s, done, std::string::npos);
  return out;
}

}  // namespace interec
