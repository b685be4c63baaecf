#include "jobs/training_runner.h"

#include <algorithm>

#include "base/log.h"

namespace attune {

TrainingRunner::TrainingRunner(Store& store, SolutionStore& solutions, TrainingOptions options)
    : store_(store), solutions_(solutions), options_(std::move(options)) {
  worker_ = std::thread([this] { WorkerLoop(); });
}

TrainingRunner::~TrainingRunner() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    cancel_running_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

Result<SolutionVersion> TrainingRunner::Start(std::string_view group, std::string_view solution,
                                              std::string_view training_mode) {
  if (training_mode == "update") ATTUNE_RETURN_IF_ERROR(CheckUpdatePossible(solutions_, group, solution));
  if (training_mode != "full" && training_mode != "update") {
    return InvalidArgument("training_mode must be \"full\" or \"update\", got \"" + std::string(training_mode) + "\"");
  }
  ATTUNE_ASSIGN_OR_RETURN(SolutionVersion version, solutions_.CreateVersion(group, solution, training_mode));
  {
    std::lock_guard lock(mu_);
    queue_.push_back(version.id);
  }
  cv_.notify_all();
  return version;
}

Result<SolutionVersion> TrainingRunner::Cancel(int64_t version_id) {
  ATTUNE_ASSIGN_OR_RETURN(SolutionVersion version, solutions_.GetVersion(version_id));
  if (IsFinal(version.status)) {
    return FailedPrecondition("solution version " + std::to_string(version_id) + " is already " +
                              std::string(VersionStatusName(version.status)));
  }
  std::unique_lock lock(mu_);
  auto queued = std::find(queue_.begin(), queue_.end(), version_id);
  if (queued != queue_.end()) {
    queue_.erase(queued);
    lock.unlock();
    version.status = VersionStatus::kCancelled;
    version.message = "cancelled on request before it started";
    ATTUNE_RETURN_IF_ERROR(solutions_.UpdateVersion(version));
    cv_.notify_all();
    return version;
  }
  if (running_ == version_id) cancel_running_ = true;
  return version;  // the worker records "cancelled" when the job notices
}

void TrainingRunner::WaitIdle() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return queue_.empty() && running_ == 0; });
}

void TrainingRunner::MarkFailed(int64_t version_id, const std::string& message) {
  auto version = solutions_.GetVersion(version_id);
  if (!version.ok() || IsFinal(version->status)) return;
  version->status = VersionStatus::kFailed;
  version->message = message;
  Status ignored = solutions_.UpdateVersion(*version);  // nothing more to do if the store is down
  (void)ignored;
}

void TrainingRunner::WorkerLoop() {
  while (true) {
    int64_t version_id = 0;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      version_id = queue_.front();
      queue_.pop_front();
      running_ = version_id;
      cancel_running_ = false;
    }
    try {
      auto result = RunTrainingVersion(store_, solutions_, version_id, options_, &cancel_running_, {});
      if (!result.ok()) {
        LogWarn("training.version_error", {{"version", version_id}, {"error", result.status().ToString()}});
      }
    } catch (const std::exception& e) {  // last resort: a library threw inside a recipe
      LogWarn("training.version_exception", {{"version", version_id}, {"error", e.what()}});
      MarkFailed(version_id, std::string("internal error: ") + e.what());
    }
    {
      std::lock_guard lock(mu_);
      running_ = 0;
    }
    cv_.notify_all();
  }
}

}  // namespace attune
