// The solutions API through the real request pipeline (routing, auth, handlers, error mapping),
// without sockets: create/list/get solutions, start a version, poll it, cancel, and the errors.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/api_context.h"
#include "jobs/training_runner.h"
#include "store/solution_store.h"
#include "training_test_util.h"

namespace attune {
namespace {

using nlohmann::json;

class SolutionsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenTestStore(dir_.path(), clock_);
    ASSERT_TRUE(store_->CreateGroup("news").ok());
    AppendClusteredEvents(*store_, "news", 120, 80, 12);
    StoreOptions options;
    options.location = dir_.path();
    options.clock = &clock_;
    solutions_ = std::move(OpenSolutionStore(options)).value();
    TrainingOptions training;
    training.data_dir = dir_.path();
    training.threads = 1;
    training.clock = &clock_;
    runner_ = std::make_unique<TrainingRunner>(*store_, *solutions_, training);
    const std::string hash = HashApiKeySecret(kAdmin);
    context_ = std::make_unique<http::ApiContext>(*store_, clock_, http::ApiOptions{1 << 20, 1000, hash});
    context_->keys.SetAdminKeyHash(hash);
    context_->solutions = solutions_.get();
    context_->training = runner_.get();
    api_ = std::make_unique<http::Api>(*context_);
  }
  void TearDown() override { runner_.reset(); }

  http::HttpResponse Call(const std::string& method, const std::string& path, const std::string& body = "") {
    http::HttpRequest request;
    request.method = method;
    request.path = path;
    request.body = body;
    request.authorization = std::string("Bearer ") + kAdmin;
    return api_->Handle(request);
  }

  static constexpr const char* kAdmin = "atk_test_admin_secret";
  TempDataDir dir_{"api"};
  FakeClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<SolutionStore> solutions_;
  std::unique_ptr<TrainingRunner> runner_;
  std::unique_ptr<http::ApiContext> context_;
  std::unique_ptr<http::Api> api_;
};

TEST_F(SolutionsApiTest, CreateTrainPollAndReadMetrics) {
  auto created = Call("POST", "/v1/groups/news/solutions",
                      R"({"name": "daily", "recipe": "item-knn", "hyperparameters": {"neighbours": 40},
                          "events": {"decay_half_life_days": 30}})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(json::parse(created.body)["events"]["decay_half_life_days"], 30.0);
  auto list = Call("GET", "/v1/groups/news/solutions");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(json::parse(list.body)["solutions"][0]["name"], "daily");
  auto started = Call("POST", "/v1/groups/news/solutions/daily/versions", R"({"training_mode": "full"})");
  ASSERT_EQ(started.status, 202) << started.body;
  int64_t id = json::parse(started.body)["id"];
  runner_->WaitIdle();
  auto polled = Call("GET", "/v1/groups/news/solutions/daily/versions/" + std::to_string(id));
  ASSERT_EQ(polled.status, 200) << polled.body;
  json version = json::parse(polled.body);
  EXPECT_EQ(version["status"], "succeeded") << version["message"];
  EXPECT_EQ(version["hyperparameters"]["neighbours"], "40");
  EXPECT_TRUE(version["metrics"].contains("normalized_discounted_cumulative_gain_at_10"));
  auto versions = Call("GET", "/v1/groups/news/solutions/daily/versions");
  EXPECT_EQ(json::parse(versions.body)["versions"].size(), 1u);
  auto cancel = Call("POST", "/v1/groups/news/solutions/daily/versions/" + std::to_string(id) + "/cancel");
  EXPECT_EQ(cancel.status, 409) << cancel.body;  // already succeeded
}

// A group deleted and created again under the same name does not inherit the old solutions.
TEST_F(SolutionsApiTest, DeletingTheGroupDeletesItsSolutions) {
  ASSERT_EQ(Call("POST", "/v1/groups/news/solutions", R"({"name": "x", "recipe": "item-knn"})").status, 201);
  ASSERT_EQ(Call("DELETE", "/v1/groups/news").status, 204);
  ASSERT_TRUE(store_->CreateGroup("news").ok());
  EXPECT_EQ(Call("GET", "/v1/groups/news/solutions/x").status, 404);
  auto list = Call("GET", "/v1/groups/news/solutions");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.body.find("\"x\""), std::string::npos) << list.body;
}

TEST_F(SolutionsApiTest, ErrorsComeBackWithTheRightStatus) {
  EXPECT_EQ(Call("POST", "/v1/groups/news/solutions", R"({"name": "x", "recipe": "nope"})").status, 404);
  auto bad_param = Call("POST", "/v1/groups/news/solutions",
                        R"({"name": "x", "recipe": "item-knn", "hyperparameters": {"neighbors": 5}})");
  EXPECT_EQ(bad_param.status, 400);
  EXPECT_NE(bad_param.body.find("neighbors"), std::string::npos) << bad_param.body;
  auto bad_range = Call("POST", "/v1/groups/news/solutions",
                        R"({"name": "x", "recipe": "item-knn", "hyperparameter_search": {"ranges": {"neighbours": [9, 1]}}})");
  EXPECT_EQ(bad_range.status, 400);
  EXPECT_NE(bad_range.body.find("ranges.neighbours"), std::string::npos);
  ASSERT_EQ(Call("POST", "/v1/groups/news/solutions", R"({"name": "x", "recipe": "item-knn"})").status, 201);
  EXPECT_EQ(Call("POST", "/v1/groups/news/solutions", R"({"name": "x", "recipe": "item-knn"})").status, 409);
  auto update = Call("POST", "/v1/groups/news/solutions/x/versions", R"({"training_mode": "update"})");
  EXPECT_EQ(update.status, 409);  // item-knn cannot be updated
  EXPECT_NE(update.body.find("train full"), std::string::npos) << update.body;
  EXPECT_EQ(Call("GET", "/v1/groups/news/solutions/x/versions/999").status, 404);
  EXPECT_EQ(Call("GET", "/v1/groups/news/solutions/missing").status, 404);
  http::HttpRequest anonymous;
  anonymous.method = "GET";
  anonymous.path = "/v1/groups/news/solutions";
  EXPECT_EQ(api_->Handle(anonymous).status, 401);
}

}  // namespace
}  // namespace attune
