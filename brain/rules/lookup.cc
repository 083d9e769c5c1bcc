#include "brain/rules/lookup.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "brain/rules/dialogue_words.h"
#include "brain/rules/lexicon.h"
#include "brain/rules/sql_quote.h"
#include "storage/text_pipeline.h"

namespace interec::rules {

void AskedColumns::want(std::optional<size_t> col) {
  if (col && std::find(columns.begin(), columns.end(), *col) == columns.end())
    columns.push_back(*col);
}

bool is_item_question(const Message& m) {
  const auto& t = m.tokens;
  if (t.empty()) return false;
  size_t first = 0;
  while (first < t.size() && t[first].kind == Token::punct) ++first;
  if (first >= t.size()) return false;
  if (!lexicon::opens_a_question(t[first].norm) && t.back().norm != "?") return false;
  for (const auto& tok : t)
    if (lexicon::asks_to_recommend(tok.norm)) return false;
  return true;
}

namespace {

struct NamedItems {
  std::vector<ItemIndex> items;
  std::set<std::string> title_words;  // their titles' words: not topics
};

NamedItems items_named(const Knowledge& k, const Message& m) {
  NamedItems out;
  for (const auto& found : k.titles->find_in_text(m.text, true)) {
    std::vector<std::string> words;
    for (auto& x : tokenize_text(normalize_title(k.catalog->title(found.item))))
      if (x.kind != Token::punct) words.push_back(x.norm);
    // A single common word ("it", "big") is not a title in a question.
    if (words.size() == 1 && text::is_stopword(words[0])) continue;
    if (std::find(out.items.begin(), out.items.end(), found.item) == out.items.end())
      out.items.push_back(found.item);
    for (auto& w : words) out.title_words.insert(w);
  }
  return out;
}

std::optional<size_t> vocab_year_column(const Vocabulary& vocab) {
  const NumericColumn* y = vocab.role(NumericRole::year);
  if (!y) return std::nullopt;
  return y->date_column ? *y->date_column : y->column;
}

std::optional<size_t> role_column(const Vocabulary& vocab, NumericRole r) {
  const NumericColumn* x = vocab.role(r);
  if (!x) return std::nullopt;
  return x->column;
}

// "what kind of ...": the first multi-valued category, else the first one.
std::optional<size_t> first_category(const Vocabulary& vocab) {
  std::optional<size_t> best;
  for (const auto& cat : vocab.categorical()) {
    if (cat.multi) return cat.column;
    if (!best) best = cat.column;
  }
  return best;
}

void want_topic(const Knowledge& k, lexicon::Topic topic, AskedColumns& asked) {
  const Vocabulary& vocab = k.vocab;
  switch (topic) {
    case lexicon::Topic::year: asked.want(vocab_year_column(vocab)); break;
    case lexicon::Topic::rating: asked.want(role_column(vocab, NumericRole::rating)); break;
    case lexicon::Topic::price: asked.want(role_column(vocab, NumericRole::price)); break;
    case lexicon::Topic::category: asked.want(first_category(vocab)); break;
    case lexicon::Topic::description: asked.want(vocab.description_column()); break;
    case lexicon::Topic::everything: asked.all = true; break;
    case lexicon::Topic::popularity: {
      const auto& cols = k.catalog->columns();
      for (size_t c = 0; c < cols.size(); ++c)
        if (cols[c].name.find("popular") != std::string::npos) asked.want(c);
      break;
    }
    case lexicon::Topic::none: break;
  }
}

// The one column whose description (columns.json) has the word: "who made
// it?" asks for the column described as "the studio that made the game",
// before the general sense of "made" (the year). Stopwords and the item
// nouns ("game") describe every column.
std::optional<size_t> described_by(const Knowledge& k, const Token& tok) {
  if (text::is_stopword(tok.norm) || lexicon::is_item_noun(tok.norm)) return std::nullopt;
  const std::string st = text::stem(tok.norm);
  std::optional<size_t> found;
  const auto& cols = k.catalog->columns();
  for (size_t c = 0; c < cols.size(); ++c) {
    const auto words = text::content_words(cols[c].description);
    if (std::find(words.begin(), words.end(), st) == words.end()) continue;
    if (found) return std::nullopt;  // several: the word decides nothing
    found = c;
  }
  return found;
}

}  // namespace

AskedColumns columns_asked(const Knowledge& k, const Message& m,
                           const std::set<std::string>& title_words) {
  const auto& t = m.tokens;
  AskedColumns asked;
  for (size_t i = 0; i < t.size(); ++i) {
    const Token& tok = t[i];
    if (tok.kind != Token::word || title_words.count(tok.norm)) continue;
    if (auto col = described_by(k, tok)) asked.want(*col);
    else want_topic(k, lexicon::question_topic(tok.norm, tok.stem), asked);
    for (size_t col : k.vocab.columns_named(tok.stem)) asked.want(col);
    if (auto v = k.vocab.match_value(t, i, t.size()))
      asked.want(k.vocab.categorical()[v->column].column);
  }
  // A date column asked for already says its year: drop the D_year companion.
  const auto& cols = k.catalog->columns();
  auto& w = asked.columns;
  w.erase(std::remove_if(w.begin(), w.end(),
                         [&](size_t col) {
                           const std::string& n = cols[col].name;
                           if (n.size() <= 5 || n.compare(n.size() - 5, 5, "_year") != 0)
                             return false;
                           auto d = k.catalog->column_index(n.substr(0, n.size() - 5));
                           return d && std::find(w.begin(), w.end(), *d) != w.end();
                         }),
          w.end());
  return asked;
}

namespace {

BrainPlan lookup_plan(const Knowledge& k, const std::vector<ItemIndex>& items, AskedColumns asked) {
  const Catalog& catalog = *k.catalog;
  const auto& cols = catalog.columns();
  const bool everything = asked.all || asked.columns.empty();
  std::string select = "*";
  if (!everything) {
    std::sort(asked.columns.begin(), asked.columns.end());
    select = "title";
    for (size_t col : asked.columns) select += ", " + sql_identifier(cols[col].name);
  }
  std::string where;
  if (items.size() == 1) {
    where = "item_id = " + sql_string(catalog.id(items[0]));
  } else {
    where = "item_id IN (";
    for (size_t i = 0; i < items.size(); ++i) where += (i ? ", " : "") + sql_string(catalog.id(items[i]));
    where += ")";
  }
  BrainPlan out;
  out.plan.steps.push_back(LookupStep{"SELECT " + select + " FROM items WHERE " + where});
  out.wanted = 0;
  std::string about;
  for (size_t i = 0; i < items.size(); ++i) (about += i ? ", " : "") += catalog.title(items[i]);
  std::string what = "everything";
  if (!everything) {
    what.clear();
    for (size_t i = 0; i < asked.columns.size(); ++i) what += (i ? ", " : "") + cols[asked.columns[i]].name;
  }
  out.understood = "about " + about + ": " + what;
  return out;
}

}  // namespace

std::optional<BrainPlan> lookup(const Knowledge& k, const Message& m) {
  if (!is_item_question(m)) return std::nullopt;
  const NamedItems named = items_named(k, m);
  if (named.items.empty() || named.items.size() > 10) return std::nullopt;
  return lookup_plan(k, named.items, columns_asked(k, m, named.title_words));
}

}  // namespace interec::rules
