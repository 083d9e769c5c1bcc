#include "brain/rules/sql_quote.h"

namespace interec {

namespace {

bool is_identifier_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

}  // namespace

std::string sql_string(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out += "''";
    else out.push_back(c);
  }
  return out + "'";
}

std::string sql_identifier(const std::string& name) {
  bool simple = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name)
    if (!is_identifier_char(c)) simple = false;
  if (simple) return name;
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  return out + "\"";
}

}  // namespace interec
