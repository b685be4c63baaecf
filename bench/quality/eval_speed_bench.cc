// eval_speed_bench: how long the evaluator takes on the full Gowalla protocol (29,858 users x
// 40,981 items, full ranking, top 20) for a 64-factor model, without waiting for a trained one:
// RandomFactorModel has random user and item factors and scores a block of users with one
// cblas_sgemm, as a factor recipe must. Prints the evaluation's wall time, where it goes (scoring
// vs masking + top-k), and the arithmetic floor measured in the same run: one sgemm of all users
// against all items on one thread.
//   eval_speed_bench [threads=2] [block_users=256] [factors=64]
// Run with OPENBLAS_NUM_THREADS=1: the evaluator already runs one block per thread.
#include <cblas.h>

#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "base/clock.h"
#include "eval/dataset_files.h"
#include "eval/evaluator.h"

namespace attune {
namespace {

class RandomFactorModel final : public Recommender {
 public:
  RandomFactorModel(int32_t users, int32_t items, int factors)
      : items_(items), factors_(factors), user_factors_(Random(users * factors, 1)),
        item_factors_(Random(items * factors, 2)) {}

  std::string_view recipe() const override { return "random-factors"; }
  const Params& params() const override { return params_; }
  Status Fit(const TrainingData&) override { return Status::Ok(); }
  int32_t num_items() const override { return items_; }
  void ScoreUsers(const CsrMatrix&, std::span<const int32_t> users,
                  std::span<float> out) const override {
    thread_local std::vector<float> block;
    block.resize(users.size() * factors_);
    for (size_t row = 0; row < users.size(); ++row) {
      std::copy_n(user_factors_.begin() + users[row] * factors_, factors_, block.begin() + row * factors_);
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(users.size()), items_,
                factors_, 1.0f, block.data(), factors_, item_factors_.data(), factors_, 0.0f,
                out.data(), items_);
  }
  void SaveBody(ModelWriter&) const override {}
  Status LoadBody(ModelReader&) override { return Status::Ok(); }
  const std::vector<float>& user_factors() const { return user_factors_; }
  const std::vector<float>& item_factors() const { return item_factors_; }

 private:
  static std::vector<float> Random(size_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.0f, 0.1f);
    std::vector<float> values(n);
    for (float& v : values) v = normal(rng);
    return values;
  }
  int32_t items_;
  int factors_;
  Params params_;
  std::vector<float> user_factors_, item_factors_;
};

// CPU seconds used by the whole process so far: on a shared, oversubscribed machine wall time
// measures the neighbours too; CPU time / threads is what the run costs on idle cores.
double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// One sgemm of all users x all items in chunks of 1024 users (the arithmetic floor, one thread).
double SgemmFloorSeconds(const RandomFactorModel& model, int32_t users, int factors) {
  const int32_t items = model.num_items();
  const int32_t chunk = 1024;
  std::vector<float> out(static_cast<size_t>(chunk) * items);
  const int64_t start = SystemClock::Default().MonotonicMicros();
  for (int32_t begin = 0; begin < users; begin += chunk) {
    const int rows = std::min(chunk, users - begin);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, items, factors, 1.0f,
                model.user_factors().data() + static_cast<size_t>(begin) * factors, factors,
                model.item_factors().data(), factors, 0.0f, out.data(), items);
  }
  return static_cast<double>(SystemClock::Default().MonotonicMicros() - start) / 1e6;
}

int Run(int argc, char** argv) {
  const int threads = argc > 1 ? std::atoi(argv[1]) : 2;
  const int block = argc > 2 ? std::atoi(argv[2]) : 256;
  const int factors = argc > 3 ? std::atoi(argv[3]) : 64;
  const std::string dir = std::string(ATTUNE_SHARED_DIR) + "/datasets/gowalla-lightgcn/";
  auto train = ReadLightGcnFile(dir + "train.txt");
  auto test = ReadLightGcnFile(dir + "test.txt");
  if (!train.ok() || !test.ok()) {
    std::fprintf(stderr, "%s\n", (train.ok() ? test.status() : train.status()).ToString().c_str());
    return 1;
  }
  const Split split = SplitFromFiles(*train, *test);
  const RandomFactorModel model(split.train.rows, split.train.cols, factors);
  EvalOptions options;
  options.ks = {20};
  options.threads = threads;
  options.block_users = block;
  const double cpu_start = ProcessCpuSeconds();
  auto result = Evaluate(model, split, options);
  const double eval_cpu = ProcessCpuSeconds() - cpu_start;
  if (!result.ok()) {
    std::fprintf(stderr, "%s\n", result.status().ToString().c_str());
    return 1;
  }
  const double floor_cpu_start = ProcessCpuSeconds();
  const double floor = SgemmFloorSeconds(model, split.train.rows, factors);
  const double floor_cpu = ProcessCpuSeconds() - floor_cpu_start;
  std::printf("users %lld items %d factors %d threads %d block %d\n",
              static_cast<long long>(result->users), result->items, factors, threads, block);
  std::printf("eval_seconds %.3f (wall)\nscoring_seconds %.3f ranking_seconds %.3f (summed over threads)\n",
              result->eval_seconds, result->scoring_seconds, result->ranking_seconds);
  std::printf("eval_cpu_seconds %.3f (process CPU during Evaluate, all threads)\n", eval_cpu);
  std::printf("sgemm_floor_seconds %.3f wall, %.3f CPU (one thread, same run)\n", floor, floor_cpu);
  std::printf("ratio eval/floor wall %.2f, CPU %.2f\n", result->eval_seconds / floor,
              eval_cpu / floor_cpu);
  std::printf("recall@20 %.7f (random factors: near chance)\n", result->At(20)->recall);
  return 0;
}

}  // namespace
}  // namespace attune

int main(int argc, char** argv) { return attune::Run(argc, argv); }
