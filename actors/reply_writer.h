// Writes the reply text of a turn from what the tools produced, without a
// language model (the template reply style).
#pragma once

#include <string>
#include <vector>

#include "brain/brain.h"
#include "actors/messages.h"
#include "storage/catalog.h"

namespace interec {

/// The reply for an executed plan: lookup answers, the picked items (one per
/// line, numbered), what reflection relaxed, or why nothing was found; when
/// a step failed, the answers before it and what failed (failure_reply).
/// `strict` = how many of the picked items (the first ones) matched every
/// condition before anything was relaxed.
std::string write_reply(const BrainPlan& plan, const ExecResult& result, const Catalog& catalog,
                        const std::vector<std::string>& relaxed, size_t strict = 0);

/// What the user reads when a turn could not be finished: what failed, and why.
std::string failure_reply(const Error& error);

}  // namespace interec
