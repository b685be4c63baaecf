// Training jobs end to end on a temporary SQLite store: a version trains, saves a loadable model
// file and real offline metrics; thin data, update mode and cancellation end in the right status;
// the asynchronous runner does the same from its worker thread.
#include "jobs/training_job.h"

#include <cmath>
#include <filesystem>

#include <gtest/gtest.h>

#include "jobs/training_runner.h"
#include "model/als.h"
#include "model/model_file.h"
#include "training_test_util.h"

namespace attune {
namespace {

class TrainingJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenTestStore(dir_.path(), clock_);
    ASSERT_TRUE(store_->CreateGroup("news").ok());
    StoreOptions options;
    options.location = dir_.path();
    options.clock = &clock_;
    auto solutions = OpenSolutionStore(options);
    ASSERT_TRUE(solutions.ok()) << solutions.status().ToString();
    solutions_ = std::move(solutions).value();
    options_.data_dir = dir_.path();
    options_.threads = 1;
    options_.clock = &clock_;
  }
  void AddSolution(const std::string& name, const std::string& recipe, std::string search_json = "{}") {
    SolutionSpec spec;
    spec.group = "news";
    spec.name = name;
    spec.recipe = recipe;
    spec.search_json = std::move(search_json);
    ASSERT_TRUE(solutions_->CreateSolution(spec).ok());
  }
  SolutionVersion Train(const std::string& solution, const std::string& mode = "full",
                        const std::atomic<bool>* cancel = nullptr) {
    auto version = solutions_->CreateVersion("news", solution, mode);
    EXPECT_TRUE(version.ok()) << version.status().ToString();
    auto done = RunTrainingVersion(*store_, *solutions_, version->id, options_, cancel, {});
    EXPECT_TRUE(done.ok()) << done.status().ToString();
    return done.ok() ? *done : SolutionVersion{};
  }

  TempDataDir dir_{"job"};
  FakeClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<SolutionStore> solutions_;
  TrainingOptions options_;
};

TEST_F(TrainingJobTest, TrainsSavesALoadableModelAndStoresMetrics) {
  AppendClusteredEvents(*store_, "news", 120, 80, 12);
  AddSolution("knn", "item-knn");
  double last_fraction = -1;
  bool monotonic = true;
  auto version = solutions_->CreateVersion("news", "knn", "full");
  ASSERT_TRUE(version.ok());
  auto done = RunTrainingVersion(*store_, *solutions_, version->id, options_, nullptr,
                                 [&](double f, std::string_view) {
                                   monotonic = monotonic && f >= last_fraction;
                                   last_fraction = f;
                                 });
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->status, VersionStatus::kSucceeded) << done->message;
  EXPECT_TRUE(monotonic);
  EXPECT_EQ(done->model_path, ModelPath(dir_.path(), "news", "knn", version->id));
  auto loaded = LoadModel(done->model_path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->model->recipe(), "item-knn");
  EXPECT_EQ(loaded->model->num_items(), 80);
  for (const char* name : {"coverage", "mean_reciprocal_rank_at_25", "normalized_discounted_cumulative_gain_at_5",
                           "normalized_discounted_cumulative_gain_at_10", "normalized_discounted_cumulative_gain_at_25",
                           "precision_at_5", "precision_at_10", "precision_at_25", "recall_at_10", "hit_rate_at_25"}) {
    EXPECT_EQ(done->metrics.count(name), 1u) << name;
  }
  auto stored = solutions_->GetVersion(version->id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->status, VersionStatus::kSucceeded);
  EXPECT_EQ(stored->metrics, done->metrics);
  EXPECT_EQ(stored->num_users, 120);
  EXPECT_DOUBLE_EQ(stored->progress, 1.0);
}

TEST_F(TrainingJobTest, MetricsAreRealItemKnnBeatsPopularityOnClusteredData) {
  AppendClusteredEvents(*store_, "news", 120, 80, 12);
  AddSolution("knn", "item-knn");
  AddSolution("pop", "popularity-count");
  SolutionVersion knn = Train("knn");
  SolutionVersion pop = Train("pop");
  ASSERT_EQ(knn.status, VersionStatus::kSucceeded) << knn.message;
  ASSERT_EQ(pop.status, VersionStatus::kSucceeded) << pop.message;
  EXPECT_GT(knn.metrics.at("precision_at_10"), pop.metrics.at("precision_at_10"));
  EXPECT_GT(knn.metrics.at("coverage"), pop.metrics.at("coverage"));
}

