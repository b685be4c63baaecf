// The real `attune` binary as a command-line tool: configuration (--config, ATTUNE_ environment,
// flags) for every verb that uses a data directory, log level and JSON logs, and eval's
// --test-after forms.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server_process.h"

namespace attune::testing {
namespace {

using Json = nlohmann::json;

struct CliRun {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteFile(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.empty());
    WriteFile(Path("events.csv"), EventsCsv());
  }
  void TearDown() override { RemoveTree(dir_); }

  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  // Runs `env attune args` in the test's directory (so a default ./attune-data would land there).
  CliRun Attune(const std::string& args, const std::string& env = "") const {
    const std::string command = "cd " + dir_ + " && env -u ATTUNE_DATA_DIR -u ATTUNE_LOG_LEVEL " +
                                env + " " + ATTUNE_BINARY + " " + args + " 2>" + Path("stderr");
    CliRun run;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return run;
    char buffer[4096];
    for (size_t got; (got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) run.out.append(buffer, got);
    const int status = ::pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.err = ReadFile(Path("stderr"));
    return run;
  }

  // 60 readers, 6 reads each over 20 stories, one a minute from 2023-11-14T22:13:20Z.
  static std::string EventsCsv() {
    std::string csv = "USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP\n";
    int64_t ts = 1'700'000'000;
    for (int user = 0; user < 60; ++user) {
      for (int read = 0; read < 6; ++read) {
        csv += "u" + std::to_string(user) + ",s" + std::to_string((user + read * 3) % 20) +
               ",read," + std::to_string(ts) + "\n";
        ts += 60;
      }
    }
    return csv;
  }

  bool HasStore(const std::string& data_dir) const {
    return std::filesystem::exists(Path(data_dir) + "/attune.db");
  }

  std::string dir_ = MakeTempDir("attune-cli");
};

TEST_F(CliTest, ImportAndTrainUseTheDataDirOfTheConfigFile) {
  WriteFile(Path("attune.toml"), "data_dir = \"" + Path("from-config") + "\"\n");
  CliRun import = Attune("--config attune.toml import --group news --json events.csv");
  ASSERT_EQ(import.exit_code, 0) << import.out << import.err;
  EXPECT_EQ(Json::parse(import.out)["rows_imported"], 360);
  EXPECT_TRUE(HasStore("from-config"));
  EXPECT_FALSE(std::filesystem::exists(Path("attune-data")));
  // --config after the verb is the same global flag.
  CliRun train = Attune("train --config attune.toml --group news --solution pop "
                        "--recipe popularity-count --min-interactions 100 --min-users 10 --json");
  ASSERT_EQ(train.exit_code, 0) << train.out << train.err;
  const std::string model = Json::parse(train.out)["model_path"];
  EXPECT_EQ(model.rfind(Path("from-config") + "/", 0), 0u) << model;
  EXPECT_FALSE(std::filesystem::exists(Path("attune-data")));
}

TEST_F(CliTest, EnvironmentOverridesTheConfigAndFlagsOverrideBoth) {
  WriteFile(Path("attune.toml"), "data_dir = \"" + Path("from-config") + "\"\n");
  const std::string env = "ATTUNE_DATA_DIR=" + Path("from-env");
  ASSERT_EQ(Attune("--config attune.toml import --group g events.csv", env).exit_code, 0);
  EXPECT_TRUE(HasStore("from-env"));
  EXPECT_FALSE(HasStore("from-config"));
  CliRun flag = Attune("--config attune.toml import --group g --data-dir " + Path("from-flag") +
                       " events.csv", env);
  ASSERT_EQ(flag.exit_code, 0) << flag.err;
  EXPECT_TRUE(HasStore("from-flag"));
  EXPECT_FALSE(HasStore("from-config"));
  // The same precedence for train (the group exists only in from-flag).
  CliRun train = Attune("train --group g --solution s --recipe popularity-count "
                        "--min-interactions 100 --min-users 10 --data-dir " + Path("from-flag"), env);
  EXPECT_EQ(train.exit_code, 0) << train.out << train.err;
}

TEST_F(CliTest, ABadConfigFileStopsImportTrainAndKeys) {
  WriteFile(Path("bad.toml"), "data_dir = \"" + Path("d") + "\"\nprot = 8080\n");
  for (const std::string verb : {"import --group g events.csv",
                                 "train --group g --solution s --recipe popularity-count",
                                 "keys list"}) {
    CliRun run = Attune("--config bad.toml " + verb);
    EXPECT_NE(run.exit_code, 0) << verb;
    EXPECT_NE(run.err.find("bad.toml:2: prot: unknown key"), std::string::npos) << verb << run.err;
  }
  EXPECT_FALSE(HasStore("d"));
  CliRun bad_env = Attune("import --group g events.csv", "ATTUNE_LOG_LEVEL=loud");
  EXPECT_NE(bad_env.exit_code, 0);
  EXPECT_NE(bad_env.err.find("ATTUNE_LOG_LEVEL"), std::string::npos) << bad_env.err;
}

TEST_F(CliTest, LogLevelFlagWinsOverTheConfigurationWhichWinsOverTheDefault) {
  const std::string dir_flag = " import --group g --force --data-dir " + Path("d") + " events.csv";
  CliRun by_default = Attune(dir_flag);
  ASSERT_EQ(by_default.exit_code, 0) << by_default.err;
  EXPECT_NE(by_default.err.find(" info import.start"), std::string::npos) << by_default.err;
  WriteFile(Path("quiet.toml"), "log_level = \"error\"\n");
  CliRun configured = Attune("--config quiet.toml" + dir_flag);
  ASSERT_EQ(configured.exit_code, 0) << configured.err;
  EXPECT_EQ(configured.err.find(" info "), std::string::npos) << configured.err;
  WriteFile(Path("loud.toml"), "log_level = \"info\"\n");
  CliRun flag = Attune("--log-level error --config loud.toml" + dir_flag);
  ASSERT_EQ(flag.exit_code, 0) << flag.err;
  EXPECT_EQ(flag.err.find(" info "), std::string::npos) << flag.err;
  CliRun flag_over_env = Attune("--log-level error" + dir_flag, "ATTUNE_LOG_LEVEL=debug");
  EXPECT_EQ(flag_over_env.err.find(" info "), std::string::npos) << flag_over_env.err;
  CliRun bad = Attune("--log-level loud" + dir_flag);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown log level \"loud\""), std::string::npos) << bad.err;
}

