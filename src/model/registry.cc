#include "model/registry.h"

#include "model/item_knn.h"
#include "model/als.h"
#include "model/ease.h"
#include "model/graph_filter.h"
#include "model/popularity.h"
#include "model/similar_items.h"
#include "model/trending.h"

namespace attune {
namespace {

using Factory = Result<std::unique_ptr<Recommender>> (*)(const Params&);

struct RecipeEntry {
  std::string_view name;
  Factory make;
};

// One row per recipe. Keep names in AWS Personalize's spelling where one exists.
constexpr RecipeEntry kRecipes[] = {
    {"popularity-count", &NewPopularityCount},
    {"graph-filter", &NewGraphFilter},
    {"ease", &NewEase},
    {"user-personalization", &NewAls},
    {"personalized-ranking", &NewPersonalizedRanking},
    {"item-knn", &NewItemKnn},
    {"trending-now", &NewTrendingNow},
    {"similar-items", &NewSimilarItems},
};

}  // namespace

Result<std::unique_ptr<Recommender>> MakeRecommender(std::string_view recipe,
                                                     const Params& params) {
  for (const RecipeEntry& entry : kRecipes) {
    if (entry.name == recipe) return entry.make(params);
  }
  std::string names;
  for (const RecipeEntry& entry : kRecipes) names += (names.empty() ? "" : ", ") + std::string(entry.name);
  return NotFound("unknown recipe \"" + std::string(recipe) + "\"; available: " + names);
}

std::vector<std::string> RecipeNames() {
  std::vector<std::string> names;
  for (const RecipeEntry& entry : kRecipes) names.emplace_back(entry.name);
  return names;
}

}  // namespace attune
