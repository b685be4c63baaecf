// The request pipeline: route -> authenticate -> authorize -> handler -> metrics.
#include <exception>

#include "base/log.h"
#include "http/api_context.h"
#include "http/status_to_http.h"

namespace attune::http {
namespace {

Result<std::string> BearerSecret(const std::string& header) {
  static const std::string kPrefix = "Bearer ";
  if (header.empty()) {
    return Unauthenticated("missing Authorization header; send \"Authorization: Bearer <key>\"");
  }
  if (header.rfind(kPrefix, 0) != 0 || header.size() == kPrefix.size()) {
    return Unauthenticated("Authorization header must be \"Bearer <key>\"");
  }
  return header.substr(kPrefix.size());
}

}  // namespace

Api::Api(ApiContext& context) : context_(context), router_(ApiRoutes()) {}

Status Api::Authenticate(HttpRequest& request) {
  ATTUNE_ASSIGN_OR_RETURN(std::string secret, BearerSecret(request.authorization));
  auto principal = context_.keys.Lookup(secret);
  if (!principal.ok()) {
    if (principal.status().code() == StatusCode::kUnauthenticated) {
      return Unauthenticated("unknown or revoked API key");
    }
    return principal.status();
  }
  request.principal = *principal;
  return Status::Ok();
}

Result<HttpResponse> Api::Dispatch(HttpRequest& request, std::string* route_name) {
  bool method_not_allowed = false;
  auto match = router_.Match(request.method, request.path, &method_not_allowed);
  if (!match.ok()) {
    if (!method_not_allowed) return match.status();
    HttpResponse response = ErrorResponse(InvalidArgument(match.status().message()));
    response.status = 405;
    return response;
  }
  const Route& route = *match->route;
  *route_name = route.pattern;
  request.path_params = std::move(match->params);
  if (route.access != Access::kPublic) {
    ATTUNE_RETURN_IF_ERROR(Authenticate(request));
    ATTUNE_RETURN_IF_ERROR(Authorize(request.principal, route, request.path_params));
  }
  return route.handler(context_, request);
}

HttpResponse Api::Handle(HttpRequest& request) {
  const int64_t start = context_.clock.MonotonicMicros();
  std::string route_name = "unmatched";
  HttpResponse response;
  // Last-resort catch: handlers convert library errors, so anything caught here is a bug.
  try {
    auto result = Dispatch(request, &route_name);
    response = result.ok() ? std::move(result).value() : ErrorResponse(result.status());
  } catch (const std::exception& e) {
    LogError("http.handler_exception", {{"route", route_name}, {"error", e.what()}});
    response = ErrorResponse(Internal(std::string("unexpected error: ") + e.what()));
  }
  context_.metrics.RecordRequest(request.method, route_name, response.status,
                                 context_.clock.MonotonicMicros() - start);
  return response;
}

}  // namespace attune::http
