// iALS training speed: model/als (user-personalization) against a same-run "textbook" CG-ALS
// written like benfred/implicit's solver (textbook_als.h), on a synthetic power-law matrix.
//
//   bench_als [--users N] [--items N] [--nnz N] [--factors 64,128] [--iterations 15]
//             [--reference-iterations 3] [--threads 2] [--blas-threads N] [--param key=value ...]
//
// Prints, per factor count: seconds per iteration (mean over iterations) for both, their ratio,
// the training loss of both after the same number of iterations from the same start (equal
// quality check; ours alone after --iterations when the reference is skipped), and peak resident
// memory during our Fit. --param passes recipe parameters (e.g. cg_steps=3, precision=float). --reference-iterations 0 skips the
// reference. Timings use the wall clock; run on an otherwise idle machine.
#include <algorithm>
#include <cblas.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include "bench/als/power_law.h"
#include "bench/als/textbook_als.h"
#include "model/als.h"
#include "model/kernels/kernels.h"
#include "model/model_file.h"
#include "model/registry.h"

namespace attune::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// CPU seconds of the whole process (all threads): on a shared, oversubscribed machine the wall
// clock measures the neighbours; CPU time divided by the thread count does not.
double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

struct Flags {
  PowerLawOptions data;
  std::vector<int> factors = {64, 128};
  int iterations = 15;
  int reference_iterations = 3;
  int threads = 2;
  int blas_threads = 0;  // 0: as --threads
  std::vector<std::string> params;  // extra recipe parameters (--param key=value)
};

Flags ParseFlags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--users") f.data.users = std::stoi(value);
    else if (key == "--items") f.data.items = std::stoi(value);
    else if (key == "--nnz") f.data.interactions = std::stoll(value);
    else if (key == "--iterations") f.iterations = std::stoi(value);
    else if (key == "--reference-iterations") f.reference_iterations = std::stoi(value);
    else if (key == "--threads") f.threads = std::stoi(value);
    else if (key == "--param") f.params.push_back(value);
    else if (key == "--blas-threads") f.blas_threads = std::stoi(value);
    else if (key == "--factors") {
      f.factors.clear();
      for (size_t pos = 0; pos < value.size();) {
        size_t comma = value.find(',', pos);
        if (comma == std::string::npos) comma = value.size();
        f.factors.push_back(std::stoi(value.substr(pos, comma - pos)));
        pos = comma + 1;
      }
    } else {
      std::fprintf(stderr, "unknown flag %s (see the header of bench/als/als_bench.cc)\n", key.c_str());
      std::exit(2);
    }
  }
  return f;
}

// Resets the kernel's peak-RSS counter, so VmHWM afterwards covers only what follows.
void ResetPeakMemory() { std::ofstream("/proc/self/clear_refs") << "5"; }

double PeakMemoryMb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  }
  return -1;
}

// Save and load timings of the model file (SaveModel/LoadModel) for this model size.
void TimeModelFile(const Als& als) {
  const std::string path = "/tmp/bench_als_" + std::to_string(getpid()) + ".model";
  Clock::time_point start = Clock::now();
  if (!SaveModel(als, {}, path).ok()) return;
  const double save = Seconds(start);
  start = Clock::now();
  auto loaded = LoadModel(path);
  const double load = Seconds(start);
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  std::printf("model file: %.0f MB, save %.2f s, load %.2f s (%s)\n", double(file.tellg()) / 1e6, save,
              load, loaded.ok() ? "ok" : loaded.status().ToString().c_str());
  std::remove(path.c_str());
}

// Serving cost: FoldInUser on the history rows of 2000 evenly spaced users.
void TimeFoldIn(const Als& als, const CsrMatrix& m) {
  const int32_t step = std::max<int32_t>(1, m.rows / 2000);
  int64_t items = 0;
  int users = 0;
  float sink = 0;
  const Clock::time_point start = Clock::now();
  for (int32_t u = 0; u < m.rows; u += step, ++users) {
    sink += als.FoldInUser(m.RowIndices(u), m.RowValues(u))[0];
    items += m.RowSize(u);
  }
  std::printf("fold-in: %.1f us per user (mean history %.0f items, %d users)%s\n",
              Seconds(start) * 1e6 / users, double(items) / users, users, sink == 12345.f ? " " : "");
}

