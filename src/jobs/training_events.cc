#include "jobs/training_events.h"

#include <nlohmann/json.hpp>

namespace attune {
namespace {

using nlohmann::json;

Result<EventRule> ParseRule(const std::string& type, const json& value) {
  const std::string where = "events.event_types." + type;
  if (!value.is_object()) {
    return InvalidArgument(where + " must be an object like {\"weight\": 2, \"min_value\": 0.3}");
  }
  for (const auto& [key, ignored] : value.items()) {
    if (key != "weight" && key != "min_value" && key != "negative") {
      return InvalidArgument(where + ": unknown field \"" + key + "\"; use weight, min_value, negative");
    }
  }
  EventRule rule;
  try {
    rule.weight = value.value("weight", 1.0);
    rule.min_value = value.value("min_value", 0.0);
    rule.negative = value.value("negative", false);
  } catch (const json::exception&) {
    return InvalidArgument(where + ": weight and min_value must be numbers, negative true or false");
  }
  return rule;
}

Status ParseTop(const json& root, EventConfig& config) {
  try {
    config.default_weight = root.value("default_weight", config.default_weight);
    config.decay_half_life_days = root.value("decay_half_life_days", config.decay_half_life_days);
  } catch (const json::exception&) {
    return InvalidArgument("events: default_weight and decay_half_life_days must be numbers");
  }
  for (const auto& [key, ignored] : root.items()) {
    if (key != "event_types" && key != "default_weight" && key != "decay_half_life_days" && key != "defaults") {
      return InvalidArgument("events: unknown field \"" + key +
                             "\"; use event_types, default_weight, decay_half_life_days, defaults");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<EventConfig> ParseEventConfig(std::string_view text) {
  EventConfig config = EventConfig::NewsDefaults();
  if (text.empty()) return config;
  json root = json::parse(text, nullptr, false);
  if (root.is_discarded() || !root.is_object()) return InvalidArgument("events must be a JSON object");
  std::string defaults = root.value("defaults", std::string("news"));
  if (defaults == "none") {
    config.rules.clear();
  } else if (defaults != "news") {
    return InvalidArgument("events.defaults must be \"news\" or \"none\", got \"" + defaults + "\"");
  }
  ATTUNE_RETURN_IF_ERROR(ParseTop(root, config));
  if (root.contains("event_types")) {
    if (!root["event_types"].is_object()) return InvalidArgument("events.event_types must be an object");
    for (const auto& [type, value] : root["event_types"].items()) {
      ATTUNE_ASSIGN_OR_RETURN(config.rules[type], ParseRule(type, value));
    }
  }
  ATTUNE_RETURN_IF_ERROR(config.Validate());
  return config;
}

std::string EventConfigToJson(const EventConfig& config) {
  json types = json::object();
  for (const auto& [type, rule] : config.rules) {
    types[type] = {{"weight", rule.weight}, {"min_value", rule.min_value}, {"negative", rule.negative}};
  }
  json out = {{"defaults", "none"}, {"event_types", types}, {"default_weight", config.default_weight},
              {"decay_half_life_days", config.decay_half_life_days}};
  return out.dump();
}

}  // namespace attune
