#include "eval/evaluator.h"

#include <algorithm>

#include "base/thread_pool.h"
#include "model/linalg/dense.h"
#include "model/registry.h"

namespace attune {
namespace {

// Per-thread scratch, sized on first use.
struct Scratch {
  std::vector<float> scores;
  std::vector<ScoredItem> top;
  std::vector<int32_t> ranked;
  std::vector<uint8_t> covered;
  int64_t scoring_micros = 0;
  int64_t ranking_micros = 0;
};

std::vector<int32_t> UsersWithTestItems(const CsrMatrix& test) {
  std::vector<int32_t> users;
  for (int32_t user = 0; user < test.rows; ++user) {
    if (test.RowSize(user) > 0) users.push_back(user);
  }
  return users;
}

class BlockEvaluator {
 public:
  BlockEvaluator(const Recommender& model, const Split& split, const std::vector<int32_t>& users,
                 MetricsTable& table, size_t block, const Clock& clock)
      : model_(model), split_(split), users_(users), table_(table), block_(block), clock_(clock) {}

  void Run(size_t block_idx, Scratch& scratch) const {
    const size_t begin = block_idx * block_;
    const size_t count = std::min(block_, users_.size() - begin);
    const size_t items = static_cast<size_t>(model_.num_items());
    scratch.scores.resize(block_ * items);
    if (scratch.covered.empty()) scratch.covered.assign(table_.CoverageMaskSize(), 0);
    const std::span<const int32_t> block_users(users_.data() + begin, count);
    const int64_t start = clock_.MonotonicMicros();
    model_.ScoreUsers(split_.history, block_users, std::span<float>(scratch.scores).first(count * items));
    const int64_t scored = clock_.MonotonicMicros();
    for (size_t row = 0; row < count; ++row) {
      RankUser(begin + row, std::span<float>(scratch.scores).subspan(row * items, items), scratch);
    }
    scratch.scoring_micros += scored - start;
    scratch.ranking_micros += clock_.MonotonicMicros() - scored;
  }

 private:
  void RankUser(size_t user_idx, std::span<float> scores, Scratch& scratch) const {
    const int32_t user = users_[user_idx];
    for (int32_t item : split_.history.RowIndices(user)) scores[static_cast<size_t>(item)] = kExcludedScore;
    if (split_.excluded.rows > 0) {
      for (int32_t item : split_.excluded.RowIndices(user)) scores[static_cast<size_t>(item)] = kExcludedScore;
    }
    SelectTopK(scores, table_.max_k(), scratch.top);
    scratch.ranked.clear();
    for (const ScoredItem& scored : scratch.top) scratch.ranked.push_back(scored.item);
    table_.Record(static_cast<int64_t>(user_idx), scratch.ranked, split_.test.RowIndices(user),
                  scratch.covered);
  }

  const Recommender& model_;
  const Split& split_;
  const std::vector<int32_t>& users_;
  MetricsTable& table_;
  size_t block_;
  const Clock& clock_;
};

Status CheckShapes(const Recommender& model, const Split& split) {
  if (split.history.cols != model.num_items() || split.test.cols != model.num_items() ||
      split.history.rows != split.test.rows) {
    return FailedPrecondition(
        "split and model disagree on the catalogue: model has " + std::to_string(model.num_items()) +
        " items, history " + std::to_string(split.history.rows) + "x" +
        std::to_string(split.history.cols) + ", test " + std::to_string(split.test.rows) + "x" +
        std::to_string(split.test.cols));
  }
  if (split.excluded.rows > 0 &&
      (split.excluded.rows != split.history.rows || split.excluded.cols != split.history.cols)) {
    return FailedPrecondition("split.excluded (negative events) is " + std::to_string(split.excluded.rows) +
                              "x" + std::to_string(split.excluded.cols) + " but history is " +
                              std::to_string(split.history.rows) + "x" + std::to_string(split.history.cols) +
                              "; build it from the same snapshot as the split");
  }
  return Status::Ok();
}

}  // namespace

const MetricsAtK* EvalResult::At(int k) const {
  for (const MetricsAtK& m : metrics) {
    if (m.k == k) return &m;
  }
  return nullptr;
}

Result<EvalResult> Evaluate(const Recommender& model, const Split& split,
                            const EvalOptions& options, const Clock& clock) {
  ATTUNE_RETURN_IF_ERROR(CheckShapes(model, split));
  ATTUNE_ASSIGN_OR_RETURN(std::vector<int> ks, NormalizeCutoffs(options.ks));
  const int64_t start = clock.MonotonicMicros();
  const std::vector<int32_t> users = UsersWithTestItems(split.test);
  if (users.empty()) return FailedPrecondition("the test set has no user with a test item");
  MetricsTable table(ks, static_cast<int64_t>(users.size()), model.num_items());
  // Caps each thread's score buffer near 64 MB, whatever the catalogue size.
  const size_t max_block = std::max<size_t>(1, (size_t{16} << 20) / std::max(1, model.num_items()));
  const size_t block = std::min(static_cast<size_t>(std::max(1, options.block_users)), max_block);
  const int threads = options.threads > 0 ? options.threads : HardwareThreads();
  std::vector<Scratch> scratch(static_cast<size_t>(threads));
  BlockEvaluator evaluator(model, split, users, table, block, clock);
  const size_t blocks = (users.size() + block - 1) / block;
  const linalg::ScopedBlasThreads one_blas_thread_per_block(1);  // the blocks run in parallel
  ParallelFor(0, blocks, threads,
              [&](int thread_idx, size_t block_idx) { evaluator.Run(block_idx, scratch[thread_idx]); },
              /*chunk=*/1);
  std::vector<uint8_t> covered(table.CoverageMaskSize(), 0);
  EvalResult result;
  for (const Scratch& s : scratch) {
    for (size_t i = 0; i < s.covered.size(); ++i) covered[i] |= s.covered[i];
    result.scoring_seconds += static_cast<double>(s.scoring_micros) / 1e6;
    result.ranking_seconds += static_cast<double>(s.ranking_micros) / 1e6;
  }
  result.users = static_cast<int64_t>(users.size());
  result.items = model.num_items();
  result.metrics = table.Finish(covered);
  result.eval_seconds = static_cast<double>(clock.MonotonicMicros() - start) / 1e6;
  return result;
}

Result<FitEvalReport> FitAndEvaluate(std::string_view recipe, const Params& params,
                                     const Split& split, const EvalOptions& options,
                                     const Clock& clock) {
  ATTUNE_ASSIGN_OR_RETURN(std::unique_ptr<Recommender> model, MakeRecommender(recipe, params));
  FitEvalReport report;
  report.recipe = std::string(recipe);
  report.params = params.ToString();
  TrainingData data;
  data.user_items = &split.train;
  data.interaction_times = split.train_times;
  data.threads = options.threads;
  const int64_t start = clock.MonotonicMicros();
  ATTUNE_RETURN_IF_ERROR(model->Fit(data).WithContext("fitting " + report.recipe));
  report.fit_seconds = static_cast<double>(clock.MonotonicMicros() - start) / 1e6;
  ATTUNE_ASSIGN_OR_RETURN(report.eval, Evaluate(*model, split, options, clock));
  return report;
}

}  // namespace attune
