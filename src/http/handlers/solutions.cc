// Solutions and their versions over HTTP (docs/api.md "## Solutions and versions"). Training runs
// on the TrainingRunner's worker thread: POST .../versions answers 202 with the queued version at
// once; clients poll GET .../versions/{version_id} for status and progress.
#include "http/handlers/handlers.h"
#include "http/json_codec.h"
#include "jobs/solution_json.h"
#include "jobs/training_runner.h"

namespace attune::http {
namespace {

Status CheckTraining(const ApiContext& ctx) {
  if (ctx.solutions != nullptr && ctx.training != nullptr) return Status::Ok();
  return Unavailable("training is not enabled on this server");
}

// The version named in the path, checked to belong to the path's group and solution.
Result<SolutionVersion> PathVersion(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_ASSIGN_OR_RETURN(int64_t id, IdParam(req, "version_id"));
  ATTUNE_ASSIGN_OR_RETURN(SolutionVersion version, ctx.solutions->GetVersion(id));
  if (version.group != PathParam(req, "group") || version.solution != PathParam(req, "solution")) {
    return NotFound("solution version " + std::to_string(id) + " does not belong to solution \"" +
                    PathParam(req, "solution") + "\" of group \"" + PathParam(req, "group") + "\"");
  }
  return version;
}

}  // namespace

HandlerResult CreateSolution(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_RETURN_IF_ERROR(CheckTraining(ctx));
  ATTUNE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(req.body));
  ATTUNE_ASSIGN_OR_RETURN(SolutionSpec spec, SolutionSpecFromJson(PathParam(req, "group"), body));
  ATTUNE_ASSIGN_OR_RETURN(Solution solution, ctx.solutions->CreateSolution(spec));
  return JsonResponse(201, SolutionToJson(solution));
}

HandlerResult ListSolutions(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_RETURN_IF_ERROR(CheckTraining(ctx));
  ATTUNE_ASSIGN_OR_RETURN(std::vector<Solution> solutions, ctx.solutions->ListSolutions(PathParam(req, "group")));
  Json list = Json::array();
  for (const Solution& s : solutions) list.push_back(SolutionToJson(s));
  return JsonResponse(200, {{"solutions", list}});
}

HandlerResult GetSolution(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_RETURN_IF_ERROR(CheckTraining(ctx));
  ATTUNE_ASSIGN_OR_RETURN(Solution solution,
                          ctx.solutions->GetSolution(PathParam(req, "group"), PathParam(req, "solution")));
  return JsonResponse(200, SolutionToJson(solution));
}

HandlerResult StartSolutionVersion(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_RETURN_IF_ERROR(CheckTraining(ctx));
  std::string mode = "full";
  if (!req.body.empty()) {
    ATTUNE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(req.body));
    ATTUNE_ASSIGN_OR_RETURN(FieldReader reader, FieldReader::Of(body, ""));
    ATTUNE_ASSIGN_OR_RETURN(auto given, reader.OptionalString("training_mode"));
    mode = given.value_or("full");
  }
  ATTUNE_ASSIGN_OR_RETURN(SolutionVersion version,
                          ctx.training->Start(PathParam(req, "group"), PathParam(req, "solution"), mode));
  return JsonResponse(202, VersionToJson(version));
}

HandlerResult ListSolutionVersions(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_RETURN_IF_ERROR(CheckTraining(ctx));
  ATTUNE_ASSIGN_OR_RETURN(std::vector<SolutionVersion> versions,
                          ctx.solutions->ListVersions(PathParam(req, "group"), PathParam(req, "solution")));
  Json list = Json::array();
  for (const SolutionVersion& v : versions) list.push_back(VersionToJson(v));
  return JsonResponse(200, {{"versions", list}});
}

HandlerResult GetSolutionVersion(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_RETURN_IF_ERROR(CheckTraining(ctx));
  ATTUNE_ASSIGN_OR_RETURN(SolutionVersion version, PathVersion(ctx, req));
  return JsonResponse(200, VersionToJson(version));
}

HandlerResult CancelSolutionVersion(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_RETURN_IF_ERROR(CheckTraining(ctx));
  ATTUNE_ASSIGN_OR_RETURN(SolutionVersion version, PathVersion(ctx, req));
  ATTUNE_ASSIGN_OR_RETURN(SolutionVersion cancelled, ctx.training->Cancel(version.id));
  return JsonResponse(202, VersionToJson(cancelled));
}

}  // namespace attune::http
