// SolutionStore on SQLite: its own tables in the store's database file, one connection behind a
// mutex (training writes a version row a few times per second at most).
#include <signal.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <mutex>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/log.h"
#include "store/solution_store.h"
#include "store/sqlite_db.h"

namespace attune {
namespace {

constexpr std::string_view kTables = R"sql(
CREATE TABLE IF NOT EXISTS solutions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  group_name TEXT NOT NULL,
  name TEXT NOT NULL,
  recipe TEXT NOT NULL,
  params_json TEXT NOT NULL,
  events_json TEXT NOT NULL,
  search_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (group_name, name)
);
CREATE TABLE IF NOT EXISTS solution_versions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  group_name TEXT NOT NULL,
  solution TEXT NOT NULL,
  training_mode TEXT NOT NULL,
  status TEXT NOT NULL,
  progress REAL NOT NULL DEFAULT 0,
  stage TEXT NOT NULL DEFAULT '',
  message TEXT NOT NULL DEFAULT '',
  model_path TEXT NOT NULL DEFAULT '',
  metrics_json TEXT NOT NULL DEFAULT '{}',
  params_json TEXT NOT NULL DEFAULT '{}',
  search_json TEXT NOT NULL DEFAULT '[]',
  num_users INTEGER NOT NULL DEFAULT 0,
  num_items INTEGER NOT NULL DEFAULT 0,
  num_interactions INTEGER NOT NULL DEFAULT 0,
  data_sequence INTEGER NOT NULL DEFAULT 0,
  owner_pid INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  started_at INTEGER NOT NULL DEFAULT 0,
  finished_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS solution_versions_by_solution
  ON solution_versions (group_name, solution, id);
)sql";

constexpr const char* kVersionColumns =
    "id, group_name, solution, training_mode, status, progress, stage, message, model_path, "
    "metrics_json, params_json, search_json, num_users, num_items, num_interactions, data_sequence, "
    "created_at, started_at, finished_at";

