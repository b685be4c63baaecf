// SQLite-specific store behaviour: opening by URL, schema migrations, version checks.
#include "store/migrations.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

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
