// The recipe registry: recipe name -> factory. The one place that knows every recipe, so the CLI,
// training jobs and model loading construct recipes by name.
// Thread safety: immutable table; safe from any thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/params.h"
#include "model/recommender.h"

namespace attune {

// A new, unfitted recommender for `recipe` with `params`. NotFound (listing the recipes) for an
// unknown name; InvalidArgument for a bad or unknown parameter.
Result<std::unique_ptr<Recommender>> MakeRecommender(std::string_view recipe, const Params& params);

// Every registered recipe name, in table order.
std::vector<std::string> RecipeNames();

}  // namespace attune
