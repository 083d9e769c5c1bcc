#include "brain/rules/moods.h"

#include <wn.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include "brain/rules/knowledge.h"
#include "brain/rules/lexicon.h"
#include "brain/rules/message.h"
#include "brain/rules/parse.h"
#include "config/resources.h"

namespace interec::rules {

namespace {

// A word or phrase as the lexicon keys it: the normal forms of its tokens,
// punctuation between them (hyphens, underscores, slashes) dropped.
std::string phrase_key(std::string_view text) {
  std::string out;
  for (const auto& t : text::tokenize(text)) {
    if (t.kind == text::Token::punct) continue;
    if (!out.empty()) out += ' ';
    out += t.norm;
  }
  return out;
}

// The catalog values spelled `key` (phrase_key of the value), per column.
using ValueKeys = std::unordered_map<std::string, std::vector<std::pair<size_t, std::string>>>;

ValueKeys value_keys(const Vocabulary& vocab, size_t min_items) {
  ValueKeys out;
  for (size_t c = 0; c < vocab.categorical().size(); ++c)
    for (const auto& [value, count] : vocab.categorical()[c].counts)
      if (count >= min_items) out[phrase_key(value)].emplace_back(c, value);
  return out;
}

// WordNet's C library keeps its open files and result buffers in globals:
// one lock for every lexicon built in the process, held only while one is
// built (never while a message is parsed).
std::mutex& wordnet_lock() {
  static std::mutex m;
  return m;
}

// "low-density(predicate)" -> "low-density"; "feel_good" -> "feel good".
std::string wordnet_word(const char* w) {
  std::string s(w);
  if (auto paren = s.find('('); paren != std::string::npos) s.resize(paren);
  std::replace(s.begin(), s.end(), '_', ' ');
  return phrase_key(s);
}

// The words WordNet relates to `word` as part of speech `pos`: the words
// of its first `senses` senses, and of the synsets their pointers of type
// `ptr` lead to (similar adjectives, noun hyponyms).
std::vector<std::string> wordnet_related(const std::string& word, int pos, int ptr, int senses) {
  std::vector<std::string> out;
  std::string w = word;
  std::replace(w.begin(), w.end(), ' ', '_');
  IndexPtr idx = index_lookup(w.data(), pos);
  if (!idx) return out;
  for (int s = 0; s < idx->off_cnt && s < senses; ++s) {
    SynsetPtr ss = read_synset(pos, static_cast<long>(idx->offset[s]), w.data());
    if (!ss) continue;
    for (int k = 0; k < ss->wcount; ++k) out.push_back(wordnet_word(ss->words[k]));
    int pointers = 0;
    for (int j = 0; j < ss->ptrcount; ++j) pointers += ss->ptrtyp[j] == ptr;
    // A broad sense ("action": something done) has a hundred hyponyms,
    // none of them what the catalog means by the value.
    for (int j = 0; j < ss->ptrcount && pointers <= MoodLexicon::kMaxRelated; ++j) {
      if (ss->ptrtyp[j] != ptr) continue;
      SynsetPtr r = read_synset(ss->ppos[j], ss->ptroff[j], const_cast<char*>(""));
      if (!r) continue;
      for (int k = 0; k < r->wcount; ++k) out.push_back(wordnet_word(r->words[k]));
      free_synset(r);
    }
    free_synset(ss);
  }
  free_index(idx);
  return out;
}

}  // namespace

MoodLexicon::MoodLexicon(const Vocabulary& vocab, const std::string& path, bool wordnet) {
  load_file(vocab, path.empty() ? Resources().moods() : path);
  if (wordnet) load_wordnet(vocab);
  for (auto& [phrase, targets] : map_)
    std::stable_sort(targets.begin(), targets.end(),
                     [](const MoodTarget& a, const MoodTarget& b) { return a.weight > b.weight; });
}

void MoodLexicon::add(const std::string& phrase, const MoodTarget& target) {
  if (phrase.empty()) return;
  auto& targets = map_[phrase];
  for (auto& t : targets)
    if (t.column == target.column && t.value == target.value) {
      t.weight = std::max(t.weight, target.weight);
      return;
    }
  targets.push_back(target);
}

// "word<TAB>target<TAB>weight" (weight optional, default 1; '#' comments).
void MoodLexicon::load_file(const Vocabulary& vocab, const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ResourceError(path + ": cannot read the mood word list (moods.tsv)");
  const ValueKeys values = value_keys(vocab, 1);
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const size_t a = line.find('\t');
    const size_t b = a == std::string::npos ? a : line.find('\t', a + 1);
    if (a == std::string::npos)
      throw std::runtime_error(path + ":" + std::to_string(n) + ": expected word<TAB>value[<TAB>weight]");
    float weight = 1;
    if (b != std::string::npos) {
      try {
        weight = std::stof(line.substr(b + 1));
      } catch (const std::exception&) {
        weight = -1;
      }
      if (!(weight > 0 && weight <= 1))
        throw std::runtime_error(path + ":" + std::to_string(n) + ": the weight must be in (0, 1]");
    }
    const std::string word = phrase_key(line.substr(0, a));
    const std::string target = phrase_key(line.substr(a + 1, b == std::string::npos ? b : b - a - 1));
    auto it = values.find(target);
    if (it == values.end()) continue;
    for (const auto& [column, value] : it->second) add(word, MoodTarget{column, value, weight});
    ++from_file_;
  }
}

