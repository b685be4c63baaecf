#include "bench/als/power_law.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <unordered_set>

namespace attune::bench {
namespace {

// How many items each user has: Pareto draws scaled so that they sum to about `total`.
std::vector<int64_t> UserActivity(const PowerLawOptions& o, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> raw(static_cast<size_t>(o.users));
  for (double& r : raw) r = std::pow(1.0 - uniform(rng), -1.0 / o.user_shape);
  const int64_t cap = std::max<int64_t>(1, std::min<int64_t>(o.max_user_items, o.items / 2));
  double scale = double(o.interactions) / std::accumulate(raw.begin(), raw.end(), 0.0);
  std::vector<int64_t> counts(raw.size());
  for (int round = 0; round < 4; ++round) {  // re-scale after capping the heaviest users
    int64_t sum = 0;
    for (size_t u = 0; u < raw.size(); ++u) {
      counts[u] = std::clamp<int64_t>(std::llround(raw[u] * scale), 1, cap);
      sum += counts[u];
    }
    scale *= double(o.interactions) / double(sum);
  }
  return counts;
}

}  // namespace

CsrMatrix PowerLawMatrix(const PowerLawOptions& o) {
  std::mt19937_64 rng(o.seed);
  std::vector<double> cdf(static_cast<size_t>(o.items));
  double total = 0;
  for (size_t rank = 0; rank < cdf.size(); ++rank) cdf[rank] = total += std::pow(double(rank + 1), -o.item_exponent);
  std::vector<int32_t> item_of_rank(cdf.size());
  std::iota(item_of_rank.begin(), item_of_rank.end(), 0);
  std::shuffle(item_of_rank.begin(), item_of_rank.end(), rng);
  std::uniform_real_distribution<double> uniform(0.0, total);
  const std::vector<int64_t> counts = UserActivity(o, rng);
  CsrMatrix m;
  m.rows = o.users;
  m.cols = o.items;
  m.indptr.assign(1, 0);
  std::unordered_set<int32_t> seen;
  std::vector<int32_t> row;
  for (int32_t u = 0; u < o.users; ++u) {
    seen.clear();
    row.clear();
    while (static_cast<int64_t>(row.size()) < counts[static_cast<size_t>(u)]) {
      const size_t rank = static_cast<size_t>(std::lower_bound(cdf.begin(), cdf.end(), uniform(rng)) - cdf.begin());
      const int32_t item = item_of_rank[std::min(rank, cdf.size() - 1)];
      if (seen.insert(item).second) row.push_back(item);
    }
    std::sort(row.begin(), row.end());
    m.indices.insert(m.indices.end(), row.begin(), row.end());
    m.indptr.push_back(static_cast<int64_t>(m.indices.size()));
  }
  m.values.assign(m.indices.size(), 1.0f);
  return m;
}

}  // namespace attune::bench
