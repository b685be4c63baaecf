// Hyperparameter search: random search over declared ranges within a budget of trials and time,
// scored on a validation slice carved out of the training data only (eval's CarveValidation), so
// the test users of the version's offline metrics are never seen while tuning.
//
// Search JSON (a solution's "hyperparameter_search"; "{}" or empty = no search):
//   {"ranges": {"factors": [32, 256],                                   // int range (both ints)
//               "regularization": {"min": 0.001, "max": 1, "log": true}, // double, log-uniform
//               "alpha": {"choices": [1, 10, 40]}},                      // pick one
//    "max_trials": 10, "max_seconds": 600, "seed": 1,
//    "metric": "normalized_discounted_cumulative_gain_at_10"}
// Fixed params of the solution apply to every trial; a range overrides a fixed value of its name.
// Trials are drawn from a seeded generator, so the same spec and data give the same history.
// Thread safety: RunSearch is reentrant; it runs trials one after another on the calling thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "core/csr_matrix.h"
#include "model/params.h"
#include "model/recommender.h"

namespace attune {

struct ParamRange {
  enum class Kind { kInt, kDouble, kChoice };
  std::string name;
  Kind kind = Kind::kDouble;
  double min = 0, max = 0;
  bool log = false;                  // sample log-uniformly (min must be > 0)
  std::vector<std::string> choices;  // kChoice: values as text
};

struct SearchSpec {
  std::vector<ParamRange> ranges;  // empty: no search
  int max_trials = 10;             // at least 1
  double max_seconds = 600;        // no new trial starts after this much wall time
  uint64_t seed = 1;
  // Which validation metric to maximise: one of the names of TrainingMetrics().
  std::string metric = "normalized_discounted_cumulative_gain_at_10";
};

// InvalidArgument naming the field ("hyperparameter_search.ranges.factors: min > max") when bad.
Result<SearchSpec> ParseSearchSpec(std::string_view json);

struct Trial {
  std::map<std::string, std::string> params;  // the sampled values only
  double score = 0;                           // the metric on the validation slice
  double seconds = 0;                         // fit + evaluate wall time
  std::string error;                          // non-empty when the recipe rejected the values
};

struct SearchResult {
  std::map<std::string, std::string> best_params;  // fixed params + the best trial's values
  double best_score = 0;
  std::vector<Trial> trials;
  std::string ToJson() const;  // [{"params": {...}, "score": x, "seconds": s, "error": "..."}]
};

// Samples up to spec.max_trials parameter sets (stopping early on time or cancel), fits `recipe`
// on a validation carve of `train` for each and keeps the best. FailedPrecondition when every
// trial failed; Cancelled when `cancel` became true.
Result<SearchResult> RunSearch(std::string_view recipe, const Params& fixed, const SearchSpec& spec,
                               const CsrMatrix& train, const Clock& clock, int threads,
                               const std::atomic<bool>* cancel, const ProgressFn& progress);

}  // namespace attune
