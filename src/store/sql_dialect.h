// SqlDialect: every difference between the SQL of the SQLite and PostgreSQL backends, in one place.
//
// Store SQL is written once, with tokens where the dialects differ, and rendered per backend:
//   {INT}           64-bit integer column type       INTEGER            | BIGINT
//   {REAL}          double column type               REAL               | DOUBLE PRECISION
//   {SERIAL_PK}     auto-increasing, never reused    INTEGER PRIMARY KEY AUTOINCREMENT | BIGSERIAL PRIMARY KEY
//   {INSERT_IGNORE} insert that skips conflicts      INSERT OR IGNORE INTO | INSERT INTO
//   {ON_CONFLICT_IGNORE} ... its suffix              (nothing)          | ON CONFLICT DO NOTHING
//   {BEGIN_WRITE}   start a write transaction        BEGIN IMMEDIATE    | BEGIN
// Placeholders are written '?'; PostgreSQL renders them as $1, $2, ... (outside string literals).
// Everything else (ON CONFLICT ... DO UPDATE SET x = excluded.x, partial indexes, RETURNING)
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
  std::string_view insert_ignore;
  std::string_view on_conflict_ignore;
  std::string_view begin_write;
  bool numbered_placeholders;  // $1, $2 instead of ?

  // `sql` with the tokens above replaced for this dialect.
  std::string Render(std::string_view sql) const;
};

inline constexpr SqlDialect kSqliteDialect{
    "sqlite", "INTEGER", "REAL", "INTEGER PRIMARY KEY AUTOINCREMENT", "INSERT OR IGNORE INTO", "",
    "BEGIN IMMEDIATE", false};

inline constexpr SqlDialect kPostgresDialect{
    "postgresql", "BIGINT", "DOUBLE PRECISION", "BIGSERIAL PRIMARY KEY", "INSERT INTO",
    "ON CONFLICT DO NOTHING", "BEGIN", true};

}  // namespace attune
