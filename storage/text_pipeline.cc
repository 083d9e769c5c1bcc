#include "storage/text_pipeline.h"

#include <algorithm>
#include <cstdlib>

#include <libstemmer.h>

namespace interec::text {

namespace {

// ---------------------------------------------------------------------------
// Character folding

// Latin-1 supplement U+00C0..U+00FF folded to ASCII (two-letter folds below).
constexpr const char* kLatin1Fold =
    "aaaaaaaceeeeiiii"   // C0..CF (C6 = ae)
    "dnooooo ouuuuyts"   // D0..DF (D7 = x sign, DE = th, DF = ss)
    "aaaaaaaceeeeiiii"   // E0..EF (E6 = ae)
    "dnooooo ouuuuyty";  // F0..FF (F7 = division sign, FE = th)

// Latin Extended-A U+0100..U+017F.
constexpr const char* kLatinExtAFold =
    "aaaaaaccccccccdd"
    "ddeeeeeeeeeegggg"
    "gggghhhhiiiiiiii"
    "iiiijjkkklllllll"
    "lllnnnnnnnnnoooo"
    "oooorrrrrrssssss"
    "ssttttttuuuuuuuu"
    "uuuuwwyyyzzzzzzs";

// Appends the ASCII fold of code point `cp` to `out`; returns false when the
// code point has no fold (caller keeps the original bytes).
bool fold_codepoint(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
    return true;
  }
  if (cp >= 0xC0 && cp <= 0xFF) {
    switch (cp) {
      case 0xC6: case 0xE6: out += "ae"; return true;
      case 0xDE: case 0xFE: out += "th"; return true;
      case 0xDF: out += "ss"; return true;
      default: out += kLatin1Fold[cp - 0xC0]; return true;
    }
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    if (cp == 0x152 || cp == 0x153) { out += "oe"; return true; }
    if (cp == 0x132 || cp == 0x133) { out += "ij"; return true; }
    out += kLatinExtAFold[cp - 0x100];
    return true;
  }
  switch (cp) {
    case 0x2018: case 0x2019: case 0x02BC: case 0x00B4: out += '\''; return true;
    case 0x201C: case 0x201D: out += '"'; return true;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
      out += '-'; return true;
    case 0x00A0: case 0x2009: case 0x202F: case 0x00B7: out += ' '; return true;  // B7: "WALL·E"
    // Marks, not letters: "Sid Meier's Civilization® V" is "civilization v"
    // (Steam and shop titles carry them; users never type them).
    case 0x00AE: case 0x00A9: case 0x2122: case 0x2120: out += ' '; return true;
    case 0x2026: out += "..."; return true;
    default: return false;
  }
}

// One code point at byte i: its value and byte length; a byte that does not
// start valid UTF-8 is read as the Latin-1 character of that value.
struct CodePoint {
  uint32_t cp = 0;
  size_t len = 1;
  bool valid = true;
};

CodePoint decode(std::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return {c, 1, true};
  size_t len = 0;
  uint32_t cp = 0;
  if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
  bool valid = len > 0 && i + len <= s.size();
  for (size_t k = 1; valid && k < len; ++k) {
    const unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) valid = false;
    else cp = (cp << 6) | (cc & 0x3F);
  }
  if (!valid) return {c, 1, false};
  return {cp, len, true};
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alnum(char c) {
  return is_ascii_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// What one character is to the tokenizer, and its folded form.
struct Char {
  enum Class : uint8_t { space, apostrophe, word, punct } cls = space;
  uint8_t len = 1;   // bytes in the text
  uint8_t n = 0;     // bytes of `fold`
  char fold[4] = {};  // word: lower-case ASCII, or the character's own bytes; punct: ASCII
  std::string_view folded() const { return {fold, n}; }
};

Char ascii_char(Char::Class cls, char c) {
  Char ch;
  ch.cls = cls;
  ch.n = 1;
  ch.fold[0] = c;
  return ch;
}

Char other_char(Char::Class cls, std::string_view fold, size_t len) {
  Char ch;
  ch.cls = cls;
  ch.len = static_cast<uint8_t>(len);
  ch.n = static_cast<uint8_t>(std::min<size_t>(fold.size(), sizeof ch.fold));
  fold.copy(ch.fold, ch.n);
  return ch;
}

Char classify(std::string_view s, size_t i) {
  const char c = s[i];
  if (static_cast<unsigned char>(c) < 0x80) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return Char{};
    if (c == '\'' || c == '`') return ascii_char(Char::apostrophe, c);
    if (c >= 'A' && c <= 'Z') return ascii_char(Char::word, static_cast<char>(c - 'A' + 'a'));
    if (is_ascii_alnum(c)) return ascii_char(Char::word, c);
    return ascii_char(Char::punct, c);
  }
  const CodePoint p = decode(s, i);
  std::string fold;  // a few bytes: no allocation
  if (!fold_codepoint(p.cp, fold)) {
    // No fold: a letter of another script keeps its bytes; a stray byte is a space.
    if (p.valid) return other_char(Char::word, s.substr(i, p.len), p.len);
    return other_char(Char::space, {}, p.len);
  }
  if (fold == " ") return other_char(Char::space, {}, p.len);
  if (fold == "'") return other_char(Char::apostrophe, {}, p.len);
  if (fold == "...") return other_char(Char::punct, ".", p.len);
  if (fold.size() == 1 && !is_ascii_alnum(fold[0])) return other_char(Char::punct, fold, p.len);
  return other_char(Char::word, fold, p.len);
}

// The word or number starting at byte i (a word character), its normal
// form into `norm`: apostrophes inside join ("children's", "90's", "don't"),
// one decimal point between digits. Returns the byte past it.
size_t word_at(std::string_view s, size_t i, std::string& norm, bool& all_digits) {
  norm.clear();
  all_digits = true;
  bool decimal = false;
  size_t j = i;
  while (j < s.size()) {
    const char c = s[j];
    if (is_ascii_alnum(c)) {  // the common case, without classify()
      if (!is_ascii_digit(c)) all_digits = false;
      norm += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      ++j;
      continue;
    }
    const Char ch = classify(s, j);
    if (ch.cls == Char::word) {
      all_digits = false;
      norm += ch.folded();
      j += ch.len;
    } else if (ch.cls == Char::apostrophe && j + ch.len < s.size() &&
               classify(s, j + ch.len).cls == Char::word && !is_ascii_digit(s[j + ch.len])) {
      j += ch.len;
    } else if (c == '.' && all_digits && !decimal && j + 1 < s.size() && is_ascii_digit(s[j + 1])) {
      decimal = true;
      norm += '.';
      ++j;
    } else {
      break;
    }
  }
  all_digits = all_digits && !norm.empty() && norm.size() <= 15;
  return j;
}

// Snowball's English stemmer, one per thread (a stemmer is not thread-safe).
class Stemmer {
 public:
  Stemmer() : s_(sb_stemmer_new("english", nullptr)) {}
  ~Stemmer() { sb_stemmer_delete(s_); }
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;
  std::string stem(std::string_view word) {
    if (!s_) return std::string(word);  // out of memory at creation: words stay whole
    const sb_symbol* out = sb_stemmer_stem(s_, reinterpret_cast<const sb_symbol*>(word.data()),
                                           static_cast<int>(word.size()));
    if (!out) return std::string(word);
    return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(sb_stemmer_length(s_)));
  }

