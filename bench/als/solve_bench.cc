// Where an iALS half-iteration's time goes, on the bench_als power-law matrix: the solves of each
// side (SolveRows) as trained, the same solves with every gathered index moved into the first
// 2,048 rows (all gathers hit cache: the difference is time spent waiting on memory), a
// gather-only loop over the same CSR order (the memory floor, with and without a prefetch 64
// items ahead), and the rotation into the Gram eigenbasis. Each measurement alternates with the
// others within one process, round after round, so that the machine's drift (shared machines move
// by 10-20% within minutes) hits all of them alike; it prints medians and minima.
//
//   bench_als_solve [--factors 64] [--rounds 5] [--threads 2] [--users N] [--items N] [--nnz N]
//                   [--precision int8|mixed|float]
//
// The factors come from two real iterations from a random start, so their magnitudes and the CG
// work per row are those of training. Not run in CI.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <string>
#include <vector>

#include "base/thread_pool.h"
#include "bench/als/power_law.h"
#include "model/als_solver.h"
#include "model/kernels/kernels.h"

namespace attune::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Flags {
  PowerLawOptions data;
  int factors = 64;
  int rounds = 5;
  int threads = 2;
  GatherPrecision precision = GatherPrecision::kInt8;
};

[[noreturn]] void Usage(const std::string& problem) {
  std::fprintf(stderr,
               "bench_als_solve: %s\nusage: bench_als_solve [--factors 64] [--rounds 5] [--threads 2] "
               "[--users N] [--items N] [--nnz N] [--precision int8|mixed|float]\n",
               problem.c_str());
  std::exit(2);
}

Flags ParseFlags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; i += 2) {
    const std::string key = argv[i];
    if (i + 1 >= argc) Usage(key + " needs a value");
    const std::string value = argv[i + 1];
    auto number = [&]() -> long long {
      size_t used = 0;
      long long n = 0;
      try {
        n = std::stoll(value, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != value.size()) Usage(key + " needs a whole number, not '" + value + "'");
      return n;
    };
    if (key == "--factors") f.factors = static_cast<int>(number());
    else if (key == "--rounds") f.rounds = static_cast<int>(number());
    else if (key == "--threads") f.threads = static_cast<int>(number());
    else if (key == "--users") f.data.users = static_cast<int32_t>(number());
    else if (key == "--items") f.data.items = static_cast<int32_t>(number());
    else if (key == "--nnz") f.data.interactions = number();
    else if (key == "--precision") {
      if (value == "int8") f.precision = GatherPrecision::kInt8;
      else if (value == "mixed") f.precision = GatherPrecision::kHalf;
      else if (value == "float") f.precision = GatherPrecision::kFloat;
      else Usage("--precision must be int8, mixed or float, not '" + value + "'");
    } else {
      Usage("unknown flag '" + key + "'");
    }
  }
  if (f.factors < 1 || f.rounds < 1 || f.threads < 1 || f.data.users < 1 || f.data.items < 1 || f.data.interactions < 1) {
    Usage("--factors, --rounds, --threads, --users, --items and --nnz must be positive");
  }
  return f;
}

// The same matrix with every column index moved into [0, 2048): the same rows, lengths and
// weights, so the same arithmetic, but every gathered row is in cache.
CsrMatrix CacheHot(CsrMatrix m) {
  for (int32_t& column : m.indices) column %= 2048;
  return m;
}

// The memory floor of one side's first pass: read every gathered row (int8 or Half rows as
// bytes) in the solver's order, with a prefetch `ahead` items ahead across rows (0: none).
double GatherOnly(const CsrMatrix& rows, const char* table, size_t row_bytes, int ahead, int threads) {
  std::vector<long> sums(static_cast<size_t>(threads), 0);
  const auto start = Clock::now();
  ParallelFor(0, static_cast<size_t>(rows.rows), threads, [&](int thread, size_t row) {
    const int64_t end = static_cast<int64_t>(rows.indices.size());
    long sum = 0;
    for (int64_t pos = rows.indptr[row]; pos < rows.indptr[row + 1]; ++pos) {
      if (ahead > 0 && pos + ahead < end) {
        const char* next = table + static_cast<size_t>(rows.indices[static_cast<size_t>(pos + ahead)]) * row_bytes;
        for (size_t line = 0; line < row_bytes; line += 64) __builtin_prefetch(next + line);
      }
      const char* y = table + static_cast<size_t>(rows.indices[static_cast<size_t>(pos)]) * row_bytes;
      for (size_t byte = 0; byte < row_bytes; byte += 16) sum += y[byte];
    }
    sums[static_cast<size_t>(thread)] += sum;
  }, /*chunk=*/16);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  long total = 0;
  for (long s : sums) total += s;
  if (total == 42) std::fprintf(stderr, " ");  // keeps the reads
  return seconds;
}

struct Series {
  std::string name;
  std::vector<double> seconds;
  double Median() const {
    std::vector<double> s = seconds;
    std::sort(s.begin(), s.end());
    return s[s.size() / 2];
  }
  double Min() const { return *std::min_element(seconds.begin(), seconds.end()); }
};

