#include "brain/rules/passes.h"

#include "brain/rules/acts.h"
#include "brain/rules/counts.h"
#include "brain/rules/cues.h"
#include "brain/rules/moods.h"
#include "brain/rules/numbers.h"
#include "brain/rules/titles.h"
#include "brain/rules/values.h"

namespace interec::rules {

Parse parse(const Knowledge& k, Message& m, const ParseContext& ctx) {
  Parse p;
  m.claims.start(Pass::references);
  find_references(k, m, p);
  m.claims.start(Pass::seeds);
  find_seeds(k, m, p);
  m.claims.start(Pass::numbers);
  find_numbers(k, m, p);
  m.claims.start(Pass::cues);
  find_cues(k, m, p);
  m.claims.start(Pass::values);
  find_values(k, m, p);
  m.claims.start(Pass::moods);
  find_moods(k, m, p);
  m.claims.start(Pass::count);
  find_count(m, p);
  m.claims.start(Pass::acts);
  find_acts(k, m, p, ctx);
  return p;
}

}  // namespace interec::rules
