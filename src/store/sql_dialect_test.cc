#include "store/sql_dialect.h"

#include <gtest/gtest.h>

namespace attune {
namespace {

TEST(SqlDialectTest, SqliteRendersTokens) {
  EXPECT_EQ(kSqliteDialect.Render("CREATE TABLE t (id {SERIAL_PK}, n {INT}, x {REAL})"),
            "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, n INTEGER, x REAL)");
  EXPECT_EQ(kSqliteDialect.Render("CREATE TABLE t (a {INT}, PRIMARY KEY (a)){WITHOUT_ROWID}"),
            "CREATE TABLE t (a INTEGER, PRIMARY KEY (a)) WITHOUT ROWID");
}

TEST(SqlDialectTest, PostgresNumbersPlaceholdersOutsideLiterals) {
  EXPECT_EQ(kPostgresDialect.Render("INSERT INTO t VALUES (?, '?', ?) ON CONFLICT (a) DO NOTHING"),
            "INSERT INTO t VALUES ($1, '?', $2) ON CONFLICT (a) DO NOTHING");
  EXPECT_EQ(kPostgresDialect.Render("CREATE TABLE t (a {INT}, PRIMARY KEY (a)){WITHOUT_ROWID}"),
            "CREATE TABLE t (a BIGINT, PRIMARY KEY (a))");
  EXPECT_EQ(kPostgresDialect.Render("{BEGIN_WRITE}"), "BEGIN");
  EXPECT_EQ(kPostgresDialect.Render("a {INT} b {INT}"), "a BIGINT b BIGINT");
}

}  // namespace
}  // namespace attune