struct OurRun {
  double seconds_per_iteration = 0, cpu_per_iteration = 0, setup_seconds = 0, peak_mb = 0;
  double loss_at_reference = 0;
  std::vector<double> iteration_seconds;  // each iteration's wall time; the first includes the fit's setup
};

OurRun RunOurs(const CsrMatrix& m, const Flags& flags, int factors) {
  std::vector<std::string> settings = {"factors=" + std::to_string(factors),
                                       "iterations=" + std::to_string(flags.iterations)};
  settings.insert(settings.end(), flags.params.begin(), flags.params.end());
  auto params = Params::FromStrings(settings);
  if (!params.ok()) {
    std::fprintf(stderr, "%s\n", params.status().ToString().c_str());
    std::exit(2);
  }
  auto made = MakeRecommender("user-personalization", *params);
  auto& als = static_cast<Als&>(**made);
  const std::vector<float> cw = ConfidenceWeights(m.values, als.options().alpha, false);
  OurRun run;
  int half_steps = 0;
  double iteration_seconds = 0, iteration_cpu = 0, cpu_start = 0;
  Clock::time_point iteration_start;
  als.set_half_step_hook([&](const FactorMatrix& x, const FactorMatrix& y) {
    if (++half_steps % 2 != 0) return;
    run.iteration_seconds.push_back(Seconds(iteration_start));
    iteration_seconds += run.iteration_seconds.back();
    iteration_cpu += CpuSeconds() - cpu_start;
    const int loss_at = flags.reference_iterations > 0 ? flags.reference_iterations : flags.iterations;
    if (half_steps / 2 == loss_at) {
      run.loss_at_reference = ImplicitLoss(m, cw, x, y, als.options().regularization);
    }
    iteration_start = Clock::now();
    cpu_start = CpuSeconds();
  });
  TrainingData data;
  data.user_items = &m;
  data.threads = flags.threads;
  ResetPeakMemory();
  const Clock::time_point start = Clock::now();
  iteration_start = start;
  cpu_start = CpuSeconds();
  if (Status s = als.Fit(data); !s.ok()) {
    std::fprintf(stderr, "fit failed: %s\n", s.ToString().c_str());
    std::exit(1);
  }
  run.peak_mb = PeakMemoryMb();
  run.seconds_per_iteration = iteration_seconds / flags.iterations;
  run.cpu_per_iteration = iteration_cpu / flags.iterations;
  run.setup_seconds = Seconds(start) - iteration_seconds;  // includes the loss evaluation
  TimeModelFile(als);
  TimeFoldIn(als, m);
  return run;
}

DenseFactors Unpadded(const FactorMatrix& m) {
  DenseFactors d{m.rows, m.factors, {}};
  for (int32_t r = 0; r < m.rows; ++r) d.data.insert(d.data.end(), m.Row(r), m.Row(r) + m.factors);
  return d;
}

FactorMatrix Padded(const DenseFactors& d) {
  FactorMatrix m = FactorMatrix::Zeros(d.rows, d.factors);
  for (int32_t r = 0; r < d.rows; ++r) std::copy(d.Row(r), d.Row(r) + d.factors, m.Row(r));
  return m;
}

// implicit's start: both sides random, the items' as Als::Train's (same seed and scale; ours
// starts the users at zero), then reference_iterations iterations.
struct ReferenceRun {
  double seconds_per_iteration = 0, cpu_per_iteration = 0, loss = 0;
};

