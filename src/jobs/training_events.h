// The events configuration of a solution as JSON (what the HTTP API and the CLI accept):
//   {"event_types": {"read": {"weight": 2, "min_value": 0.3},
//                    "hide": {"negative": true}},
//    "default_weight": 1, "decay_half_life_days": 30, "defaults": "news"}
// Starts from EventConfig::NewsDefaults() ("defaults": "none" starts from an empty table); each
// listed event type replaces that type's rule (missing fields: weight 1, min_value 0, positive).
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "jobs/training_snapshot.h"

namespace attune {

// "" and "{}" give the news defaults. InvalidArgument naming the field when something is wrong.
Result<EventConfig> ParseEventConfig(std::string_view json);

// The full table (defaults expanded), so a stored solution says exactly what it trains on.
std::string EventConfigToJson(const EventConfig& config);

}  // namespace attune
