// JSON views of solutions and versions, shared by `attune train --json` and the HTTP API, and the
// check that a new solution's recipe, hyperparameters, events and search ranges make sense.
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "store/solution_store.h"

namespace attune {

// {"name", "group", "recipe", "hyperparameters", "events", "hyperparameter_search", "created_at"}
nlohmann::json SolutionToJson(const Solution& solution);

// {"id", "group", "solution", "training_mode", "status", "progress", "stage", "message",
//  "model_path", "metrics", "hyperparameters", "search_history", "num_users", "num_items",
//  "num_interactions", "data_sequence", "created_at", "started_at", "finished_at"}
nlohmann::json VersionToJson(const SolutionVersion& version);

// Builds a spec from the API's body {"name", "recipe", "hyperparameters": {k: v}, "events": {...},
// "hyperparameter_search": {...}} (group from the URL) and validates it with ValidateSolutionSpec.
Result<SolutionSpec> SolutionSpecFromJson(std::string_view group, const nlohmann::json& body);

// InvalidArgument/NotFound when the recipe is unknown, a hyperparameter is unknown or out of range,
// or the events or search JSON is malformed. Normalises events_json to the full table.
Status ValidateSolutionSpec(SolutionSpec& spec);

}  // namespace attune
