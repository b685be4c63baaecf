#include "http/status_to_http.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace attune::http {
namespace {

TEST(StatusToHttpTest, MapsEveryCodeAsDocumented) {
  EXPECT_EQ(HttpStatusFor(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(StatusCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kFailedPrecondition), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kResourceExhausted), 413);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInternal), 500);
}

TEST(StatusToHttpTest, ErrorBodyHasCodeAndMessage) {
  HttpResponse response = ErrorResponse(InvalidArgument("events[3].timestamp: bad"));
  EXPECT_EQ(response.status, 400);
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["error"]["code"], "invalid_argument");
  EXPECT_EQ(body["error"]["message"], "events[3].timestamp: bad");
}

TEST(StatusToHttpTest, InvalidUtf8InMessageDoesNotBreakTheBody) {
  HttpResponse response = ErrorResponse(NotFound("item \"\xff\xfe\" not found"));
  EXPECT_EQ(response.status, 404);
  EXPECT_NO_THROW(nlohmann::json::parse(response.body));
}

}  // namespace
}  // namespace attune::http
