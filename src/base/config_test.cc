#include "base/config.h"

#include <gtest/gtest.h>

namespace attune {
namespace {

TEST(ConfigTest, DefaultsWithoutFileOrEnvironment) {
  auto options = LoadServerOptions("", {});
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->bind, "127.0.0.1");
  EXPECT_EQ(options->port, 8080);
  EXPECT_EQ(options->max_body_bytes, 10 * 1024 * 1024);
}

TEST(ConfigTest, FileValuesOverrideDefaults) {
  auto options = ParseServerOptions("data_dir = \"/tmp/x\"\nport = 9090\nthreads = 3\n",
                                    "attune.toml", {});
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->data_dir, "/tmp/x");
  EXPECT_EQ(options->port, 9090);
  EXPECT_EQ(options->threads, 3);
}

TEST(ConfigTest, EnvironmentOverridesFile) {
  auto options = ParseServerOptions("port = 9090\nbind = \"0.0.0.0\"\n", "attune.toml",
                                    {{"ATTUNE_PORT", "7070"}, {"ATTUNE_ADMIN_KEY", "k"}});
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->port, 7070);
  EXPECT_EQ(options->bind, "0.0.0.0");
  EXPECT_EQ(options->admin_key, "k");
}

TEST(ConfigTest, NestedTablesFlattenWithUnderscore) {
  auto options = ParseServerOptions("[max]\nbody_bytes = 2048\n", "attune.toml", {});
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->max_body_bytes, 2048);
}

TEST(ConfigTest, UnknownKeyNamesFileLineAndKey) {
  auto options = ParseServerOptions("port = 1\n\nprot = 2\n", "attune.toml", {});
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(options.status().message().find("attune.toml:3: prot: unknown key"), std::string::npos)
      << options.status().message();
}

TEST(ConfigTest, WrongTypeNamesFileLineAndKey) {
  auto options = ParseServerOptions("port = \"eighty\"\n", "attune.toml", {});
  ASSERT_FALSE(options.ok());
  EXPECT_NE(options.status().message().find("attune.toml:1: port: expected an integer"),
            std::string::npos)
      << options.status().message();
}

TEST(ConfigTest, OutOfRangeIsAnError) {
  auto options = ParseServerOptions("port = 70000\n", "attune.toml", {});
  ASSERT_FALSE(options.ok());
  EXPECT_NE(options.status().message().find("out of range"), std::string::npos);
}

TEST(ConfigTest, BadEnvironmentValueNamesTheVariable) {
  auto options = ParseServerOptions("", "attune.toml", {{"ATTUNE_THREADS", "many"}});
  ASSERT_FALSE(options.ok());
  EXPECT_NE(options.status().message().find("environment ATTUNE_THREADS"), std::string::npos)
      << options.status().message();
}

TEST(ConfigTest, BadLogLevelIsAnError) {
  auto options = ParseServerOptions("log_level = \"loud\"\n", "attune.toml", {});
  ASSERT_FALSE(options.ok());
  EXPECT_NE(options.status().message().find("log_level"), std::string::npos);
}

TEST(ConfigTest, TomlSyntaxErrorHasPosition) {
  auto options = ParseServerOptions("port = = 3\n", "attune.toml", {});
  ASSERT_FALSE(options.ok());
  EXPECT_NE(options.status().message().find("attune.toml:1:"), std::string::npos)
      << options.status().message();
}

TEST(ConfigTest, MissingFileIsAnError) {
  auto options = LoadServerOptions("/nonexistent/attune.toml", {});
  ASSERT_FALSE(options.ok());
  EXPECT_NE(options.status().message().find("/nonexistent/attune.toml"), std::string::npos);
}

}  // namespace
}  // namespace attune
