// The rules brain: message -> tokens -> a lookup (lookup.h), or the parsing
// passes (passes.h) -> plan (plan_builder.h).
// Decisions are written where they are made: conditions.h (priorities and
// their order), values.h (lists of values), numbers.h (ranges), dialogue.h
// (refinements and "more"), lookup.h (questions about items).
#include "brain/rules/rules_brain.h"

#include <algorithm>

#include "brain/dialogue/manager.h"
#include "brain/rules/dialogue.h"
#include "brain/rules/knowledge.h"
#include "brain/rules/lookup.h"
#include "brain/rules/message.h"
#include "brain/rules/passes.h"
#include "brain/rules/plan_builder.h"
#include "brain/rules/understanding.h"
#include "tools/toolbox.h"

namespace interec {

namespace {

// Very long messages: only the first tokens are read.
constexpr size_t kMaxTokens = 400;

std::string titles_of(const Catalog& catalog, const std::vector<ItemIndex>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) (out += i ? ", " : "") += catalog.title(items[i]);
  return out;
}

}  // namespace

struct RulesBrain::Impl {
  rules::Knowledge knowledge;
  RulesBrainOptions options;

  Impl(std::shared_ptr<const Catalog> c, std::shared_ptr<const TitleIndex> t,
       std::shared_ptr<const ItemNames> names, RulesBrainOptions o,
       std::shared_ptr<const StanceModel> stance = nullptr, std::shared_ptr<const ColumnFacts> facts = nullptr)
      : knowledge(std::move(c), std::move(t), o.synonyms_path, std::move(names), nullptr, o.moods_path,
                  std::move(stance), std::move(facts)),
        options(std::move(o)) {}

  BrainPlan plan(const BrainRequest& request) const;
  BrainPlan converse(const BrainRequest& request) const;
  BrainPlan plan_text(const std::string& text, const BrainRequest& request, int depth) const;
  std::optional<BrainPlan> previous_request(const rules::Parse& p, const BrainRequest& request) const;
  BrainPlan noted(const rules::Parse& p) const;
};

// "more", "something else": the previous request again (the map tool skips
// what was shown), looking back past earlier "more" turns; with the count
// this message gives, if any.
std::optional<BrainPlan> RulesBrain::Impl::previous_request(const rules::Parse& p,
                                                            const BrainRequest& request) const {
  for (size_t k = request.dialogue.size(); k > 0; --k) {
    const std::string prev = rules::user_line(request.dialogue[k - 1]);
    if (prev.empty()) continue;
    BrainPlan again = plan_text(rules::with_refined(prev, request.dialogue, k - 1), request, 1);
    again.learned = ProfileUpdate{};  // an earlier turn's tastes are known already
    auto* map = again.plan.steps.empty() ? nullptr : std::get_if<MapStep>(&again.plan.steps.back());
    if (!map) continue;
    if (p.n) {
      again.wanted = std::clamp<size_t>(*p.n, 1, 50);
      map->n = again.wanted;
    }
    return again;
  }
  return std::nullopt;
}

// "I've seen Heat", "I hated Titanic" and nothing else: noted, no plan.
BrainPlan RulesBrain::Impl::noted(const rules::Parse& p) const {
  const Catalog& catalog = *knowledge.catalog;
  std::string note = "Noted:";
  if (!p.consumed_items.empty()) note += " you have seen " + titles_of(catalog, p.consumed_items) + ".";
  if (!p.disliked_items.empty()) note += " you did not like " + titles_of(catalog, p.disliked_items) + ".";
  BrainPlan out = rules::answer(note + " I will not recommend it again.");
  rules::fill_learned(knowledge, p, out);
  return out;
}

