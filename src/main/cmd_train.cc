// `attune train`: trains a new version of a solution (creating the solution when --recipe is
// given and it does not exist yet), with a progress bar, and prints the version's metrics.
#include <iostream>

#include <nlohmann/json.hpp>

#include "jobs/solution_json.h"
#include "jobs/training_job.h"
#include "main/command.h"
#include "main/progress_bar.h"
#include "main/verb_options.h"
#include "store/solution_store.h"
#include "store/store.h"

namespace attune {
namespace {

struct TrainFlags {
  std::string group, solution, recipe, events, search, mode = "full", data_dir;
  std::vector<std::string> params;
  int threads = 0;
  int64_t min_interactions = 1000, min_users = 25;
  bool json = false;
};

// The solution named by the flags: existing, or created from --recipe/--param/--events/--search.
Result<Solution> FindOrCreate(SolutionStore& solutions, const TrainFlags& flags) {
  Result<Solution> existing = solutions.GetSolution(flags.group, flags.solution);
  bool defines = !flags.params.empty() || !flags.events.empty() || !flags.search.empty();
  if (existing.ok()) {
    if ((!flags.recipe.empty() && flags.recipe != existing->spec.recipe) || defines) {
      return FailedPrecondition("solution \"" + flags.solution + "\" already exists with recipe " +
                                existing->spec.recipe + "; a solution's settings are fixed, so drop "
                                "--recipe/--param/--events/--search or pick a new --solution name");
    }
    return existing;
  }
  if (existing.status().code() != StatusCode::kNotFound) return existing.status();
  if (flags.recipe.empty()) {
    return NotFound(existing.status().message() + "; pass --recipe (and --param k=v) to create it");
  }
  ATTUNE_ASSIGN_OR_RETURN(Params params, Params::FromStrings(flags.params));
  SolutionSpec spec{flags.group, flags.solution, flags.recipe, params.values(),
                    flags.events.empty() ? "{}" : flags.events, flags.search.empty() ? "{}" : flags.search};
  ATTUNE_RETURN_IF_ERROR(ValidateSolutionSpec(spec));
  ATTUNE_ASSIGN_OR_RETURN(Solution created, solutions.CreateSolution(spec));
  std::fprintf(stderr, "created solution \"%s\" (recipe %s)\n", flags.solution.c_str(), flags.recipe.c_str());
  return created;
}

Result<SolutionVersion> Train(const TrainFlags& flags) {
  if (flags.mode != "full" && flags.mode != "update") return InvalidArgument("--mode must be full or update, got \"" + flags.mode + "\"");
  ATTUNE_ASSIGN_OR_RETURN(ServerOptions config, LoadVerbOptions({"", flags.data_dir}));
  StoreOptions store_options;
  store_options.location = config.data_dir;
  ATTUNE_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(store_options));
  ATTUNE_ASSIGN_OR_RETURN(std::unique_ptr<SolutionStore> solutions, OpenSolutionStore(store_options));
  ATTUNE_RETURN_IF_ERROR(store->GetGroup(flags.group).status());
  ATTUNE_RETURN_IF_ERROR(FindOrCreate(*solutions, flags).status());
  if (flags.mode == "update") ATTUNE_RETURN_IF_ERROR(CheckUpdatePossible(*solutions, flags.group, flags.solution));
  ATTUNE_ASSIGN_OR_RETURN(SolutionVersion version, solutions->CreateVersion(flags.group, flags.solution, flags.mode));
  TrainingOptions options;
  options.data_dir = config.data_dir;
  options.threads = flags.threads;
  options.sufficiency = {flags.min_interactions, flags.min_users};
  ProgressBar bar("train");
  auto done = RunTrainingVersion(*store, *solutions, version.id, options, nullptr,
                                 [&bar](double fraction, std::string_view) {
                                   bar.Update(static_cast<uint64_t>(fraction * 1000), 1000);
                                 });
  bar.Finish();
  return done;
}

void PrintHuman(const SolutionVersion& v) {
  std::printf("version %lld %s: %s\n", static_cast<long long>(v.id),
              std::string(VersionStatusName(v.status)).c_str(), v.message.c_str());
  if (v.status != VersionStatus::kSucceeded) return;
  std::printf("model: %s\n", v.model_path.c_str());
  for (const auto& [key, value] : v.params) std::printf("param %s=%s\n", key.c_str(), value.c_str());
  for (const auto& [name, value] : v.metrics) std::printf("%-45s %.4f\n", name.c_str(), value);
}

int RunTrainCommand(const TrainFlags& flags) {
  Result<SolutionVersion> version = Train(flags);
  if (!version.ok()) {
    std::fprintf(stderr, "attune train: %s\n", version.status().message().c_str());
    return version.status().code() == StatusCode::kInvalidArgument ? 2 : 1;
  }
  if (flags.json) {
    std::cout << VersionToJson(*version).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    PrintHuman(*version);
  }
  return version->status == VersionStatus::kSucceeded ? 0 : 1;
}

void SetupTrain(CLI::App& sub, int& exit_code) {
  auto flags = std::make_shared<TrainFlags>();
  sub.add_option("--group", flags->group, "Dataset group")->required();
  sub.add_option("--solution", flags->solution, "Solution name (created with --recipe when missing)")->required();
  sub.add_option("--recipe", flags->recipe, "Recipe of a new solution (see `attune recipes`)");
  sub.add_option("--param", flags->params, "Hyperparameter of a new solution, key=value (repeatable)");
  sub.add_option("--events", flags->events,
                 "Events configuration of a new solution, JSON, e.g. "
                 "'{\"event_types\":{\"read\":{\"weight\":2,\"min_value\":0.3}},\"decay_half_life_days\":30}'");
  sub.add_option("--search", flags->search,
                 "Hyperparameter search of a new solution, JSON, e.g. "
                 "'{\"ranges\":{\"factors\":[32,256]},\"max_trials\":10,\"max_seconds\":600}'");
  sub.add_option("--mode", flags->mode, "full (train from scratch) or update (fold the newest readers and stories into the live version; user-personalization and personalized-ranking)")->capture_default_str();
  sub.add_option("--threads", flags->threads, "Training threads (0: all cores)")->capture_default_str();
  sub.add_option("--min-interactions", flags->min_interactions,
                 "Refuse to train below this many interactions (lower only for demos)")->capture_default_str();
  sub.add_option("--min-users", flags->min_users,
                 "Refuse to train below this many users with two or more items")->capture_default_str();
  sub.add_flag("--json", flags->json, "Print the version as one JSON object");
  AddDataDirOption(sub, flags->data_dir);
  sub.callback([flags, &exit_code] { exit_code = RunTrainCommand(*flags); });
}

ATTUNE_COMMAND(kTrainCommand, "train", "Train a new version of a solution and report its metrics", 30,
               SetupTrain);

}  // namespace
}  // namespace attune
