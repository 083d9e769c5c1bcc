// How people type to a chat: mostly lower case, often no final full stop, a
// typo now and then. Applied to the paraphrasing user's finished message;
// spans marked as kept (titles) get no typo.
#pragma once

#include <random>
#include <string>

namespace interec {

struct CasualStyle {
  /// Share of messages typed all in lower case (titles included).
  double lowercase = 0.6;
  /// Share of the others whose first letter is not capitalised either.
  double no_capital = 0.3;
  /// Share of messages whose final full stop is left out.
  double drop_period = 0.6;
  /// Chance that a word of five letters or more gets one typo (two letters
  /// swapped, one dropped or one doubled).
  double typo_per_word = 0.02;
};

/// `s` marked as kept: no typo inside it.
std::string keep_as_typed(const std::string& s);

/// The message as the person types it; the kept marks are removed.
std::string type_casually(const std::string& marked, const CasualStyle& style, std::mt19937_64& rng);

}  // namespace interec
