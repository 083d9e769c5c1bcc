#include "brain/rules/counts.h"

#include <string>

#include "brain/rules/lexicon.h"

namespace interec::rules {

namespace {

// "a few", "a couple of", "a dozen", "a handful": the count and its length.
std::optional<std::pair<int, size_t>> vague_count_at(const Message& m, size_t i) {
  const std::string& w = m.tokens[i].norm;
  if (w != "a" && w != "an") return std::nullopt;
  auto v = lexicon::vague_count(m.norm(i + 1));
  if (!v || !m.free(i + 1)) return std::nullopt;
  return std::make_pair(v->n, v->takes_of && m.is(i + 2, "of") ? size_t{3} : size_t{2});
}

// The number at token i that may be a count: a whole number from 1 (at most
// 1000) or a number word.
std::optional<int> number_at(const Message& m, size_t i) {
  const Token& t = m.tokens[i];
  if (t.kind == Token::number) {
    if (t.norm.find('.') != std::string::npos || t.value < 1) return std::nullopt;
    return t.value > 1000 ? 1000 : static_cast<int>(t.value);
  }
  return lexicon::number_word(t.norm);
}

// Whether the number at i is a count by its neighbours: a count word before
// it ("top 3"), a noun after it ("3 comedies"), or nothing else around it.
bool reads_as_count(const Message& m, size_t i) {
  const auto& t = m.tokens;
  const std::string& w = t[i].norm;
  const std::string& prev = m.norm_before(i);
  const std::string& next = m.norm(i + 1);
  if (w == "one" && (lexicon::makes_one_a_pronoun(prev) || next == "of" || next == "day"))
    return false;
  const bool before_ok = lexicon::leads_a_count(prev);
  const bool after_ok =
      (i + 1 < t.size() && t[i + 1].kind == Token::word && !lexicon::ends_a_count(next)) ||
      next == "more";
  const bool alone = t.size() == 1 || (i + 1 >= t.size() && i > 0 && before_ok);
  return before_ok || after_ok || alone;
}

}  // namespace

void find_count(Message& m, Parse& p) {
  for (size_t i = 0; i < m.tokens.size(); ++i) {
    if (m.claims.taken(i)) continue;
    const std::string& w = m.tokens[i].norm;
    if (w == "a" || w == "an") {
      if (auto v = vague_count_at(m, i)) {
        m.claims.claim(i, i + v->second);
        p.n = static_cast<size_t>(v->first);
        return;
      }
      continue;
    }
    auto v = number_at(m, i);
    if (!v || !reads_as_count(m, i)) continue;
    m.claims.claim(i);
    p.n = static_cast<size_t>(*v);
    return;
  }
}

}  // namespace interec::rules
