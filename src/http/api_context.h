// ApiContext: what every handler may use — the store, the clock, metrics, limits and the import
// worker. Api: the request pipeline in front of the handlers (route, authenticate, authorize,
// run, count), independent of the HTTP library so tests drive it with plain HttpRequests.
// Ownership: ApiContext borrows the Store and Clock (they must outlive it) and owns the rest.
// Thread safety: Api::Handle runs on many threads at once; everything here is thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/clock.h"
#include "http/http_types.h"
#include "http/import_runner.h"
#include "http/key_cache.h"
#include "http/metrics.h"
#include "http/router.h"
#include "store/store.h"

namespace attune {
class SolutionStore;    // store/solution_store.h
class TrainingRunner;   // jobs/training_runner.h
}  // namespace attune

namespace attune::http {

struct ApiOptions {
  // Largest body; bigger gets 413. Enforced by the server before the body is read.
  int64_t max_body_bytes = 10 * 1024 * 1024;
  // Largest batch of events/items/users per request; bigger gets 413.
  int max_batch = 1000;
  // SHA-256 hex of the configured global admin key (empty: only keys in the store).
  std::string admin_key_hash;
};

class ApiContext {
 public:
  ApiContext(Store& store, const Clock& clock, ApiOptions options)
      : store(store), clock(clock), options(std::move(options)), keys(store, clock),
        imports(store) {}
  Store& store;
  const Clock& clock;
  const ApiOptions options;
  Metrics metrics;
  KeyCache keys;
  ImportRunner imports;
  // Solutions and training (handlers/solutions.cc), borrowed; null: those routes answer 503.
  SolutionStore* solutions = nullptr;
  TrainingRunner* training = nullptr;
};

class Api {
 public:
  explicit Api(ApiContext& context);
  // Runs the whole pipeline; never fails (errors become error responses).
  HttpResponse Handle(HttpRequest& request);
  const Router& router() const { return router_; }

 private:
  Result<HttpResponse> Dispatch(HttpRequest& request, std::string* route_name);
  Status Authenticate(HttpRequest& request);
  ApiContext& context_;
  Router router_;
};

// The API's route table (routes.cc).
std::vector<Route> ApiRoutes();

}  // namespace attune::http
