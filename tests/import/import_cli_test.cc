// `attune import` end to end: the real binary, its JSON summary and its exit codes.
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace {

struct CliRun {
  int exit_code = -1;
  std::string out;
};

CliRun Attune(const std::string& args) {
  std::string command = std::string(ATTUNE_BINARY_DIR) + "/src/main/attune " + args + " 2>/dev/null";
  CliRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  for (size_t got; (got = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0;) run.out.append(buffer, got);
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

class ImportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           (std::string("attune_cli_") +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string File(const std::string& name, const std::string& content) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  std::string Flags() const { return "import --json --data-dir " + (dir_ / "data").string(); }
  std::filesystem::path dir_;
};

TEST_F(ImportCliTest, TsvWithoutHeaderSucceedsAndPrintsTheSummary) {
  std::string path = File("u.tsv", "1\t10\t4\t881250949\n2\t10\t5\t881250950\n");
  CliRun run = Attune(Flags() + " --group ml --no-header --columns USER_ID,ITEM_ID,EVENT_VALUE,TIMESTAMP"
                   " --delimiter tab " + path);
  ASSERT_EQ(run.exit_code, 0) << run.out;
  auto json = nlohmann::json::parse(run.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << run.out;
  EXPECT_EQ(json["status"], "succeeded");
  EXPECT_EQ(json["rows_read"], 2);
  EXPECT_EQ(json["rows_imported"], 2);
  EXPECT_EQ(json["rows_rejected"], 0);
  EXPECT_EQ(json["duplicates"], 0);
  EXPECT_TRUE(json["errors"].is_array());
  EXPECT_GT(json["job_id"].get<int>(), 0);
  EXPECT_TRUE(json.contains("seconds"));

  CliRun again = Attune(Flags() + " --group ml --no-header --columns USER_ID,ITEM_ID,EVENT_VALUE,TIMESTAMP"
                     " --delimiter tab " + path);
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(again.out, nullptr, false)["status"], "skipped");
}

TEST_F(ImportCliTest, FailedJobExitsWithOneAndListsTheErrors) {
  std::string path = File("bad.csv", "USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP\nu,i,read,never\nu,j,read,1\n");
  CliRun run = Attune(Flags() + " --group g " + path);
  EXPECT_EQ(run.exit_code, 1) << run.out;
  auto json = nlohmann::json::parse(run.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << run.out;
  EXPECT_EQ(json["status"], "failed");
  EXPECT_EQ(json["rows_imported"], 0);
  ASSERT_EQ(json["errors"].size(), 1u);
  EXPECT_EQ(json["errors"][0]["line"], 2);
  EXPECT_EQ(json["errors"][0]["column"], "TIMESTAMP");
}

TEST_F(ImportCliTest, BadUsageExitsWithTwo) {
  EXPECT_EQ(Attune(Flags() + " --group g --delimiter ab " + File("x.csv", "a\n")).exit_code, 2);
  EXPECT_EQ(Attune(Flags() + " --group g --format xml " + File("x.csv", "a\n")).exit_code, 2);
}

}  // namespace
