// Dataset files for offline evaluation and training experiments: an InteractionLog read from
// LightGCN-style lists (`user item item ...`, 0-based dense ids, e.g. the shared Gowalla split) or
// from CSV/TSV files with the columns of an interactions dataset (USER_ID, ITEM_ID, optional
// EVENT_VALUE and TIMESTAMP in any form core/timestamp.h accepts; other columns are ignored),
// read with base/csv.h (RFC 4180 quoting, CRLF, UTF-8 checked).
//
// Errors name the file, line and field, and say how to fix them. The log owns its arrays; CSV ids
// go through caller-owned IdMaps so that a train file and a test file share one id space.
// Thread safety: plain values; readers share no state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/csv.h"  // ParseColumnList, ParseCsvDelimiter for the options below
#include "base/status.h"
#include "core/csr_matrix.h"
#include "core/ids.h"

namespace attune {

// Interactions as parallel arrays (one entry per event), with dense user and item indices.
struct InteractionLog {
  std::vector<int32_t> users;
  std::vector<int32_t> items;
  std::vector<float> weights;
  std::vector<int64_t> timestamps;  // epoch seconds; empty when the file has none
  int32_t num_users = 0;            // index bound: max user index + 1 (or dictionary size)
  int32_t num_items = 0;

  size_t size() const { return users.size(); }
  bool has_timestamps() const { return !timestamps.empty(); }
  // users x items matrix of the events selected by `keep` (all when empty); repeated events on
  // one (user, item) sum their weights. The shape is (rows, cols), at least the log's bounds.
  CsrMatrix ToMatrix(int32_t rows, int32_t cols, const std::vector<uint8_t>& keep = {}) const;
  // Aligned with ToMatrix(..., keep).values: the newest timestamp of each (user, item) cell.
  // Empty when the log has no timestamps.
  std::vector<int64_t> NewestTimes(const std::vector<uint8_t>& keep = {}) const;
};

// External string ids <-> dense indices, shared by the files of one dataset.
struct IdMaps {
  IdDictionary users;
  IdDictionary items;
};

// Reads `user item item ...` lines (space separated, 0-based dense ids). Each event has weight 1
// and no timestamp. A user line without items is allowed (the user has no events).
Result<InteractionLog> ReadLightGcnFile(const std::string& path);

struct CsvLogOptions {
  char delimiter = ',';  // "\t" for MovieLens u.data / ua.base
  bool header = true;    // false: the first line is data and `columns` names the fields
  // Column names in file order (USER_ID, ITEM_ID, EVENT_VALUE, TIMESTAMP; anything else is
  // ignored). Empty: taken from the header line.
  std::vector<std::string> columns;
};

// Reads an interactions CSV. EVENT_VALUE (when present) is the event weight, else 1.
Result<InteractionLog> ReadCsvLogFile(const std::string& path, const CsvLogOptions& options,
                                      IdMaps& ids);

}  // namespace attune
