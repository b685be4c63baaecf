// Every API handler, one small function per route (the table is in routes.cc). Handlers decode
// the request (json_codec), call the store or a job, and encode the answer; they hold no SQL and
// no HTTP-library types. Errors are returned as Status and rendered by status_to_http.
// Thread safety: handlers run concurrently; they share only ApiContext (thread-safe).
#pragma once

#include "http/api_context.h"

namespace attune::http {

using HandlerResult = Result<HttpResponse>;

// health.cc
HandlerResult Healthz(ApiContext& ctx, const HttpRequest& req);
HandlerResult Readyz(ApiContext& ctx, const HttpRequest& req);
HandlerResult MetricsText(ApiContext& ctx, const HttpRequest& req);

// groups.cc (groups and schemas)
HandlerResult CreateGroup(ApiContext& ctx, const HttpRequest& req);
HandlerResult ListGroups(ApiContext& ctx, const HttpRequest& req);
HandlerResult GetGroup(ApiContext& ctx, const HttpRequest& req);
HandlerResult DeleteGroup(ApiContext& ctx, const HttpRequest& req);
HandlerResult PutSchema(ApiContext& ctx, const HttpRequest& req);
HandlerResult GetSchema(ApiContext& ctx, const HttpRequest& req);

// records.cc (items and users)
HandlerResult UpsertItems(ApiContext& ctx, const HttpRequest& req);
HandlerResult GetItem(ApiContext& ctx, const HttpRequest& req);
HandlerResult DeleteItem(ApiContext& ctx, const HttpRequest& req);
HandlerResult UpsertUsers(ApiContext& ctx, const HttpRequest& req);
HandlerResult GetUser(ApiContext& ctx, const HttpRequest& req);
HandlerResult DeleteUser(ApiContext& ctx, const HttpRequest& req);

// events.cc
HandlerResult PostEvents(ApiContext& ctx, const HttpRequest& req);
HandlerResult GetUserInteractions(ApiContext& ctx, const HttpRequest& req);

// imports.cc
HandlerResult StartImport(ApiContext& ctx, const HttpRequest& req);
HandlerResult ListImports(ApiContext& ctx, const HttpRequest& req);
HandlerResult GetImport(ApiContext& ctx, const HttpRequest& req);

// keys.cc
HandlerResult CreateKey(ApiContext& ctx, const HttpRequest& req);
HandlerResult ListKeys(ApiContext& ctx, const HttpRequest& req);
HandlerResult RevokeKey(ApiContext& ctx, const HttpRequest& req);

// solutions.cc (solutions and their versions: training jobs)
HandlerResult CreateSolution(ApiContext& ctx, const HttpRequest& req);
HandlerResult ListSolutions(ApiContext& ctx, const HttpRequest& req);
HandlerResult GetSolution(ApiContext& ctx, const HttpRequest& req);
HandlerResult StartSolutionVersion(ApiContext& ctx, const HttpRequest& req);
HandlerResult ListSolutionVersions(ApiContext& ctx, const HttpRequest& req);
HandlerResult GetSolutionVersion(ApiContext& ctx, const HttpRequest& req);
HandlerResult CancelSolutionVersion(ApiContext& ctx, const HttpRequest& req);

// Shared by handlers (handler_util.cc).
const std::string& PathParam(const HttpRequest& req, const char* name);
Result<DatasetType> DatasetParam(const HttpRequest& req);
// ?name=N within [min, max], `fallback` when absent; InvalidArgument names the parameter.
Result<int64_t> IntQuery(const HttpRequest& req, const char* name, int64_t fallback, int64_t min,
                         int64_t max);
// A positive integer path parameter such as {job_id}.
Result<int64_t> IdParam(const HttpRequest& req, const char* name);
const std::string* Query(const HttpRequest& req, const char* name);
// An empty 204 response.
HttpResponse NoContent();

}  // namespace attune::http
