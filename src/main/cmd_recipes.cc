// `attune recipes`: lists the recipes this binary knows.
#include <cstdio>

#include "main/command.h"
#include "model/registry.h"

namespace attune {
namespace {

void SetupRecipes(CLI::App& sub, int& exit_code) {
  sub.callback([&exit_code] {
    for (const std::string& name : RecipeNames()) std::printf("%s\n", name.c_str());
    exit_code = 0;
  });
}

ATTUNE_COMMAND(kRecipesCommand, "recipes", "List the recipes (algorithms) this build offers", 90,
               SetupRecipes);

}  // namespace
}  // namespace attune