 private:
  sb_stemmer* s_;
};

}  // namespace

std::string fold_accents(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const CodePoint p = decode(s, i);
    if (!fold_codepoint(p.cp, out)) {
      if (p.valid) out.append(s.data() + i, p.len);
      else out += ' ';  // a stray byte without a Latin-1 fold
    }
    i += p.len;
  }
  return out;
}

void scan(std::string_view text, const ScanFn& on) {
  std::string norm;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {  // the common case, without classify()
      ++i;
      continue;
    }
    const Char ch = classify(text, i);
    if (ch.cls == Char::word) {
      bool number = false;
      const size_t end = word_at(text, i, norm, number);
      on(number ? Token::number : Token::word, i, end, norm);
      i = end;
      continue;
    }
    if (ch.cls == Char::punct) on(Token::punct, i, i + ch.len, ch.folded());
    // Spaces, and apostrophes outside words ("'90s", quotes around a title).
    i += ch.len;
  }
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> out;
  scan(text, [&](Token::Kind kind, size_t begin, size_t end, std::string_view norm) {
    Token& t = out.emplace_back();
    t.kind = kind;
    t.begin = begin;
    t.end = end;
    t.raw.assign(text.substr(begin, end - begin));
    t.norm.assign(norm);
    if (kind == Token::number) t.value = std::strtod(t.norm.c_str(), nullptr);
  });
  return out;
}

std::string stem(std::string_view norm) {
  thread_local Stemmer stemmer;
  return stemmer.stem(norm);
}

std::vector<std::string> content_words(std::string_view text) {
  std::vector<std::string> out;
  for (const Token& t : tokenize(text)) {
    if (t.kind == Token::punct || is_stopword(t.norm)) continue;
    out.push_back(t.kind == Token::word ? stem(t.norm) : t.norm);
  }
  return out;
}

}  // namespace interec::text
