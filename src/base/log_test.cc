#include "base/log.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

namespace attune {
namespace {

// Runs `body` with stderr (where the logger writes) sent to a temporary file; returns what it got.
template <typename Body>
std::string CaptureStderr(Body body) {
  char path[] = "/tmp/attune-log-test-XXXXXX";
  const int file = mkstemp(path);
  std::fflush(stderr);
  const int saved = dup(STDERR_FILENO);
  dup2(file, STDERR_FILENO);
  body();
  std::fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
  std::string out;
  lseek(file, 0, SEEK_SET);
  char buffer[4096];
  for (ssize_t got; (got = read(file, buffer, sizeof buffer)) > 0;) out.append(buffer, size_t(got));
  close(file);
  unlink(path);
  return out;
}

class LogTest : public ::testing::Test {
 protected:
  void TearDown() override {
    SetLogFormat(LogFormat::kText);
    SetLogLevel(LogLevel::kInfo);
  }
};

TEST_F(LogTest, JsonFormatIsOneJsonObjectPerLine) {
  SetLogFormat(LogFormat::kJson);
  const std::string out = CaptureStderr([] {
    LogInfo("serve.listening", {{"url", "http://127.0.0.1:1"}, {"threads", 4}});
    LogWarn("odd \"event\"", {{"ratio", 0.5}, {"ok", true}});
  });
  // No text prefix before the object: the line starts with '{' and ends with '}'.
  const size_t newline = out.find('\n');
  ASSERT_NE(newline, std::string::npos) << out;
  const std::string first = out.substr(0, newline);
  EXPECT_EQ(first.front(), '{') << first;
  EXPECT_EQ(first.back(), '}') << first;
  EXPECT_NE(first.find("\"level\":\"info\",\"event\":\"serve.listening\",\"url\":\"http://127.0.0.1:1\","
                       "\"threads\":4}"),
            std::string::npos) << first;
  EXPECT_EQ(first.rfind("{\"time\":\"", 0), 0u) << first;
  const std::string second = out.substr(newline + 1);
  EXPECT_NE(second.find("\"event\":\"odd \\\"event\\\"\",\"ratio\":0.5,\"ok\":true}\n"),
            std::string::npos) << second;
}

TEST_F(LogTest, TextFormatIsTimeLevelEventFields) {
  const std::string out = CaptureStderr([] { LogInfo("import.end", {{"status", "succeeded"}}); });
  EXPECT_NE(out.find("Z info import.end status=succeeded\n"), std::string::npos) << out;
}

TEST_F(LogTest, LevelFiltersLines) {
  SetLogLevel(LogLevel::kError);
  const std::string out = CaptureStderr([] {
    LogInfo("hidden");
    LogError("shown");
  });
  EXPECT_EQ(out.find("hidden"), std::string::npos) << out;
  EXPECT_NE(out.find("error shown"), std::string::npos) << out;
}

}  // namespace
}  // namespace attune
