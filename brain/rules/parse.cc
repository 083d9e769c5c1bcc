#include "brain/rules/parse.h"

namespace interec::rules {

const char* to_string(Act act) {
  switch (act) {
    case Act::greeting: return "greeting";
    case Act::thanks: return "thanks";
    case Act::goodbye: return "goodbye";
    case Act::capability: return "capability";
    case Act::request: return "request";
    case Act::refine: return "refine";
    case Act::more: return "more";
    case Act::feedback: return "feedback";
    case Act::item_question: return "item_question";
    case Act::why: return "why";
    case Act::smalltalk: return "smalltalk";
    case Act::answer_to_question: return "answer_to_question";
    case Act::unknown: return "unknown";
  }
  return "unknown";
}

const char* to_string(Reaction reaction) {
  switch (reaction) {
    case Reaction::none: return "none";
    case Reaction::liked: return "liked";
    case Reaction::disliked: return "disliked";
    case Reaction::seen: return "seen";
    case Reaction::rejected: return "rejected";
    case Reaction::more_like: return "more_like";
  }
  return "none";
}

const char* to_string(Direction direction) {
  switch (direction) {
    case Direction::older: return "older";
    case Direction::newer: return "newer";
    case Direction::cheaper: return "cheaper";
    case Direction::pricier: return "pricier";
    case Direction::lighter: return "lighter";
    case Direction::darker: return "darker";
    case Direction::better_rated: return "better_rated";
    case Direction::more_popular: return "more_popular";
    case Direction::less_popular: return "less_popular";
  }
  return "newer";
}

}  // namespace interec::rules
