// Lookups: questions about named items ("when was Fargo released?", "is
// Heat a comedy?", "tell me about Toy Story") get one lookup step selecting
// the title plus the columns the question asks about (all columns when it
// names none). A question that asks for recommendations ("what should I
// watch instead of Heat?") is no lookup.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "brain/brain.h"
#include "brain/rules/knowledge.h"
#include "brain/rules/message.h"

namespace interec::rules {

/// The lookup plan for a question about at most 10 items the message
/// names, else nullopt. Runs before the parsing passes and claims nothing.
std::optional<BrainPlan> lookup(const Knowledge& k, const Message& m);

/// A question ("when ...", "... ?") that asks for no recommendation.
bool is_item_question(const Message& m);

/// Which catalog columns a question asks about: topic words ("when" ->
/// the year), column names, and values ("is Heat a comedy?" -> genres);
/// `all` for "tell me about X" or when it names none.
struct AskedColumns {
  std::vector<size_t> columns;  // catalog column indices, first asked first
  bool all = false;
  void want(std::optional<size_t> col);
};
AskedColumns columns_asked(const Knowledge& k, const Message& m,
                           const std::set<std::string>& title_words);

}  // namespace interec::rules
