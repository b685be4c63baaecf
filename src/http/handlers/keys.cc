// API keys: create (the secret is shown once), list (never secrets), revoke.
#include "http/handlers/handlers.h"
#include "http/json_codec.h"

namespace attune::http {
namespace {

Json KeyToJson(const ApiKeyInfo& key) {
  Json out = {{"id", key.id},
              {"name", key.name},
              {"role", std::string(KeyRoleName(key.role))},
              {"group", key.group},
              {"prefix", key.prefix},
              {"created_at", key.created_at}};
  if (key.revoked_at != 0) out["revoked_at"] = key.revoked_at;
  return out;
}

}  // namespace

HandlerResult CreateKey(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(req.body));
  ATTUNE_ASSIGN_OR_RETURN(FieldReader reader, FieldReader::Of(body, ""));
  ATTUNE_ASSIGN_OR_RETURN(std::string role_name, reader.RequiredString("role"));
  auto role = ParseKeyRole(role_name);
  if (!role.ok()) return role.status().WithContext("role");
  ATTUNE_ASSIGN_OR_RETURN(std::string name, reader.RequiredString("name"));
  ATTUNE_ASSIGN_OR_RETURN(auto group, reader.OptionalString("group"));
  if (group && !group->empty()) {
    auto exists = ctx.store.GetGroup(*group);
    if (!exists.ok()) return exists.status().WithContext("group");
  }
  ATTUNE_ASSIGN_OR_RETURN(NewApiKey key, ctx.store.CreateApiKey(group.value_or(""), *role, name));
  Json out = KeyToJson(key.info);
  out["secret"] = key.secret;
  return JsonResponse(201, out);
}

HandlerResult ListKeys(ApiContext& ctx, const HttpRequest&) {
  ATTUNE_ASSIGN_OR_RETURN(std::vector<ApiKeyInfo> keys, ctx.store.ListApiKeys());
  Json list = Json::array();
  for (const ApiKeyInfo& key : keys) list.push_back(KeyToJson(key));
  return JsonResponse(200, {{"keys", list}});
}

HandlerResult RevokeKey(ApiContext& ctx, const HttpRequest& req) {
  ATTUNE_ASSIGN_OR_RETURN(int64_t key_id, IdParam(req, "key_id"));
  ATTUNE_RETURN_IF_ERROR(ctx.store.RevokeApiKey(key_id));
  ctx.keys.Clear();
  return NoContent();
}

}  // namespace attune::http
