// SQLite-specific store behaviour: opening by URL, schema migrations, version checks.
#include "store/migrations.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "store/sql_dialect.h"
#include "store/store_test_util.h"

namespace attune {
namespace {

Result<std::unique_ptr<Store>> Open(const std::string& location) {
  StoreOptions options;
  options.location = location;
  options.reader_connections = 1;
  return OpenStore(options);
}

void ExecRaw(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

TEST(OpenStoreTest, LocationForms) {
  TempDir dir;
  auto by_path = Open(dir.path() + "/sub/dir");
  ASSERT_TRUE(by_path.ok()) << by_path.status().ToString();
  EXPECT_EQ((*by_path)->backend(), "sqlite");
  EXPECT_EQ((*by_path)->schema_version(), LatestSchemaVersion());
  by_path->reset();
  auto by_url = Open("sqlite://" + dir.path() + "/sub/dir");
  ASSERT_TRUE(by_url.ok());
  EXPECT_EQ(Open("postgresql://localhost/attune").status().code(), StatusCode::kUnavailable);
  EXPECT_NE(Open("postgresql://x").status().message().find("PostgreSQL backend not built yet"), std::string::npos);
  EXPECT_EQ(Open("sqlite://relative/dir").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Open("mysql://host/db").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Open("").status().code(), StatusCode::kInvalidArgument);
}

TEST(MigrationsTest, NewerDatabaseFailsClearly) {
  TempDir dir;
  ASSERT_TRUE(Open(dir.path()).ok());
  ExecRaw(dir.path() + "/attune.db", "INSERT INTO schema_version (version) VALUES (999)");
  auto reopened = Open(dir.path());
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(reopened.status().message().find("schema version 999 is newer"), std::string::npos);
}

TEST(MigrationsTest, OldDatabaseIsMigratedOnOpen) {
  TempDir dir;
  // A database from before the first migration: only the version table, at version 0.
  ExecRaw(dir.path() + "/attune.db", "CREATE TABLE schema_version (version INTEGER NOT NULL)");
  auto store = Open(dir.path());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->schema_version(), LatestSchemaVersion());
  EXPECT_TRUE((*store)->CreateGroup("g").ok());
  store->reset();
  auto again = Open(dir.path());  // already current: opens without re-running migrations
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ((*again)->ListGroups()->size(), 1u);
}

int64_t CountRaw(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  int64_t count = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return count;
}

// A version-1 database (AUTOINCREMENT seq, interactions_by_group) whose newest interaction was
// deleted: migration 2 keeps every row with its seq and never hands the deleted seq out again.
TEST(MigrationsTest, Version1DataSurvivesMigrationToVersion2) {
  TempDir dir;
  const std::string path = dir.path() + "/attune.db";
  const std::string v1 = kSqliteDialect.Render(StoreMigrations()[0]);
  ExecRaw(path, ("CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);" +
                 v1).c_str());
  ExecRaw(path, R"sql(
    INSERT INTO dataset_groups (name, created_at) VALUES ('news', 1);
    INSERT INTO user_ids VALUES (1, 0, 'u1'), (1, 1, 'u2');
    INSERT INTO item_ids VALUES (1, 0, 'i1'), (1, 1, 'i2');
    INSERT INTO event_types VALUES (1, 0, 'read');
    INSERT INTO interactions (group_id, user_idx, item_idx, event_type, ts, event_value, event_id, source_job)
      VALUES (1, 0, 0, 0, 10, 0.5, 'e1', 0), (1, 1, 1, 0, 20, NULL, NULL, 7), (1, 0, 1, 0, 30, NULL, NULL, 0);
    DELETE FROM interactions WHERE seq = 3;)sql");
  auto store = Open(dir.path());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->schema_version(), 2);
  auto rows = (*store)->InteractionsAfter("news", 0, 10);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].sequence, 1);
  EXPECT_EQ((*rows)[0].user_id, "u1");
  EXPECT_EQ((*rows)[0].event_value, 0.5);
  EXPECT_EQ((*rows)[0].event_id, "e1");
  EXPECT_EQ((*rows)[1].sequence, 2);
  EXPECT_EQ((*rows)[1].item_id, "i2");
  EXPECT_EQ((*rows)[1].source_job, 7);
  EXPECT_EQ((*(*store)->UserInteractions("news", "u2", 5))[0].timestamp, 20);
  Interaction repeated;
  repeated.user_id = "u2";
  repeated.item_id = "i1";
  repeated.event_type = "read";
  repeated.event_id = "e1";
  EXPECT_EQ((*store)->AppendEvents("news", {repeated})->duplicates, 1);
  repeated.event_id.clear();
  EXPECT_EQ((*store)->AppendEvents("news", {repeated})->last_sequence, 4);  // 3 was handed out by v1
  store->reset();
  EXPECT_EQ(CountRaw(path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'interactions_by_group'"), 0);
  EXPECT_EQ(CountRaw(path, "SELECT COUNT(*) FROM sqlite_master WHERE name IN "
                           "('interactions_by_user', 'interactions_by_event_id', 'interactions_v2')"), 2);
}

Interaction Event(const std::string& user, int64_t ts, const std::string& event_id = "") {
  Interaction e;
  e.user_id = user;
  e.item_id = "i" + std::to_string(ts % 7);
  e.event_type = "read";
  e.timestamp = ts;
  e.event_id = event_id;
  return e;
}

void Import(Store& store, const std::string& group, ImportMode mode, int rows, int first_ts) {
  auto job = store.CreateImportJob({group, DatasetType::kInteractions, mode, "f.csv", std::to_string(first_ts)});
  ASSERT_TRUE(job.ok());
  auto writer = store.BeginImport(job->id);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  for (int row = 0; row < rows; ++row) {
    const int ts = first_ts + row;
    // Every 9th row repeats the previous row's event id, and row 5 one stored by the API.
    const std::string event_id = row == 5 ? "api-1" : "e" + std::to_string(ts - (row % 9 == 1 ? 1 : 0));
    ASSERT_TRUE((*writer)->AddInteraction(Event("u" + std::to_string(row % 13), ts, event_id)).ok());
  }
  ASSERT_TRUE((*writer)->Commit().ok());
}

// interactions_by_user is written by the store, not SQLite: after appends, imports with duplicates
// and spilled sort runs, a user delete, a full import and a group delete it must hold exactly one
// entry per interaction.
TEST(StoreIndexTest, InteractionsByUserMatchesTheTableAfterEveryWritePath) {
  TempDir dir;
  {
    auto store = SqliteBackend().open(dir.path(), nullptr);  // sorts spill past 50 keys
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Store& s = **store;
    ASSERT_TRUE(s.CreateGroup("g").ok());
    ASSERT_TRUE(s.CreateGroup("h").ok());
    ASSERT_TRUE(s.AppendEvents("g", {Event("u1", 1, "api-1"), Event("u1", 2, "api-1"), Event("u2", 3)}).ok());
    Import(s, "g", ImportMode::kIncremental, 300, 100);
    ASSERT_TRUE(s.DeleteUser("g", "u3").ok());
    Import(s, "g", ImportMode::kFull, 120, 1000);
    ASSERT_TRUE(s.AppendEvents("h", {Event("u1", 5), Event("u9", 6)}).ok());
    Import(s, "h", ImportMode::kIncremental, 80, 2000);
    ASSERT_TRUE(s.DeleteGroup("h").ok());
    ASSERT_TRUE(s.AppendEvents("g", {Event("u3", 7)}).ok());
  }
  const std::string path = dir.path() + "/attune.db";
  const int64_t rows = CountRaw(path, "SELECT COUNT(*) FROM interactions");
  EXPECT_GT(rows, 100);
  EXPECT_EQ(CountRaw(path, "SELECT COUNT(*) FROM interactions_by_user"), rows);
  EXPECT_EQ(CountRaw(path, "SELECT COUNT(*) FROM (SELECT group_id, user_idx, ts, seq FROM interactions "
                           "EXCEPT SELECT group_id, user_idx, ts, seq FROM interactions_by_user)"), 0);
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().filename().string().find(".sort-"), std::string::npos) << entry.path();
  }
}

TEST(MigrationsTest, DatabaseUsesWal) {
  TempDir dir;
  ASSERT_TRUE(Open(dir.path()).ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() + "/attune.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

}  // namespace
}  // namespace attune
