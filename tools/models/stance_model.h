// A learned classifier of a user's stance toward an item they name, from the
// words around the name: "I loved X" liked, "X was so boring" disliked,
// "I've seen X" seen, "have you seen X?" neutral. Issue 15: where the rules
// brain's stance words (brain/rules/title_stance.h) find no stance, this
// model is asked beside them.
//
// Trained (`interec train --model stance --dialogs FILE...`) on ReDial's
// questionnaire: every movie a seeker's message names has the seeker's
// answers (seen, liked); the label of a mention is
//   disliked  liked = 0
//   liked     liked = 1 and seen = 1 (seen and liked: a taste)
//   seen      seen = 1, liked not said
//   neutral   everything else (not seen yet, or nothing said: "have you
//             seen X?", "I heard X is good")
// The model is multinomial logistic regression over hashed features of the
// message's tokens (storage/text_pipeline.h normal forms): the words and
// word pairs within kWindow tokens left and right of the name (each side
// apart), the words of the whole message, and whether the message is a
// question. The item itself is one placeholder token, other named items
// another, so no title's words are learned. Plain C++, deterministic
// (fixed seed, one thread): the same dialogues give the same file.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace interec {

struct Dialogue;

enum class StanceClass : uint8_t { neutral, liked, disliked, seen };
inline constexpr size_t kStanceClasses = 4;
const char* to_string(StanceClass c);

/// The label of a seeker's questionnaire answers (above); -1 answers = neutral.
StanceClass stance_label(int seen, int liked);

/// One mention of an item in a message: the message's normal-form tokens,
/// with the mention replaced by kItemToken and other named items by
/// kOtherToken.
struct StanceExample {
  std::vector<std::string> tokens;
  size_t at = 0;  // the index of kItemToken
  StanceClass label = StanceClass::neutral;
};

inline constexpr const char* kItemToken = "__item__";
inline constexpr const char* kOtherToken = "__other__";

/// The seeker's mentions of `d` as examples: each seeker message that names
/// a movie, one example per movie it names, labelled from the seeker's
/// answers (DialogueMention::stance()); mentions without answers are left out.
std::vector<StanceExample> stance_examples(const Dialogue& d);

/// The normal-form tokens of `text` with the text's "@ID" mention `id` as
/// kItemToken and other "@ID"s as kOtherToken; `at` gets the item's index
/// (npos when `text` does not name it).
std::vector<std::string> stance_tokens(const std::string& text, const std::string& id, size_t& at);

struct StanceOptions {
  size_t epochs = 8;
  double learning_rate = 0.2;
  double l2 = 1e-6;
  uint32_t seed = 42;
};

struct StanceScores {
  std::array<float, kStanceClasses> p{};  // probabilities, by StanceClass
  StanceClass best() const;
  float confidence() const { return p[static_cast<size_t>(best())]; }
};

class StanceModel {
 public:
  static constexpr size_t kWindow = 6;
  static constexpr uint32_t kBuckets = 1u << 18;

  static StanceModel train(const std::vector<StanceExample>& examples, const StanceOptions& options = {});

  /// The class probabilities for the item at token `at` of `tokens`
  /// (normal forms; the item's span already replaced by kItemToken).
  StanceScores classify(const std::vector<std::string>& tokens, size_t at) const;

  /// Writes / reads models/stance.bin (model_file.h header, kind "stance";
  /// not tied to a catalog: fingerprint 0). A missing or damaged file is a
  /// ModelError naming it.
  void save(const std::string& path) const;
  static StanceModel load(const std::string& path);

  size_t examples() const { return examples_; }

 private:
  void features(const std::vector<std::string>& tokens, size_t at, std::vector<uint32_t>& out) const;
  std::vector<float> weights_;  // kBuckets x kStanceClasses
  std::array<float, kStanceClasses> bias_{};
  size_t examples_ = 0;
};

}  // namespace interec
