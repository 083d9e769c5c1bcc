#include "storage/dialogue_files.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "storage/delimited_reader.h"
#include "storage/text.h"

namespace interec {
namespace {

using json = nlohmann::json;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// "Cosmos  (2015) " -> "Cosmos (2015)"; ReDial's URL escapes of printable
// ASCII decoded ("What About Bob%3F (1991)" -> "What About Bob? (1991)").
std::string clean_title(std::string_view raw) {
  raw = text::trim(raw);
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '%' && i + 2 < raw.size() && hex_digit(raw[i + 1]) >= 0 && hex_digit(raw[i + 2]) >= 0) {
      const int v = hex_digit(raw[i + 1]) * 16 + hex_digit(raw[i + 2]);
      if (v >= 0x20 && v < 0x7f) {
        c = static_cast<char>(v);
        i += 2;
      }
    }
    if (c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string id_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  throw std::invalid_argument("an id must be a string or an integer");
}

int answer(const json& q, const char* key) {
  const auto it = q.find(key);
  if (it == q.end() || !it->is_number_integer()) return -1;
  const int64_t v = it->get<int64_t>();
  return v >= 0 && v <= 2 ? static_cast<int>(v) : -1;
}

void read_questions(const json& doc, const char* field, bool seeker, Dialogue& d) {
  const auto it = doc.find(field);
  if (it == doc.end() || !it->is_object()) return;  // absent, null or ReDial's empty list
  for (const auto& [id, q] : it->items()) {
    const size_t k = d.mention_index(id);
    if (k == std::string::npos || !q.is_object()) continue;
    Stance& s = seeker ? d.mentions[k].seeker : d.mentions[k].recommender;
    s = Stance{answer(q, "suggested"), answer(q, "seen"), answer(q, "liked")};
  }
}

Dialogue redial_dialogue(const json& doc) {
  if (!doc.is_object()) throw std::invalid_argument("not a JSON object");
  Dialogue d;
  d.id = id_text(doc.at("conversationId"));
  const json seeker = doc.at("initiatorWorkerId");
  const json recommender = doc.at("respondentWorkerId");
  if (const auto it = doc.find("movieMentions"); it != doc.end() && it->is_object())
    for (const auto& [id, title] : it->items())
      d.mentions.push_back({id, title.is_string() ? clean_title(title.get<std::string>()) : std::string(), {}, {}});
  read_questions(doc, "initiatorQuestions", true, d);
  read_questions(doc, "respondentQuestions", false, d);
  const json& messages = doc.at("messages");
  if (!messages.is_array()) throw std::invalid_argument("\"messages\" must be a list");
  for (const json& m : messages) {
    if (!m.is_object()) throw std::invalid_argument("a message must be an object");
    DialogueMessage msg;
    const json& sender = m.at("senderWorkerId");
    if (sender == seeker) msg.speaker = Speaker::seeker;
    else if (sender == recommender) msg.speaker = Speaker::recommender;
    else throw std::invalid_argument("a message's sender is neither the initiator nor the respondent");
    msg.text = text::ensure_utf8(m.at("text").get<std::string>());
    msg.mentions = d.mentions_in(msg.text);
    d.messages.push_back(std::move(msg));
  }
  return d;
}

std::vector<Dialogue> read_redial(const std::string& path) {
  std::vector<Dialogue> out;
  LineReader reader(path);
  std::string line;
  size_t line_no = 0;
  while (reader.next(line, line_no)) {
    if (text::trim(line).empty()) continue;
    try {
      out.push_back(redial_dialogue(json::parse(line)));
    } catch (const std::exception& e) {
      throw DialogueFileError(path + ":" + std::to_string(line_no) + ": not a ReDial dialogue (" + e.what() + ")");
    }
  }
  return out;
}

std::string inspired_text(std::string_view raw) {
  std::string s = text::ensure_utf8(text::trim(raw));
  static const std::string kQuote = "QUOTATION_MARK";
  for (size_t at = s.find(kQuote); at != std::string::npos; at = s.find(kQuote, at + 1)) s.replace(at, kQuote.size(), "\"");
  return s;
}

std::vector<Dialogue> read_inspired(const std::string& path) {
  DelimitedReader reader(path, '\t', false);
  DelimitedRecord rec;
  if (!reader.next(rec)) throw DialogueFileError(path + ": empty file (an INSPIRED tsv starts with a header)");
  std::map<std::string, size_t> col;
  for (size_t k = 0; k < rec.fields.size(); ++k) col[std::string(text::trim(rec.fields[k]))] = k;
  for (const char* need : {"dialog_id", "speaker", "text"})
    if (!col.count(need))
      throw DialogueFileError(path + ":" + std::to_string(rec.line) + ": no column \"" + need +
                              "\" in the header (an INSPIRED tsv needs dialog_id, speaker, text)");
  const size_t c_id = col["dialog_id"], c_speaker = col["speaker"], c_text = col["text"];
  const size_t c_movies = col.count("movies") ? col["movies"] : SIZE_MAX;
  std::vector<Dialogue> out;
  std::unordered_map<std::string, size_t> by_id;
  while (reader.next(rec)) {
    auto bad = [&](const std::string& why) {
      return DialogueFileError(path + ":" + std::to_string(rec.line) + ": " + why);
    };
    if (!rec.error.empty()) throw bad(rec.error);
    const size_t need = std::max({c_id, c_speaker, c_text}) + 1;
    if (rec.fields.size() < need)
      throw bad(std::to_string(rec.fields.size()) + " fields, the header has at least " + std::to_string(need));
    const std::string id(text::trim(rec.fields[c_id]));
    if (id.empty()) throw bad("empty dialog_id");
    const std::string speaker = text::ascii_lower(text::trim(rec.fields[c_speaker]));
    DialogueMessage msg;
    if (speaker == "seeker") msg.speaker = Speaker::seeker;
    else if (speaker == "recommender") msg.speaker = Speaker::recommender;
    else throw bad("speaker \"" + speaker + "\" is neither SEEKER nor RECOMMENDER");
    msg.text = inspired_text(rec.fields[c_text]);
    auto [it, fresh] = by_id.emplace(id, out.size());
    if (fresh) out.push_back(Dialogue{id, {}, {}});
    Dialogue& d = out[it->second];
    if (c_movies < rec.fields.size()) {
      for (std::string_view part : text::split(rec.fields[c_movies], ";")) {
        const std::string title = clean_title(inspired_text(part));
        if (title.empty()) continue;
        size_t k = 0;
        while (k < d.mentions.size() && d.mentions[k].title != title) ++k;
        if (k == d.mentions.size()) d.mentions.push_back({"m" + std::to_string(k), title, {}, {}});
        if (std::find(msg.mentions.begin(), msg.mentions.end(), k) == msg.mentions.end()) msg.mentions.push_back(k);
      }
    }
    d.messages.push_back(std::move(msg));
  }
  return out;
}

json questions_json(const Dialogue& d, bool seeker) {
  json out = json::object();
  for (const auto& m : d.mentions) {
    const Stance& s = seeker ? m.seeker : m.recommender;
    if (s.suggested < 0 && s.seen < 0 && s.liked < 0) continue;
    // ReDial answers every question: an unanswered one is "did not say" (2).
    out[m.id] = {{"suggested", std::max(s.suggested, 0)}, {"seen", s.seen < 0 ? 2 : s.seen},
                 {"liked", s.liked < 0 ? 2 : s.liked}};
  }
  return out;
}

}  // namespace

DialogueFormat dialogue_format(const std::string& name) {
  if (name == "redial") return DialogueFormat::redial;
  if (name == "inspired") return DialogueFormat::inspired;
  throw std::invalid_argument("unknown dialogue format '" + name + "' (redial, inspired)");
}

std::vector<Dialogue> read_dialogues(const std::string& path, DialogueFormat format) {
  return format == DialogueFormat::redial ? read_redial(path) : read_inspired(path);
}

std::string redial_line(const Dialogue& d, int64_t seeker_worker, int64_t recommender_worker) {
  json mentions = json::object();
  for (const auto& m : d.mentions) mentions[m.id] = m.title.empty() ? json(nullptr) : json(m.title);
  json messages = json::array();
  for (size_t k = 0; k < d.messages.size(); ++k) {
    const auto& m = d.messages[k];
    messages.push_back({{"timeOffset", k},
                        {"text", m.text},
                        {"senderWorkerId", m.speaker == Speaker::seeker ? seeker_worker : recommender_worker},
                        {"messageId", k + 1}});
  }
  const json doc = {{"movieMentions", mentions},
                    {"respondentQuestions", questions_json(d, false)},
                    {"messages", messages},
                    {"conversationId", d.id},
                    {"respondentWorkerId", recommender_worker},
                    {"initiatorWorkerId", seeker_worker},
                    {"initiatorQuestions", questions_json(d, true)}};
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace interec
