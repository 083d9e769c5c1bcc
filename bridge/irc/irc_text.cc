#include "bridge/irc/irc_text.h"

#include "storage/text.h"

namespace interec::irc {
namespace {

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

bool digit(char c) { return c >= '0' && c <= '9'; }

// Skips a colour code's "FG[,BG]" digits (at most two each) after "\x03".
size_t colour_digits(std::string_view s, size_t i) {
  size_t n = 0;
  while (n < 2 && i + n < s.size() && digit(s[i + n])) ++n;
  if (n > 0 && i + n + 1 < s.size() && s[i + n] == ',' && digit(s[i + n + 1])) {
    size_t m = 1;
    while (m < 3 && i + n + m < s.size() && digit(s[i + n + m])) ++m;
    n += m;
  }
  return n;
}

}  // namespace

std::string cut_utf8(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t end = max_bytes;
  while (end > 0 && continuation(static_cast<unsigned char>(s[end]))) --end;
  return std::string(s.substr(0, end));
}

std::string clean_input(std::string_view raw) {
  const std::string s = text::ensure_utf8(raw);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0x03) {
      i += colour_digits(s, i + 1);
      continue;
    }
    if (c == '\t') out += ' ';
    else if (c >= 0x20 && c != 0x7F) out += static_cast<char>(c);
  }
  return std::string(text::trim(out));
}

std::vector<std::string> reply_lines(std::string_view reply, size_t max_bytes) {
  std::vector<std::string> out;
  if (max_bytes < 8) max_bytes = 8;
  for (auto piece : text::split(reply, "\n")) {
    std::string line(text::trim(piece));
    for (auto& c : line)
      if (c == '\t' || c == '\r') c = ' ';
    std::string_view rest = line;
    while (!rest.empty()) {
      if (rest.size() <= max_bytes) {
        out.emplace_back(rest);
        break;
      }
      std::string head = cut_utf8(rest, max_bytes);
      if (head.empty()) head = std::string(rest.substr(0, max_bytes));  // not UTF-8 at all
      const size_t space = head.rfind(' ');
      if (space != std::string::npos && space > max_bytes / 2) head.resize(space);
      out.push_back(head);
      rest.remove_prefix(head.size());
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    }
  }
  return out;
}

}  // namespace interec::irc
