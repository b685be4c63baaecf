// Reads a site written by `attune generate` (items.csv, interactions.csv) into dense arrays for
// the cold-start benchmark: stories in items.csv order, their creation times and content, and
// the positive interactions (every event type but hide) as (user, story, weight, time).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "core/item_content.h"

namespace attune::bench {

struct SiteEvent {
  int32_t user;
  int32_t item;
  float weight;
};

struct SiteData {
  std::vector<int64_t> item_created;  // by story index
  std::vector<std::string> item_category;
  ItemContent content;                // CATEGORY, TAGS, SOURCE, TITLE
  std::vector<SiteEvent> events;      // positives only
  int32_t num_users = 0;
};

Result<SiteData> ReadGeneratedSite(const std::string& dir);

}  // namespace attune::bench