// Whether the process that created a version can still be training it. The database is a local
// file, so every process using it runs on this host. This process counts as gone: it opens its
// solution store once, before its runner starts, so nothing of its own can be running yet.
bool OwnerAlive(int64_t pid) {
  if (pid <= 0 || pid == static_cast<int64_t>(::getpid())) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

Status CheckSolutionName(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 64;
  for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-');
  if (ok) return Status::Ok();
  return InvalidArgument("solution name \"" + std::string(name) +
                         "\" must have 1-64 characters of letters, digits, '_', '.', '-'");
}

template <typename Map>
std::string MapToJson(const Map& map) { return nlohmann::json(map).dump(); }

template <typename Map>
Map MapFromJson(const std::string& text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return {};
  try {
    return json.get<Map>();
  } catch (const nlohmann::json::exception&) {
    return {};  // a row written by a newer binary with other value types: show none
  }
}

Solution ReadSolution(const SqliteStmt& row) {
  Solution s;
  s.spec.group = row.Text(0);
  s.spec.name = row.Text(1);
  s.spec.recipe = row.Text(2);
  s.spec.params = MapFromJson<std::map<std::string, std::string>>(row.Text(3));
  s.spec.events_json = row.Text(4);
  s.spec.search_json = row.Text(5);
  s.created_at = row.Int(6);
  return s;
}

SolutionVersion ReadVersion(const SqliteStmt& row) {
  SolutionVersion v;
  v.id = row.Int(0);
  v.group = row.Text(1);
  v.solution = row.Text(2);
  v.training_mode = row.Text(3);
  v.status = ParseVersionStatus(row.Text(4)).ok() ? *ParseVersionStatus(row.Text(4)) : VersionStatus::kFailed;
  v.progress = row.Double(5);
  v.stage = row.Text(6);
  v.message = row.Text(7);
  v.model_path = row.Text(8);
  v.metrics = MapFromJson<std::map<std::string, double>>(row.Text(9));
  v.params = MapFromJson<std::map<std::string, std::string>>(row.Text(10));
  v.search_json = row.Text(11);
  v.num_users = row.Int(12);
  v.num_items = row.Int(13);
  v.num_interactions = row.Int(14);
  v.data_sequence = row.Int(15);
  v.created_at = row.Int(16);
  v.started_at = row.Int(17);
  v.finished_at = row.Int(18);
  return v;
}

class SqliteSolutionStore final : public SolutionStore {
 public:
  SqliteSolutionStore(std::unique_ptr<SqliteDb> db, const Clock* clock) : db_(std::move(db)), clock_(clock) {}

  Status Initialize() {
    std::lock_guard lock(mu_);
    ATTUNE_RETURN_IF_ERROR(db_->Exec(kTables).WithContext("creating the solution tables"));
    ATTUNE_RETURN_IF_ERROR(EnsureOwnerColumn());
    ATTUNE_ASSIGN_OR_RETURN(auto select, db_->Prepare(
        "SELECT id, owner_pid FROM solution_versions WHERE status IN ('queued', 'running')"));
    std::vector<int64_t> interrupted;
    while (true) {
      ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
      if (!row) break;
      if (!OwnerAlive(select->Int(1))) interrupted.push_back(select->Int(0));
    }
    select.reset();
    for (int64_t id : interrupted) ATTUNE_RETURN_IF_ERROR(FailInterrupted(id));
    if (!interrupted.empty()) {
      LogInfo("training.interrupted_versions_failed", {{"count", int64_t(interrupted.size())}});
    }
    return Status::Ok();
  }

  Result<Solution> CreateSolution(const SolutionSpec& spec) override {
    ATTUNE_RETURN_IF_ERROR(CheckSolutionName(spec.name));
    std::lock_guard lock(mu_);
    ATTUNE_RETURN_IF_ERROR(CheckGroup(spec.group));
    ATTUNE_ASSIGN_OR_RETURN(auto insert, db_->Prepare(
        "INSERT INTO solutions (group_name, name, recipe, params_json, events_json, search_json, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    insert->Bind(1, spec.group).Bind(2, spec.name).Bind(3, spec.recipe).Bind(4, MapToJson(spec.params));
    insert->Bind(5, spec.events_json).Bind(6, spec.search_json).Bind(7, Now());
    Status status = insert->Run();
    if (status.code() == StatusCode::kAlreadyExists) {
      return AlreadyExists("solution \"" + spec.name + "\" already exists in group \"" + spec.group +
                           "\"; pick another name or train a new version of it");
    }
    ATTUNE_RETURN_IF_ERROR(status);
    return Solution{spec, Now()};
  }

  Result<Solution> GetSolution(std::string_view group, std::string_view name) override {
    std::lock_guard lock(mu_);
    ATTUNE_ASSIGN_OR_RETURN(auto select, db_->Prepare(
        "SELECT group_name, name, recipe, params_json, events_json, search_json, created_at "
        "FROM solutions WHERE group_name = ? AND name = ?"));
    select->Bind(1, group).Bind(2, name);
    ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) {
      return NotFound("solution \"" + std::string(name) + "\" does not exist in group \"" +
                      std::string(group) + "\"");
    }
    return ReadSolution(*select);
  }

  Result<std::vector<Solution>> ListSolutions(std::string_view group) override {
    std::lock_guard lock(mu_);
    ATTUNE_RETURN_IF_ERROR(CheckGroup(group));
    ATTUNE_ASSIGN_OR_RETURN(auto select, db_->Prepare(
        "SELECT group_name, name, recipe, params_json, events_json, search_json, created_at "
        "FROM solutions WHERE group_name = ? ORDER BY name"));
    select->Bind(1, group);
    std::vector<Solution> out;
    while (true) {
      ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
      if (!row) break;
      out.push_back(ReadSolution(*select));
    }
    return out;
  }

  Result<SolutionVersion> CreateVersion(std::string_view group, std::string_view solution,
                                        std::string_view training_mode) override {
    ATTUNE_RETURN_IF_ERROR(GetSolution(group, solution).status());
    std::lock_guard lock(mu_);
    ATTUNE_ASSIGN_OR_RETURN(auto insert, db_->Prepare(
        "INSERT INTO solution_versions (group_name, solution, training_mode, status, owner_pid, created_at) "
        "VALUES (?, ?, ?, 'queued', ?, ?)"));
    insert->Bind(1, group).Bind(2, solution).Bind(3, training_mode).Bind(4, static_cast<int64_t>(::getpid()));
    ATTUNE_RETURN_IF_ERROR(insert->Bind(5, Now()).Run());
    return ReadVersionLocked(db_->last_insert_rowid());
  }

  Status UpdateVersion(const SolutionVersion& v) override {
    std::lock_guard lock(mu_);
    ATTUNE_ASSIGN_OR_RETURN(SolutionVersion old, ReadVersionLocked(v.id));
    if (IsFinal(old.status) && old.status != v.status) {
      return FailedPrecondition("solution version " + std::to_string(v.id) + " is already " +
                                std::string(VersionStatusName(old.status)));
    }
    int64_t started = old.started_at == 0 && v.status != VersionStatus::kQueued ? Now() : old.started_at;
    int64_t finished = old.finished_at == 0 && IsFinal(v.status) ? Now() : old.finished_at;
    ATTUNE_ASSIGN_OR_RETURN(auto update, db_->Prepare(
        "UPDATE solution_versions SET status = ?, progress = ?, stage = ?, message = ?, model_path = ?, "
        "metrics_json = ?, params_json = ?, search_json = ?, num_users = ?, num_items = ?, "
        "num_interactions = ?, data_sequence = ?, started_at = ?, finished_at = ? WHERE id = ?"));
    update->Bind(1, VersionStatusName(v.status)).Bind(2, v.progress).Bind(3, v.stage).Bind(4, v.message);
    update->Bind(5, v.model_path).Bind(6, MapToJson(v.metrics)).Bind(7, MapToJson(v.params));
    update->Bind(8, v.search_json).Bind(9, v.num_users).Bind(10, v.num_items);
    update->Bind(11, v.num_interactions).Bind(12, v.data_sequence).Bind(13, started).Bind(14, finished);
    return update->Bind(15, v.id).Run();
  }

  Result<SolutionVersion> GetVersion(int64_t id) override {
    std::lock_guard lock(mu_);
    return ReadVersionLocked(id);
  }

  Result<std::vector<SolutionVersion>> ListVersions(std::string_view group,
                                                    std::string_view solution) override {
    ATTUNE_RETURN_IF_ERROR(GetSolution(group, solution).status());
    std::lock_guard lock(mu_);
    ATTUNE_ASSIGN_OR_RETURN(auto select, db_->Prepare(
        std::string("SELECT ") + kVersionColumns +
        " FROM solution_versions WHERE group_name = ? AND solution = ? ORDER BY id DESC"));
    select->Bind(1, group).Bind(2, solution);
    std::vector<SolutionVersion> out;
    while (true) {
      ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
      if (!row) break;
      out.push_back(ReadVersion(*select));
    }
    return out;
  }

  Status DeleteGroupSolutions(std::string_view group) override {
    std::lock_guard lock(mu_);
    for (const char* table : {"solution_versions", "solutions"}) {
      ATTUNE_ASSIGN_OR_RETURN(auto del, db_->Prepare(std::string("DELETE FROM ") + table + " WHERE group_name = ?"));
      ATTUNE_RETURN_IF_ERROR(del->Bind(1, group).Run());
    }
    return Status::Ok();
  }

 private:
  int64_t Now() const { return clock_->NowSeconds(); }

  // Databases created before owner_pid existed (development builds) get the column.
  Status EnsureOwnerColumn() {
    ATTUNE_ASSIGN_OR_RETURN(auto info, db_->Prepare("PRAGMA table_info(solution_versions)"));
    while (true) {
      ATTUNE_ASSIGN_OR_RETURN(bool row, info->Step());
      if (!row) break;
      if (info->Text(1) == "owner_pid") return Status::Ok();
    }
    info.reset();
    return db_->Exec("ALTER TABLE solution_versions ADD COLUMN owner_pid INTEGER NOT NULL DEFAULT 0");
  }

  Status FailInterrupted(int64_t id) {
    ATTUNE_ASSIGN_OR_RETURN(auto update, db_->Prepare(
        "UPDATE solution_versions SET status = 'failed', message = ?, finished_at = ? WHERE id = ?"));
    return update->Bind(1, kInterruptedVersionMessage).Bind(2, Now()).Bind(3, id).Run();
  }

  Status CheckGroup(std::string_view group) {
    ATTUNE_ASSIGN_OR_RETURN(auto select, db_->Prepare("SELECT 1 FROM dataset_groups WHERE name = ?"));
    select->Bind(1, group);
    ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
    if (row) return Status::Ok();
    return NotFound("dataset group \"" + std::string(group) + "\" does not exist");
  }

  Result<SolutionVersion> ReadVersionLocked(int64_t id) {
    ATTUNE_ASSIGN_OR_RETURN(auto select, db_->Prepare(
        std::string("SELECT ") + kVersionColumns + " FROM solution_versions WHERE id = ?"));
    select->Bind(1, id);
    ATTUNE_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) return NotFound("solution version " + std::to_string(id) + " does not exist");
    return ReadVersion(*select);
  }

  std::mutex mu_;
  std::unique_ptr<SqliteDb> db_;
  const Clock* clock_;
};

Result<std::string> DatabasePath(const std::string& location) {
  std::string dir = location;
  if (dir.rfind("sqlite://", 0) == 0) {
    dir = dir.substr(9);
  } else if (dir.find("://") != std::string::npos) {
    return Unavailable("solutions are stored in SQLite only for now; \"" + location +
                       "\" is not a data directory");
  }
  if (dir.empty()) return InvalidArgument("no store location given; pass a data directory");
  return dir + "/attune.db";
}

}  // namespace

