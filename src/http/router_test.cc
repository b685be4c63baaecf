#include "http/router.h"

#include <gtest/gtest.h>

#include "http/api_context.h"

namespace attune::http {
namespace {

Result<HttpResponse> Named(const char* name) {
  HttpResponse response;
  response.body = name;
  return response;
}

Router TestRouter() {
  return Router({
      {"GET", "/v1/groups", Access::kRead, [](ApiContext&, const HttpRequest&) { return Named("list"); }},
      {"GET", "/v1/groups/{group}", Access::kRead, [](ApiContext&, const HttpRequest&) { return Named("get"); }},
      {"DELETE", "/v1/groups/{group}", Access::kAdminOnly, [](ApiContext&, const HttpRequest&) { return Named("del"); }},
      {"POST", "/v1/groups/{group}/events", Access::kTrack, [](ApiContext&, const HttpRequest&) { return Named("ev"); }},
  });
}

TEST(RouterTest, MatchesLiteralAndParameterSegments) {
  Router router = TestRouter();
  bool not_allowed = false;
  auto match = router.Match("GET", "/v1/groups/news", &not_allowed);
  ASSERT_TRUE(match.ok());
  EXPECT_EQ(match->route->pattern, "/v1/groups/{group}");
  EXPECT_EQ(match->params.at("group"), "news");
  auto events = router.Match("POST", "/v1/groups/news/events", &not_allowed);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->route->pattern, "/v1/groups/{group}/events");
}

TEST(RouterTest, PercentDecodesParametersAndIgnoresTrailingSlash) {
  Router router = TestRouter();
  bool not_allowed = false;
  auto match = router.Match("GET", "/v1/groups/my%20site/", &not_allowed);
  ASSERT_TRUE(match.ok());
  EXPECT_EQ(match->params.at("group"), "my site");
}

TEST(RouterTest, UnknownPathIsNotFound) {
  Router router = TestRouter();
  bool not_allowed = true;
  auto match = router.Match("GET", "/v1/nothing", &not_allowed);
  ASSERT_FALSE(match.ok());
  EXPECT_EQ(match.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(not_allowed);
}

TEST(RouterTest, KnownPathWithOtherMethodIsMethodNotAllowed) {
  Router router = TestRouter();
  bool not_allowed = false;
  auto match = router.Match("PUT", "/v1/groups/news", &not_allowed);
  ASSERT_FALSE(match.ok());
  EXPECT_TRUE(not_allowed);
}

TEST(RouterTest, EmptySegmentDoesNotMatchParameter) {
  Router router = TestRouter();
  bool not_allowed = false;
  EXPECT_FALSE(router.Match("POST", "/v1/groups//events", &not_allowed).ok());
}

Route RouteWith(Access access) { return Route{"GET", "/v1/groups/{group}", access, nullptr}; }

TEST(AuthorizeTest, AdminMayCallEverything) {
  Principal admin{"1", Role::kAdmin, ""};
  for (Access access : {Access::kRead, Access::kTrack, Access::kAdminOnly}) {
    EXPECT_TRUE(Authorize(admin, RouteWith(access), {{"group", "g"}}).ok());
  }
}

TEST(AuthorizeTest, TrackKeyMayOnlyCallTrackRoutes) {
  Principal track{"2", Role::kTrack, ""};
  EXPECT_TRUE(Authorize(track, RouteWith(Access::kTrack), {{"group", "g"}}).ok());
  Status read = Authorize(track, RouteWith(Access::kRead), {{"group", "g"}});
  EXPECT_EQ(read.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(read.message().find("track key"), std::string::npos);
  EXPECT_EQ(Authorize(track, RouteWith(Access::kAdminOnly), {}).code(),
            StatusCode::kPermissionDenied);
}

TEST(AuthorizeTest, ReadKeyMayNotWriteOrTrack) {
  Principal read{"3", Role::kRead, ""};
  EXPECT_TRUE(Authorize(read, RouteWith(Access::kRead), {{"group", "g"}}).ok());
  EXPECT_FALSE(Authorize(read, RouteWith(Access::kTrack), {{"group", "g"}}).ok());
  EXPECT_FALSE(Authorize(read, RouteWith(Access::kAdminOnly), {{"group", "g"}}).ok());
}

TEST(AuthorizeTest, GroupKeyIsLimitedToItsGroup) {
  Principal scoped{"4", Role::kAdmin, "news"};
  EXPECT_TRUE(Authorize(scoped, RouteWith(Access::kAdminOnly), {{"group", "news"}}).ok());
  Status other = Authorize(scoped, RouteWith(Access::kRead), {{"group", "sport"}});
  EXPECT_EQ(other.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(other.message().find("limited to group \"news\""), std::string::npos);
  EXPECT_FALSE(Authorize(scoped, RouteWith(Access::kRead), {}).ok());
}

TEST(AuthorizeTest, PublicRoutesNeedNoKey) {
  EXPECT_TRUE(Authorize(Principal{}, RouteWith(Access::kPublic), {}).ok());
}

TEST(RoutesTest, EveryApiRouteHasAHandlerAndAUniqueMethodAndPattern) {
  std::vector<Route> routes = ApiRoutes();
  ASSERT_GT(routes.size(), 20u);
  for (size_t i = 0; i < routes.size(); ++i) {
    EXPECT_TRUE(bool(routes[i].handler)) << routes[i].pattern;
    for (size_t j = i + 1; j < routes.size(); ++j) {
      EXPECT_FALSE(routes[i].method == routes[j].method && routes[i].pattern == routes[j].pattern)
          << routes[i].method << " " << routes[i].pattern;
    }
  }
}

TEST(RoutesTest, OnlyEventsAcceptTrackKeys) {
  for (const Route& route : ApiRoutes()) {
    if (route.access == Access::kTrack) {
      EXPECT_EQ(route.method + " " + route.pattern, "POST /v1/groups/{group}/events");
    }
  }
}

}  // namespace
}  // namespace attune::http
