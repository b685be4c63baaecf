// The offline evaluator: ranks the full catalogue for every test user of a Split, with the user's
// history excluded, and averages the metrics of eval/metrics.h at each cutoff K.
//
// Users are scored in blocks through Recommender::ScoreUsers (so factor models do one
// matrix-matrix product per block), history items are set to kExcludedScore, and SelectTopK
// picks the best max(K) per user; equal scores rank the lower item index first (core/top_k.h),
// so results are reproducible. Blocks run in parallel with per-thread scratch; per-user metrics
// are summed in user order, so the numbers do not depend on the thread count.
// Thread safety: Evaluate only reads the model and split (the model's const methods must be
// thread safe, as recommender.h requires).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "eval/metrics.h"
#include "eval/split.h"
#include "model/params.h"
#include "model/recommender.h"

namespace attune {

struct EvalOptions {
  std::vector<int> ks = {20};  // cutoffs; any order, duplicates ignored
  int threads = 0;             // <= 0: all hardware threads
  int block_users = 256;       // users per ScoreUsers call: larger = better BLAS use, more memory
                               // (block_users * items floats per thread, capped near 64 MB)
};

struct EvalResult {
  int64_t users = 0;   // test users with at least one test item (the averaging population)
  int32_t items = 0;   // catalogue size
  std::vector<MetricsAtK> metrics;  // one per cutoff, ascending K
  double eval_seconds = 0;     // wall time of the whole evaluation
  double scoring_seconds = 0;  // ScoreUsers time, summed over threads
  double ranking_seconds = 0;  // masking + top-k + metrics, summed over threads

  // The entry for cutoff k, or nullptr.
  const MetricsAtK* At(int k) const;
};

Result<EvalResult> Evaluate(const Recommender& model, const Split& split,
                            const EvalOptions& options,
                            const Clock& clock = SystemClock::Default());

struct FitEvalReport {
  std::string recipe;
  std::string params;   // Params::ToString() of the parameters given
  double fit_seconds = 0;
  EvalResult eval;
};

// Builds `recipe` from the registry, fits it on split.train and evaluates it.
Result<FitEvalReport> FitAndEvaluate(std::string_view recipe, const Params& params,
                                     const Split& split, const EvalOptions& options,
                                     const Clock& clock = SystemClock::Default());

}  // namespace attune