std::string_view VersionStatusName(VersionStatus status) {
  switch (status) {
    case VersionStatus::kQueued: return "queued";
    case VersionStatus::kRunning: return "running";
    case VersionStatus::kSucceeded: return "succeeded";
    case VersionStatus::kFailed: return "failed";
    case VersionStatus::kCancelled: return "cancelled";
  }
  return "failed";
}

Result<VersionStatus> ParseVersionStatus(std::string_view name) {
  for (VersionStatus s : {VersionStatus::kQueued, VersionStatus::kRunning, VersionStatus::kSucceeded,
                          VersionStatus::kFailed, VersionStatus::kCancelled}) {
    if (VersionStatusName(s) == name) return s;
  }
  return InvalidArgument("unknown version status \"" + std::string(name) +
                         "\"; expected queued, running, succeeded, failed or cancelled");
}

Result<std::unique_ptr<SolutionStore>> OpenSolutionStore(const StoreOptions& options) {
  ATTUNE_ASSIGN_OR_RETURN(std::string path, DatabasePath(options.location));
  ATTUNE_ASSIGN_OR_RETURN(auto db, SqliteDb::Open(path, SqliteTuning{8, options.busy_timeout_ms, false}));
  const Clock* clock = options.clock ? options.clock : &SystemClock::Default();
  auto store = std::make_unique<SqliteSolutionStore>(std::move(db), clock);
  ATTUNE_RETURN_IF_ERROR(store->Initialize());
  return std::unique_ptr<SolutionStore>(std::move(store));
}

}  // namespace attune
