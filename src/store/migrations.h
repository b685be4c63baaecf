// Schema migrations of the store's own tables, in order. Migration i (0-based) moves a database
// from version i to version i+1; a new database runs them all. Migrations are append-only: once
// released, a migration's text never changes (add a new one instead).
// The SQL uses the tokens of sql_dialect.h, so one list serves every backend.
// Thread safety: immutable data.
#pragma once

#include <string_view>
#include <vector>

namespace attune {

// The ordered migrations; their count is the newest schema version this binary supports.
const std::vector<std::string_view>& StoreMigrations();

inline int LatestSchemaVersion() { return static_cast<int>(StoreMigrations().size()); }

}  // namespace attune
