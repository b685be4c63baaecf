#include "jobs/training_job.h"

#include <filesystem>

#include "base/log.h"
#include "eval/evaluator.h"
#include "jobs/hyperparameter_search.h"
#include "jobs/training_content.h"
#include "jobs/training_events.h"
#include "jobs/training_metrics.h"
#include "model/als.h"
#include "model/model_file.h"
#include "model/registry.h"

namespace attune {
namespace {

// Where each stage sits on the version's 0..1 progress scale.
constexpr double kSnapshotEnd = 0.10, kSearchEnd = 0.45, kEvalEnd = 0.70, kFitEnd = 0.97;

// Mirrors progress into the version row (at most every 2% or on a new stage) and the callback.
class Reporter {
 public:
  Reporter(SolutionStore& solutions, SolutionVersion& version, const ProgressFn& callback)
      : solutions_(solutions), version_(version), callback_(callback) {}

  void Report(double fraction, std::string_view stage) {
    version_.progress = fraction;
    bool new_stage = version_.stage != stage;
    version_.stage = std::string(stage);
    if (callback_) callback_(fraction, stage);
    if (new_stage || fraction - written_ >= 0.02) {
      written_ = fraction;
      Status ignored = solutions_.UpdateVersion(version_);  // progress is best effort
      (void)ignored;
    }
  }
  // A ProgressFn mapping a sub-task's 0..1 onto [begin, end] of the whole.
  ProgressFn Span(double begin, double end, std::string prefix) {
    return [this, begin, end, prefix](double f, std::string_view stage) {
      Report(begin + (end - begin) * f, prefix + (stage.empty() ? "" : ": ") + std::string(stage));
    };
  }

 private:
  SolutionStore& solutions_;
  SolutionVersion& version_;
  const ProgressFn& callback_;
  double written_ = -1;
};

struct Job {
  Store& store;
  SolutionStore& solutions;
  const TrainingOptions& options;
  const Clock& clock;
  const std::atomic<bool>* cancel;
  SolutionVersion& version;
  Reporter& reporter;
};

Status CheckCancel(const Job& job) {
  if (job.cancel != nullptr && job.cancel->load()) return Cancelled("cancelled on request");
  return Status::Ok();
}

// One event per (user, item) pair: its decayed weight at its newest time.
InteractionLog ToLog(const TrainingSet& set) {
  InteractionLog log;
  log.num_users = set.weights.rows;
  log.num_items = set.weights.cols;
  for (int32_t user = 0; user < set.weights.rows; ++user) {
    for (int64_t entry = set.weights.indptr[user]; entry < set.weights.indptr[user + 1]; ++entry) {
      log.users.push_back(user);
      log.items.push_back(set.weights.indices[static_cast<size_t>(entry)]);
      log.weights.push_back(set.weights.values[static_cast<size_t>(entry)]);
      log.timestamps.push_back(set.last_time[static_cast<size_t>(entry)]);
    }
  }
  return log;
}

Params ToParams(const std::map<std::string, std::string>& values) {
  Params params;
  for (const auto& [key, value] : values) params.Set(key, value);
  return params;
}

Result<std::unique_ptr<Recommender>> Fit(const Job& job, const std::string& recipe, const Params& params,
                                         const CsrMatrix& matrix, std::span<const int64_t> times,
                                         const TrainingContent& content, ProgressFn progress) {
  ATTUNE_ASSIGN_OR_RETURN(auto model, MakeRecommender(recipe, params));
  TrainingData data;
  data.user_items = &matrix;
  data.interaction_times = times;
  if (content.has_content) data.item_content = &content.content;
  data.threads = job.options.threads;
  data.progress = std::move(progress);
  data.cancel = job.cancel;
  ATTUNE_RETURN_IF_ERROR(model->Fit(data));
  return model;
}

// Chooses the hyperparameters: the solution's own, or the best of a search on `train`.
Status ChooseParams(const Job& job, const Solution& solution, const CsrMatrix& train) {
  ATTUNE_ASSIGN_OR_RETURN(SearchSpec spec, ParseSearchSpec(solution.spec.search_json));
  job.version.params = solution.spec.params;
  if (spec.ranges.empty()) return Status::Ok();
  ATTUNE_ASSIGN_OR_RETURN(SearchResult search,
                          RunSearch(solution.spec.recipe, ToParams(solution.spec.params), spec, train,
                                    job.clock, job.options.threads, job.cancel,
                                    job.reporter.Span(kSnapshotEnd, kSearchEnd, "search")));
  job.version.params = search.best_params;
  job.version.search_json = search.ToJson();
  LogInfo("training.search_done", {{"version", job.version.id}, {"trials", int64_t(search.trials.size())},
                                   {"best_score", search.best_score}});
  return Status::Ok();
}

Status EvaluateVersion(const Job& job, const Solution& solution, const Split& split,
                       const TrainingContent& content) {
  ATTUNE_ASSIGN_OR_RETURN(auto model, Fit(job, solution.spec.recipe, ToParams(job.version.params), split.train,
                                          split.train_times, content, job.reporter.Span(kSearchEnd, kEvalEnd, "evaluating")));
  EvalOptions eval;
  eval.ks = TrainingMetricCutoffs();
  eval.threads = job.options.threads;
  ATTUNE_ASSIGN_OR_RETURN(EvalResult result, Evaluate(*model, split, eval, job.clock));
  ATTUNE_ASSIGN_OR_RETURN(job.version.metrics, TrainingMetrics(result));
  return Status::Ok();
}

Status SaveVersionModel(const Job& job, const Recommender& model, const CsrMatrix& weights) {
  std::string path = ModelPath(job.options.data_dir, job.version.group, job.version.solution, job.version.id);
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), error);
  if (error) return Unavailable("cannot create the model directory for " + path + ": " + error.message());
  ModelFileInfo info{DataFingerprint(weights), job.clock.NowSeconds(),
                     "solution " + job.version.solution + " version " + std::to_string(job.version.id)};
  ATTUNE_RETURN_IF_ERROR(SaveModel(model, info, path));
  job.version.model_path = path;
  return Status::Ok();
}

