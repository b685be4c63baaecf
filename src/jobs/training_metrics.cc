#include "jobs/training_metrics.h"

namespace attune {

std::vector<int> TrainingMetricCutoffs() { return {5, 10, 25}; }

Result<std::map<std::string, double>> TrainingMetrics(const EvalResult& result) {
  ATTUNE_ASSIGN_OR_RETURN(auto metrics, PersonalizeMetrics(result.metrics));
  for (int k : TrainingMetricCutoffs()) {
    const MetricsAtK* at = result.At(k);
    if (at == nullptr) return FailedPrecondition("evaluation lacks cutoff " + std::to_string(k));
    metrics["recall_at_" + std::to_string(k)] = at->recall;
    metrics["hit_rate_at_" + std::to_string(k)] = at->hit_rate;
  }
  return metrics;
}

}  // namespace attune
