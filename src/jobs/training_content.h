// Item content for training: the catalogue's item properties (TrainingSet::item_properties_json,
// one JSON object of declared fields per item) turned into ItemContent features
// (core/item_content.h), so that recipes that use content (user-personalization's projection)
// learn it in every training job. String fields are tokenised; numbers, booleans and nested
// values are not content. Items without catalogue rows ("{}") get empty rows.
// Thread safety: a pure function.
#pragma once

#include <string>
#include <vector>

#include "core/item_content.h"

namespace attune {

// nullopt-like: `has_content` is false when no item has any usable field.
struct TrainingContent {
  bool has_content = false;
  ItemContent content;
};

TrainingContent ContentFromItemProperties(const std::vector<std::string>& properties_json);

}  // namespace attune
