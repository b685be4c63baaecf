// Recommendation quality of user-personalization on a train/test pair in LightGCN format (the
// shared Gowalla split), through the eval library (the same code as `attune eval`).
//
//   bench_als_quality TRAIN TEST [--validation] [key=value ...]
//
// --validation holds out 20% of each training user's items and evaluates on those instead of
// TEST: tune there, report TEST once.
#include <cstdio>
#include <string>
#include <vector>

#include "eval/dataset_files.h"
#include "eval/evaluator.h"
#include "eval/split.h"

namespace attune {
namespace {

int Fail(const Status& s) {
  std::fprintf(stderr, "%s\n", s.ToString().c_str());
  return 1;
}

int Main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_als_quality TRAIN TEST [--validation] [key=value ...]\n");
    return 2;
  }
  bool validation = false;
  std::vector<std::string> kv;
  for (int i = 3; i < argc; ++i) {
    if (std::string(argv[i]) == "--validation") validation = true;
    else kv.emplace_back(argv[i]);
  }
  auto train = ReadLightGcnFile(argv[1]);
  if (!train.ok()) return Fail(train.status());
  auto test = ReadLightGcnFile(argv[2]);
  if (!test.ok()) return Fail(test.status());
  Split split = SplitFromFiles(*train, *test);
  if (validation) split = CarveValidation(split.train, ValidationOptions());
  auto params = Params::FromStrings(kv);
  if (!params.ok()) return Fail(params.status());
  EvalOptions options;
  options.threads = 2;
  auto report = FitAndEvaluate("user-personalization", *params, split, options);
  if (!report.ok()) return Fail(report.status());
  const MetricsAtK& m = report->eval.metrics.front();
  std::printf("%s %s: Recall@%d %.4f NDCG@%d %.4f (fit %.1f s, eval %.1f s, %lld users)\n",
              validation ? "validation" : "test", report->params.c_str(), m.k, m.recall, m.k, m.ndcg,
              report->fit_seconds, report->eval.eval_seconds, static_cast<long long>(report->eval.users));
  return 0;
}

}  // namespace
}  // namespace attune

int main(int argc, char** argv) { return attune::Main(argc, argv); }
