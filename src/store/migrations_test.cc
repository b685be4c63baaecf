// SQLite-specific store behaviour: opening by URL, schema migrations, version checks.
#include "store/migrations.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

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