BrainPlan RulesBrain::Impl::plan_text(const std::string& text, const BrainRequest& request,
                                      int depth) const {
  const std::string clipped =
      text.size() > options.max_text_bytes ? text.substr(0, options.max_text_bytes) : text;
  std::vector<Token> tokens = tokenize_text(clipped);
  if (tokens.size() > kMaxTokens) tokens.resize(kMaxTokens);
  rules::Message m(clipped, std::move(tokens));
  if (auto l = rules::lookup(knowledge, m)) return *l;
  const rules::Parse p = rules::parse(knowledge, m);
  if (!p.has_content()) {
    if (p.more_cue && depth > 0) return BrainPlan{};  // another "more": look further back
    if (p.more_cue && depth == 0)
      if (auto again = previous_request(p, request)) return *again;
    if (!p.rec_cue && !p.n) {
      if ((!p.consumed_items.empty() || !p.disliked_items.empty()) && depth == 0) return noted(p);
      return rules::answer(rules::help_text(knowledge));
    }
  }
  return rules::build(knowledge, p, request, request.items ? request.items : options.default_n);
}

// With a dialogue state the dialogue manager decides (brain/dialogue/).
BrainPlan RulesBrain::Impl::converse(const BrainRequest& request) const {
  const std::string& text = request.text;
  const std::string clipped =
      text.size() > options.max_text_bytes ? text.substr(0, options.max_text_bytes) : text;
  std::vector<Token> tokens = tokenize_text(clipped);
  if (tokens.size() > kMaxTokens) tokens.resize(kMaxTokens);
  rules::Message m(clipped, std::move(tokens));
  const rules::Parse p = rules::parse(knowledge, m, dialogue::context_of(knowledge, *request.state));
  return dialogue::respond(knowledge, request, m, p, request.items ? request.items : options.default_n);
}

BrainPlan RulesBrain::Impl::plan(const BrainRequest& request) const {
  try {
    if (request.state) return converse(request);
    const std::string merged =
        rules::with_refined(request.text, request.dialogue, request.dialogue.size());
    if (merged == request.text) return plan_text(request.text, request, 0);
    BrainPlan out = plan_text(merged, request, 0);
    out.learned = plan_text(request.text, request, 0).learned;
    return out;
  } catch (const std::exception& e) {
    return rules::answer(std::string("Sorry, I could not work out a plan for that (") + e.what() +
                         "). " + rules::help_text(knowledge));
  } catch (...) {
    return rules::answer("Sorry, I could not work out a plan for that. " + rules::help_text(knowledge));
  }
}

// ---------------------------------------------------------------------------

RulesBrain::RulesBrain(std::shared_ptr<const Catalog> catalog,
                       std::shared_ptr<const TitleIndex> titles, RulesBrainOptions options)
    : impl_(std::make_unique<const Impl>(std::move(catalog), std::move(titles), nullptr, std::move(options))) {}

RulesBrain::RulesBrain(std::shared_ptr<const Toolbox> toolbox, RulesBrainOptions options)
    : toolbox_(std::move(toolbox)),
      impl_(std::make_unique<const Impl>(toolbox_->dataset->catalog, toolbox_->titles, toolbox_->names,
                                         std::move(options), toolbox_->stance, toolbox_->column_facts)) {}

RulesBrain::~RulesBrain() = default;

BrainPlan RulesBrain::plan(const BrainRequest& request) { return plan_const(request); }

BrainPlan RulesBrain::plan_const(const BrainRequest& request) const {
  try {
    return impl_->plan(request);
  } catch (...) {
    BrainPlan out;
    out.plan.answer = "Sorry, I could not work out a plan for that.";
    out.wanted = 0;
    return out;
  }
}

const Vocabulary& RulesBrain::vocabulary() const { return impl_->knowledge.vocab; }

nlohmann::json RulesBrain::understand(const std::string& text) const {
  const Impl& im = *impl_;
  const std::string clipped =
      text.size() > im.options.max_text_bytes ? text.substr(0, im.options.max_text_bytes) : text;
  std::vector<Token> tokens = tokenize_text(clipped);
  if (tokens.size() > kMaxTokens) tokens.resize(kMaxTokens);
  rules::Message m(clipped, std::move(tokens));
  try {
    const rules::Parse p = rules::parse(im.knowledge, m);
    return rules::understanding_json(im.knowledge, m, p);
  } catch (const std::exception& e) {
    return nlohmann::json{{"error", e.what()}};
  }
}

std::unique_ptr<Brain> make_rules_brain(std::shared_ptr<const Toolbox> toolbox,
                                        RulesBrainOptions options) {
  return std::make_unique<RulesBrain>(std::move(toolbox), std::move(options));
}

}  // namespace interec