int Run(const Flags& f) {
  std::printf("kernels: %s; threads: %d; factors: %d; rounds: %d\n",
              kernels::IsaName(kernels::BestIsa()), f.threads, f.factors, f.rounds);
  const CsrMatrix user_items = PowerLawMatrix(f.data);
  const CsrMatrix item_users = user_items.Transposed();
  const CsrMatrix hot_user_items = CacheHot(user_items), hot_item_users = CacheHot(item_users);
  const std::vector<float> user_cw = ConfidenceWeights(user_items.values, 1.0f, false);
  const std::vector<float> item_cw = ConfidenceWeights(item_users.values, 1.0f, false);
  std::printf("matrix: %d users x %d items, %zu interactions\n", user_items.rows, user_items.cols,
              user_items.indices.size());
  FactorMatrix x = FactorMatrix::Zeros(user_items.rows, f.factors), y = FactorMatrix::Zeros(user_items.cols, f.factors);
  const float stddev = 0.1f / std::sqrt(static_cast<float>(f.factors)), lambda = 0.01f;
  RandomizeFactors(x, stddev, 1);
  RandomizeFactors(y, stddev, 2);
  GatherCopy copy(f.precision);
  HugePageVector<float> spare;
  SolveScratch scratch;
  for (int iter = 0; iter < 2; ++iter) {
    DiagonalGram gram = RotateToGramEigenbasis(y, x, lambda, &copy, &spare, f.threads);
    SolveRows(gram.Problem(y, &copy), user_items, user_cw, 2, f.threads, x, &scratch);
    gram = RotateToGramEigenbasis(x, y, lambda, &copy, &spare, f.threads);
    SolveRows(gram.Problem(x, &copy), item_users, item_cw, 2, f.threads, y, &scratch);
  }
  // Both sides' problems, each in its own eigenbasis, from the same factors every round.
  FactorMatrix x_users = x, y_users = y, x_items = x, y_items = y;
  GatherCopy item_copy(f.precision), user_copy(f.precision);
  const DiagonalGram user_side = RotateToGramEigenbasis(y_users, x_users, lambda, &item_copy, &spare, f.threads);
  const DiagonalGram item_side = RotateToGramEigenbasis(x_items, y_items, lambda, &user_copy, &spare, f.threads);
  const CgProblem users_problem = user_side.Problem(y_users, &item_copy);
  const CgProblem items_problem = item_side.Problem(x_items, &user_copy);
  const size_t row_bytes = f.precision == GatherPrecision::kInt8 ? x.ld
                           : f.precision == GatherPrecision::kHalf ? x.ld * 2 : x.ld * 4;
  auto table = [&](const GatherCopy& c, const FactorMatrix& m) -> const char* {
    if (f.precision == GatherPrecision::kInt8) return reinterpret_cast<const char*>(c.int8.data());
    if (f.precision == GatherPrecision::kHalf) return reinterpret_cast<const char*>(c.half.data());
    return reinterpret_cast<const char*>(m.data.data());
  };
  auto solve = [&](const CgProblem& problem, const CsrMatrix& rows, const std::vector<float>& cw,
                   const FactorMatrix& start) {
    FactorMatrix out = start;  // copied outside the timed region
    const auto t = Clock::now();
    SolveRows(problem, rows, cw, 2, f.threads, out, &scratch);
    return std::chrono::duration<double>(Clock::now() - t).count();
  };
  std::vector<Series> series = {{"solve users (as trained)", {}},        {"solve items (as trained)", {}},
                                {"solve users, all gathers cache hits", {}}, {"solve items, all gathers cache hits", {}},
                                {"gather only, users side, prefetch 64 ahead", {}},
                                {"gather only, items side, prefetch 64 ahead", {}},
                                {"gather only, users side, no prefetch", {}},
                                {"gather only, items side, no prefetch", {}},
                                {"rotation + Gram + copy, users side", {}}};
  GatherCopy rotated(f.precision);  // kept, so that later rounds fault in no pages
  for (int round = 0; round < f.rounds; ++round) {
    series[0].seconds.push_back(solve(users_problem, user_items, user_cw, x_users));
    series[1].seconds.push_back(solve(items_problem, item_users, item_cw, y_items));
    series[2].seconds.push_back(solve(users_problem, hot_user_items, user_cw, x_users));
    series[3].seconds.push_back(solve(items_problem, hot_item_users, item_cw, y_items));
    series[4].seconds.push_back(GatherOnly(user_items, table(item_copy, y_users), row_bytes, 64, f.threads));
    series[5].seconds.push_back(GatherOnly(item_users, table(user_copy, x_items), row_bytes, 64, f.threads));
    series[6].seconds.push_back(GatherOnly(user_items, table(item_copy, y_users), row_bytes, 0, f.threads));
    series[7].seconds.push_back(GatherOnly(item_users, table(user_copy, x_items), row_bytes, 0, f.threads));
    // As Als::Train does, room for the larger side in all three buffers the rotation swaps, so
    // that the timed rotation allocates (and faults in) nothing.
    FactorMatrix rx = x, ry = y;
    const size_t most = std::max(x.data.size(), y.data.size());
    rx.data.reserve(most);
    ry.data.reserve(most);
    spare.reserve(most);
    const auto t = Clock::now();
    RotateToGramEigenbasis(ry, rx, lambda, &rotated, &spare, f.threads);
    series[8].seconds.push_back(std::chrono::duration<double>(Clock::now() - t).count());
  }
  std::printf("\n| measurement | median s | min s |\n|---|---|---|\n");
  for (const Series& s : series) std::printf("| %s | %.3f | %.3f |\n", s.name.c_str(), s.Median(), s.Min());
  return 0;
}

}  // namespace
}  // namespace attune::bench

int main(int argc, char** argv) { return attune::bench::Run(attune::bench::ParseFlags(argc, argv)); }
