// The rules brain's tokens: the tokens of the one text pipeline
// (storage/text_pipeline.h), each with its stem, so that the brain compares
// a user's words with catalog values and column names by stem ("comedies"
// meets "Comedy", "rated" meets "avg_rating").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/text_pipeline.h"

namespace interec {

/// One token of a user message (or of a catalog value) and its stem.
struct Token : text::Token {
  std::string stem;  // text::stem(norm) for words; norm otherwise
};

/// The tokens of `text` (text::tokenize) with their stems.
std::vector<Token> tokenize_text(std::string_view text);

}  // namespace interec
