// Groups and schemas.
#include "http/handlers/handlers.h"
#include "http/json_codec.h"
#include "store/solution_store.h"

namespace attune::http {
namespace {

Json GroupToJson(const GroupInfo& group, bool with_event_types) {
  Json out = {{"name", group.name},
              {"created_at", group.created_at},
              {"num_users", group.num_users},
              {"num_items", group.num_items},
              {"num_interactions", group.num_interactions}};
  if (with_event_types) out["interactions_per_event_type"] = group.interactions_per_event_type;
  return out;
}

}  // namespace

HandlerResult CreateGroup(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(req.body));
  ATTUNE_ASSIGN_OR_RETURN(FieldReader reader, FieldReader::Of(body, ""));
  ATTUNE_ASSIGN_OR_RETURN(std::string name, reader.RequiredString("name"));
  ATTUNE_RETURN_IF_ERROR(ctx.store.CreateGroup(name));
  ATTUNE_ASSIGN_OR_RETURN(GroupInfo group, ctx.store.GetGroup(name));
  return JsonResponse(201, GroupToJson(group, true));
}

HandlerResult ListGroups(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_ASSIGN_OR_RETURN(std::vector<GroupInfo> groups, ctx.store.ListGroups());
  Json list = Json::array();
  for (const GroupInfo& group : groups) {
    if (!req.principal.group.empty() && group.name != req.principal.group) continue;
    list.push_back(GroupToJson(group, false));
  }
  return JsonResponse(200, {{"groups", list}});
}

HandlerResult GetGroup(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_ASSIGN_OR_RETURN(GroupInfo group, ctx.store.GetGroup(PathParam(req, "group")));
  return JsonResponse(200, GroupToJson(group, true));
}

HandlerResult DeleteGroup(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_RETURN_IF_ERROR(ctx.store.DeleteGroup(PathParam(req, "group")));
  // Solutions live in their own tables keyed by group name; a new group of the same name must
  // not inherit them.
  if (ctx.solutions != nullptr) ATTUNE_RETURN_IF_ERROR(ctx.solutions->DeleteGroupSolutions(PathParam(req, "group")));
  ctx.keys.Clear();  // the group's keys went with it
  return NoContent();
}

HandlerResult PutSchema(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_ASSIGN_OR_RETURN(DatasetType dataset, DatasetParam(req));
  ATTUNE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(req.body));
  ATTUNE_ASSIGN_OR_RETURN(Schema schema, SchemaFromJson(dataset, body));
  ATTUNE_RETURN_IF_ERROR(ctx.store.PutSchema(PathParam(req, "group"), schema));
  return JsonResponse(200, SchemaToJson(schema));
}

HandlerResult GetSchema(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_ASSIGN_OR_RETURN(DatasetType dataset, DatasetParam(req));
  ATTUNE_ASSIGN_OR_RETURN(GroupInfo group, ctx.store.GetGroup(PathParam(req, "group")));
  ATTUNE_ASSIGN_OR_RETURN(Schema schema, ctx.store.GetSchema(group.name, dataset));
  return JsonResponse(200, SchemaToJson(schema));
}

}  // namespace attune::http
