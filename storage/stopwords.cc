#include <string_view>
#include <unordered_set>

#include "storage/text_pipeline.h"

namespace interec::text {

// One list for every reader of text: the union of the lists the title
// index, the rules brain and the text model used to keep apart. Function
// words, request words, the words for items themselves, and the numbers one
// to ten (a count, not a name: "give me 3").
bool is_stopword(std::string_view norm) {
  static const std::unordered_set<std::string_view> kStop = {
      "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "anything",
      "are", "as", "at", "be", "because", "been", "before", "being", "best", "better", "between",
      "big", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "done", "dont",
      "down", "during", "each", "else", "even", "ever", "every", "famous", "few", "film", "films",
      "find", "fine", "for", "from", "get", "give", "go", "good", "got", "great", "had", "has",
      "have", "he", "her", "here", "high", "him", "his", "how", "i", "id", "if", "im", "in",
      "into", "is", "it", "item", "items", "its", "ive", "just", "kind", "last", "least", "less",
      "like", "liked", "list", "little", "lot", "lots", "love", "low", "many", "may", "maybe",
      "me", "might", "mine", "more", "most", "movie", "movies", "much", "must", "my", "need",
      "new", "nice", "no", "nor", "not", "nothing", "now", "of", "off", "ok", "okay", "old", "on",
      "once", "one", "ones", "only", "or", "other", "others", "our", "out", "over", "please",
      "popular", "pretty", "quite", "rather", "really", "recent", "recommend", "s", "same", "see",
      "seen", "set", "shall", "she", "should", "show", "shows", "so", "some", "something", "sort",
      "still", "such", "suggest", "t", "than", "thank", "thanks", "that", "the", "their", "them",
      "then", "there", "these", "they", "thing", "things", "this", "those", "through", "to",
      "too", "top", "type", "under", "until", "up", "us", "very", "want", "was", "watch", "way",
      "we", "well", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
      "will", "with", "without", "would", "yes", "yet", "you", "your", "youre", "1", "2", "3",
      "4", "5", "6", "7", "8", "9", "10",
  };
  return kStop.count(norm) > 0;
}

}  // namespace interec::text