Status FitAndSave(const Job& job, const Solution& solution, const TrainingSet& set,
                  const TrainingContent& content) {
  ATTUNE_ASSIGN_OR_RETURN(auto model, Fit(job, solution.spec.recipe, ToParams(job.version.params), set.weights,
                                          set.last_time, content, job.reporter.Span(kEvalEnd, kFitEnd, "fitting")));
  ATTUNE_RETURN_IF_ERROR(CheckCancel(job));
  return SaveVersionModel(job, *model, set.weights);
}

bool RecipeCanUpdate(std::string_view recipe) {
  return recipe == "user-personalization" || recipe == "personalized-ranking";
}

// The newest succeeded version of the solution with a model file: what `update` starts from.
Result<SolutionVersion> LiveVersion(SolutionStore& solutions, std::string_view group, std::string_view solution) {
  ATTUNE_ASSIGN_OR_RETURN(auto versions, solutions.ListVersions(group, solution));
  for (const SolutionVersion& v : versions) {
    if (v.status == VersionStatus::kSucceeded && !v.model_path.empty()) return v;
  }
  return FailedPrecondition("training_mode update needs a trained version of solution \"" +
                            std::string(solution) + "\" to start from; train a full version first");
}

// Update mode: the live version's model with the readers and stories that arrived since folded
// in (Als::UpdateFrom), in seconds. No offline metrics: the personalize split's test events are
// folded in too, so any number would be inflated; the full version's metrics stand.
Status TrainUpdate(const Job& job, const Solution& solution) {
  ATTUNE_RETURN_IF_ERROR(CheckUpdatePossible(job.solutions, job.version.group, job.version.solution));
  ATTUNE_ASSIGN_OR_RETURN(SolutionVersion live, LiveVersion(job.solutions, job.version.group, job.version.solution));
  ATTUNE_ASSIGN_OR_RETURN(LoadedModel loaded, LoadModel(live.model_path));
  const auto* previous = dynamic_cast<const Als*>(loaded.model.get());
  if (previous == nullptr) return Internal("the live model of an updatable recipe is not a factor model");
  job.reporter.Report(0.0, "reading the training snapshot");
  ATTUNE_ASSIGN_OR_RETURN(EventConfig events, ParseEventConfig(solution.spec.events_json));
  ATTUNE_ASSIGN_OR_RETURN(TrainingSet set, BuildTrainingSet(job.store, job.version.group, events, job.clock));
  job.version.num_users = set.weights.rows;
  job.version.num_items = set.weights.cols;
  job.version.num_interactions = set.events_used;
  job.version.data_sequence = set.last_sequence;
  job.version.params = live.params;
  job.reporter.Report(kSnapshotEnd, "folding in");
  ATTUNE_ASSIGN_OR_RETURN(auto made, MakeRecommender(solution.spec.recipe, ToParams(live.params)));
  auto* model = dynamic_cast<Als*>(made.get());
  if (model == nullptr) return Internal("recipe " + solution.spec.recipe + " changed type between versions");
  const TrainingContent content = ContentFromItemProperties(set.item_properties_json);
  TrainingData data;
  data.user_items = &set.weights;
  data.interaction_times = set.last_time;
  if (content.has_content) data.item_content = &content.content;
  data.threads = job.options.threads;
  ATTUNE_RETURN_IF_ERROR(model->UpdateFrom(*previous, data).WithContext("update from version " +
                                                                        std::to_string(live.id)));
  ATTUNE_RETURN_IF_ERROR(CheckCancel(job));
  return SaveVersionModel(job, *model, set.weights);
}

