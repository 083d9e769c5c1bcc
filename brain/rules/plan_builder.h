// Plan building: what the parsing passes found becomes the rules brain's
// plan -- one hard_filter step holding every condition (conditions.h), then
// soft_filter + rank by similarity for seeds, or rank by preference (or
// popularity), then map -- with what the brain understood and what the
// message taught about the user's tastes. Also the brain's plain answers
// (help, "noted").
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "brain/brain.h"
#include "brain/rules/conditions.h"
#include "brain/rules/knowledge.h"
#include "brain/rules/parse.h"

namespace interec::rules {

/// The plan for a parsed request; `default_n` items when the message gives
/// no count (1 to 50 either way).
BrainPlan build(const Knowledge& k, const Parse& p, const BrainRequest& request, size_t default_n);

/// The same with the hard_filter conditions given (in plan order), e.g. a
/// frame's conditions with the ones stated this turn raised
/// (brain/dialogue/frame.h). Learns nothing: out.learned stays empty.
BrainPlan build(const Knowledge& k, const Parse& p, const std::vector<Cond>& conds,
                size_t default_n);

/// Copies what `p` says about lasting tastes into out.learned.
void fill_learned(const Knowledge& k, const Parse& p, BrainPlan& out);

/// A plan that only answers `text`.
BrainPlan answer(const std::string& text);

/// What the brain can do, with examples from this catalog.
std::string help_text(const Knowledge& k);

}  // namespace interec::rules
