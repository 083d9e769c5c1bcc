// The dialogue around a message: refinements and earlier requests.
//
// Decisions: a refinement ("not those, it also has ...", "... as well",
// "none of these") adds to the conditions of the request it refines: its
// text is parsed together with the earlier user messages back to the last
// one that was not itself a refinement. "more" / "something else" with
// nothing else usable re-plans the previous user request (the map tool
// skips the items already shown).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace interec::rules {

/// The text of a "user: ..." dialogue line, or "" for other lines.
std::string user_line(const std::string& line);

/// True when a message refines the previous request rather than starting a
/// new one: "also", "additionally", "as well", a sentence-final "too", or an
/// opening rejection of what was shown ("not those", "none of these").
bool is_refinement(const std::string& text);

/// The text to parse for the user line at dialogue position `upto` (or the
/// current message when upto == dialogue.size()): a refinement is preceded
/// by the earlier user lines it refines, back to the last non-refinement
/// (at most 15), each ended with a full stop.
std::string with_refined(const std::string& text, const std::vector<std::string>& dialogue,
                         size_t upto);

}  // namespace interec::rules
