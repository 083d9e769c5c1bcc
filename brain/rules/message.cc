#include "brain/rules/message.h"

#include <stdexcept>

namespace interec::rules {

const char* to_string(Pass pass) {
  switch (pass) {
    case Pass::none: return "none";
    case Pass::references: return "references";
    case Pass::seeds: return "seeds";
    case Pass::numbers: return "numbers";
    case Pass::cues: return "cues";
    case Pass::values: return "values";
    case Pass::moods: return "moods";
    case Pass::count: return "count";
    case Pass::acts: return "acts";
  }
  return "none";
}

void TokenClaims::start(Pass pass) {
  if (pass <= running_)
    throw std::logic_error(std::string("parsing pass ") + to_string(pass) + " started after " +
                           to_string(running_));
  running_ = pass;
}

void TokenClaims::claim(size_t i) {
  if (running_ == Pass::none) throw std::logic_error("a token claimed outside a parsing pass");
  if (i < by_.size() && by_[i] == Pass::none) by_[i] = running_;
}

void TokenClaims::claim(size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) claim(i);
}

const std::string& Message::norm(size_t i) const {
  static const std::string empty;
  return i < tokens.size() ? tokens[i].norm : empty;
}

bool Message::boundary(size_t i) const {
  if (i >= tokens.size()) return true;
  const auto& n = tokens[i].norm;
  return tokens[i].kind == Token::punct &&
         (n == "," || n == "." || n == "?" || n == "!" || n == ";" || n == ":" || n == "(" ||
          n == ")" || n == "\"");
}

}  // namespace interec::rules
