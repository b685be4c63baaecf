// Writing interaction rows on SQLite: the INSERT (skipping a repeated event id), binding one row,
// the per-user index entry (interactions_by_user: a table the store maintains itself, see
// migrations.cc), the interactions sequence counter, and SqliteInteractionBatch, which buffers
// rows and writes them with one multi-row INSERT per kRows rows (statement overhead is most of a
// single-row INSERT), interning the batch's ids first (prefetched together: each lookup is a
// likely cache miss), and hands the index keys of the rows it wrote to an IndexKeySorter.
//
// Sequence numbers: store_sequences holds the last seq handed out. A writer reads it once inside
// its write transaction, gives each row it inserts the next number and saves the counter before
// COMMIT, so numbers increase in commit order, a rolled-back transaction hands out nothing, and a
// number is never handed out twice (deletes leave gaps; duplicates skipped by a batch leave gaps).
// Thread safety: used by the thread holding the store's write lease.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/ids.h"
#include "store/index_key_sorter.h"
#include "store/sqlite_db.h"
#include "store/store.h"

namespace attune {

// One interaction row: the dense ids and the caller's record (its text is bound without a copy:
// keep it alive until the statement is Reset).
struct InteractionRow {
  int64_t seq = 0;
  int64_t group_id = 0;
  int32_t user_idx = 0;
  int32_t item_idx = 0;
  int32_t type_idx = 0;
  int64_t source_job = 0;  // 0: the API
  const Interaction* event = nullptr;
};

// INSERT of `rows` interaction rows (13 parameters each, in BindInteractionRow's order). A row
// whose (group_id, event_id) is stored already is skipped; any other conflict is an error, after
// which the transaction must be rolled back (OR FAIL: the rows before the failing one stay).
std::string InsertInteractionsSql(int rows);
// Binds `row` to parameters first .. first+12 of a statement whose bindings are clear (freshly
// prepared or Reset): absent optional values are left NULL.
void BindInteractionRow(SqliteStmt& insert, int first, const InteractionRow& row);

// INSERT of `rows` interactions_by_user entries (group_id, user_idx, ts, seq: 4 parameters each);
// OR FAIL like InsertInteractionsSql.
std::string InsertIndexEntriesSql(int rows);

// Writes every key of `keys` (Finish()ed here) as an interactions_by_user entry of the group, in
// key order: sorted inserts touch each B-tree page once and append into new groups.
Status WriteIndexEntries(SqliteDb& db, int64_t group_id, IndexKeySorter& keys);

// The last interaction seq handed out, and saving a new one (inside the write transaction).
Result<int64_t> LastInteractionSeq(SqliteDb& db);
Status SaveLastInteractionSeq(SqliteDb& db, int64_t last_seq);

class SqliteInteractionBatch {
 public:
  static constexpr int kRows = 256;  // 3,328 parameters; 64 was 4% slower on a 1M-row import

  // The dictionaries this writer's ids are interned into (in the order rows are added), borrowed.
  struct Dictionaries {
    IdDictionary* users;
    IdDictionary* items;
    IdDictionary* event_types;
  };
  // Rows get seq last_seq + 1, last_seq + 2, ... in the order they are added. The index key of
  // every row written (not of skipped duplicates) goes to `index_keys` (borrowed).
  SqliteInteractionBatch(SqliteDb& db, Dictionaries dictionaries, IndexKeySorter* index_keys, int64_t group_id,
                         int64_t source_job, int64_t last_seq);

  // Buffers a copy of `event` (USER_ID, ITEM_ID and EVENT_TYPE not empty); writes the buffer when
  // it is full. The ids are interned at the latest by the next Flush.
  Status Add(const Interaction& event);
  // Add, swapping `event` with the buffer's spent record instead of copying it.
  Status Take(Interaction& event);
  // Writes the buffered rows; after it, written() + duplicates() counts every row added.
  Status Flush();
  // Lets go of the (reset) statements; the next write prepares them again.
  void ReleaseStatements();

  int64_t written() const { return written_; }
  int64_t duplicates() const { return duplicates_; }
  int64_t last_seq() const { return last_seq_; }  // the highest seq handed out so far

 private:
  struct Pending {
    int32_t user_idx = 0, item_idx = 0, type_idx = 0;
    uint64_t user_hash = 0, item_hash = 0;
    int64_t seq = 0;
    Interaction event;
  };
  void Intern();
  Status Write(SqliteStmt& insert, size_t first, size_t count);
  Status AddIndexKeys(size_t first, size_t count, int64_t written);

  SqliteDb& db_;
  Dictionaries dictionaries_;
  IndexKeySorter* index_keys_;
  int64_t group_id_;
  int64_t source_job_;
  int64_t last_seq_;
  int64_t written_ = 0;
  int64_t duplicates_ = 0;
  std::vector<Pending> rows_;  // kRows, reused so strings keep their capacity
  size_t pending_ = 0;
  std::unique_ptr<SqliteStmt> insert_many_;
  std::unique_ptr<SqliteStmt> insert_one_;
};

}  // namespace attune
