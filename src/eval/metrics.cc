#include "eval/metrics.h"

#include <algorithm>
#include <cmath>

namespace attune {
namespace {

double Discount(size_t rank) { return 1.0 / std::log2(static_cast<double>(rank) + 2.0); }

double IdealDcg(size_t relevant) {
  double idcg = 0;
  for (size_t rank = 0; rank < relevant; ++rank) idcg += Discount(rank);
  return idcg;
}

}  // namespace

UserMetrics ScoreRanking(std::span<const int32_t> ranked, std::span<const int32_t> test_sorted,
                         int k) {
  UserMetrics m;
  if (test_sorted.empty() || k <= 0) return m;
  const size_t depth = std::min(ranked.size(), static_cast<size_t>(k));
  size_t hits = 0;
  double dcg = 0;
  for (size_t rank = 0; rank < depth; ++rank) {
    if (!std::binary_search(test_sorted.begin(), test_sorted.end(), ranked[rank])) continue;
    if (hits == 0) m.mrr = 1.0 / static_cast<double>(rank + 1);
    ++hits;
    dcg += Discount(rank);
  }
  m.precision = static_cast<double>(hits) / k;
  m.recall = static_cast<double>(hits) / static_cast<double>(test_sorted.size());
  m.ndcg = dcg / IdealDcg(std::min(test_sorted.size(), static_cast<size_t>(k)));
  m.hit = hits > 0 ? 1.0 : 0.0;
  return m;
}

MetricsTable::MetricsTable(std::vector<int> ks, int64_t num_users, int32_t num_items)
    : ks_(std::move(ks)), num_users_(num_users), num_items_(num_items),
      per_user_(static_cast<size_t>(num_users) * ks_.size()) {}

void MetricsTable::Record(int64_t row, std::span<const int32_t> ranked,
                          std::span<const int32_t> test_sorted,
                          std::vector<uint8_t>& covered_by_k) {
  for (size_t k_idx = 0; k_idx < ks_.size(); ++k_idx) {
    per_user_[static_cast<size_t>(row) * ks_.size() + k_idx] =
        ScoreRanking(ranked, test_sorted, ks_[k_idx]);
    const size_t depth = std::min(ranked.size(), static_cast<size_t>(ks_[k_idx]));
    uint8_t* mask = covered_by_k.data() + k_idx * static_cast<size_t>(num_items_);
    for (size_t rank = 0; rank < depth; ++rank) mask[ranked[rank]] = 1;
  }
}

std::vector<MetricsAtK> MetricsTable::Finish(std::span<const uint8_t> covered_by_k) const {
  std::vector<MetricsAtK> out;
  const double users = static_cast<double>(std::max<int64_t>(num_users_, 1));
  for (size_t k_idx = 0; k_idx < ks_.size(); ++k_idx) {
    MetricsAtK sum;
    sum.k = ks_[k_idx];
    for (int64_t row = 0; row < num_users_; ++row) {
      const UserMetrics& m = per_user_[static_cast<size_t>(row) * ks_.size() + k_idx];
      sum.precision += m.precision;
      sum.recall += m.recall;
      sum.ndcg += m.ndcg;
      sum.mrr += m.mrr;
      sum.hit_rate += m.hit;
    }
    sum.precision /= users;
    sum.recall /= users;
    sum.ndcg /= users;
    sum.mrr /= users;
    sum.hit_rate /= users;
    const auto mask = covered_by_k.subspan(k_idx * static_cast<size_t>(num_items_),
                                           static_cast<size_t>(num_items_));
    const auto covered = std::count(mask.begin(), mask.end(), uint8_t{1});
    sum.coverage = num_items_ > 0 ? static_cast<double>(covered) / num_items_ : 0.0;
    out.push_back(sum);
  }
  return out;
}

Result<std::vector<int>> NormalizeCutoffs(std::vector<int> ks) {
  if (ks.empty()) return InvalidArgument("no cutoff K given; pass e.g. --k 20 or --k 5,10,20");
  for (int k : ks) {
    if (k < 1 || k > 10000) {
      return InvalidArgument("cutoff K=" + std::to_string(k) + " is out of range; use 1..10000");
    }
  }
  std::sort(ks.begin(), ks.end());
  ks.erase(std::unique(ks.begin(), ks.end()), ks.end());
  return ks;
}

Result<std::map<std::string, double>> PersonalizeMetrics(const std::vector<MetricsAtK>& results) {
  auto at = [&](int k) -> const MetricsAtK* {
    for (const MetricsAtK& m : results) {
      if (m.k == k) return &m;
    }
    return nullptr;
  };
  for (int k : {5, 10, 25}) {
    if (at(k) == nullptr) {
      return FailedPrecondition("AWS Personalize metrics need cutoff K=" + std::to_string(k) +
                                "; evaluate with K including 5,10,25");
    }
  }
  std::map<std::string, double> named;
  named["coverage"] = at(25)->coverage;
  named["mean_reciprocal_rank_at_25"] = at(25)->mrr;
  for (int k : {5, 10, 25}) {
    named["normalized_discounted_cumulative_gain_at_" + std::to_string(k)] = at(k)->ndcg;
    named["precision_at_" + std::to_string(k)] = at(k)->precision;
  }
  return named;
}

}  // namespace attune
