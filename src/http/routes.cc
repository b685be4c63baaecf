// The whole API in one table: method, path, who may call it, handler (handlers/handlers.h).
// docs/api.md documents each row.
#include "http/api_context.h"
#include "http/handlers/handlers.h"

namespace attune::http {

std::vector<Route> ApiRoutes() {
  using A = Access;
  const std::string g = "/v1/groups/{group}";
  return {
      {"GET", "/healthz", A::kPublic, Healthz},
      {"GET", "/readyz", A::kPublic, Readyz},
      {"GET", "/metrics", A::kPublic, MetricsText},

      {"POST", "/v1/groups", A::kAdminOnly, CreateGroup},
      {"GET", "/v1/groups", A::kRead, ListGroups},
      {"GET", g, A::kRead, GetGroup},
      {"DELETE", g, A::kAdminOnly, DeleteGroup},

      {"PUT", g + "/schemas/{dataset}", A::kAdminOnly, PutSchema},
      {"GET", g + "/schemas/{dataset}", A::kRead, GetSchema},

      {"PUT", g + "/items", A::kAdminOnly, UpsertItems},
      {"GET", g + "/items/{item_id}", A::kRead, GetItem},
      {"DELETE", g + "/items/{item_id}", A::kAdminOnly, DeleteItem},
      {"PUT", g + "/users", A::kAdminOnly, UpsertUsers},
      {"GET", g + "/users/{user_id}", A::kRead, GetUser},
      {"DELETE", g + "/users/{user_id}", A::kAdminOnly, DeleteUser},
      {"GET", g + "/users/{user_id}/interactions", A::kRead, GetUserInteractions},

      {"POST", g + "/events", A::kTrack, PostEvents},

      {"POST", g + "/imports", A::kAdminOnly, StartImport},
      {"GET", g + "/imports", A::kRead, ListImports},
      {"GET", g + "/imports/{job_id}", A::kRead, GetImport},

      {"POST", g + "/solutions", A::kAdminOnly, CreateSolution},
      {"GET", g + "/solutions", A::kRead, ListSolutions},
      {"GET", g + "/solutions/{solution}", A::kRead, GetSolution},
      {"POST", g + "/solutions/{solution}/versions", A::kAdminOnly, StartSolutionVersion},
      {"GET", g + "/solutions/{solution}/versions", A::kRead, ListSolutionVersions},
      {"GET", g + "/solutions/{solution}/versions/{version_id}", A::kRead, GetSolutionVersion},
      {"POST", g + "/solutions/{solution}/versions/{version_id}/cancel", A::kAdminOnly,
       CancelSolutionVersion},

      {"POST", "/v1/keys", A::kAdminOnly, CreateKey},
      {"GET", "/v1/keys", A::kAdminOnly, ListKeys},
      {"DELETE", "/v1/keys/{key_id}", A::kAdminOnly, RevokeKey},
  };
}

}  // namespace attune::http
