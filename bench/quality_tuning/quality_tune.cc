// quality_tune: fit a recipe on the Gowalla (LightGCN) split and report Recall@20 / NDCG@20.
//
//   quality_tune --data DIR --recipe NAME [--param k=v]... [--variant "k=v k=v"]...
//                [--mode validation|test] [--holdout 0.2] [--users N] [--threads T] [--seed S]
//
// validation (default): holds out `holdout` of each user's train.txt items (by seed), fits on the
// rest and scores the held-out items: tune here. test: fits on all of train.txt and scores
// test.txt: run once per final configuration. Each --variant re-scores the one fitted model with
// extra parameters that only change scoring (e.g. alpha, sharpen), by loading the fitted body into
// a recipe made with the merged parameters; so an SVD is paid once per sweep.
// Protocol: all items scored, the fit history excluded, top 20; Recall = hits / |target|,
// NDCG with binary gains and ideal over min(|target|, 20); averaged over users with a target.
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <numeric>
#include <random>
#include <sstream>

#include "base/thread_pool.h"
#include "lightgcn_data.h"
#include "model/ease.h"
#include "model/graph_filter.h"

namespace attune::bench {
namespace {

struct Args {
  std::string data, recipe = "graph-filter", mode = "validation";
  std::vector<std::string> params;
  std::vector<std::string> variants;
  double holdout = 0.2;
  int users = 0, threads = 2;
  uint64_t seed = 1;
};

// The recipes this harness tunes, constructed directly so that it builds without the registry.
Result<std::unique_ptr<Recommender>> MakeRecipe(const std::string& recipe, const Params& params) {
  if (recipe == "graph-filter") return NewGraphFilter(params);
  if (recipe == "ease") return NewEase(params);
  return NotFound("quality_tune knows graph-filter and ease, not " + recipe);
}

struct Metrics { double recall = 0, ndcg = 0; int64_t users = 0; };

void AddUser(std::span<const ScoredItem> top, const std::vector<int32_t>& target, Metrics& m) {
  double dcg = 0, idcg = 0;
  int hits = 0;
  for (size_t rank = 0; rank < top.size(); ++rank) {
    if (std::find(target.begin(), target.end(), top[rank].item) == target.end()) continue;
    ++hits;
    dcg += 1.0 / std::log2(static_cast<double>(rank) + 2.0);
  }
  for (size_t rank = 0; rank < std::min<size_t>(target.size(), 20); ++rank) {
    idcg += 1.0 / std::log2(static_cast<double>(rank) + 2.0);
  }
  m.recall += static_cast<double>(hits) / static_cast<double>(target.size());
  m.ndcg += dcg / idcg;
  m.users += 1;
}

Metrics Evaluate(const Recommender& model, const CsrMatrix& fit, const ItemLists& target,
                 const std::vector<int32_t>& users, int threads) {
  constexpr size_t kBlock = 256;
  const size_t items = static_cast<size_t>(model.num_items());
  const size_t blocks = (users.size() + kBlock - 1) / kBlock;
  std::mutex mu;
  Metrics total;
  ParallelFor(0, blocks, threads, [&](int, size_t block) {
    const size_t begin = block * kBlock, end = std::min(users.size(), begin + kBlock);
    std::span<const int32_t> ids(users.data() + begin, end - begin);
    std::vector<float> scores(ids.size() * items);
    model.ScoreUsers(fit, ids, scores);
    Metrics local;
    std::vector<ScoredItem> top;
    for (size_t b = 0; b < ids.size(); ++b) {
      std::span<float> row(scores.data() + b * items, items);
      for (int32_t item : fit.RowIndices(ids[b])) row[static_cast<size_t>(item)] = kExcludedScore;
      SelectTopK(row, 20, top);
      AddUser(top, target[static_cast<size_t>(ids[b])], local);
    }
    std::lock_guard<std::mutex> lock(mu);
    total.recall += local.recall, total.ndcg += local.ndcg, total.users += local.users;
  }, 1);
  return total;
}

Result<Args> Parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--data") a.data = value;
    else if (key == "--recipe") a.recipe = value;
    else if (key == "--mode") a.mode = value;
    else if (key == "--param") a.params.push_back(value);
    else if (key == "--variant") a.variants.push_back(value);
    else if (key == "--holdout") a.holdout = std::stod(value);
    else if (key == "--users") a.users = std::stoi(value);
    else if (key == "--threads") a.threads = std::stoi(value);
    else if (key == "--seed") a.seed = std::stoull(value);
    else return InvalidArgument("unknown flag " + key);
  }
  if (a.data.empty()) return InvalidArgument("--data DIR is required (train.txt, test.txt)");
  if (a.mode != "validation" && a.mode != "test") return InvalidArgument("--mode validation|test");
  return a;
}

