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

}  // namespace

const std::vector<std::string_view>& StoreMigrations() {
  static const std::vector<std::string_view> kMigrations = {kV1};
  return kMigrations;
}

}  // namespace attune
