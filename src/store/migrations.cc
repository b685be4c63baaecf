#include "store/migrations.h"

namespace attune {
namespace {

// Version 1: groups, schemas, dictionaries, rows, interactions, import jobs, API keys.
// Users and items are stored by dense per-group index; the *_ids tables translate external ids.
// interactions.seq is the replication sequence (AUTOINCREMENT: never reused, so followers that
// read "seq > last seen" never miss a row even after deletes).
constexpr std::string_view kV1 = R"sql(
CREATE TABLE dataset_groups (
  id {SERIAL_PK},
  name TEXT NOT NULL UNIQUE,
  created_at {INT} NOT NULL
);
CREATE TABLE dataset_schemas (
  group_id {INT} NOT NULL,
  dataset TEXT NOT NULL,
  declared_json TEXT NOT NULL,
  updated_at {INT} NOT NULL,
  PRIMARY KEY (group_id, dataset)
);
CREATE TABLE user_ids (
  group_id {INT} NOT NULL,
  idx {INT} NOT NULL,
  external_id TEXT NOT NULL,
  PRIMARY KEY (group_id, idx),
  UNIQUE (group_id, external_id)
);
CREATE TABLE item_ids (
  group_id {INT} NOT NULL,
  idx {INT} NOT NULL,
  external_id TEXT NOT NULL,
  PRIMARY KEY (group_id, idx),
  UNIQUE (group_id, external_id)
);
CREATE TABLE event_types (
  group_id {INT} NOT NULL,
  idx {INT} NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (group_id, idx),
  UNIQUE (group_id, name)
);
CREATE TABLE items (
  group_id {INT} NOT NULL,
  item_idx {INT} NOT NULL,
  creation_timestamp {INT},
  properties TEXT NOT NULL,
  source_job {INT} NOT NULL,
  updated_at {INT} NOT NULL,
  PRIMARY KEY (group_id, item_idx)
);
CREATE TABLE users (
  group_id {INT} NOT NULL,
  user_idx {INT} NOT NULL,
  properties TEXT NOT NULL,
  source_job {INT} NOT NULL,
  updated_at {INT} NOT NULL,
  PRIMARY KEY (group_id, user_idx)
);
CREATE TABLE interactions (
  seq {SERIAL_PK},
  group_id {INT} NOT NULL,
  user_idx {INT} NOT NULL,
  item_idx {INT} NOT NULL,
  event_type {INT} NOT NULL,
  ts {INT} NOT NULL,
  event_value {REAL},
  session_id TEXT,
  event_id TEXT,
  recommendation_id TEXT,
  impression TEXT,
  properties TEXT,
  source_job {INT} NOT NULL
);
CREATE INDEX interactions_by_group ON interactions (group_id, seq);
CREATE INDEX interactions_by_user ON interactions (group_id, user_idx, ts);
CREATE UNIQUE INDEX interactions_by_event_id ON interactions (group_id, event_id)
  WHERE event_id IS NOT NULL;
CREATE TABLE import_jobs (
  id {SERIAL_PK},
  group_id {INT} NOT NULL,
  dataset TEXT NOT NULL,
  mode TEXT NOT NULL,
  source TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  status TEXT NOT NULL,
  rows_read {INT} NOT NULL DEFAULT 0,
  rows_imported {INT} NOT NULL DEFAULT 0,
  rows_rejected {INT} NOT NULL DEFAULT 0,
  duplicates {INT} NOT NULL DEFAULT 0,
  errors_json TEXT NOT NULL DEFAULT '[]',
  message TEXT NOT NULL DEFAULT '',
  created_at {INT} NOT NULL,
  started_at {INT} NOT NULL DEFAULT 0,
  finished_at {INT} NOT NULL DEFAULT 0
);
CREATE INDEX import_jobs_by_hash ON import_jobs (group_id, dataset, content_hash, status);
CREATE TABLE api_keys (
  id {SERIAL_PK},
  secret_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  group_id {INT},
  created_at {INT} NOT NULL,
  revoked_at {INT} NOT NULL DEFAULT 0
);
)sql";

// Version 2, for bulk imports:
// - interactions is clustered by (group_id, seq) (WITHOUT ROWID on SQLite), so a group's rows in
//   sequence order (followers, snapshots, counts, deletes by group) are one key range and
//   interactions_by_group is gone.
// - seq is handed out by the store from store_sequences instead of AUTOINCREMENT (which rewrote
//   sqlite_sequence on every INSERT). The counter only grows and deletes leave gaps, so a seq is
//   still never reused; it starts past the last seq version 1 handed out.
// - interactions_by_user is a table the store writes itself (one entry per interaction, in the
//   same transaction as the row) instead of an index: an import sorts its entries and inserts them
//   in key order (index_key_sorter.h), where CREATE INDEX sorted every row of the table again.
// The rows are copied over with their seq.
constexpr std::string_view kV2 = R"sql(
CREATE TABLE store_sequences (
  name TEXT PRIMARY KEY,
  last_value {INT} NOT NULL
);
INSERT INTO store_sequences (name, last_value)
  SELECT 'interactions', MAX(v) FROM (SELECT {V1_INTERACTIONS_SEQ} AS v
                                      UNION ALL SELECT COALESCE(MAX(seq), 0) FROM interactions) AS s;
CREATE TABLE interactions_v2 (
  seq {INT} NOT NULL,
  group_id {INT} NOT NULL,
  user_idx {INT} NOT NULL,
  item_idx {INT} NOT NULL,
  event_type {INT} NOT NULL,
  ts {INT} NOT NULL,
  event_value {REAL},
  session_id TEXT,
  event_id TEXT,
  recommendation_id TEXT,
  impression TEXT,
  properties TEXT,
  source_job {INT} NOT NULL,
  PRIMARY KEY (group_id, seq)
){WITHOUT_ROWID};
INSERT INTO interactions_v2 (seq, group_id, user_idx, item_idx, event_type, ts, event_value, session_id,
                             event_id, recommendation_id, impression, properties, source_job)
  SELECT seq, group_id, user_idx, item_idx, event_type, ts, event_value, session_id, event_id,
         recommendation_id, impression, properties, source_job
  FROM interactions ORDER BY group_id, seq;
DROP TABLE interactions;
ALTER TABLE interactions_v2 RENAME TO interactions;
CREATE UNIQUE INDEX interactions_by_event_id ON interactions (group_id, event_id)
  WHERE event_id IS NOT NULL;
CREATE TABLE interactions_by_user (
  group_id {INT} NOT NULL,
  user_idx {INT} NOT NULL,
  ts {INT} NOT NULL,
  seq {INT} NOT NULL,
  PRIMARY KEY (group_id, user_idx, ts, seq)
){WITHOUT_ROWID};
INSERT INTO interactions_by_user (group_id, user_idx, ts, seq)
  SELECT group_id, user_idx, ts, seq FROM interactions ORDER BY group_id, user_idx, ts, seq;
)sql";

}  // namespace

const std::vector<std::string_view>& StoreMigrations() {
  static const std::vector<std::string_view> kMigrations = {kV1, kV2};
  return kMigrations;
}

}  // namespace attune
