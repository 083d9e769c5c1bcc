#include "bridge/irc/irc_message.h"

#include "bridge/irc/irc_text.h"

namespace interec::irc {
namespace {

bool command_byte(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// Skips spaces (RFC 2812 allows several between parameters).
void skip_spaces(std::string_view& rest) {
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
}

std::string_view next_word(std::string_view& rest) {
  const size_t space = rest.find(' ');
  std::string_view word = rest.substr(0, space);
  rest.remove_prefix(space == std::string_view::npos ? rest.size() : space);
  return word;
}

std::string clean_param(std::string_view p) {
  std::string out;
  out.reserve(p.size());
  for (char c : p) out += (c == '\r' || c == '\n' || c == '\0') ? ' ' : c;
  return out;
}

}  // namespace

std::optional<Message> parse_line(std::string_view rest) {
  while (!rest.empty() && (rest.back() == '\r' || rest.back() == '\n')) rest.remove_suffix(1);
  Message m;
  if (!rest.empty() && rest.front() == '@') {  // IRCv3 tags: not used
    next_word(rest);
    skip_spaces(rest);
  }
  if (!rest.empty() && rest.front() == ':') {
    rest.remove_prefix(1);
    m.prefix = std::string(next_word(rest));
    skip_spaces(rest);
  }
  const std::string_view command = next_word(rest);
  if (command.empty()) return std::nullopt;
  for (char c : command)
    if (!command_byte(c)) return std::nullopt;
  for (char c : command) m.command += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  while (true) {
    skip_spaces(rest);
    if (rest.empty()) break;
    if (rest.front() == ':') {
      m.params.emplace_back(rest.substr(1));
      break;
    }
    m.params.emplace_back(next_word(rest));
  }
  return m;
}

std::string format_line(std::string_view command, const std::vector<std::string>& params) {
  std::string line(command);
  for (size_t i = 0; i < params.size(); ++i) {
    std::string p = clean_param(params[i]);
    const bool last = i + 1 == params.size();
    line += ' ';
    if (last && (p.empty() || p.find(' ') != std::string::npos || p.front() == ':')) line += ':';
    else if (!last)  // a middle parameter can hold neither spaces nor a leading ':'
      for (auto& c : p) c = c == ' ' ? '_' : c;
    line += p;
  }
  line = cut_utf8(line, kMaxLineBytes - 2);
  return line + "\r\n";
}

std::string nick_of(std::string_view prefix) {
  const size_t bang = prefix.find('!');
  if (bang == std::string_view::npos) {
    // "nick@host" is a user too; a bare name with a dot is a server.
    const size_t at = prefix.find('@');
    if (at != std::string_view::npos) return std::string(prefix.substr(0, at));
    return prefix.find('.') == std::string_view::npos ? std::string(prefix) : std::string();
  }
  return std::string(prefix.substr(0, bang));
}

std::string fold_case(std::string_view nick) {
  std::string out(nick);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    else if (c == '[') c = '{';
    else if (c == ']') c = '}';
    else if (c == '\\') c = '|';
    else if (c == '~') c = '^';
  }
  return out;
}

bool is_channel(std::string_view target) {
  return !target.empty() &&
         (target[0] == '#' || target[0] == '&' || target[0] == '+' || target[0] == '!');
}

std::vector<std::string> LineBuffer::feed(std::string_view bytes) {
  std::vector<std::string> lines;
  while (!bytes.empty()) {
    const size_t lf = bytes.find('\n');
    const std::string_view piece = bytes.substr(0, lf);
    if (!discarding_) {
      partial_.append(piece);
      if (partial_.size() > max_line_) {
        partial_.clear();
        discarding_ = true;
        ++dropped_;
      }
    }
    if (lf == std::string_view::npos) break;
    bytes.remove_prefix(lf + 1);
    if (!discarding_) {
      if (!partial_.empty() && partial_.back() == '\r') partial_.pop_back();
      lines.push_back(std::move(partial_));
    }
    partial_.clear();
    discarding_ = false;
  }
  return lines;
}

}  // namespace interec::irc
