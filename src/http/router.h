// The route table and its matcher. A route is a method, a path pattern with {named} segments,
// who may call it, and the handler; routes.cc declares the whole API in one table (as redis'
// command table), so the API surface and its permissions are read in one place.
//
// Access: kPublic routes need no key. Otherwise admin keys may call every route and the route
// names the one other role that may call it (read for GETs, track for posting events). A
// group-scoped key may only call routes whose path names its own {group}.
// Thread safety: a Router is immutable after construction; Match may run on any thread.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "http/http_types.h"

namespace attune::http {

class ApiContext;  // handlers' shared state (api_context.h)
// A handler answers a request or returns the error that status_to_http turns into a response.
using Handler = std::function<Result<HttpResponse>(ApiContext&, const HttpRequest&)>;

enum class Access { kPublic, kRead, kTrack, kAdminOnly };

struct Route {
  std::string method;
  std::string pattern;  // "/v1/groups/{group}/items/{item_id}"
  Access access;
  Handler handler;
};

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
};

class Router {
 public:
  explicit Router(std::vector<Route> routes);

  // The route for `method` and `path`, with its path parameters. NotFound when no pattern matches
  // the path; FailedPrecondition-free by design: a path that matches with another method is
  // reported through `method_not_allowed` so the server can answer 405 with an Allow header.
  Result<RouteMatch> Match(const std::string& method, const std::string& path,
                           bool* method_not_allowed) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> segments_;  // per route, split pattern
};

// Whether `principal` may call `route` with these path parameters: OK, or PermissionDenied with a
// message saying what the key lacks.
Status Authorize(const Principal& principal, const Route& route,
                 const std::map<std::string, std::string>& params);

// Splits "/a/b/c" into {"a", "b", "c"}; percent-decodes each segment.
std::vector<std::string> SplitPath(const std::string& path);

}  // namespace attune::http
