// A plan: the tool steps a brain asks for, run in order over one bus.
// A step is typed: one struct per tool, so nothing inside a turn reads JSON.
// Their JSON form (ARCHITECTURE.md; what a language model writes, what
// --json and the protocol show, the golden files) is read and written in one
// place only: tools/plan_json.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "storage/predicate.h"

namespace interec {

/// The length of a list when the user gave none (the map step's n).
inline constexpr size_t kDefaultListLength = 5;
/// The longest list one map step picks.
inline constexpr size_t kMaxListLength = 100;

/// lookup: answers a question with read-only SQL over the whole catalog.
struct LookupStep {
  std::string sql;
};

/// candidate_store: the best title match of each name becomes the bus, in
/// the order given.
struct CandidateStoreStep {
  std::vector<std::string> items;
};

/// One condition of a hard filter, as the brain understood it.
struct Condition {
  /// Names the condition: reflection relaxes a condition by its id. Derived
  /// from the SQL (condition_id), so the same condition has the same id in
  /// every plan of a turn, re-planned or not.
  std::string id;
  /// What the user reads ("year 1995–1999").
  std::string label;
  /// 3 = an exclusion the user stated, 2 = a wanted value, 1 = a range
  /// (docs/architecture.md, "hard_filter conditions").
  int priority = 0;
  /// Its own WHERE part; "" when the condition is only a label.
  std::string sql;
  /// The same selection as `sql`, for the catalog index, when the brain knows
  /// it. Not sent to tool nodes (they run `sql`, which selects the same).
  std::optional<Predicate> predicate;
};

/// hard_filter: keeps the bus items `sql` selects. When `sql` is exactly
/// conjunction_sql(conditions), each condition may run on its own.
struct HardFilterStep {
  std::string sql;
  std::vector<Condition> conditions;
};

/// soft_filter: scores the bus by similarity to the named items and/or by
/// the words of `text`.
struct SoftFilterStep {
  std::vector<std::string> similar_to;
  std::string text;
};

enum class RankSchema : uint8_t { preference, similarity, popularity };

/// A soft preference for rank ("something uplifting" -> tags: feel-good):
/// items whose `column` holds `value` rank higher (weight > 0) or lower
/// (weight < 0); no item leaves the list for it (docs/understanding.md,
/// "Mood and vague words").
struct SoftValue {
  std::string column;  // the catalog column's name
  std::string value;   // the catalog's spelling
  float weight = 0;    // -1..1
};

/// rank: orders the bus; `unwanted` items leave it; `soft` moves items up
/// or down (RankTool::kSoftShare).
struct RankStep {
  RankSchema schema = RankSchema::preference;
  std::vector<std::string> prefer;
  std::vector<std::string> unwanted;
  std::vector<SoftValue> soft;
};

/// map: the top `n` of the bus, skipping (with `exclude_seen`) what the user
/// has seen, disliked or was shown.
struct MapStep {
  size_t n = kDefaultListLength;
  bool exclude_seen = true;
};

using Step = std::variant<LookupStep, CandidateStoreStep, HardFilterStep, SoftFilterStep, RankStep, MapStep>;

/// The tools, in the order of Step's alternatives.
enum class ToolKind : uint8_t { lookup, candidate_store, hard_filter, soft_filter, rank, map };
inline constexpr ToolKind kAllTools[] = {ToolKind::lookup,      ToolKind::candidate_store, ToolKind::hard_filter,
                                         ToolKind::soft_filter, ToolKind::rank,            ToolKind::map};

inline ToolKind kind_of(const Step& step) { return static_cast<ToolKind>(step.index()); }

/// The tool's name as plans and messages write it ("hard_filter"); defined
/// with the JSON form (plan_json.cc).
const char* tool_name(ToolKind kind);
inline const char* tool_name(const Step& step) { return tool_name(kind_of(step)); }

struct Plan {
  std::vector<Step> steps;
  /// A direct answer without tools (plan has no steps then).
  std::optional<std::string> answer;
};

struct PlanError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// "SELECT item_id FROM items WHERE c1 AND c2 ..." of the conditions' SQL.
std::string conjunction_sql(const std::vector<Condition>& conditions);

/// The id of a condition with this SQL (or, without SQL, this label): "c"
/// and eight hex digits of a hash.
std::string condition_id(const std::string& sql, const std::string& label);

/// The condition `id` of the plan's hard filters; null when none has it.
const Condition* find_condition(const Plan& plan, const std::string& id);


// ---------------------------------------------------------------------------
// Where CAF messages carry steps (ToolCall to a tool node), they carry them
// typed: a step is its alternative's index, then that alternative's fields.
// Header-only and CAF-free, like tools/inspect_std.h.

std::string to_string(RankSchema schema);

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, LookupStep& x) {
  return f(x.sql);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, CandidateStoreStep& x) {
  return f(x.items);
}
/// The predicate stays in the process that planned (see Condition).
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Condition& x) {
  return f(x.id, x.label, x.priority, x.sql);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, HardFilterStep& x) {
  return f(x.sql, x.conditions);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, SoftFilterStep& x) {
  return f(x.similar_to, x.text);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, SoftValue& x) {
  return f(x.column, x.value, x.weight);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, RankStep& x) {
  return f(x.schema, x.prefer, x.unwanted, x.soft);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, MapStep& x) {
  return f(x.n, x.exclude_seen);
}

namespace plan_detail {

template <size_t I = 0>
void emplace(Step& step, size_t index) {
  if constexpr (I < std::variant_size_v<Step>) {
    if (index == I) step.emplace<I>();
    else emplace<I + 1>(step, index);
  }
}

// The alternative's fields, inspected after its index (read first when
// loading, so the right alternative is in place).
struct StepFields {
  uint8_t& index;
  Step& step;
  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, StepFields& x) {
    if constexpr (Inspector::writes_state)
      if (x.index != x.step.index()) emplace(x.step, x.index);
    return std::visit([&f](auto& s) { return f(s); }, x.step);
  }
};

}  // namespace plan_detail

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Step& x) {
  uint8_t index = static_cast<uint8_t>(x.index());
  plan_detail::StepFields fields{index, x};
  return f(index, fields);
}

}  // namespace interec
