// The words of a text as the text models match them: normalised (lower
// case, accents folded), filler words ("a", "movie", "please") dropped, and
// lightly stemmed so that "comedies" meets "comedy".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace interec {

/// The meaningful words of `text`, in order, with repeats.
std::vector<std::string> text_words(std::string_view text);

}  // namespace interec
