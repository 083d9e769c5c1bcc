// TokenClaims: the passes' contract -- they start in order, and every
// claimed token keeps the pass that claimed it first.
#include <stdexcept>

#include <gtest/gtest.h>

#include "brain/rules/message.h"

namespace interec::rules {
namespace {

TEST(TokenClaims, PassesStartOnlyInTheirOrder) {
  TokenClaims claims(3);
  EXPECT_THROW(claims.claim(0), std::logic_error);  // no pass runs yet
  claims.start(Pass::numbers);
  EXPECT_THROW(claims.start(Pass::seeds), std::logic_error);    // an earlier pass
  EXPECT_THROW(claims.start(Pass::numbers), std::logic_error);  // the same pass again
  claims.start(Pass::count);  // a pass may be skipped
  EXPECT_EQ(claims.running(), Pass::count);
}

TEST(TokenClaims, AClaimRecordsItsPassAndTheFirstOwnerStays) {
  TokenClaims claims(4);
  claims.start(Pass::seeds);
  claims.claim(0, 2);
  claims.start(Pass::values);
  claims.claim(1);   // already the seeds pass's
  claims.claim(3);
  claims.claim(9);   // past the end: ignored
  EXPECT_EQ(claims.by(0), Pass::seeds);
  EXPECT_EQ(claims.by(1), Pass::seeds);
  EXPECT_EQ(claims.by(2), Pass::none);
  EXPECT_EQ(claims.by(3), Pass::values);
  EXPECT_TRUE(claims.taken(1));
  EXPECT_FALSE(claims.taken(2));
  EXPECT_FALSE(claims.taken(9));
}

TEST(Message, FreeBoundaryAndSpan) {
  const std::string text = "like Heat, from 1995";
  Message m(text, tokenize_text(text));
  ASSERT_EQ(m.tokens.size(), 5u);
  EXPECT_TRUE(m.boundary(2));   // ","
  EXPECT_TRUE(m.boundary(5));   // the end
  EXPECT_FALSE(m.boundary(1));
  EXPECT_EQ(m.span(0, 2), "like Heat");
  EXPECT_EQ(m.norm_before(0), "");
  EXPECT_EQ(m.norm_before(1), "like");
  m.claims.start(Pass::seeds);
  m.claims.claim(1);
  EXPECT_FALSE(m.free(1));
  EXPECT_TRUE(m.free(0));
  EXPECT_FALSE(m.free(5));
}

}  // namespace
}  // namespace interec::rules
