#include "storage/profile.h"

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace interec {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

void add(std::vector<std::string>& v, const std::string& x) {
  if (!x.empty() && !contains(v, x)) v.push_back(x);
}

void remove(std::vector<std::string>& v, const std::string& x) {
  v.erase(std::remove(v.begin(), v.end(), x), v.end());
}

std::vector<std::string> string_list(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return out;
  if (!it->is_array()) throw std::runtime_error(std::string("profile field '") + key + "' is not a list");
  for (const auto& v : *it) {
    if (!v.is_string())
      throw std::runtime_error(std::string("profile field '") + key + "' holds a non-string");
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

bool Profile::empty() const {
  return liked.empty() && disliked.empty() && wanted.empty() && liked_values.empty() &&
         disliked_values.empty() && history.empty() && summary.empty();
}

bool ProfileUpdate::empty() const {
  return like.empty() && dislike.empty() && want.empty() && like_values.empty() &&
         dislike_values.empty() && consumed.empty() && forget.empty() && summary.empty() &&
         dialogue.empty() && conversation.empty() && !forget_conversation;
}

ProfileUpdate feedback_update(Feedback kind, const std::string& item_id, const std::string& title) {
  ProfileUpdate u;
  switch (kind) {
    case Feedback::liked:
      u.like = {item_id};
      u.dialogue = {"user: I liked " + title};
      break;
    case Feedback::disliked:
      u.dislike = {item_id};
      u.dialogue = {"user: " + title + " is not for me"};
      break;
    case Feedback::seen:
      u.consumed = {item_id};
      u.dialogue = {"user: I've seen " + title};
      break;
  }
  return u;
}

void apply_update(Profile& p, const ProfileUpdate& u, int64_t now_ms) {
  for (const auto& x : u.forget) {
    for (auto* list : {&p.liked, &p.disliked, &p.wanted, &p.liked_values, &p.disliked_values,
                       &p.history})
      remove(*list, x);
  }
  for (const auto& x : u.like) {
    remove(p.disliked, x);
    add(p.liked, x);
  }
  for (const auto& x : u.dislike) {
    remove(p.liked, x);
    remove(p.wanted, x);
    add(p.disliked, x);
  }
  for (const auto& x : u.want) add(p.wanted, x);
  for (const auto& x : u.like_values) {
    remove(p.disliked_values, x);
    add(p.liked_values, x);
  }
  for (const auto& x : u.dislike_values) {
    remove(p.liked_values, x);
    add(p.disliked_values, x);
  }
  for (const auto& x : u.consumed) {
    add(p.history, x);
    remove(p.wanted, x);
  }
  if (!u.summary.empty()) p.summary = u.summary;
  if (p.created_ms == 0) p.created_ms = now_ms;
  p.updated_ms = now_ms;
}

nlohmann::json profile_to_json(const Profile& p) {
  return {{"liked", p.liked},
          {"disliked", p.disliked},
          {"wanted", p.wanted},
          {"liked_values", p.liked_values},
          {"disliked_values", p.disliked_values},
          {"history", p.history},
          {"summary", p.summary},
          {"created_ms", p.created_ms},
          {"updated_ms", p.updated_ms}};
}

Profile profile_from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw std::runtime_error("a profile must be a JSON object");
  Profile p;
  p.liked = string_list(j, "liked");
  p.disliked = string_list(j, "disliked");
  p.wanted = string_list(j, "wanted");
  p.liked_values = string_list(j, "liked_values");
  p.disliked_values = string_list(j, "disliked_values");
  p.history = string_list(j, "history");
  p.summary = j.value("summary", std::string());
  p.created_ms = j.value("created_ms", int64_t{0});
  p.updated_ms = j.value("updated_ms", int64_t{0});
  return p;
}

nlohmann::json update_to_json(const ProfileUpdate& u) {
  return {{"like", u.like},       {"dislike", u.dislike},
          {"want", u.want},       {"like_values", u.like_values},
          {"dislike_values", u.dislike_values}, {"consumed", u.consumed},
          {"forget", u.forget},   {"summary", u.summary},
          {"dialogue", u.dialogue}};
}

ProfileUpdate update_from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw std::runtime_error("a profile update must be a JSON object");
  ProfileUpdate u;
  u.like = string_list(j, "like");
  u.dislike = string_list(j, "dislike");
  u.want = string_list(j, "want");
  u.like_values = string_list(j, "like_values");
  u.dislike_values = string_list(j, "dislike_values");
  u.consumed = string_list(j, "consumed");
  u.forget = string_list(j, "forget");
  u.summary = j.value("summary", std::string());
  u.dialogue = string_list(j, "dialogue");
  return u;
}

}  // namespace interec
