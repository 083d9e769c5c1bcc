// The embedded `rules` brain: a deterministic parser from a user's message
// to a plan, with its vocabulary learned from the catalog (vocabulary.h),
// its English in lexicon.h and its parsing passes in passes.h.
// It needs no network. plan() is const in effect: a RulesBrain holds only
// read-only state built at construction, so one instance may serve many
// sessions, one call at a time or concurrently.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "brain/brain.h"
#include "brain/rules/vocabulary.h"
#include "storage/catalog.h"
#include "storage/title_index.h"

namespace interec {

struct Toolbox;

struct RulesBrainOptions {
  /// The synonym word list; "" = the one in resources/ next to the binary
  /// (config/resources.h). A file that cannot be read is a ResourceError.
  std::string synonyms_path;
  /// The mood word list (brain/rules/moods.h); "" = resources/moods.tsv.
  std::string moods_path;
  /// Default number of items when the user gives none.
  size_t default_n = kDefaultListLength;
  /// Messages longer than this (bytes) are cut before parsing.
  size_t max_text_bytes = 4000;
};

class RulesBrain : public Brain {
 public:
  RulesBrain(std::shared_ptr<const Catalog> catalog, std::shared_ptr<const TitleIndex> titles,
             RulesBrainOptions options = {});
  explicit RulesBrain(std::shared_ptr<const Toolbox> toolbox, RulesBrainOptions options = {});
  ~RulesBrain() override;

  const char* name() const override { return "rules"; }
  /// Never throws.
  BrainPlan plan(const BrainRequest& request) override;
  /// The same, callable on a const brain.
  BrainPlan plan_const(const BrainRequest& request) const;

  const Vocabulary& vocabulary() const;

  /// What the parsing passes understood of `text` on its own (no dialogue,
  /// no lookup), as rules/understanding.h writes it. Never throws for any
  /// text.
  nlohmann::json understand(const std::string& text) const;

 private:
  struct Impl;
  std::shared_ptr<const Toolbox> toolbox_;  // kept alive when built from one
  std::unique_ptr<const Impl> impl_;
};

std::unique_ptr<Brain> make_rules_brain(std::shared_ptr<const Toolbox> toolbox,
                                        RulesBrainOptions options = {});

}  // namespace interec
