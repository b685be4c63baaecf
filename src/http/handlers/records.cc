// Items and users: batched upserts validated against the group's schema, get and delete.
#include "http/handlers/handlers.h"
#include "http/json_codec.h"

namespace attune::http {
namespace {

Result<const Json*> BatchArray(ApiContext& ctx, const Json& body, const char* key) {
  ATTUNE_ASSIGN_OR_RETURN(FieldReader reader, FieldReader::Of(body, ""));
  ATTUNE_ASSIGN_OR_RETURN(const Json* rows, reader.Array(key, true));
  if (rows->empty()) return InvalidArgument(std::string(key) + ": expected at least one row");
  if (rows->size() > size_t(ctx.options.max_batch)) {
    return ResourceExhausted(std::string(key) + ": " + std::to_string(rows->size()) +
                             " rows, the limit is " + std::to_string(ctx.options.max_batch) +
                             " per request; split the batch");
  }
  return rows;
}

Json ItemToJson(const ItemRecord& item) {
  Json out = {{"item_id", item.item_id},
              {"properties", Json::parse(item.properties_json, nullptr, false)},
              {"updated_at", item.updated_at}};
  if (item.creation_timestamp) out["creation_timestamp"] = *item.creation_timestamp;
  return out;
}

Json UserToJson(const UserRecord& user) {
  return {{"user_id", user.user_id},
          {"properties", Json::parse(user.properties_json, nullptr, false)},
          {"updated_at", user.updated_at}};
}

}  // namespace

HandlerResult UpsertItems(ApiContext& ctx, const HttpRequest& req) {
  const std::string& group = PathParam(req, "group");
  ATTUNE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(req.body));
  ATTUNE_ASSIGN_OR_RETURN(const Json* rows, BatchArray(ctx, body, "items"));
  ATTUNE_ASSIGN_OR_RETURN(Schema schema, ctx.store.GetSchema(group, DatasetType::kItems));
  std::vector<ItemRecord> items;
  items.reserve(rows->size());
  for (size_t row_idx = 0; row_idx < rows->size(); ++row_idx) {
    ATTUNE_ASSIGN_OR_RETURN(ItemRecord item,
                            DecodeItem((*rows)[row_idx], JsonPath("items", row_idx), schema));
    items.push_back(std::move(item));
  }
  ATTUNE_RETURN_IF_ERROR(ctx.store.UpsertItems(group, items));
  return JsonResponse(200, {{"upserted", items.size()}});
}

HandlerResult GetItem(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_ASSIGN_OR_RETURN(ItemRecord item,
                          ctx.store.GetItem(PathParam(req, "group"), PathParam(req, "item_id")));
  return JsonResponse(200, ItemToJson(item));
}

HandlerResult DeleteItem(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_RETURN_IF_ERROR(ctx.store.DeleteItem(PathParam(req, "group"), PathParam(req, "item_id")));
  return NoContent();
}

HandlerResult UpsertUsers(ApiContext& ctx, const HttpRequest& req) {
  const std::string& group = PathParam(req, "group");
  ATTUNE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(req.body));
  ATTUNE_ASSIGN_OR_RETURN(const Json* rows, BatchArray(ctx, body, "users"));
  ATTUNE_ASSIGN_OR_RETURN(Schema schema, ctx.store.GetSchema(group, DatasetType::kUsers));
  std::vector<UserRecord> users;
  users.reserve(rows->size());
  for (size_t row_idx = 0; row_idx < rows->size(); ++row_idx) {
    ATTUNE_ASSIGN_OR_RETURN(UserRecord user,
                            DecodeUser((*rows)[row_idx], JsonPath("users", row_idx), schema));
    users.push_back(std::move(user));
  }
  ATTUNE_RETURN_IF_ERROR(ctx.store.UpsertUsers(group, users));
  return JsonResponse(200, {{"upserted", users.size()}});
}

HandlerResult GetUser(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_ASSIGN_OR_RETURN(UserRecord user,
                          ctx.store.GetUser(PathParam(req, "group"), PathParam(req, "user_id")));
  return JsonResponse(200, UserToJson(user));
}

HandlerResult DeleteUser(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_RETURN_IF_ERROR(ctx.store.DeleteUser(PathParam(req, "group"), PathParam(req, "user_id")));
  return NoContent();
}

}  // namespace attune::http