Status Train(const Job& job, const Solution& solution) {
  if (job.version.training_mode == "update") return TrainUpdate(job, solution);
  if (job.version.training_mode != "full") {
    return InvalidArgument("training_mode " + job.version.training_mode + " is not known; use full or update");
  }
  job.reporter.Report(0.0, "reading the training snapshot");
  ATTUNE_ASSIGN_OR_RETURN(EventConfig events, ParseEventConfig(solution.spec.events_json));
  ATTUNE_ASSIGN_OR_RETURN(TrainingSet set, BuildTrainingSet(job.store, job.version.group, events, job.clock));
  job.version.num_users = set.weights.rows;
  job.version.num_items = set.weights.cols;
  job.version.num_interactions = set.events_used;
  job.version.data_sequence = set.last_sequence;
  ATTUNE_RETURN_IF_ERROR(CheckDataSufficiency(set, job.options.sufficiency));
  ATTUNE_ASSIGN_OR_RETURN(Split split, PersonalizeSplit(ToLog(set), job.options.split));
  split.excluded = set.negatives;  // hidden/dismissed stories are never recommended, so not scored
  job.reporter.Report(kSnapshotEnd, "snapshot ready");
  ATTUNE_RETURN_IF_ERROR(ChooseParams(job, solution, split.train));
  ATTUNE_RETURN_IF_ERROR(CheckCancel(job));
  // Item content from the catalogue, aligned with the item indices of the snapshot and the split.
  const TrainingContent content = ContentFromItemProperties(set.item_properties_json);
  ATTUNE_RETURN_IF_ERROR(EvaluateVersion(job, solution, split, content));
  ATTUNE_RETURN_IF_ERROR(CheckCancel(job));
  return FitAndSave(job, solution, set, content);
}

void Finish(SolutionVersion& version, const Status& status) {
  if (status.ok()) {
    version.status = VersionStatus::kSucceeded;
    version.progress = 1.0;
    version.stage = "done";
    version.message = "trained on " + std::to_string(version.num_interactions) + " interactions of " +
                      std::to_string(version.num_users) + " users and " + std::to_string(version.num_items) +
                      " items";
  } else {
    version.status = status.code() == StatusCode::kCancelled ? VersionStatus::kCancelled : VersionStatus::kFailed;
    version.message = status.ToString();
  }
}

}  // namespace

std::string ModelPath(const std::string& data_dir, const std::string& group, const std::string& solution,
                      int64_t version_id) {
  return data_dir + "/models/" + group + "/" + solution + "/" + std::to_string(version_id) + ".atm";
}

Status CheckUpdatePossible(SolutionStore& solutions, std::string_view group, std::string_view solution) {
  ATTUNE_ASSIGN_OR_RETURN(Solution found, solutions.GetSolution(group, solution));
  if (!RecipeCanUpdate(found.spec.recipe)) {
    return FailedPrecondition("training_mode update is available for user-personalization and "
                              "personalized-ranking; solution \"" + std::string(solution) + "\" uses " +
                              found.spec.recipe + ": train full");
  }
  return LiveVersion(solutions, group, solution).status();
}

Result<SolutionVersion> RunTrainingVersion(Store& store, SolutionStore& solutions, int64_t version_id,
                                           const TrainingOptions& options,
                                           const std::atomic<bool>* cancel, const ProgressFn& progress) {
  ATTUNE_ASSIGN_OR_RETURN(SolutionVersion version, solutions.GetVersion(version_id));
  if (version.status != VersionStatus::kQueued) {
    return FailedPrecondition("solution version " + std::to_string(version_id) + " is " +
                              std::string(VersionStatusName(version.status)) + ", not queued");
  }
  ATTUNE_ASSIGN_OR_RETURN(Solution solution, solutions.GetSolution(version.group, version.solution));
  version.status = VersionStatus::kRunning;
  ATTUNE_RETURN_IF_ERROR(solutions.UpdateVersion(version));
  const Clock& clock = options.clock ? *options.clock : SystemClock::Default();
  Reporter reporter(solutions, version, progress);
  Job job{store, solutions, options, clock, cancel, version, reporter};
  Status status = Train(job, solution);
  Finish(version, status);
  LogInfo("training.version_finished", {{"version", version.id}, {"status", VersionStatusName(version.status)},
                                        {"message", version.message}});
  ATTUNE_RETURN_IF_ERROR(solutions.UpdateVersion(version));
  return version;
}

}  // namespace attune
