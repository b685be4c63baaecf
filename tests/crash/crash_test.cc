// Crash safety through the real server: SIGKILL mid-stream loses no acknowledged event, and an
// import killed mid-way is never visible in part nor marked succeeded.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "server_process.h"

namespace attune::testing {
namespace {

using Json = nlohmann::json;
const char* kAdmin = "crash-admin-key";
constexpr int kBatch = 50;

std::string Batch(int batch_idx) {
  Json events = Json::array();
  for (int i = 0; i < kBatch; ++i) {
    events.push_back({{"event_id", "b" + std::to_string(batch_idx) + "-" + std::to_string(i)},
                      {"event_type", "read"},
                      {"item_id", "item" + std::to_string(i)},
                      {"timestamp", 1'700'000'000 + i}});
  }
  return Json{{"user_id", "user" + std::to_string(batch_idx)}, {"events", events}}.dump();
}

// The event ids the server holds for the user of `batch_idx`.
std::set<std::string> StoredIds(const ServerProcess& server, int batch_idx) {
  HttpResult r = server.Request("GET", "/v1/groups/crash/users/user" + std::to_string(batch_idx) +
                                           "/interactions?limit=1000", kAdmin);
  std::set<std::string> ids;
  const Json events = r.json()["interactions"];
  for (const Json& e : events) ids.insert(e.value("event_id", ""));
  return ids;
}

struct Stream {
  std::mutex mu;
  std::condition_variable acked_cv;
  std::vector<int> acked;  // batch indices answered 200
  std::atomic<bool> done{false};
};

void StreamUntilFailure(const ServerProcess& server, Stream& stream) {
  for (int batch_idx = 0; batch_idx < 100'000; ++batch_idx) {
    HttpResult r = server.Request("POST", "/v1/groups/crash/events", kAdmin, Batch(batch_idx));
    if (r.status != 200) break;
    std::lock_guard<std::mutex> lock(stream.mu);
    stream.acked.push_back(batch_idx);
    stream.acked_cv.notify_all();
  }
  stream.done = true;
  stream.acked_cv.notify_all();
}

TEST(CrashTest, EveryAcknowledgedEventSurvivesSigkill) {
  const std::string dir = MakeTempDir("attune-crash-events");
  ServerProcess server(dir + "/data", {{"ATTUNE_ADMIN_KEY", kAdmin}});
  ASSERT_TRUE(server.Start()) << server.error();
  ASSERT_EQ(server.Request("POST", "/v1/groups", kAdmin, R"({"name": "crash"})").status, 201);
  Stream stream;
  std::thread writer([&] { StreamUntilFailure(server, stream); });
  {
    std::unique_lock<std::mutex> lock(stream.mu);
    stream.acked_cv.wait(lock, [&] { return stream.acked.size() >= 40 || stream.done; });
  }
  server.Kill();  // while the writer has a request in flight
  writer.join();
  ASSERT_GE(stream.acked.size(), 40u);
  ServerProcess again(dir + "/data", {{"ATTUNE_ADMIN_KEY", kAdmin}});
  ASSERT_TRUE(again.Start()) << again.error();
  for (int batch_idx : stream.acked) {
    EXPECT_EQ(StoredIds(again, batch_idx).size(), size_t(kBatch)) << "batch " << batch_idx;
  }
  again.Stop();
  RemoveTree(dir);
}

std::string WriteLargeCsv(const std::string& dir, int rows) {
  const std::string path = dir + "/big.csv";
  std::ofstream out(path);
  out << "USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP\n";
  for (int row = 0; row < rows; ++row) {
    out << "u" << row % 5000 << ",i" << row % 20000 << ",read," << 1'600'000'000 + row << "\n";
  }
  return path;
}

TEST(CrashTest, ImportKilledMidwayIsNeitherSucceededNorVisible) {
  const std::string dir = MakeTempDir("attune-crash-import");
  const std::string csv = WriteLargeCsv(dir, 1'500'000);
  ServerProcess server(dir + "/data", {{"ATTUNE_ADMIN_KEY", kAdmin}});
  ASSERT_TRUE(server.Start()) << server.error();
  ASSERT_EQ(server.Request("POST", "/v1/groups", kAdmin, R"({"name": "crash"})").status, 201);
  HttpResult started = server.Request("POST", "/v1/groups/crash/imports", kAdmin,
                                      Json{{"dataset", "interactions"}, {"path", csv}}.dump());
  ASSERT_EQ(started.status, 202) << started.body;
  const int64_t job_id = started.json()["job_id"];
  server.Kill();  // the 202 comes once the job is running; the file takes seconds to import
  ServerProcess again(dir + "/data", {{"ATTUNE_ADMIN_KEY", kAdmin}});
  ASSERT_TRUE(again.Start()) << again.error();
  Json job = again.Request("GET", "/v1/groups/crash/imports/" + std::to_string(job_id), kAdmin).json();
  EXPECT_NE(job["status"], "succeeded") << job.dump();
  EXPECT_EQ(job["status"], "failed") << job.dump();
  Json group = again.Request("GET", "/v1/groups/crash", kAdmin).json();
  EXPECT_EQ(group["num_interactions"], 0) << group.dump();
  again.Stop();
  RemoveTree(dir);
}

}  // namespace
}  // namespace attune::testing