ReferenceRun RunReference(const CsrMatrix& m, const CsrMatrix& mt, const Flags& flags,
                                       int factors) {
  // Same alpha, regularization and seed as ours (--param), CG steps as implicit.
  const AlsOptions o = *AlsOptionsFromParams(*Params::FromStrings(flags.params));
  FactorMatrix x0 = FactorMatrix::Zeros(m.rows, factors), y0 = FactorMatrix::Zeros(m.cols, factors);
  const float stddev = 0.1f / std::sqrt(static_cast<float>(factors));
  RandomizeFactors(x0, stddev, o.seed);
  RandomizeFactors(y0, stddev, o.seed + 1);
  DenseFactors x = Unpadded(x0), y = Unpadded(y0);
  const std::vector<float> cw = ConfidenceWeights(m.values, o.alpha, false);
  const std::vector<float> cwt = ConfidenceWeights(mt.values, o.alpha, false);
  const Clock::time_point start = Clock::now();
  const double cpu_start = CpuSeconds();
  constexpr int kImplicitCgSteps = 3;  // implicit's default (and its published timings')
  for (int iter = 0; iter < flags.reference_iterations; ++iter) {
    TextbookSolveRows(m, cw, y, o.regularization, kImplicitCgSteps, flags.threads, x);
    TextbookSolveRows(mt, cwt, x, o.regularization, kImplicitCgSteps, flags.threads, y);
  }
  ReferenceRun run;
  run.seconds_per_iteration = Seconds(start) / flags.reference_iterations;
  run.cpu_per_iteration = (CpuSeconds() - cpu_start) / flags.reference_iterations;
  run.loss = ImplicitLoss(m, cw, Padded(x), Padded(y), o.regularization);
  return run;
}

int Main(int argc, char** argv) {
  const Flags flags = ParseFlags(argc, argv);
  // Gram/YtY products and rotations: no extra spinning BLAS threads.
  openblas_set_num_threads(flags.blas_threads > 0 ? flags.blas_threads : flags.threads);
  std::printf("kernels: %s; threads: %d\n", kernels::IsaName(kernels::BestIsa()), flags.threads);
  Clock::time_point start = Clock::now();
  const CsrMatrix m = PowerLawMatrix(flags.data);
  int64_t max_row = 0;
  for (int32_t u = 0; u < m.rows; ++u) max_row = std::max(max_row, m.RowSize(u));
  std::printf("matrix: %d users x %d items, %lld interactions (max per user %lld), generated in %.1f s\n",
              m.rows, m.cols, static_cast<long long>(m.nnz()), static_cast<long long>(max_row), Seconds(start));
  const CsrMatrix mt = flags.reference_iterations > 0 ? m.Transposed() : CsrMatrix();
  std::printf("| factors | ours s/iter (wall) | ours CPU s/iter/thread | setup s | peak MB | "
              "reference s/iter (wall) | reference CPU s/iter/thread | speed-up (CPU) | loss ours | loss ref |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
  for (int factors : flags.factors) {
    const OurRun ours = RunOurs(m, flags, factors);
    ReferenceRun ref;
    if (flags.reference_iterations > 0) ref = RunReference(m, mt, flags, factors);
    const double t = flags.threads;
    std::printf("| %d | %.3f | %.3f | %.2f | %.0f | %.3f | %.3f | %.2fx | %.6g | %.6g |\n", factors,
                ours.seconds_per_iteration, ours.cpu_per_iteration / t, ours.setup_seconds, ours.peak_mb,
                ref.seconds_per_iteration, ref.cpu_per_iteration / t,
                ref.cpu_per_iteration / ours.cpu_per_iteration, ours.loss_at_reference, ref.loss);
    // The mean above counts the fit's setup (transpose, confidence weights, random start, first
    // page faults) into the first iteration; the steady state, for comparing kernels:
    std::vector<double> rest(ours.iteration_seconds.begin() + (ours.iteration_seconds.size() > 1 ? 1 : 0),
                             ours.iteration_seconds.end());
    std::sort(rest.begin(), rest.end());
    if (!rest.empty()) {
      std::printf("  %d factors: first iteration %.3f s (with the setup), median of the others %.3f s\n", factors,
                  ours.iteration_seconds.front(), rest[rest.size() / 2]);
    }
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace
}  // namespace attune::bench

int main(int argc, char** argv) { return attune::bench::Main(argc, argv); }
