#include "storage/sql_predicate.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "storage/text.h"

namespace interec {

namespace {

struct Token {
  enum Kind { word, quoted, string, number, punct, end } kind = end;
  std::string text;  // words and quoted identifiers unquoted, strings unescaped
};

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// SQLite's lexical forms, as far as the translated conditions use them; any
// other character makes the whole condition untranslatable.
std::optional<std::vector<Token>> tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '\'' || c == '"') {
      Token t{c == '\'' ? Token::string : Token::quoted, ""};
      for (++i;; ++i) {
        if (i >= s.size()) return std::nullopt;
        if (s[i] == c) {
          if (i + 1 < s.size() && s[i + 1] == c) {
            t.text.push_back(c);
            ++i;
            continue;
          }
          ++i;
          break;
        }
        t.text.push_back(s[i]);
      }
      out.push_back(std::move(t));
    } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '.' ||
               (c == '-' && i + 1 < s.size() && (std::isdigit(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '.'))) {
      size_t j = i + 1;
      while (j < s.size() && (word_char(s[j]) || s[j] == '.' ||
                              ((s[j] == '+' || s[j] == '-') && (s[j - 1] == 'e' || s[j - 1] == 'E'))))
        ++j;
      out.push_back({Token::number, std::string(s.substr(i, j - i))});
      i = j;
    } else if (word_char(c)) {
      size_t j = i;
      while (j < s.size() && word_char(s[j])) ++j;
      out.push_back({Token::word, std::string(s.substr(i, j - i))});
      i = j;
    } else {
      static const char* const kTwo[] = {"||", "<>", "!=", "<=", ">="};
      std::string op(1, c);
      for (const char* two : kTwo)
        if (s.substr(i, 2) == two) op = two;
      if (op.size() == 1 && std::string_view("(),=<>").find(c) == std::string_view::npos) return std::nullopt;
      out.push_back({Token::punct, op == "!=" ? "<>" : op});
      i += op.size();
    }
  }
  out.push_back({Token::end, ""});
  return out;
}

// What a parsed (sub)condition selects (the rows where it is TRUE).
struct Node {
  enum Kind {
    all_of,     // the AND of `preds`
    is_null,    // `column` IS NULL
    not_value,  // NOT preds[0], NULL cells excluded (`C <> x`: NULL is not TRUE)
  } kind = all_of;
  std::vector<Predicate> preds;
  /// all_of with one predicate that is never NULL (a COALESCE form): its NOT
  /// is the complement.
  bool total = false;
  std::string column;
};

class Parser {
 public:
  Parser(std::vector<Token> toks, const Catalog& catalog) : t_(std::move(toks)), catalog_(catalog) {}

  std::optional<std::vector<Predicate>> where() {
    auto n = or_expr();
    if (!n || !at_end() || n->kind != Node::all_of) return std::nullopt;
    return std::move(n->preds);
  }

  bool keyword(const char* w) {
    if (peek().kind != Token::word || text::ascii_lower(peek().text) != w) return false;
    ++pos_;
    return true;
  }
  bool at_end() const { return t_[pos_].kind == Token::end; }

 private:
  const Token& peek(size_t ahead = 0) const { return t_[std::min(pos_ + ahead, t_.size() - 1)]; }
  bool punct(const char* p) {
    if (peek().kind != Token::punct || peek().text != p) return false;
    ++pos_;
    return true;
  }
  bool string_literal(const char* value) {
    if (peek().kind != Token::string || peek().text != value) return false;
    ++pos_;
    return true;
  }

  std::optional<Node> or_expr() {
    auto left = and_expr();
    while (left && keyword("or")) {
      auto right = and_expr();
      if (!right) return std::nullopt;
      left = either(std::move(*left), std::move(*right));
    }
    return left;
  }

  std::optional<Node> and_expr() {
    auto left = not_expr();
    while (left && keyword("and")) {
      auto right = not_expr();
      if (!right || left->kind != Node::all_of || right->kind != Node::all_of) return std::nullopt;
      for (auto& p : right->preds) left->preds.push_back(std::move(p));
      left->total = false;
    }
    return left;
  }

  std::optional<Node> not_expr() {
    if (!keyword("not")) return primary();
    auto inner = not_expr();
    if (!inner || inner->kind != Node::all_of || inner->preds.size() != 1) return std::nullopt;
    Predicate p = std::move(inner->preds[0]);
    if (inner->total) {
      p.negate = !p.negate;
      return Node{Node::all_of, {std::move(p)}, true, ""};
    }
    if (p.negate) return std::nullopt;
    return Node{Node::not_value, {std::move(p)}, false, ""};
  }

