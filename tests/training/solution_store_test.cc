// SolutionStore on SQLite: solutions, versions, status rules, interrupted versions on reopen.
#include "store/solution_store.h"

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "store/sqlite_db.h"

#include "training_test_util.h"

namespace attune {
namespace {

class SolutionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenTestStore(dir_.path(), clock_);
    ASSERT_TRUE(store_->CreateGroup("news").ok());
    solutions_ = Open();
  }
  std::unique_ptr<SolutionStore> Open() {
    StoreOptions options;
    options.location = dir_.path();
    options.clock = &clock_;
    auto solutions = OpenSolutionStore(options);
    EXPECT_TRUE(solutions.ok()) << solutions.status().ToString();
    return solutions.ok() ? std::move(solutions).value() : nullptr;
  }
  SolutionSpec Spec(std::string name) {
    SolutionSpec spec;
    spec.group = "news";
    spec.name = std::move(name);
    spec.recipe = "popularity-count";
    spec.params = {{"k", "v"}};
    spec.events_json = R"({"decay_half_life_days":7})";
    return spec;
  }

  TempDataDir dir_{"solutions"};
  FakeClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<SolutionStore> solutions_;
};

TEST_F(SolutionStoreTest, CreateGetAndListSolutions) {
  ASSERT_TRUE(solutions_->CreateSolution(Spec("b")).ok());
  ASSERT_TRUE(solutions_->CreateSolution(Spec("a")).ok());
  auto got = solutions_->GetSolution("news", "b");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->spec.recipe, "popularity-count");
  EXPECT_EQ(got->spec.params.at("k"), "v");
  EXPECT_EQ(got->spec.events_json, R"({"decay_half_life_days":7})");
  EXPECT_EQ(got->created_at, clock_.NowSeconds());
  auto list = solutions_->ListSolutions("news");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].spec.name, "a");
}

TEST_F(SolutionStoreTest, DeleteGroupSolutionsRemovesSolutionsAndVersionsOfThatGroupOnly) {
  ASSERT_TRUE(store_->CreateGroup("other").ok());
  ASSERT_TRUE(solutions_->CreateSolution(Spec("a")).ok());
  SolutionSpec other = Spec("a");
  other.group = "other";
  ASSERT_TRUE(solutions_->CreateSolution(other).ok());
  auto version = solutions_->CreateVersion("news", "a", "full");
  ASSERT_TRUE(version.ok()) << version.status().ToString();
  ASSERT_TRUE(solutions_->DeleteGroupSolutions("news").ok());
  EXPECT_TRUE(solutions_->ListSolutions("news")->empty());
  EXPECT_FALSE(solutions_->GetVersion(version->id).ok());
  EXPECT_EQ(solutions_->ListSolutions("other")->size(), 1u);
}

TEST_F(SolutionStoreTest, ErrorsNameWhatIsWrong) {
  ASSERT_TRUE(solutions_->CreateSolution(Spec("a")).ok());
  EXPECT_EQ(solutions_->CreateSolution(Spec("a")).status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(solutions_->CreateSolution(Spec("bad name!")).status().code(), StatusCode::kInvalidArgument);
  SolutionSpec other = Spec("a");
  other.group = "nope";
  auto missing_group = solutions_->CreateSolution(other);
  EXPECT_EQ(missing_group.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing_group.status().message().find("\"nope\""), std::string::npos);
  EXPECT_EQ(solutions_->GetSolution("news", "zzz").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(solutions_->CreateVersion("news", "zzz", "full").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(solutions_->GetVersion(999).status().code(), StatusCode::kNotFound);
}

TEST_F(SolutionStoreTest, VersionLifecycleStampsTimesAndKeepsResults) {
  ASSERT_TRUE(solutions_->CreateSolution(Spec("a")).ok());
  auto version = solutions_->CreateVersion("news", "a", "full");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->status, VersionStatus::kQueued);
  EXPECT_EQ(version->started_at, 0);
  clock_.AdvanceSeconds(10);
  version->status = VersionStatus::kRunning;
  version->progress = 0.5;
  ASSERT_TRUE(solutions_->UpdateVersion(*version).ok());
  clock_.AdvanceSeconds(5);
  version->status = VersionStatus::kSucceeded;
  version->metrics = {{"precision_at_5", 0.25}};
  version->params = {{"factors", "64"}};
  version->model_path = "/x/1.atm";
  ASSERT_TRUE(solutions_->UpdateVersion(*version).ok());
  auto got = solutions_->GetVersion(version->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->status, VersionStatus::kSucceeded);
  EXPECT_EQ(got->finished_at - got->started_at, 5);
  EXPECT_DOUBLE_EQ(got->metrics.at("precision_at_5"), 0.25);
  EXPECT_EQ(got->params.at("factors"), "64");
  EXPECT_EQ(got->model_path, "/x/1.atm");
  version->status = VersionStatus::kRunning;
  EXPECT_EQ(solutions_->UpdateVersion(*version).code(), StatusCode::kFailedPrecondition);
}

TEST_F(SolutionStoreTest, ListVersionsNewestFirst) {
  ASSERT_TRUE(solutions_->CreateSolution(Spec("a")).ok());
  auto v1 = solutions_->CreateVersion("news", "a", "full");
  auto v2 = solutions_->CreateVersion("news", "a", "full");
  ASSERT_TRUE(v1.ok() && v2.ok());
  EXPECT_GT(v2->id, v1->id);
  auto list = solutions_->ListVersions("news", "a");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, v2->id);
}

TEST_F(SolutionStoreTest, ReopenFailsInterruptedVersions) {
  ASSERT_TRUE(solutions_->CreateSolution(Spec("a")).ok());
  auto running = solutions_->CreateVersion("news", "a", "full");
  auto queued = solutions_->CreateVersion("news", "a", "full");
  ASSERT_TRUE(running.ok() && queued.ok());
  running->status = VersionStatus::kRunning;
  ASSERT_TRUE(solutions_->UpdateVersion(*running).ok());
  solutions_.reset();
  solutions_ = Open();
  for (int64_t id : {running->id, queued->id}) {
    auto got = solutions_->GetVersion(id);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->status, VersionStatus::kFailed);
    EXPECT_EQ(got->message, kInterruptedVersionMessage);
  }
}

// A pid that no longer exists: a child that exited and was reaped.
int64_t DeadPid() {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

TEST_F(SolutionStoreTest, ReopenKeepsVersionsOfLiveProcesses) {
  ASSERT_TRUE(solutions_->CreateSolution(Spec("a")).ok());
  auto live = solutions_->CreateVersion("news", "a", "full");
  auto dead = solutions_->CreateVersion("news", "a", "full");
  ASSERT_TRUE(live.ok() && dead.ok());
  {
    auto db = SqliteDb::Open(dir_.path() + "/attune.db", SqliteTuning{});
    ASSERT_TRUE(db.ok());
    auto set_owner = [&](int64_t id, int64_t pid) {
      auto update = (*db)->Prepare("UPDATE solution_versions SET status = 'running', owner_pid = ? WHERE id = ?");
      ASSERT_TRUE(update.ok());
      ASSERT_TRUE((*update)->Bind(1, pid).Bind(2, id).Run().ok());
    };
    set_owner(live->id, ::getppid());  // the test runner's parent is alive while we run
    set_owner(dead->id, DeadPid());
  }
  solutions_.reset();
  solutions_ = Open();
  EXPECT_EQ(solutions_->GetVersion(live->id)->status, VersionStatus::kRunning);
  EXPECT_EQ(solutions_->GetVersion(dead->id)->status, VersionStatus::kFailed);
}

}  // namespace
}  // namespace attune