void MoodLexicon::load_wordnet(const Vocabulary& vocab) {
  // The most common values of every column, single words, as the user's
  // words' targets; rarer ones would move a handful of items.
  std::vector<std::tuple<size_t, size_t, std::string>> picked;  // (count, column, value)
  for (size_t c = 0; c < vocab.categorical().size(); ++c)
    for (const auto& [value, count] : vocab.categorical()[c].counts)
      if (count >= 2 && phrase_key(value).find(' ') == std::string::npos) picked.emplace_back(count, c, value);
  std::sort(picked.begin(), picked.end(), [](const auto& a, const auto& b) {
    return std::get<0>(a) != std::get<0>(b) ? std::get<0>(a) > std::get<0>(b) : std::get<2>(a) < std::get<2>(b);
  });
  if (picked.size() > kMaxWordNetValues) picked.resize(kMaxWordNetValues);
  const ValueKeys values = value_keys(vocab, 1);
  std::lock_guard<std::mutex> lock(wordnet_lock());
  if (wninit() != 0)
    throw ResourceError("WordNet's data files (Debian package wordnet-base) cannot be opened");
  for (const auto& [count, column, value] : picked) {
    const std::string key = phrase_key(value);
    std::vector<std::string> related = wordnet_related(key, ADJ, SIMPTR, kWordNetSenses);
    for (auto& w : wordnet_related(key, NOUN, HYPOPTR, kWordNetSenses)) related.push_back(std::move(w));
    for (const auto& w : related) {
      // A word that is a value itself stays that value (values.h); stop
      // words, the domain's item nouns and the words of asking ("what
      // should I play": WordNet relates "play" to Drama and Gambling) are
      // never moods.
      if (w == key || values.count(w) || text::is_stopword(w) || lexicon::is_item_noun(w) ||
          lexicon::is_recommendation_cue(w))
        continue;
      add(w, MoodTarget{column, value, kWordNetWeight});
    }
  }
}

const std::vector<MoodTarget>* MoodLexicon::find(const std::string& phrase) const {
  auto it = map_.find(phrase);
  return it == map_.end() ? nullptr : &it->second;
}

namespace {

// A negation up to three words before token i, in the same clause
// ("not gory", "nothing too dark", "without the gore").
bool negated_before(const Message& m, size_t i) {
  for (size_t k = i; k > 0 && k + 3 > i; --k) {
    const auto& t = m.tokens[k - 1];
    if (t.kind == text::Token::punct && t.norm != "-") return false;
    if (t.norm == "but") return false;
    if (lexicon::is_negation(t.norm) || t.norm == "nothing" || t.norm == "less") return true;
  }
  return false;
}

void add_soft(Parse& p, const MoodTarget& t, float weight, const std::string& word) {
  for (auto& s : p.soft)
    if (s.column == t.column && s.value == t.value) {
      if (std::fabs(weight) > std::fabs(s.weight)) s.weight = weight, s.word = word;
      return;
    }
  p.soft.push_back(SoftPreference{t.column, t.value, weight, word});
}

}  // namespace

std::string mood_key(const std::vector<Token>& tokens, size_t from, size_t to) {
  std::string key;
  for (size_t i = from; i < to && i < tokens.size(); ++i) {
    if (tokens[i].kind == text::Token::punct) continue;
    if (!key.empty()) key += ' ';
    key += tokens[i].norm;
  }
  return key;
}

void find_moods(const Knowledge& k, Message& m, Parse& p) {
  const auto& tokens = m.tokens;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!m.free(i) || tokens[i].kind != text::Token::word) continue;
    // The longest phrase first: "feel good" before "good".
    for (size_t len = MoodLexicon::kMaxPhraseWords; len > 0; --len) {
      std::string key;
      size_t j = i, words = 0;
      for (; j < tokens.size() && words < len; ++j) {
        if (tokens[j].kind == text::Token::punct) {
          if (words == 0 || (tokens[j].norm != "-" && tokens[j].norm != "/")) break;
          continue;
        }
        if (!m.free(j)) break;
        key += (words ? " " : "") + tokens[j].norm;
        ++words;
      }
      if (words < len) continue;
      const auto* targets = k.moods.find(key);
      if (!targets) continue;
      const float sign = negated_before(m, i) ? -1.0f : 1.0f;
      for (const auto& t : *targets) add_soft(p, t, sign * t.weight, m.span(i, j));
      m.claims.claim(i, j);
      i = j - 1;
      break;
    }
  }
  std::stable_sort(p.soft.begin(), p.soft.end(), [](const SoftPreference& a, const SoftPreference& b) {
    return std::fabs(a.weight) > std::fabs(b.weight);
  });
}

}  // namespace interec::rules
