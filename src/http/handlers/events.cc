// Events in (durable before the answer) and a user's interactions out.
#include "http/handlers/handlers.h"
#include "http/json_codec.h"

namespace attune::http {
namespace {

Json InteractionToJson(const StoredInteraction& event) {
  Json out = {{"event_type", event.event_type},
              {"item_id", event.item_id},
              {"timestamp", event.timestamp},
              {"sequence", event.sequence}};
  if (!event.event_id.empty()) out["event_id"] = event.event_id;
  if (event.event_value) out["event_value"] = *event.event_value;
  if (!event.session_id.empty()) out["session_id"] = event.session_id;
  if (!event.recommendation_id.empty()) out["recommendation_id"] = event.recommendation_id;
  if (!event.impression.empty()) out["impression"] = event.impression;
  if (!event.properties_json.empty()) {
    out["properties"] = Json::parse(event.properties_json, nullptr, false);
  }
  return out;
}

}  // namespace

HandlerResult PostEvents(ApiContext& ctx, const HttpRequest& req) {
  const std::string& group = PathParam(req, "group");
  ATTUNE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(req.body));
  ATTUNE_ASSIGN_OR_RETURN(Schema schema, ctx.store.GetSchema(group, DatasetType::kInteractions));
  ATTUNE_ASSIGN_OR_RETURN(std::vector<Interaction> events,
                          DecodeEventBatch(body, schema, ctx.clock.NowSeconds(),
                                           ctx.options.max_batch));
  ATTUNE_ASSIGN_OR_RETURN(AppendResult result, ctx.store.AppendEvents(group, events));
  ctx.metrics.AddEventsAccepted(result.appended);
  ctx.metrics.AddEventsDuplicate(result.duplicates);
  return JsonResponse(200, {{"accepted", result.appended}, {"duplicates", result.duplicates}});
}

HandlerResult GetUserInteractions(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_ASSIGN_OR_RETURN(int64_t limit, IntQuery(req, "limit", 100, 1, 10'000));
  ATTUNE_ASSIGN_OR_RETURN(
      std::vector<StoredInteraction> events,
      ctx.store.UserInteractions(PathParam(req, "group"), PathParam(req, "user_id"), int(limit)));
  Json list = Json::array();
  for (const StoredInteraction& event : events) list.push_back(InteractionToJson(event));
  return JsonResponse(200, {{"user_id", PathParam(req, "user_id")}, {"interactions", list}});
}

}  // namespace attune::http