  // A ∪ B: the values of one column, or `C IS NULL OR <not C's value>`.
  static std::optional<Node> either(Node a, Node b) {
    if (b.kind == Node::is_null) std::swap(a, b);
    if (a.kind == Node::is_null && b.kind == Node::not_value && b.preds[0].column == a.column) {
      Predicate p = std::move(b.preds[0]);
      p.negate = true;
      return Node{Node::all_of, {std::move(p)}, true, ""};
    }
    if (a.kind != Node::all_of || b.kind != Node::all_of || a.preds.size() != 1 || b.preds.size() != 1)
      return std::nullopt;
    Predicate& p = a.preds[0];
    Predicate& q = b.preds[0];
    if (p.kind != Predicate::Kind::any_of || q.kind != Predicate::Kind::any_of || p.negate || q.negate ||
        p.column != q.column)
      return std::nullopt;
    for (auto& v : q.values) p.values.push_back(std::move(v));
    a.total = a.total && b.total;
    return a;
  }

  std::optional<Node> primary() {
    const size_t start = pos_;
    if (auto like = like_condition()) return like;
    pos_ = start;
    if (punct("(")) {
      auto inner = or_expr();
      if (!inner || !punct(")")) return std::nullopt;
      return inner;
    }
    return comparison();
  }

  // A catalog column, as SQLite resolves identifiers (ASCII case ignored).
  const ColumnInfo* column() {
    const Token& t = peek();
    if (t.kind != Token::word && t.kind != Token::quoted) return nullptr;
    const std::string want = text::ascii_lower(t.text);
    for (const auto& c : catalog_.columns())
      if (text::ascii_lower(c.name) == want) {
        ++pos_;
        return &c;
      }
    return nullptr;
  }

  // C or COALESCE(C, ''); `coalesced` says which.
  const ColumnInfo* operand(bool& coalesced) {
    coalesced = false;
    if (peek().kind == Token::word && text::ascii_lower(peek().text) == "coalesce" && peek(1).text == "(") {
      pos_ += 2;
      const ColumnInfo* c = column();
      if (!c || !punct(",") || !string_literal("") || !punct(")")) return nullptr;
      coalesced = true;
      return c;
    }
    return column();
  }

  // ('|' || C || '|') LIKE '%|v|%' [ESCAPE 'e'], C multi-valued.
  std::optional<Node> like_condition() {
    const bool paren = punct("(");
    if (!string_literal("|") || !punct("||")) return std::nullopt;
    bool coalesced = false;
    const ColumnInfo* c = operand(coalesced);
    if (!c || !c->multi || !punct("||") || !string_literal("|") || (paren && !punct(")"))) return std::nullopt;
    if (!keyword("like") || peek().kind != Token::string) return std::nullopt;
    const std::string pattern = t_[pos_++].text;
    std::optional<char> escape;
    if (keyword("escape")) {
      if (peek().kind != Token::string || peek().text.size() != 1) return std::nullopt;
      escape = t_[pos_++].text[0];
    }
    auto value = like_value(pattern, escape);
    if (!value) return std::nullopt;
    Predicate p;
    p.column = c->name;
    p.values.push_back(std::move(*value));
    return Node{Node::all_of, {std::move(p)}, coalesced, ""};
  }

  // v of '%|v|%': literal characters only, no '|'.
  static std::optional<std::string> like_value(const std::string& pattern, std::optional<char> escape) {
    if (pattern.size() < 5 || pattern.compare(0, 2, "%|") != 0) return std::nullopt;
    std::string value;
    size_t i = 2;
    for (; i < pattern.size(); ++i) {
      char ch = pattern[i];
      if (escape && ch == *escape) {
        if (++i >= pattern.size()) return std::nullopt;
        value.push_back(pattern[i]);
        continue;
      }
      if (ch == '|' && i + 2 == pattern.size() && pattern[i + 1] == '%') break;
      if (ch == '%' || ch == '_' || ch == '|') return std::nullopt;
      value.push_back(ch);
    }
    if (i + 2 != pattern.size() || value.empty() || value.find('|') != std::string::npos) return std::nullopt;
    return value;
  }

