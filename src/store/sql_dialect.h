// SqlDialect: every difference between the SQL of the SQLite and PostgreSQL backends, in one place.
//
// Store SQL is written once, with tokens where the dialects differ, and rendered per backend:
//   {INT}           64-bit integer column type       INTEGER            | BIGINT
//   {REAL}          double column type               REAL               | DOUBLE PRECISION
//   {SERIAL_PK}     auto-increasing, never reused    INTEGER PRIMARY KEY AUTOINCREMENT | BIGSERIAL PRIMARY KEY
//   {BEGIN_WRITE}   start a write transaction        BEGIN IMMEDIATE    | BEGIN
//   {WITHOUT_ROWID} table clustered by its PRIMARY KEY  WITHOUT ROWID   | (nothing: heap table)
//   {V1_INTERACTIONS_SEQ}  last seq handed out by the version-1 interactions table (migration 2):
//                   COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'interactions'), 0)
//                   | (SELECT last_value FROM interactions_seq_seq)
// Placeholders are written '?'; PostgreSQL renders them as $1, $2, ... (outside string literals).
// Everything else (ON CONFLICT (cols) WHERE ... DO NOTHING, ON CONFLICT ... DO UPDATE SET
// x = excluded.x, partial indexes, RETURNING)
// is common to SQLite >= 3.35 and PostgreSQL >= 9.5 and is written directly.
// Thread safety: immutable constants.
#pragma once

#include <string>
#include <string_view>

namespace attune {

struct SqlDialect {
  std::string_view name;
  std::string_view int_type;
  std::string_view real_type;
  std::string_view serial_pk;
  std::string_view begin_write;
  std::string_view without_rowid;
  std::string_view v1_interactions_seq;
  bool numbered_placeholders;  // $1, $2 instead of ?

  // `sql` with the tokens above replaced for this dialect.
  std::string Render(std::string_view sql) const;
};

inline constexpr SqlDialect kSqliteDialect{
    "sqlite", "INTEGER", "REAL", "INTEGER PRIMARY KEY AUTOINCREMENT", "BEGIN IMMEDIATE", " WITHOUT ROWID",
    "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'interactions'), 0)", false};

inline constexpr SqlDialect kPostgresDialect{
    "postgresql", "BIGINT", "DOUBLE PRECISION", "BIGSERIAL PRIMARY KEY", "BEGIN", "",
    "(SELECT last_value FROM interactions_seq_seq)", true};

}  // namespace attune
