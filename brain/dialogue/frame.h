// The frame (the current request) and how a message changes it.
//
// Decisions (docs/conversation.md, "The frame"): a message's conditions
// join the frame -- a refinement keeps what was asked before. A wanted
// value of a single-valued column replaces that column's wanted values, a
// value of a multi-valued column is added to them ("a comedy" then "with
// some romance": both), unless the message says "instead" (then it
// replaces them); an excluded value removes the same wanted value and vice
// versa; ranges on a numeric column are kept as they were said ("the 90s"
// and "nothing before 1995" apart) and the plan asks for their
// intersection; a new range drops the earlier ones it does not overlap
// ("the 80s" after "the 90s"; "older" after "nothing before 1995" drops
// that bound and keeps the decade) and keeps the others ("older" after
// "from the 90s" stays in the 90s); seeds accumulate (the latest
// kMaxSeeds). A topic switch starts an empty frame. The frame becomes the
// plan through the rules brain's own plan builder (plan_builder.h,
// conditions.h), so that there is one way from conditions to a plan.
#pragma once

#include <string>
#include <vector>

#include "brain/dialogue/dialogue_state.h"
#include "brain/rules/conditions.h"
#include "brain/rules/knowledge.h"
#include "brain/rules/parse.h"

namespace interec::dialogue {

/// The conditions a parsed message states, as constraints of `turn`.
std::vector<Constraint> constraints_of(const rules::Knowledge& k, const rules::Parse& p, int turn);

/// Adds `stated` to `frame` by the rules above; `instead`: a wanted value
/// replaces the wanted values of its column.
void refine(const rules::Knowledge& k, Frame& frame, const std::vector<Constraint>& stated,
            bool instead);

/// Adds seed items (ids), keeping the latest kMaxSeeds.
void add_seeds(Frame& frame, const std::vector<std::string>& ids);

/// Drops the frame's conditions on the catalog columns `columns` (indices in
/// Catalog::columns()) and the wanted values `values` ((categorical, value)).
/// Returns the labels of what it dropped, for the reply.
std::vector<std::string> lift(const rules::Knowledge& k, Frame& frame,
                              const std::vector<size_t>& columns,
                              const std::vector<std::pair<size_t, std::string>>& values);

/// "a different brand": the frame's wanted values of catalog column
/// `column` (indices in Catalog::columns()) are dropped and excluded; when
/// it wants none, `fallback` (the values of the items the message is
/// about) is excluded. Returns the values now excluded (none: the column is
/// not a categorical one, or nothing was current).
std::vector<std::string> exclude_current(const rules::Knowledge& k, Frame& frame, size_t column,
                                         const std::vector<std::string>& fallback, int turn);

/// The frame as the plan builder reads it: its seeds, its count, and its
/// conditions with each condition's `mention` = the index of its constraint
/// in frame.constraints (so a condition can be traced to the turn that
/// stated it). Constraints on columns the catalog does not have are skipped.
rules::Parse to_parse(const rules::Knowledge& k, const Frame& frame);

/// The frame's conditions in plan order, without the relaxed ones, with the
/// conditions stated in turn `turn` raised above every earlier one (+3), so
/// that relaxing drops what was said before first and what was said just
/// now last.
std::vector<rules::Cond> frame_conditions(const rules::Knowledge& k, const Frame& frame,
                                          const rules::Parse& as_parse,
                                          const std::vector<std::string>& relax, int turn);

/// A label for a constraint, as the plan would label it ("genres: Comedy").
std::string label_of(const rules::Knowledge& k, const Constraint& c);

}  // namespace interec::dialogue