std::string ServerLog(const std::vector<std::string>& global_args, const std::string& data_dir) {
  ServerProcess server(data_dir, {{"ATTUNE_ADMIN_KEY", "cli-admin-key"}});
  server.set_global_args(global_args);
  if (!server.Start()) return "did not start: " + server.error();
  server.Stop();
  return ReadFile(server.log_path());
}

TEST_F(CliTest, ServeLogLevelFlagWinsOverTheConfiguredDefault) {
  const std::string info = ServerLog({}, Path("info"));
  EXPECT_NE(info.find(" info serve.listening"), std::string::npos) << info;
  const std::string quiet = ServerLog({"--log-level", "error"}, Path("quiet"));
  EXPECT_EQ(quiet.find("did not start"), std::string::npos) << quiet;
  EXPECT_EQ(quiet.find(" info "), std::string::npos) << quiet;
}

TEST_F(CliTest, LogJsonWritesOneJsonObjectPerLine) {
  const std::string log = ServerLog({"--log-json"}, Path("json"));
  std::istringstream lines(log);
  int objects = 0;
  bool listening = false;
  for (std::string line; std::getline(lines, line);) {
    const Json object = Json::parse(line, nullptr, false);
    ASSERT_TRUE(object.is_object()) << line;
    EXPECT_TRUE(object.contains("time")) << line;
    EXPECT_TRUE(object.contains("level")) << line;
    listening = listening || object.value("event", "") == "serve.listening";
    ++objects;
  }
  EXPECT_GT(objects, 0) << log;
  EXPECT_TRUE(listening) << log;
}

TEST_F(CliTest, EvalTestAfterTakesEpochSecondsOrIso8601) {
  // The events run from 1700000000 for 360 minutes; cut 300 minutes in.
  const std::string eval = "eval --data events.csv --format csv --protocol temporal --json --k 5 ";
  CliRun epoch = Attune(eval + "--test-after 1700018000");
  ASSERT_EQ(epoch.exit_code, 0) << epoch.err;
  CliRun iso = Attune(eval + "--test-after 2023-11-15T03:13:20Z");
  ASSERT_EQ(iso.exit_code, 0) << iso.err;
  const Json by_epoch = Json::parse(epoch.out), by_iso = Json::parse(iso.out);
  EXPECT_EQ(by_iso["users"], by_epoch["users"]);
  EXPECT_GT(by_iso["users"].get<int64_t>(), 0);
  EXPECT_EQ(by_iso["recall@5"], by_epoch["recall@5"]);
  CliRun bad = Attune(eval + "--test-after yesterday");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--test-after: expected epoch seconds, epoch milliseconds or ISO-8601"),
            std::string::npos) << bad.err;
}

}  // namespace
}  // namespace attune::testing
