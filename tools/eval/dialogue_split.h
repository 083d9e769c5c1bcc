// The fixed split of a dialogue corpus into a tuning part ("dev", ~80%) and
// a held-out validation part (~20%), by a hash of the conversation id, so it
// is the same in every run, on every machine, whatever files are pooled and
// in whatever order. Models learned from dialogues for an evaluation are
// trained on the dev part only; weights are chosen on a calibration part
// inside dev (another ~20%, independent of the first cut).
#pragma once

#include <cstdint>
#include <string>

namespace interec {

enum class DialoguePart { dev, validation };

/// "dev" or "validation".
const char* to_string(DialoguePart part);

/// FNV-1a 64 of "interec-dialogue:" + id.
uint64_t dialogue_hash(const std::string& conversation_id);

/// validation when dialogue_hash(id) % 5 == 0, else dev.
DialoguePart dialogue_part(const std::string& conversation_id);

/// Inside dev: the part a model's weights are chosen on ((hash / 5) % 5 == 0).
bool in_calibration_part(const std::string& conversation_id);

/// Which dialogues a command reads: --split dev|validation|all.
enum class SplitChoice { dev, validation, all };
/// "dev", "validation" or "all"; throws std::invalid_argument otherwise.
SplitChoice split_choice(const std::string& name);
bool selected(SplitChoice choice, const std::string& conversation_id);

}  // namespace interec
