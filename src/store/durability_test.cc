// Durability: every write acknowledged before a kill -9 is present after reopening, and an import
// that was running when the process died is failed (not running, not succeeded) with none of its
// rows. The writer runs in a forked child that reports each acknowledged batch through a pipe.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "store/store_test_util.h"

namespace attune {
namespace {

constexpr int kBatch = 10;
constexpr int32_t kImportOpen = -1;

std::unique_ptr<Store> MustOpen(const std::string& dir) {
  auto store = SqliteBackend().open(dir, nullptr);
  if (!store.ok()) {
    ADD_FAILURE() << store.status().ToString();
    return nullptr;
  }
  return std::move(store).value();
}

std::vector<Interaction> Batch(int32_t batch) {
  std::vector<Interaction> events;
  for (int i = 0; i < kBatch; ++i) {
    Interaction e;
    e.user_id = "u" + std::to_string(i);
    e.item_id = "i" + std::to_string(batch);
    e.event_type = "read";
    e.timestamp = batch;
    e.event_id = "b" + std::to_string(batch) + "-" + std::to_string(i);
    events.push_back(std::move(e));
  }
  return events;
}

void Report(int fd, int32_t value) {
  if (write(fd, &value, sizeof(value)) != sizeof(value)) _exit(3);
}

// Child: append batches forever, reporting each one the store acknowledged.
[[noreturn]] void AppendForever(const std::string& dir, int fd) {
  auto store = SqliteBackend().open(dir, nullptr);
  if (!store.ok()) _exit(2);
  for (int32_t batch = 0;; ++batch) {
    if (!(*store)->AppendEvents("g", Batch(batch)).ok()) _exit(4);
    Report(fd, batch);
  }
}

// Child: start an import job, write rows without committing, report, wait to be killed.
// (The job is created here: opening a store fails every job left queued by an earlier process.)
[[noreturn]] void ImportThenHang(const std::string& dir, int fd) {
  auto store = SqliteBackend().open(dir, nullptr);
  if (!store.ok()) _exit(2);
  auto job = (*store)->CreateImportJob({"g", DatasetType::kInteractions, ImportMode::kFull, "f.csv", "h"});
  if (!job.ok()) _exit(8);
  const int64_t job_id = job->id;
  Report(fd, static_cast<int32_t>(job_id));
  ImportJobUpdate running;
  running.status = JobStatus::kRunning;
  if (!(*store)->UpdateImportJob(job_id, running).ok()) _exit(5);
  auto writer = (*store)->BeginImport(job_id);
  if (!writer.ok()) _exit(6);
  for (int32_t batch = 100000; batch < 100100; ++batch) {
    for (const Interaction& e : Batch(batch)) {
      if (!(*writer)->AddInteraction(e).ok()) _exit(7);
    }
  }
  Report(fd, kImportOpen);
  for (;;) pause();
}

// Child: create a job and mark it running (as a server does before it reads the file), then wait.
[[noreturn]] void MarkRunningThenWait(const std::string& dir, int fd) {
  auto store = SqliteBackend().open(dir, nullptr);
  if (!store.ok()) _exit(2);
  auto job = (*store)->CreateImportJob({"g", DatasetType::kInteractions, ImportMode::kFull, "f.csv", "h"});
  if (!job.ok()) _exit(8);
  ImportJobUpdate running;
  running.status = JobStatus::kRunning;
  if (!(*store)->UpdateImportJob(job->id, running).ok()) _exit(5);
  Report(fd, static_cast<int32_t>(job->id));
  for (;;) pause();
}

// Forks `body`, reads reports until `stop_after` arrived (or the child ended), kills it with SIGKILL.
std::vector<int32_t> RunAndKill(const std::function<void(int)>& body, size_t stop_after) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    body(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  std::vector<int32_t> reports;
  int32_t value = 0;
  while (reports.size() < stop_after && read(fds[0], &value, sizeof(value)) == sizeof(value)) {
    reports.push_back(value);
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  close(fds[0]);
  EXPECT_TRUE(WIFSIGNALED(status)) << "the child ended by itself with status " << status;
  return reports;
}

TEST(DurabilityTest, AcknowledgedEventsSurviveKill9) {
  TempDir dir;
  ASSERT_TRUE(MustOpen(dir.path())->CreateGroup("g").ok());
  const std::vector<int32_t> acked = RunAndKill([&](int fd) { AppendForever(dir.path(), fd); }, 200);
  ASSERT_EQ(acked.size(), 200u);
  auto store = MustOpen(dir.path());
  ASSERT_NE(store, nullptr);
  auto rows = store->InteractionsAfter("g", 0, 1'000'000);
  ASSERT_TRUE(rows.ok());
  std::set<std::string> stored;
  for (const auto& row : *rows) stored.insert(row.event_id);
  for (int32_t batch : acked) {
    for (int i = 0; i < kBatch; ++i) {
      EXPECT_TRUE(stored.count("b" + std::to_string(batch) + "-" + std::to_string(i))) << "batch " << batch;
    }
  }
  // Batches are atomic: the store holds whole batches only.
  EXPECT_EQ(rows->size() % kBatch, 0u);
}

TEST(DurabilityTest, ImportRunningAtKillIsFailedAndLeavesNoRows) {
  TempDir dir;
  {
    auto store = MustOpen(dir.path());
    ASSERT_TRUE(store->CreateGroup("g").ok());
    ASSERT_TRUE(store->AppendEvents("g", Batch(1)).ok());
  }
  const auto reports = RunAndKill([&](int fd) { ImportThenHang(dir.path(), fd); }, 2);
  ASSERT_EQ(reports.size(), 2u);
  ASSERT_EQ(reports[1], kImportOpen);
  const int64_t job_id = reports[0];
  auto store = MustOpen(dir.path());
  ASSERT_NE(store, nullptr);
  auto job = store->GetImportJob(job_id);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->status, JobStatus::kFailed);
  EXPECT_EQ(job->message, kInterruptedJobMessage);
  EXPECT_EQ(store->GetGroup("g")->num_interactions, kBatch);  // only the API batch
  EXPECT_FALSE(store->FindSucceededImport("g", DatasetType::kInteractions, "h")->has_value());
  // The import had spilled sorted index keys (1000 rows, 50 in memory); their file was unlinked
  // when created, so the kill left nothing behind.
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().filename().string().find(".sort-"), std::string::npos) << entry.path();
  }
}

// A CLI verb opening the data directory of a live server must not fail the server's running
// import; once that process is gone, the next sole opener does.
TEST(DurabilityTest, RunningJobOfALiveProcessIsLeftAloneByOtherOpeners) {
  TempDir dir;
  ASSERT_TRUE(MustOpen(dir.path())->CreateGroup("g").ok());
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    MarkRunningThenWait(dir.path(), fds[1]);
  }
  close(fds[1]);
  int32_t job_id = 0;
  ASSERT_EQ(read(fds[0], &job_id, sizeof(job_id)), ssize_t(sizeof(job_id)));
  {
    auto other = MustOpen(dir.path());  // the child still has the store open
    ASSERT_NE(other, nullptr);
    EXPECT_EQ(other->GetImportJob(job_id)->status, JobStatus::kRunning);
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  close(fds[0]);
  auto after = MustOpen(dir.path());
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(after->GetImportJob(job_id)->status, JobStatus::kFailed);
}

}  // namespace
}  // namespace attune
