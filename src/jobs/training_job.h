// Training one solution version: snapshot -> sufficiency check -> (hyperparameter search on a
// validation slice of the training part) -> fit on the personalize split's train part and
// evaluate on its test users -> fit on all data -> model file -> version succeeded.
//
// The version row in the SolutionStore is the job's status: running with progress and stage
// while it works; then succeeded (model_path, metrics, params, search history), failed (message
// says why, e.g. too little data) or cancelled. Model files go to
// <data_dir>/models/<group>/<solution>/<version>.atm (model/model_file.h format).
// Negative events (hide/dismiss) are not in the model: serving reads them from the store.
// training_mode "update" is not built yet: the version fails with FailedPrecondition.
// Thread safety: RunTrainingVersion runs on the calling thread; several may run at once on
// different versions (the stores are thread safe).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "base/clock.h"
#include "base/status.h"
#include "eval/split.h"
#include "jobs/training_snapshot.h"
#include "model/recommender.h"
#include "store/solution_store.h"
#include "store/store.h"

namespace attune {

struct TrainingOptions {
  std::string data_dir;               // model files go under <data_dir>/models
  int threads = 0;                    // <= 0: all hardware threads
  SufficiencyOptions sufficiency;     // lower only in tests and demos
  PersonalizeSplitOptions split;      // the offline-metrics protocol
  const Clock* clock = nullptr;       // null: SystemClock::Default()
};

// The model file of a version.
std::string ModelPath(const std::string& data_dir, const std::string& group,
                      const std::string& solution, int64_t version_id);

// Trains version `version_id` (which must be queued) to a final status and returns it. The
// returned Status is an error only when the stores themselves fail; training failures are in the
// version's status and message. `progress` (may be empty) gets (fraction, stage) on this thread.
// Whether an `update` version of the solution can start: FailedPrecondition (saying what to do)
// when its recipe cannot be updated (only user-personalization and personalized-ranking can) or
// it has no succeeded version to start from; NotFound for an unknown solution.
Status CheckUpdatePossible(SolutionStore& solutions, std::string_view group, std::string_view solution);

Result<SolutionVersion> RunTrainingVersion(Store& store, SolutionStore& solutions, int64_t version_id,
                                           const TrainingOptions& options,
                                           const std::atomic<bool>* cancel, const ProgressFn& progress);

}  // namespace attune
