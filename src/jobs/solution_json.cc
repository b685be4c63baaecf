#include "jobs/solution_json.h"

#include "jobs/hyperparameter_search.h"
#include "jobs/training_events.h"
#include "model/registry.h"

namespace attune {
namespace {

using nlohmann::json;

json ParseOr(const std::string& text, json fallback) {
  json parsed = json::parse(text, nullptr, false);
  return parsed.is_discarded() ? fallback : parsed;
}

Result<std::map<std::string, std::string>> ParamsFromJson(const json& object) {
  std::map<std::string, std::string> out;
  if (object.is_null()) return out;
  if (!object.is_object()) return InvalidArgument("hyperparameters must be an object like {\"factors\": 64}");
  for (const auto& [key, value] : object.items()) {
    if (value.is_object() || value.is_array() || value.is_null()) {
      return InvalidArgument("hyperparameters." + key + " must be a number, string or boolean");
    }
    out[key] = value.is_string() ? value.get<std::string>() : value.dump();
  }
  return out;
}

}  // namespace

json SolutionToJson(const Solution& s) {
  return {{"name", s.spec.name}, {"group", s.spec.group}, {"recipe", s.spec.recipe},
          {"hyperparameters", s.spec.params}, {"events", ParseOr(s.spec.events_json, json::object())},
          {"hyperparameter_search", ParseOr(s.spec.search_json, json::object())},
          {"created_at", s.created_at}};
}

json VersionToJson(const SolutionVersion& v) {
  return {{"id", v.id}, {"group", v.group}, {"solution", v.solution}, {"training_mode", v.training_mode},
          {"status", VersionStatusName(v.status)}, {"progress", v.progress}, {"stage", v.stage},
          {"message", v.message}, {"model_path", v.model_path}, {"metrics", v.metrics},
          {"hyperparameters", v.params}, {"search_history", ParseOr(v.search_json, json::array())},
          {"num_users", v.num_users}, {"num_items", v.num_items}, {"num_interactions", v.num_interactions},
          {"data_sequence", v.data_sequence}, {"created_at", v.created_at}, {"started_at", v.started_at},
          {"finished_at", v.finished_at}};
}

Result<SolutionSpec> SolutionSpecFromJson(std::string_view group, const json& body) {
  if (!body.is_object()) return InvalidArgument("the body must be a JSON object with name and recipe");
  for (const auto& [key, ignored] : body.items()) {
    if (key != "name" && key != "recipe" && key != "hyperparameters" && key != "events" &&
        key != "hyperparameter_search") {
      return InvalidArgument("unknown field \"" + key +
                             "\"; use name, recipe, hyperparameters, events, hyperparameter_search");
    }
  }
  if (!body.contains("name") || !body["name"].is_string()) return InvalidArgument("name: a string is required");
  if (!body.contains("recipe") || !body["recipe"].is_string()) {
    return InvalidArgument("recipe: a string is required, e.g. \"user-personalization\"");
  }
  SolutionSpec spec;
  spec.group = std::string(group);
  spec.name = body["name"].get<std::string>();
  spec.recipe = body["recipe"].get<std::string>();
  ATTUNE_ASSIGN_OR_RETURN(spec.params, ParamsFromJson(body.value("hyperparameters", json())));
  spec.events_json = body.value("events", json::object()).dump();
  spec.search_json = body.value("hyperparameter_search", json::object()).dump();
  ATTUNE_RETURN_IF_ERROR(ValidateSolutionSpec(spec));
  return spec;
}

Status ValidateSolutionSpec(SolutionSpec& spec) {
  Params params;
  for (const auto& [key, value] : spec.params) params.Set(key, value);
  ATTUNE_RETURN_IF_ERROR(MakeRecommender(spec.recipe, params).status().WithContext("hyperparameters"));
  ATTUNE_ASSIGN_OR_RETURN(EventConfig events, ParseEventConfig(spec.events_json));
  spec.events_json = EventConfigToJson(events);
  ATTUNE_RETURN_IF_ERROR(ParseSearchSpec(spec.search_json).status());
  return Status::Ok();
}

}  // namespace attune
