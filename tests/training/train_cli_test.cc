// `attune train` end to end: the real binary on a store filled through the library, its JSON
// version, exit codes and error messages.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "training_test_util.h"

namespace attune {
namespace {

struct CliRun {
  int exit_code = -1;
  std::string out;
};

// Runs the binary with stderr folded into stdout when `with_stderr`.
CliRun Attune(const std::string& args, bool with_stderr = false) {
  std::string command = std::string(ATTUNE_BINARY_DIR) + "/src/main/attune " + args +
                        (with_stderr ? " 2>&1" : " 2>/dev/null");
  CliRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  for (size_t got; (got = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0;) run.out.append(buffer, got);
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

class TrainCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FakeClock clock;
    auto store = OpenTestStore(dir_.path(), clock);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CreateGroup("news").ok());
    ASSERT_TRUE(store->CreateGroup("tiny").ok());
    AppendClusteredEvents(*store, "news", 120, 80, 12);
    AppendClusteredEvents(*store, "tiny", 5, 20, 3);
  }
  std::string Flags(const std::string& group) {
    return "train --data-dir " + dir_.path() + " --group " + group + " --threads 1 ";
  }
  TempDataDir dir_{"cli"};
};

TEST_F(TrainCliTest, CreatesTheSolutionTrainsAndPrintsTheVersion) {
  CliRun run = Attune(Flags("news") + "--solution daily --recipe item-knn --param neighbours=50 --json");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  nlohmann::json version = nlohmann::json::parse(run.out);
  EXPECT_EQ(version["status"], "succeeded");
  EXPECT_EQ(version["hyperparameters"]["neighbours"], "50");
  EXPECT_TRUE(std::filesystem::exists(version["model_path"].get<std::string>()));
  EXPECT_GT(version["metrics"]["precision_at_5"].get<double>(), 0.0);
  // A second run trains a new version of the existing solution.
  CliRun again = Attune(Flags("news") + "--solution daily --json");
  ASSERT_EQ(again.exit_code, 0) << again.out;
  EXPECT_GT(nlohmann::json::parse(again.out)["id"].get<int64_t>(), version["id"].get<int64_t>());
}

TEST_F(TrainCliTest, ExplainsWhatIsMissing) {
  CliRun no_recipe = Attune(Flags("news") + "--solution nothing", true);
  EXPECT_EQ(no_recipe.exit_code, 1);
  EXPECT_NE(no_recipe.out.find("pass --recipe"), std::string::npos) << no_recipe.out;
  CliRun bad_param = Attune(Flags("news") + "--solution x --recipe item-knn --param neighbors=5", true);
  EXPECT_EQ(bad_param.exit_code, 2);
  EXPECT_NE(bad_param.out.find("neighbors"), std::string::npos) << bad_param.out;
  CliRun thin = Attune(Flags("tiny") + "--solution t --recipe item-knn", true);
  EXPECT_EQ(thin.exit_code, 1);
  EXPECT_NE(thin.out.find("not enough data to train yet"), std::string::npos) << thin.out;
  CliRun update = Attune(Flags("news") + "--solution u --recipe item-knn --mode update", true);
  EXPECT_EQ(update.exit_code, 1);
  EXPECT_NE(update.out.find("available for user-personalization"), std::string::npos) << update.out;
}

}  // namespace
}  // namespace attune