std::vector<std::string> Split(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string token; in >> token;) out.push_back(token);
  return out;
}

int Run(const Args& a) {
  auto train = ReadLightGcn(a.data + "/train.txt");
  auto test = ReadLightGcn(a.data + "/test.txt");
  if (!train.ok() || !test.ok()) {
    std::fprintf(stderr, "%s\n", (train.ok() ? test.status() : train.status()).ToString().c_str());
    return 2;
  }
  int32_t n_items = 0;
  for (const auto* lists : {&*train, &*test})
    for (const auto& l : *lists)
      for (int32_t item : l) n_items = std::max(n_items, item + 1);
  const int32_t n_users = static_cast<int32_t>(std::max(train->size(), test->size()));
  train->resize(static_cast<size_t>(n_users));
  test->resize(static_cast<size_t>(n_users));
  ItemLists target = a.mode == "test" ? *test : HoldOut(*train, a.holdout, a.seed);
  const CsrMatrix fit = ToMatrix(*train, n_users, n_items);
  std::vector<int32_t> users;
  for (int32_t u = 0; u < n_users; ++u) if (!target[static_cast<size_t>(u)].empty()) users.push_back(u);
  if (a.users > 0 && static_cast<size_t>(a.users) < users.size()) {
    std::shuffle(users.begin(), users.end(), std::mt19937_64(a.seed + 7));
    users.resize(static_cast<size_t>(a.users));
  }
  auto params = Params::FromStrings(a.params);
  if (!params.ok()) { std::fprintf(stderr, "%s\n", params.status().ToString().c_str()); return 2; }
  auto model = MakeRecipe(a.recipe, *params);
  if (!model.ok()) { std::fprintf(stderr, "%s\n", model.status().ToString().c_str()); return 2; }
  TrainingData data;
  data.user_items = &fit;
  data.threads = a.threads;
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();  // process CPU time, all threads
  Status fitted = (*model)->Fit(data);
  const double fit_cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  const double fit_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!fitted.ok()) { std::fprintf(stderr, "%s\n", fitted.ToString().c_str()); return 1; }
  std::printf("mode=%s recipe=%s params=\"%s\" users=%zu items=%d nnz=%lld fit_seconds=%.1f fit_cpu_seconds=%.1f\n",
              a.mode.c_str(), a.recipe.c_str(), params->ToString().c_str(), users.size(), n_items,
              static_cast<long long>(fit.nnz()), fit_seconds, fit_cpu);
  ModelWriter body;
  (*model)->SaveBody(body);
  std::vector<std::string> variants = a.variants.empty() ? std::vector<std::string>{""} : a.variants;
  for (const std::string& variant : variants) {
    std::vector<std::string> merged = a.params;
    for (auto& kv : Split(variant)) merged.push_back(kv);
    auto scoring = MakeRecipe(a.recipe, *Params::FromStrings(merged));
    if (!scoring.ok()) { std::fprintf(stderr, "%s\n", scoring.status().ToString().c_str()); return 2; }
    ModelReader reader(body.bytes());
    if (Status s = (*scoring)->LoadBody(reader); !s.ok()) { std::fprintf(stderr, "%s\n", s.ToString().c_str()); return 1; }
    const auto t0 = std::chrono::steady_clock::now();
    Metrics m = Evaluate(**scoring, fit, target, users, a.threads);
    const double eval_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("variant=\"%s\" recall@20=%.4f ndcg@20=%.4f eval_seconds=%.1f\n", variant.c_str(),
                m.recall / static_cast<double>(m.users), m.ndcg / static_cast<double>(m.users), eval_seconds);
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace
}  // namespace attune::bench

int main(int argc, char** argv) {
  auto args = attune::bench::Parse(argc, argv);
  if (!args.ok()) {
    std::fprintf(stderr, "%s\n", args.status().ToString().c_str());
    return 2;
  }
  return attune::bench::Run(*args);
}
