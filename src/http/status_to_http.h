// The ONE place that maps a StatusCode to an HTTP status, and the one error body shape:
//   {"error": {"code": "invalid_argument", "message": "events[3].timestamp: ..."}}
//
// invalid_argument 400, unauthenticated 401, permission_denied 403, not_found 404,
// already_exists 409, failed_precondition 409 (the request is fine but the state of the resource
// conflicts with it, e.g. deleting a group while an import runs; 412 is reserved for HTTP
// preconditions such as If-Match, which we do not use), resource_exhausted 413 (body or batch over
// a limit), cancelled 499 (the client went away), unavailable 503, internal 500.
// Thread safety: pure functions.
#pragma once

#include "base/status.h"
#include "http/http_types.h"

namespace attune::http {

int HttpStatusFor(StatusCode code);

// A response carrying `status` in the error shape above. `status` must not be OK.
HttpResponse ErrorResponse(const Status& status);

}  // namespace attune::http
