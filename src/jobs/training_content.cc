#include "jobs/training_content.h"

#include <nlohmann/json.hpp>

namespace attune {

TrainingContent ContentFromItemProperties(const std::vector<std::string>& properties_json) {
  ItemContentBuilder builder;
  TrainingContent result;
  for (size_t item = 0; item < properties_json.size(); ++item) {
    const nlohmann::json fields = nlohmann::json::parse(properties_json[item], nullptr, false);
    if (!fields.is_object()) continue;
    for (const auto& [name, value] : fields.items()) {
      if (!value.is_string()) continue;
      builder.AddField(static_cast<int32_t>(item), name, value.get<std::string>());
      result.has_content = true;
    }
  }
  result.content = builder.Build(static_cast<int32_t>(properties_json.size()));
  return result;
}

}  // namespace attune
