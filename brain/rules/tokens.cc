#include "brain/rules/tokens.h"

namespace interec {

std::vector<Token> tokenize_text(std::string_view text) {
  std::vector<text::Token> plain = text::tokenize(text);
  std::vector<Token> out(plain.size());
  for (size_t i = 0; i < plain.size(); ++i) {
    static_cast<text::Token&>(out[i]) = std::move(plain[i]);
    out[i].stem = out[i].kind == Token::word ? text::stem(out[i].norm) : out[i].norm;
  }
  return out;
}

}  // namespace interec
