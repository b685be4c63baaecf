#include "store/sql_dialect.h"

#include <gtest/gtest.h>

namespace attune {
namespace {

TEST(SqlDialectTest, SqliteRendersTokens) {
  EXPECT_EQ(kSqliteDialect.Render("CREATE TABLE t (id {SERIAL_PK}, n {INT}, x {REAL})"),
            "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, n INTEGER, x REAL)");
  EXPECT_EQ(kSqliteDialect.Render("{INSERT_IGNORE} t VALUES (?, ?) {ON_CONFLICT_IGNORE}"),
            "INSERT OR IGNORE INTO t VALUES (?, ?) ");
}

TEST(SqlDialectTest, PostgresNumbersPlaceholdersOutsideLiterals) {
  EXPECT_EQ(kPostgresDialect.Render("{INSERT_IGNORE} t VALUES (?, '?', ?) {ON_CONFLICT_IGNORE}"),
            "INSERT INTO t VALUES ($1, '?', $2) ON CONFLICT DO NOTHING");
  EXPECT_EQ(kPostgresDialect.Render("{BEGIN_WRITE}"), "BEGIN");
  EXPECT_EQ(kPostgresDialect.Render("a {INT} b {INT}"), "a BIGINT b BIGINT");
}

}  // namespace
}  // namespace attune
