// The offline metrics stored with a solution version, under AWS Personalize's names where it has
// them (coverage, mean_reciprocal_rank_at_25, normalized_discounted_cumulative_gain_at_5/10/25,
// precision_at_5/10/25) plus recall_at_K and hit_rate_at_K for K in 5, 10, 25.
// Thread safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "eval/evaluator.h"

namespace attune {

// The cutoffs Evaluate must be run with for TrainingMetrics: 5, 10, 25.
std::vector<int> TrainingMetricCutoffs();

// FailedPrecondition when `result` lacks one of TrainingMetricCutoffs().
Result<std::map<std::string, double>> TrainingMetrics(const EvalResult& result);

}  // namespace attune
