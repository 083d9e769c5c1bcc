// Merge rules of profile updates.
#include "storage/profile.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace interec {
namespace {

using V = std::vector<std::string>;

TEST(ProfileMerge, LikeRemovesDislikeAndViceVersa) {
  Profile p;
  ProfileUpdate u;
  u.dislike = {"42"};
  u.dislike_values = {"genres=Horror"};
  apply_update(p, u, 1);
  EXPECT_EQ(p.disliked, V{"42"});
  ProfileUpdate v;
  v.like = {"42"};
  v.like_values = {"genres=Horror"};
  apply_update(p, v, 2);
  EXPECT_EQ(p.liked, V{"42"});
  EXPECT_TRUE(p.disliked.empty());
  EXPECT_EQ(p.liked_values, V{"genres=Horror"});
  EXPECT_TRUE(p.disliked_values.empty());
  ProfileUpdate w;
  w.dislike = {"42"};
  apply_update(p, w, 3);
  EXPECT_TRUE(p.liked.empty());
  EXPECT_EQ(p.disliked, V{"42"});
}

TEST(ProfileMerge, ListsKeepFirstSeenOrderWithoutDuplicates) {
  Profile p;
  ProfileUpdate u;
  u.like = {"b", "a", "b"};
  u.consumed = {"x", "y"};
  apply_update(p, u, 1);
  ProfileUpdate v;
  v.like = {"a", "c"};
  v.consumed = {"x", "z"};
  apply_update(p, v, 2);
  EXPECT_EQ(p.liked, (V{"b", "a", "c"}));
  EXPECT_EQ(p.history, (V{"x", "y", "z"}));
}

TEST(ProfileMerge, HistoryOnlyShrinksThroughForget) {
  Profile p;
  ProfileUpdate u;
  u.consumed = {"x", "y"};
  u.like = {"y"};
  apply_update(p, u, 1);
  ProfileUpdate dislike;
  dislike.dislike = {"x"};
  apply_update(p, dislike, 2);
  EXPECT_EQ(p.history, (V{"x", "y"}));
  ProfileUpdate forget;
  forget.forget = {"y"};
  apply_update(p, forget, 3);
  EXPECT_EQ(p.history, V{"x"});
  EXPECT_TRUE(p.liked.empty());
}

TEST(ProfileMerge, ConsumingAWantedItemFulfilsTheWish) {
  Profile p;
  ProfileUpdate u;
  u.want = {"7"};
  apply_update(p, u, 1);
  ProfileUpdate v;
  v.consumed = {"7"};
  apply_update(p, v, 2);
  EXPECT_TRUE(p.wanted.empty());
  EXPECT_EQ(p.history, V{"7"});
}

TEST(ProfileMerge, TimestampsAreSet) {
  Profile p;
  apply_update(p, ProfileUpdate{}, 100);
  apply_update(p, ProfileUpdate{}, 200);
  EXPECT_EQ(p.created_ms, 100);
  EXPECT_EQ(p.updated_ms, 200);
}

TEST(ProfileJson, RoundTripAndMalformed) {
  Profile p;
  p.liked = {"1"};
  p.disliked_values = {"genres=Horror"};
  p.history = {"2", "3"};
  p.summary = "likes old films";
  p.created_ms = 5;
  Profile q = profile_from_json(profile_to_json(p));
  EXPECT_EQ(q.liked, p.liked);
  EXPECT_EQ(q.disliked_values, p.disliked_values);
  EXPECT_EQ(q.history, p.history);
  EXPECT_EQ(q.summary, p.summary);
  EXPECT_EQ(q.created_ms, 5);
  EXPECT_THROW(profile_from_json(nlohmann::json::array()), std::runtime_error);
  EXPECT_THROW(profile_from_json({{"liked", "not a list"}}), std::runtime_error);
  EXPECT_THROW(profile_from_json({{"liked", {1, 2}}}), std::runtime_error);
}

}  // namespace
}  // namespace interec
