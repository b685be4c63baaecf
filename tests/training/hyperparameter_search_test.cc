// Hyperparameter search: spec parsing with clear errors, trial budget, time budget (FakeClock),
// determinism by seed, and the all-trials-failed error.
#include "jobs/hyperparameter_search.h"

#include <gtest/gtest.h>

#include "core/csr_matrix.h"

namespace attune {
namespace {

// 40 users in 4 blocks, each reading 8 of its block's 10 items.
CsrMatrix BlockMatrix() {
  std::vector<Triplet> triplets;
  for (int32_t user = 0; user < 40; ++user) {
    int32_t block = user % 4;
    for (int32_t n = 0; n < 8; ++n) triplets.push_back({user, block * 10 + (user + n) % 10, 1.0f});
  }
  return CsrMatrix::FromTriplets(40, 40, std::move(triplets));
}

TEST(ParseSearchSpecTest, ReadsRangesChoicesAndBudget) {
  auto spec = ParseSearchSpec(R"({"ranges": {"factors": [32, 256],
      "regularization": {"min": 0.001, "max": 1, "log": true}, "alpha": {"choices": [1, 10]}},
      "max_trials": 4, "max_seconds": 30, "seed": 9})");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  ASSERT_EQ(spec->ranges.size(), 3u);
  EXPECT_EQ(spec->max_trials, 4);
  EXPECT_EQ(spec->seed, 9u);
  for (const ParamRange& r : spec->ranges) {
    if (r.name == "factors") {
      EXPECT_EQ(r.kind, ParamRange::Kind::kInt);
    } else if (r.name == "regularization") {
      EXPECT_TRUE(r.log);
      EXPECT_EQ(r.kind, ParamRange::Kind::kDouble);
    } else {
      EXPECT_EQ(r.choices, (std::vector<std::string>{"1", "10"}));
    }
  }
  EXPECT_TRUE(ParseSearchSpec("{}")->ranges.empty());
}

TEST(ParseSearchSpecTest, ErrorsNameTheField) {
  auto reversed = ParseSearchSpec(R"({"ranges": {"factors": [256, 32]}})");
  EXPECT_NE(reversed.status().message().find("ranges.factors: min is greater than max"), std::string::npos);
  auto log_zero = ParseSearchSpec(R"({"ranges": {"reg": {"min": 0, "max": 1, "log": true}}})");
  EXPECT_NE(log_zero.status().message().find("ranges.reg: a log range needs min > 0"), std::string::npos);
  EXPECT_EQ(ParseSearchSpec(R"({"max_trials": 0})").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseSearchSpec("[1]").status().code(), StatusCode::kInvalidArgument);
}

TEST(RunSearchTest, RespectsTrialBudgetAndStaysInRange) {
  auto spec = ParseSearchSpec(R"({"ranges": {"neighbours": [2, 20]}, "max_trials": 3})");
  ASSERT_TRUE(spec.ok());
  FakeClock clock;
  auto result = RunSearch("item-knn", Params(), *spec, BlockMatrix(), clock, 1, nullptr, {});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->trials.size(), 3u);
  for (const Trial& t : result->trials) {
    int n = std::stoi(t.params.at("neighbours"));
    EXPECT_GE(n, 2);
    EXPECT_LE(n, 20);
    EXPECT_TRUE(t.error.empty()) << t.error;
  }
  double best = 0;
  for (const Trial& t : result->trials) best = std::max(best, t.score);
  EXPECT_DOUBLE_EQ(result->best_score, best);
  EXPECT_GT(best, 0.0);
}

TEST(RunSearchTest, SameSeedSameHistory) {
  auto spec = ParseSearchSpec(R"({"ranges": {"shrinkage": {"min": 0.1, "max": 50, "log": true}}, "max_trials": 2})");
  FakeClock clock;
  auto a = RunSearch("item-knn", Params(), *spec, BlockMatrix(), clock, 1, nullptr, {});
  auto b = RunSearch("item-knn", Params(), *spec, BlockMatrix(), clock, 1, nullptr, {});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->trials[0].params, b->trials[0].params);
  EXPECT_EQ(a->trials[1].params, b->trials[1].params);
  EXPECT_NE(a->trials[0].params, a->trials[1].params);
}

TEST(RunSearchTest, StopsWhenTheTimeBudgetIsSpent) {
  auto spec = ParseSearchSpec(R"({"ranges": {"neighbours": [2, 20]}, "max_trials": 10, "max_seconds": 150})");
  FakeClock clock;
  // Each trial "takes" 100 s of fake time: trial 1 starts at 0, trial 2 at 100, trial 3 would start
  // at 200 > 150 and must not run.
  auto result = RunSearch("item-knn", Params(), *spec, BlockMatrix(), clock, 1, nullptr,
                          [&](double, std::string_view) { clock.AdvanceSeconds(100); });
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->trials.size(), 2u);
}

TEST(RunSearchTest, FixedParamsApplyAndAllFailedIsAnError) {
  auto spec = ParseSearchSpec(R"({"ranges": {"neighbours": {"choices": [0]}}, "max_trials": 2})");
  FakeClock clock;
  auto result = RunSearch("item-knn", Params(), *spec, BlockMatrix(), clock, 1, nullptr, {});
  EXPECT_EQ(result.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(result.status().message().find("neighbours"), std::string::npos);
  auto ok_spec = ParseSearchSpec(R"({"ranges": {"neighbours": [3, 3]}, "max_trials": 1})");
  Params fixed;
  fixed.Set("shrinkage", "5");
  auto ok = RunSearch("item-knn", fixed, *ok_spec, BlockMatrix(), clock, 1, nullptr, {});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->best_params.at("shrinkage"), "5");
  EXPECT_EQ(ok->best_params.at("neighbours"), "3");
}

TEST(RunSearchTest, CancelStopsBeforeTheNextTrial) {
  auto spec = ParseSearchSpec(R"({"ranges": {"neighbours": [2, 20]}, "max_trials": 3})");
  FakeClock clock;
  std::atomic<bool> cancel{true};
  auto result = RunSearch("item-knn", Params(), *spec, BlockMatrix(), clock, 1, &cancel, {});
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled);
}

}  // namespace
}  // namespace attune