// The catalogue's fields reach the model: user-personalization learns the content projection and
// a story with no events yet gets a vector close to its category's readers.
TEST_F(TrainingJobTest, CatalogueContentGivesNewStoriesVectors) {
  AppendClusteredEvents(*store_, "news", 120, 80, 12);  // 4 clusters of 20 items
  std::vector<ItemRecord> items;
  for (int item = 0; item < 80; ++item) {
    items.push_back({"item" + std::to_string(item), std::nullopt,
                     "{\"CATEGORY\": \"c" + std::to_string(item / 20) + "\"}"});
  }
  for (int cluster = 0; cluster < 4; ++cluster) {  // published, nobody has read them yet
    items.push_back({"fresh" + std::to_string(cluster), std::nullopt,
                     "{\"CATEGORY\": \"c" + std::to_string(cluster) + "\"}"});
  }
  ASSERT_TRUE(store_->UpsertItems("news", items).ok());
  AddSolution("up", "user-personalization");
  SolutionVersion version = Train("up");
  ASSERT_EQ(version.status, VersionStatus::kSucceeded) << version.message;
  auto loaded = LoadModel(version.model_path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const auto& als = static_cast<const Als&>(*loaded->model);
  EXPECT_FALSE(als.content_projection().empty());
  ASSERT_EQ(als.num_items(), 84);  // the fresh stories come after every story with events
  // user0 is in cluster 0 (and the first user, index 0): fresh0 is their kind of story.
  std::vector<float> user_vector(als.user_factors().Row(0), als.user_factors().Row(0) + als.factors());
  auto score = [&](int32_t item) {
    float s = 0;
    for (int32_t c = 0; c < als.factors(); ++c) s += user_vector[size_t(c)] * als.item_factors().Row(item)[c];
    return s;
  };
  EXPECT_GT(score(80), score(81));
  EXPECT_GT(score(80), score(82));
  EXPECT_GT(score(80), score(83));
}

TEST_F(TrainingJobTest, ThinDataFailsWithAPlainMessage) {
  AppendClusteredEvents(*store_, "news", 10, 40, 5);
  AddSolution("knn", "item-knn");
  SolutionVersion version = Train("knn");
  EXPECT_EQ(version.status, VersionStatus::kFailed);
  EXPECT_NE(version.message.find("not enough data to train yet"), std::string::npos) << version.message;
  EXPECT_TRUE(version.model_path.empty());
}

TEST_F(TrainingJobTest, UpdateModeNeedsAFullVersionOfAFactorRecipe) {
  AppendClusteredEvents(*store_, "news", 120, 80, 12);
  AddSolution("up", "user-personalization");
  SolutionVersion first = Train("up", "update");
  EXPECT_EQ(first.status, VersionStatus::kFailed);
  EXPECT_NE(first.message.find("train a full version first"), std::string::npos) << first.message;
  AddSolution("knn", "item-knn");
  ASSERT_EQ(Train("knn").status, VersionStatus::kSucceeded);
  SolutionVersion knn = Train("knn", "update");
  EXPECT_EQ(knn.status, VersionStatus::kFailed);
  EXPECT_NE(knn.message.find("available for user-personalization"), std::string::npos) << knn.message;
}

TEST_F(TrainingJobTest, UpdateModeFoldsInNewReadersAndStories) {
  AppendClusteredEvents(*store_, "news", 120, 80, 12);
  AddSolution("up", "user-personalization");
  SolutionVersion full = Train("up");
  ASSERT_EQ(full.status, VersionStatus::kSucceeded) << full.message;
  // New readers, and a story nobody had read at the full training.
  std::vector<Interaction> later;
  for (int user = 0; user < 10; ++user) {
    later.push_back(MakeEvent("newcomer" + std::to_string(user), "item" + std::to_string(user), "read", 1'800'000'000));
    later.push_back(MakeEvent("newcomer" + std::to_string(user), "breaking", "read", 1'800'000'001));
  }
  ASSERT_TRUE(store_->AppendEvents("news", later).ok());
  SolutionVersion update = Train("up", "update");
  ASSERT_EQ(update.status, VersionStatus::kSucceeded) << update.message;
  EXPECT_EQ(update.num_users, 130);
  EXPECT_EQ(update.num_items, 81);
  EXPECT_EQ(update.params, full.params);
  auto loaded = LoadModel(update.model_path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const auto& als = static_cast<const Als&>(*loaded->model);
  ASSERT_EQ(als.num_items(), 81);
  float norm = 0;
  for (int32_t c = 0; c < als.factors(); ++c) norm += std::abs(als.item_factors().Row(80)[c]);
  EXPECT_GT(norm, 0.0f);  // "breaking" got a vector from its readers
}

TEST_F(TrainingJobTest, CancelFlagEndsCancelled) {
  AppendClusteredEvents(*store_, "news", 120, 80, 12);
  AddSolution("knn", "item-knn");
  std::atomic<bool> cancel{true};
  SolutionVersion version = Train("knn", "full", &cancel);
  EXPECT_EQ(version.status, VersionStatus::kCancelled);
  EXPECT_TRUE(version.model_path.empty());
}

TEST_F(TrainingJobTest, SearchStoresHistoryAndChosenValues) {
  AppendClusteredEvents(*store_, "news", 120, 80, 12);
  AddSolution("knn", "item-knn",
              R"({"ranges": {"neighbours": [5, 60], "shrinkage": {"min": 0.1, "max": 100, "log": true}},
                  "max_trials": 3, "seed": 3})");
  SolutionVersion version = Train("knn");
  ASSERT_EQ(version.status, VersionStatus::kSucceeded) << version.message;
  int neighbours = std::stoi(version.params.at("neighbours"));
  EXPECT_GE(neighbours, 5);
  EXPECT_LE(neighbours, 60);
  EXPECT_EQ(version.params.count("shrinkage"), 1u);
  EXPECT_NE(version.search_json.find("\"score\""), std::string::npos);
  auto loaded = LoadModel(version.model_path);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->model->params().values().at("neighbours"), version.params.at("neighbours"));
}

TEST_F(TrainingJobTest, RunnerTrainsInTheBackgroundAndRejectsBadRequests) {
  AppendClusteredEvents(*store_, "news", 120, 80, 12);
  AddSolution("knn", "item-knn");
  TrainingRunner runner(*store_, *solutions_, options_);
  EXPECT_EQ(runner.Start("news", "knn", "update").status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(runner.Start("news", "knn", "fast").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(runner.Start("news", "nope", "full").status().code(), StatusCode::kNotFound);
  auto started = runner.Start("news", "knn", "full");
  ASSERT_TRUE(started.ok());
  EXPECT_EQ(started->status, VersionStatus::kQueued);
  runner.WaitIdle();
  auto done = solutions_->GetVersion(started->id);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->status, VersionStatus::kSucceeded) << done->message;
  EXPECT_EQ(runner.Cancel(started->id).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(runner.Cancel(12345).status().code(), StatusCode::kNotFound);
}

TEST_F(TrainingJobTest, RunnerCancelsAQueuedVersion) {
  AppendClusteredEvents(*store_, "news", 120, 80, 12);
  AddSolution("knn", "item-knn");
  TrainingRunner runner(*store_, *solutions_, options_);
  auto first = runner.Start("news", "knn", "full");
  auto second = runner.Start("news", "knn", "full");
  ASSERT_TRUE(first.ok() && second.ok());
  auto cancelled = runner.Cancel(second->id);
  runner.WaitIdle();
  auto done = solutions_->GetVersion(second->id);
  ASSERT_TRUE(done.ok());
  // Cancel succeeds unless the version already finished; once accepted, it must end cancelled.
  if (cancelled.ok()) {
    EXPECT_EQ(done->status, VersionStatus::kCancelled) << done->message;
  } else {
    EXPECT_EQ(done->status, VersionStatus::kSucceeded);
  }
  EXPECT_TRUE(IsFinal(solutions_->GetVersion(first->id)->status));
}

}  // namespace
}  // namespace attune
