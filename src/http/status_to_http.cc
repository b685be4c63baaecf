#include "http/status_to_http.h"

#include <nlohmann/json.hpp>

namespace attune::http {

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kResourceExhausted: return 413;
    case StatusCode::kCancelled: return 499;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

HttpResponse ErrorResponse(const Status& status) {
  nlohmann::json body;
  body["error"]["code"] = std::string(StatusCodeName(status.code()));
  body["error"]["message"] = status.message();
  HttpResponse response;
  response.status = HttpStatusFor(status.code());
  // Replace invalid UTF-8 from user input instead of throwing while rendering the error.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

const char* RoleName(Role role) {
  switch (role) {
    case Role::kAdmin: return "admin";
    case Role::kRead: return "read";
    case Role::kTrack: return "track";
  }
  return "unknown";
}

}  // namespace attune::http
