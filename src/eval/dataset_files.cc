#include "eval/dataset_files.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <optional>
#include <string_view>

#include "base/csv.h"
#include "core/timestamp.h"

namespace attune {
namespace {

template <typename T>
std::optional<T> ParseNumber(std::string_view text) {
  T value{};
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::string Where(const std::string& path, int64_t line) {
  return path + ":" + std::to_string(line) + ": ";
}

Result<std::ifstream> OpenText(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFound("cannot open \"" + path + "\": check the path and permissions");
  return in;
}

Status ParseLightGcnLine(std::string_view line, InteractionLog& log) {
  size_t pos = 0;
  std::optional<int32_t> user;
  while (pos < line.size()) {
    const size_t start = line.find_first_not_of(" \t\r", pos);
    if (start == std::string_view::npos) break;
    pos = std::min(line.find_first_of(" \t\r", start), line.size());
    const auto id = ParseNumber<int32_t>(line.substr(start, pos - start));
    if (!id || *id < 0) {
      return InvalidArgument("bad id \"" + std::string(line.substr(start, pos - start)) +
                             "\"; expected `user item item ...` with non-negative integers");
    }
    if (!user) {
      user = *id;
      log.num_users = std::max(log.num_users, *id + 1);
      continue;
    }
    log.users.push_back(*user);
    log.items.push_back(*id);
    log.weights.push_back(1.0f);
    log.num_items = std::max(log.num_items, *id + 1);
  }
  return Status::Ok();
}

// Dense ids leave few gaps; a huge maximum (a timestamp or rating read as an item) means the
// file is in another format, and would otherwise allocate a catalogue of that size.
Result<InteractionLog> CheckDense(const std::string& path, InteractionLog log) {
  const int64_t bound = 4 * static_cast<int64_t>(log.size()) + 4 * log.num_users + 1024;
  if (log.num_items > bound) {
    return InvalidArgument(path + ": item ids are not dense (largest " +
                           std::to_string(log.num_items - 1) + " for " + std::to_string(log.size()) +
                           " interactions); --format lightgcn expects `user item item ...` with "
                           "0-based ids; for `user item rating time` rows use --format csv");
  }
  return log;
}

struct ColumnIndex {
  int user = -1, item = -1, value = -1, timestamp = -1;
  size_t count = 0;
};

Result<ColumnIndex> IndexColumns(const std::vector<std::string>& names, const std::string& path) {
  ColumnIndex index;
  index.count = names.size();
  for (size_t col = 0; col < names.size(); ++col) {
    const int c = static_cast<int>(col);
    if (names[col] == "USER_ID") index.user = c;
    if (names[col] == "ITEM_ID") index.item = c;
    if (names[col] == "EVENT_VALUE") index.value = c;
    if (names[col] == "TIMESTAMP") index.timestamp = c;
  }
  if (index.user < 0 || index.item < 0) {
    return InvalidArgument(path + ": no USER_ID or ITEM_ID column; name the columns in the header "
                           "or with --columns USER_ID,ITEM_ID,EVENT_VALUE,TIMESTAMP");
  }
  return index;
}

Status ParseCsvRow(const std::vector<std::string_view>& fields, const ColumnIndex& cols,
                   IdMaps& ids, InteractionLog& log) {
  if (fields.size() < cols.count) {
    return InvalidArgument("expected " + std::to_string(cols.count) + " fields, found " +
                           std::to_string(fields.size()) + "; check --delimiter and --columns");
  }
  float weight = 1.0f;
  // An empty EVENT_VALUE means "not measured" (as in `attune import`): weight 1.
  if (cols.value >= 0 && !fields[cols.value].empty()) {
    const auto v = ParseNumber<float>(fields[cols.value]);
    if (!v) return InvalidArgument("bad EVENT_VALUE \"" + std::string(fields[cols.value]) + "\"");
    weight = *v;
  }
  if (cols.timestamp >= 0) {
    auto t = ParseTimestamp(fields[cols.timestamp]);
    if (!t.ok()) return InvalidArgument("bad TIMESTAMP: " + t.status().message());
    log.timestamps.push_back(*t);
  }
  if (fields[cols.user].empty() || fields[cols.item].empty()) {
    return InvalidArgument("empty USER_ID or ITEM_ID");
  }
  log.users.push_back(ids.users.Intern(fields[cols.user]));
  log.items.push_back(ids.items.Intern(fields[cols.item]));
  log.weights.push_back(weight);
  return Status::Ok();
}

}  // namespace

CsrMatrix InteractionLog::ToMatrix(int32_t rows, int32_t cols,
                                   const std::vector<uint8_t>& keep) const {
  std::vector<Triplet> triplets;
  triplets.reserve(size());
  for (size_t event = 0; event < size(); ++event) {
    if (!keep.empty() && !keep[event]) continue;
    triplets.push_back({users[event], items[event], weights[event]});
  }
  return CsrMatrix::FromTriplets(std::max(rows, num_users), std::max(cols, num_items),
                                 std::move(triplets));
}

std::vector<int64_t> InteractionLog::NewestTimes(const std::vector<uint8_t>& keep) const {
  if (!has_timestamps()) return {};
  struct Cell {
    int32_t user, item;
    int64_t time;
  };
  std::vector<Cell> cells;
  cells.reserve(size());
  for (size_t event = 0; event < size(); ++event) {
    if (!keep.empty() && !keep[event]) continue;
    cells.push_back({users[event], items[event], timestamps[event]});
  }
  // The order CsrMatrix::FromTriplets gives its cells: by row, then column.
  std::sort(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) {
    return a.user != b.user ? a.user < b.user : a.item < b.item;
  });
  std::vector<int64_t> newest;
  newest.reserve(cells.size());
  for (size_t i = 0; i < cells.size(); ++i) {
    const bool same_cell = i > 0 && cells[i - 1].user == cells[i].user && cells[i - 1].item == cells[i].item;
    if (same_cell) {
      newest.back() = std::max(newest.back(), cells[i].time);
    } else {
      newest.push_back(cells[i].time);
    }
  }
  return newest;
}

Result<InteractionLog> ReadLightGcnFile(const std::string& path) {
  ATTUNE_ASSIGN_OR_RETURN(std::ifstream in, OpenText(path));
  InteractionLog log;
  std::string line;
  int64_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    Status status = ParseLightGcnLine(line, log);
    if (!status.ok()) return InvalidArgument(Where(path, line_no) + status.message());
  }
  if (log.size() == 0) return InvalidArgument(path + ": no interactions; is it a `user item ...` file?");
  return CheckDense(path, log);
}

Result<InteractionLog> ReadCsvLogFile(const std::string& path, const CsvLogOptions& options,
                                      IdMaps& ids) {
  CsvOptions csv;
  csv.delimiter = options.delimiter;
  ATTUNE_ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader, CsvReader::OpenFile(path, csv));
  CsvRow row;
  std::vector<std::string> names = options.columns;
  if (options.header) {
    ATTUNE_ASSIGN_OR_RETURN(bool has_header, reader->Next(row));
    if (!has_header) return InvalidArgument(path + ": empty file, expected a header");
    if (names.empty()) names.assign(row.fields.begin(), row.fields.end());
  }
  if (names.empty()) return InvalidArgument(path + ": no header; name the columns with --columns");
  ATTUNE_ASSIGN_OR_RETURN(ColumnIndex cols, IndexColumns(names, path));
  InteractionLog log;
  while (true) {
    ATTUNE_ASSIGN_OR_RETURN(bool more, reader->Next(row));
    if (!more) break;
    Status status = ParseCsvRow(row.fields, cols, ids, log);
    if (!status.ok()) return InvalidArgument(Where(path, row.line) + status.message());
  }
  log.num_users = ids.users.size();
  log.num_items = ids.items.size();
  return log;
}

}  // namespace attune
