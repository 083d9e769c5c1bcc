#include "brain/rules/dialogue.h"

#include <cctype>

#include "brain/rules/lexicon.h"
#include "brain/rules/vocabulary.h"

namespace interec::rules {

std::string user_line(const std::string& line) {
  if (line.size() < 5) return {};
  std::string head = line.substr(0, 5);
  for (char& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (head != "user:") return {};
  size_t s = 5;
  while (s < line.size() && line[s] == ' ') ++s;
  return line.substr(s);
}

bool is_refinement(const std::string& text) {
  const std::vector<Token> t = tokenize_text(text);
  auto norm = [&](size_t i) -> const std::string& {
    static const std::string empty;
    return i < t.size() ? t[i].norm : empty;
  };
  for (size_t i = 0; i < t.size(); ++i) {
    const std::string& w = t[i].norm;
    if (lexicon::adds_to_the_request(w)) return true;
    if (w == "as" && norm(i + 1) == "well") return true;
    if (w == "too" && (i + 1 == t.size() || t[i + 1].kind == Token::punct)) return true;
  }
  size_t i = 0;
  if (norm(0) == "no" && norm(1) == ",") i = 2;
  const std::string& a = norm(i);
  const std::string& b = norm(i + 1);
  const bool those = b == "those" || b == "these" || b == "them";
  return (a == "not" && those) || (a == "none" && b == "of");
}

std::string with_refined(const std::string& text, const std::vector<std::string>& dialogue,
                         size_t upto) {
  if (!is_refinement(text)) return text;
  std::vector<std::string> parts{text};
  for (size_t k = upto; k > 0 && parts.size() < 16; --k) {
    const std::string prev = user_line(dialogue[k - 1]);
    if (prev.empty()) continue;
    parts.push_back(prev);
    if (!is_refinement(prev)) break;
  }
  std::string out;
  for (size_t k = parts.size(); k > 0; --k) {
    std::string part = parts[k - 1];
    while (!part.empty() && (part.back() == ' ' || part.back() == '\n')) part.pop_back();
    if (!part.empty() && part.back() != '.' && part.back() != '!' && part.back() != '?') part += '.';
    out += (out.empty() ? "" : " ") + part;
  }
  return out;
}

}  // namespace interec::rules
