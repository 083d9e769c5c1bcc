#include "brain/dialogue/replies.h"

#include <algorithm>
#include <cmath>

#include "brain/rules/conditions.h"
#include "brain/rules/plan_builder.h"

namespace interec::dialogue {

namespace {

using rules::Act;

std::string title_of(const rules::Knowledge& k, const std::string& id) {
  auto i = k.catalog->find(id);
  return i ? std::string(k.catalog->title(*i)) : id;
}

std::string titles_of_ids(const rules::Knowledge& k, const std::vector<std::string>& ids) {
  std::vector<std::string> t;
  for (const auto& id : ids) t.push_back(title_of(k, id));
  return join_and(t);
}

// "Drama, Comedy or Thriller (genres)": the most common values of the
// first multi-valued category (the kind of item), else of the first one.
std::string example_values(const rules::Knowledge& k) {
  const CategoricalColumn* best = nullptr;
  for (const auto& cat : k.vocab.categorical()) {
    if (cat.top_values.size() < 2) continue;
    if (!best || (cat.multi && !best->multi)) best = &cat;
  }
  if (!best) return {};
  std::vector<std::string> v(best->top_values.begin(),
                             best->top_values.begin() + std::min<size_t>(3, best->top_values.size()));
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? (i + 1 == v.size() ? " or " : ", ") : "") + v[i];
  return s + " (" + best->name + ")";
}

// "What are you in the mood for? For example Drama, Comedy or Thriller ...?"
std::string what_next(const rules::Knowledge& k) {
  const std::string values = example_values(k);
  std::string s = "What are you in the mood for?";
  if (!values.empty()) s += " For example " + values + ", a year, or a title you liked.";
  return s;
}

// After a list: offer more like it or something else.
std::string offer_more(const rules::Knowledge& k, const DialogueState& st) {
  const ShownList* last = st.list(0);
  if (!last || last->items.empty()) return what_next(k);
  return "Want more like " + title_of(k, last->items.front()) +
         ", or something different? Tell me what to change (a kind, a year, a title you liked).";
}

std::string value_text(const rules::Knowledge& k, size_t col, ItemIndex item) {
  const Catalog& c = *k.catalog;
  const ColumnInfo& info = c.columns()[col];
  if (info.type == ColumnType::integer || info.type == ColumnType::real) {
    const double x = c.number(col, item);
    return std::isnan(x) ? std::string() : rules::format_number(std::round(x * 100) / 100);
  }
  std::vector<std::string> values = c.values(col, item).strings();
  if (values.size() > 8) values.resize(8);
  return join_and(values);
}

// One sentence about one column of an item.
std::string column_sentence(const rules::Knowledge& k, size_t col, ItemIndex item) {
  const ColumnInfo& info = k.catalog->columns()[col];
  const std::string v = value_text(k, col, item);
  if (v.empty()) return "The catalog has no " + info.name + " for it.";
  const NumericColumn* num = k.vocab.numeric_at(col);
  if (num && num->role == NumericRole::year) return "It is from " + v + ".";
  if (num && num->role == NumericRole::rating) return "Its " + info.name + " is " + v + ".";
  if (num && num->role == NumericRole::price) return v == "0" ? "It is free." : "It costs " + v + ".";
  if (info.name.find("popular") != std::string::npos)
    return v + " users in the data have it in their history.";
  if (k.vocab.description_column() && *k.vocab.description_column() == col) return "About it: " + v;
  const bool several = k.catalog->values(col, item).size() > 1;
  return "Its " + info.name + (several ? " are " : " is ") + v + ".";
}

std::string held_columns(const rules::Knowledge& k) {
  std::vector<std::string> names;
  for (const auto& c : k.catalog->columns()) names.push_back(c.name);
  return join_and(names);
}

}  // namespace

std::string join_and(const std::vector<std::string>& parts) {
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) s += (i ? (i + 1 == parts.size() ? " and " : ", ") : "") + parts[i];
  return s;
}

std::string social_reply(const rules::Knowledge& k, const rules::Parse& p, const DialogueState& st) {
  const bool shown = st.list(0) != nullptr;
  if (p.has(Act::goodbye)) {
    if (shown) return "Bye! Enjoy " + title_of(k, st.list(0)->items.front()) + ", and come back any time.";
    return "Bye! Come back any time you want a recommendation.";
  }
  std::string s;
  if (p.has(Act::thanks)) s = "You're welcome! ";
  else if (p.has(Act::greeting)) s = "Hi! I recommend items from this catalog and answer questions about them. ";
  else if (p.has(Act::smalltalk)) s = shown ? "" : "I'm here to help you find something. ";
  return s + (shown ? offer_more(k, st) : what_next(k));
}

std::string continuing_reply(const rules::Knowledge& k, const rules::Parse& p, const DialogueState& st) {
  const bool shown = st.list(0) != nullptr;
  if (p.has(Act::goodbye)) return "Bye! In case you come back, more you might like:";
  if (p.has(Act::thanks)) return "You're welcome! More you might like:";
  if (p.has(Act::greeting) && !shown)
    return "Hi! " + what_next(k) + " Meanwhile, a few to start with:";
  return {};
}

std::string help_reply(const rules::Knowledge& k, const std::vector<std::string>& unknown) {
  std::string s;
  if (!unknown.empty()) {
    std::vector<std::string> quoted;
    for (size_t i = 0; i < unknown.size() && i < 6; ++i) quoted.push_back("\"" + unknown[i] + "\"");
    s = "Sorry, I did not understand " + join_and(quoted) + ". ";
  }
  return s + rules::help_text(k);
}