  static bool numeric(const ColumnInfo& c) {
    return c.type == ColumnType::integer || c.type == ColumnType::real;
  }

  // A literal of the column's kind: a number for a numeric column, a string
  // for a text or date one (SQLite's affinities would convert the others).
  std::optional<std::string> literal(const ColumnInfo& c) {
    const Token& t = peek();
    if (numeric(c) ? t.kind != Token::number || !text::parse_real(t.text) : t.kind != Token::string)
      return std::nullopt;
    ++pos_;
    return t.text;
  }

  std::optional<double> number(const ColumnInfo& c) {
    if (!numeric(c)) return std::nullopt;
    auto lit = literal(c);
    if (!lit) return std::nullopt;
    return text::parse_real(*lit);
  }

  std::optional<Node> comparison() {
    bool coalesced = false;
    const ColumnInfo* c = operand(coalesced);
    if (!c || (coalesced && (c->multi || numeric(*c)))) return std::nullopt;
    if (c->multi) {  // of a multi-valued cell, only `C IS NULL` says the same here
      if (!keyword("is") || !keyword("null")) return std::nullopt;
      return Node{Node::is_null, {}, false, c->name};
    }
    Predicate p;
    p.column = c->name;
    auto value = [&](std::string v) {
      Node n{Node::all_of, {}, coalesced, ""};
      if (numeric(*c)) {
        p.kind = Predicate::Kind::range;
        p.lo = p.hi = *text::parse_real(v);
      } else {
        if (v.empty()) return std::optional<Node>();  // '' = COALESCE(NULL, '')
        p.values.push_back(std::move(v));
      }
      n.preds.push_back(p);
      return std::optional<Node>(std::move(n));
    };
    const bool negated = keyword("not");
    if (!negated && keyword("is")) {
      if (coalesced || !keyword("null")) return std::nullopt;
      return Node{Node::is_null, {}, false, c->name};
    }
    if (keyword("between")) {
      auto lo = number(*c);
      if (!lo || !keyword("and")) return std::nullopt;
      auto hi = number(*c);
      if (!hi) return std::nullopt;
      p.kind = Predicate::Kind::range;
      p.lo = *lo;
      p.hi = *hi;
      return Node{negated ? Node::not_value : Node::all_of, {p}, false, ""};
    }
    if (keyword("in")) {
      if (!punct("(")) return std::nullopt;
      do {
        auto v = literal(*c);
        if (!v || v->empty()) return std::nullopt;
        p.values.push_back(std::move(*v));
      } while (punct(","));
      if (!punct(")")) return std::nullopt;
      if (negated) return std::nullopt;
      return Node{Node::all_of, {p}, coalesced, ""};
    }
    if (negated) return std::nullopt;
    if (punct("=") || punct("<>")) {
      const bool equal = t_[pos_ - 1].text == "=";
      auto v = literal(*c);
      if (!v) return std::nullopt;
      auto n = value(std::move(*v));
      if (!n || equal) return n;
      if (coalesced) {
        n->preds[0].negate = true;
        return n;
      }
      n->kind = Node::not_value;
      return n;
    }
    for (const char* op : {"<", "<=", ">", ">="}) {
      if (!punct(op)) continue;
      auto x = number(*c);
      if (!x) return std::nullopt;
      p.kind = Predicate::Kind::range;
      if (op[0] == '<') {
        p.hi = *x;
        p.hi_strict = op[1] == '\0';
      } else {
        p.lo = *x;
        p.lo_strict = op[1] == '\0';
      }
      return Node{Node::all_of, {p}, false, ""};
    }
    return std::nullopt;
  }

  std::vector<Token> t_;
  size_t pos_ = 0;
  const Catalog& catalog_;
};

}  // namespace

std::optional<std::vector<Predicate>> predicates_of_where(std::string_view where, const Catalog& catalog) {
  auto toks = tokenize(where);
  if (!toks) return std::nullopt;
  return Parser(std::move(*toks), catalog).where();
}

std::optional<std::vector<Predicate>> predicates_of_query(std::string_view query, const Catalog& catalog) {
  auto toks = tokenize(query);
  if (!toks) return std::nullopt;
  Parser parser(std::move(*toks), catalog);
  for (const char* w : {"select", "item_id", "from", "items", "where"})
    if (!parser.keyword(w)) return std::nullopt;
  return parser.where();
}

}  // namespace interec
