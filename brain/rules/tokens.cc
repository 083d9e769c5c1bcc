#include "brain/rules/tokens.h"

#include <cstdlib>
#include <unordered_set>

namespace interec {

namespace {

bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_word_byte(unsigned char c) { return is_ascii_alnum(c) || c >= 0x80; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}


// Lower-cases and drops apostrophes (ASCII ' and the UTF-8 right single
// quotation mark), so "Children's" and "childrens" meet.
std::string normalise_word(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c == '\'') continue;
    if (c == 0xE2 && i + 2 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(raw[i + 2]) == 0x99 ||
         static_cast<unsigned char>(raw[i + 2]) == 0x98)) {
      i += 2;
      continue;
    }
    out.push_back(lower(static_cast<char>(c)));
  }
  return out;
}

bool is_apostrophe_at(std::string_view text, size_t i, size_t* len) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  if (c == '\'') {
    *len = 1;
    return true;
  }
  if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
      (static_cast<unsigned char>(text[i + 2]) == 0x99 ||
       static_cast<unsigned char>(text[i + 2]) == 0x98)) {
    *len = 3;
    return true;
  }
  return false;
}

// The UTF-8 en or em dash at byte i: a hyphen to the tokenizer.
bool is_dash_at(std::string_view text, size_t i) {
  return static_cast<unsigned char>(text[i]) == 0xE2 && i + 2 < text.size() &&
         static_cast<unsigned char>(text[i + 1]) == 0x80 &&
         (static_cast<unsigned char>(text[i + 2]) == 0x93 ||
          static_cast<unsigned char>(text[i + 2]) == 0x94);
}

// The word or number starting at byte i (a word byte): letters, digits and
// bytes >= 0x80, apostrophes inside ("children's", "don't"), one decimal
// point between digits.
Token word_at(std::string_view text, size_t i) {
  const size_t n = text.size();
  Token t;
  t.begin = i;
  size_t j = i;
  bool all_digits = true;
  bool decimal = false;
  while (j < n) {
    const unsigned char d = static_cast<unsigned char>(text[j]);
    size_t al = 0;
    if (is_dash_at(text, j)) break;
    if (is_word_byte(d)) {
      if (!is_digit(d)) all_digits = false;
      ++j;
    } else if (is_apostrophe_at(text, j, &al) && j + al < n &&
               is_word_byte(static_cast<unsigned char>(text[j + al])) &&
               !(is_digit(static_cast<unsigned char>(text[j + al])))) {
      // "children's", "90's", "don't"
      j += al;
    } else if (d == '.' && all_digits && !decimal && j + 1 < n &&
               is_digit(static_cast<unsigned char>(text[j + 1]))) {
      decimal = true;
      ++j;
    } else {
      break;
    }
  }
  t.end = j;
  t.raw = std::string(text.substr(i, j - i));
  t.norm = normalise_word(t.raw);
  if (all_digits && !t.norm.empty() && t.norm.size() <= 15) {
    t.kind = Token::number;
    t.value = std::strtod(t.norm.c_str(), nullptr);
    t.stem = t.norm;
  } else {
    t.kind = Token::word;
    t.stem = light_stem(t.norm);
  }
  return t;
}

Token punct(std::string_view text, size_t i, size_t len, std::string norm) {
  Token t;
  t.kind = Token::punct;
  t.begin = i;
  t.end = i + len;
  t.raw = std::string(text.substr(i, len));
  t.norm = t.stem = std::move(norm);
  return t;
}

}  // namespace

std::vector<Token> tokenize_text(std::string_view text) {
  std::vector<Token> out;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t alen = 0;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c < 0x20 ||
        c == 0x7f) {
      ++i;
    } else if (is_apostrophe_at(text, i, &alen)) {
      // A leading apostrophe ("'90s") or a stray one (quotes around a title): skipped.
      i += alen;
    } else if (is_dash_at(text, i)) {
      out.push_back(punct(text, i, 3, "-"));
      i += 3;
    } else if (is_word_byte(c)) {
      out.push_back(word_at(text, i));
      i = out.back().end;
    } else {
      // Punctuation: one token per byte (">=" is two tokens).
      out.push_back(punct(text, i, 1, std::string(1, static_cast<char>(c))));
      ++i;
    }
  }
  return out;
}

std::string light_stem(std::string_view word) {
  std::string w(word);
  if (w.size() <= 3) return w;
  // Plurals (Porter 1a).
  if (ends_with(w, "ies") && w.size() > 4) {
    w.resize(w.size() - 3);
    w += "y";
  } else if (ends_with(w, "sses")) {
    w.resize(w.size() - 2);
  } else if (ends_with(w, "s") && !ends_with(w, "ss") && !ends_with(w, "us") &&
             !ends_with(w, "is")) {
    w.resize(w.size() - 1);
  }
  // Verb and noun endings (Porter 1b, plus "-ation").
  if (ends_with(w, "ation") && w.size() > 6) {
    w.resize(w.size() - 3);  // "animation" -> "animat"
  } else if (ends_with(w, "ing") && w.size() > 5) {
    w.resize(w.size() - 3);
  } else if (ends_with(w, "ed") && w.size() > 4 && !ends_with(w, "eed")) {
    w.resize(w.size() - 2);
  }
  if (w.size() >= 4 && w.back() == 'e') w.pop_back();
  if (w.size() >= 4 && w.back() == 'y') w.back() = 'i';
  return w;
}

bool is_stopword(std::string_view norm) {
  static const std::unordered_set<std::string_view> kStop = {
      "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any",
      "anything", "are", "as", "at", "be", "because", "been", "before", "being", "best",
      "better", "between", "big", "both", "but", "by", "can", "could", "did", "do", "does",
      "doing", "dont", "down", "during", "each", "else", "even", "ever", "every", "few",
      "fine", "for", "from", "get", "give", "go", "good", "great", "had", "has", "have",
      "he", "her", "here", "high", "him", "his", "how", "i", "id", "if", "im", "in", "into",
      "is", "it", "its", "ive", "just", "kind", "last", "least", "less", "like", "liked",
      "list", "little", "lot", "lots", "love", "low", "many", "maybe", "me", "more", "most",
      "much", "must", "my", "need", "new", "nice", "no", "nor", "not", "nothing", "now", "of",
      "off", "ok", "okay", "old", "on", "once", "one", "only", "or", "other", "others", "our",
      "out", "over", "please", "pretty", "quite", "rather", "really", "recent", "same", "see",
      "seen", "she", "should", "show", "so", "some", "something", "sort", "still", "such",
      "than", "thank", "thanks", "that", "the", "their", "them", "then", "there", "these",
      "they", "thing", "things", "this", "those", "through", "to", "too", "top", "type",
      "under", "until", "up", "us", "very", "want", "was", "watch", "way", "we", "well",
      "were", "what", "when", "where", "which", "while", "who", "why", "will", "with",
      "without", "would", "yes", "yet", "you", "your", "popular", "famous"};
  return kStop.count(norm) > 0;
}

}  // namespace interec