std::string unused_words_reply(const rules::Knowledge& k, const std::vector<std::string>& unknown) {
  if (unknown.empty()) return {};
  std::string words;
  for (size_t i = 0; i < unknown.size() && i < 6; ++i) words += (i ? " " : "") + unknown[i];
  return "I could not use \"" + words + "\": no title, value or column of this catalog matches it (it holds " +
         held_columns(k) + "), so this list does not take it into account.";
}

std::string item_answer(const rules::Knowledge& k, ItemIndex item, const rules::AskedColumns& asked,
                        const std::string& unheld) {
  const Catalog& c = *k.catalog;
  std::string s = std::string(c.title(item)) + ":";
  std::vector<size_t> cols = asked.columns;
  const bool everything = asked.all || cols.empty();
  if (!unheld.empty() && cols.empty()) {
    s += " I don't know " + unheld + ": this catalog holds only " + held_columns(k) +
         ". What it says:";
  }
  if (everything) {
    cols.clear();
    for (size_t col = 0; col < c.columns().size(); ++col) cols.push_back(col);
  }
  for (size_t col : cols) {
    const std::string sentence = column_sentence(k, col, item);
    if (everything && sentence.rfind("The catalog has no", 0) == 0) continue;
    s += " " + sentence;
  }
  return s;
}

std::string why_answer(const rules::Knowledge& k, const DialogueState& st, ItemIndex item) {
  const std::string id(k.catalog->id(item));
  const std::string title(k.catalog->title(item));
  for (size_t back = 0; back < st.lists.size(); ++back) {
    const ShownList& l = *st.list(static_cast<int>(back));
    for (size_t i = 0; i < l.items.size(); ++i) {
      if (l.items[i] != id) continue;
      const std::string where = back == 0 ? "" : " (in an earlier list)";
      if (i < l.why.size() && !l.why[i].empty())
        return "I picked " + title + where + " because: " + join_and(l.why[i]) + ".";
      return "I picked " + title + where + " for what you asked then.";
    }
  }
  return "I did not recommend " + title + " in this conversation" +
         (st.focus == id ? "; you asked about it." : ".");
}

std::string noted_reply(const rules::Knowledge& k, const Noted& n) {
  std::vector<std::string> parts;
  if (!n.seen.empty()) parts.push_back("you have seen " + titles_of_ids(k, n.seen));
  if (!n.liked.empty()) parts.push_back("you liked " + titles_of_ids(k, n.liked));
  if (!n.disliked.empty()) parts.push_back("you did not like " + titles_of_ids(k, n.disliked));
  if (!n.rejected.empty()) parts.push_back("not " + titles_of_ids(k, n.rejected));
  if (parts.empty()) return {};
  std::string s = "Noted: ";
  for (size_t i = 0; i < parts.size(); ++i) s += (i ? "; " : "") + parts[i];
  return s + ".";
}

namespace {

std::string joined_with(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

// What relaxing changed, said before the list; "" when nothing was relaxed.
std::string relaxed_line(const BrainPlan& plan, const ListOutcome& o) {
  if (o.relaxed.empty()) return {};
  std::vector<std::string> now, before;
  for (const auto& r : o.relaxed)
    (std::find(plan.stated_now.begin(), plan.stated_now.end(), r) != plan.stated_now.end() ? now : before)
        .push_back(r);
  if (!now.empty()) {
    if (o.strict > 0)
      return "Only " + std::to_string(o.strict) +
             " matched everything you asked (listed first); the others are the nearest I have, without " +
             joined_with(o.relaxed, "; ") + ".";
    std::string s = "Nothing fits everything you asked: I could not meet " + joined_with(now, "; ");
    if (!before.empty()) s += " (nor " + joined_with(before, "; ") + ", from earlier)";
    return s + ". These are the nearest I have, without it.";
  }
  if (o.strict > 0)
    return "Only " + std::to_string(o.strict) + " matched everything you asked (listed first); for more I relaxed: " +
           joined_with(before, "; ") + ".";
  return "Nothing matched everything you asked, so I relaxed: " + joined_with(before, "; ") + ".";
}

}  // namespace

std::string list_reply(const Catalog& catalog, const BrainPlan& plan, const ListOutcome& o) {
  if (plan.plan.answer) return *plan.plan.answer;
  std::string out = plan.note;
  auto line = [&](const std::string& s) {
    if (s.empty()) return;
    if (!out.empty()) out += "\n";
    out += s;
  };
  line(joined_with(o.texts, "\n"));
  if (!o.picked.empty()) {
    line(relaxed_line(plan, o));
    std::string head = "Here " + std::string(o.picked.size() == 1 ? "is 1 pick" : "are " + std::to_string(o.picked.size()) + " picks");
    if (!plan.understood.empty()) head += " for " + plan.understood;
    line(head + ":");
    size_t n = 0;
    for (ItemIndex i : o.picked) (out += "\n" + std::to_string(++n) + ". ") += catalog.title(i);
  } else if (o.texts.empty()) {
    std::string s = "I found nothing";
    if (!plan.understood.empty()) s += " for " + plan.understood;
    if (!o.relaxed.empty()) s += ", even after relaxing: " + joined_with(o.relaxed, "; ");
    s += ".";
    if (!o.error.empty()) s += " (" + o.error + ")";
    line(s);
  }
  return out;
}

}  // namespace interec::dialogue
