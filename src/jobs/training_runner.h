// TrainingRunner: asynchronous training for the HTTP API. Start() creates a queued version and
// returns at once; one worker thread trains queued versions in order (training saturates the
// cores, so running two at once would only slow both). Cancel() stops a queued version at once and
// a running one at its next check (between stages, and inside recipes that honour the flag).
// Status and progress are read from the SolutionStore (GetVersion), which the job keeps current.
// Ownership: borrows both stores, which must outlive the runner. The destructor cancels what is
// still running and joins the worker.
// Thread safety: all methods may be called from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "jobs/training_job.h"

namespace attune {

class TrainingRunner {
 public:
  TrainingRunner(Store& store, SolutionStore& solutions, TrainingOptions options);
  ~TrainingRunner();
  TrainingRunner(const TrainingRunner&) = delete;
  TrainingRunner& operator=(const TrainingRunner&) = delete;

  // Queues a new version of (group, solution). InvalidArgument for a mode other than full/update;
  // FailedPrecondition for update (not built yet); NotFound for an unknown solution.
  Result<SolutionVersion> Start(std::string_view group, std::string_view solution,
                                std::string_view training_mode);
  // Cancels a queued or running version. NotFound when unknown; FailedPrecondition when final.
  Result<SolutionVersion> Cancel(int64_t version_id);
  // Blocks until nothing is queued or running (tests and shutdown).
  void WaitIdle();

 private:
  void WorkerLoop();
  void MarkFailed(int64_t version_id, const std::string& message);

  Store& store_;
  SolutionStore& solutions_;
  TrainingOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<int64_t> queue_;
  int64_t running_ = 0;  // version id being trained, 0 when idle
  std::atomic<bool> cancel_running_{false};
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace attune
