// CsvReader: a streaming RFC 4180 reader with constant memory.
//
// Reads a file (or an in-memory string) record by record. Memory is one buffer of about 1 MiB
// that grows only when a single record is longer than it (bounded by max_record_bytes), so a
// 10 GB file costs the same as a 10 KB one. Fields are views into that buffer: they stay valid
// until the next call to Next().
//
// Accepted input: quoted fields with embedded delimiters, newlines and doubled quotes ("");
// LF and CRLF line ends; a UTF-8 byte-order mark at the very start (skipped); a last line
// without a newline. Empty lines are skipped.
//
// Errors: a malformed record (unterminated quote, stray quote, invalid UTF-8, record too long)
// makes Next() return InvalidArgument "name:line:column: reason. fix" and the reader moves past
// that record, so the caller may log it and keep reading. I/O errors are returned as Unavailable
// and end the input. Columns are 1-based byte offsets within the physical line.
//
// While reading, the reader also computes a 64-bit hash of every byte it consumed
// (content_hash(), complete once Next() has returned false), so callers can detect a re-import
// of identical content without reading the file twice.
//
// Thread safety: one reader per thread; no shared state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace attune {

// A fast streaming 64-bit hash (not cryptographic): identical byte streams give identical
// values whatever the chunking. Used for content hashes of imported files.
class StreamHash64 {
 public:
  void Update(std::string_view bytes);
  uint64_t Finish() const;

 private:
  uint64_t state_ = 0x9E3779B97F4A7C15ull;
  uint64_t length_ = 0;
  uint64_t tail_ = 0;  // pending bytes (fewer than 8), little-endian
  int tail_len_ = 0;
};

struct CsvOptions {
  char delimiter = ',';       // ',' for CSV, '\t' for TSV (MovieLens u.data), '|' ...
  bool validate_utf8 = true;  // reject rows with invalid UTF-8; costs a little speed on non-ASCII
  // A record longer than this is an error (most likely an unterminated quote); bounds memory.
  size_t max_record_bytes = size_t{64} << 20;
};

// The delimiter a user names (a flag, a JSON field): one character other than a quote or a line
// end, or "tab" (also "\\t" and a literal tab). InvalidArgument says what was given; callers put
// the option's name in front (Status::WithContext).
Result<char> ParseCsvDelimiter(std::string_view text);

// "USER_ID,ITEM_ID,EVENT_VALUE,TIMESTAMP" (a --columns flag, or a "columns" field given as one
// string) as its names, in order. "" gives no names.
std::vector<std::string> ParseColumnList(std::string_view list);

struct CsvRow {
  int64_t line = 0;  // 1-based line where the record starts
  std::vector<std::string_view> fields;  // valid until the next Next()
};

class CsvReader {
 public:
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // NotFound / Unavailable when the file cannot be opened.
  static Result<std::unique_ptr<CsvReader>> OpenFile(const std::string& path,
                                                     const CsvOptions& options);
  // `name` is used in error messages (e.g. "request body").
  static std::unique_ptr<CsvReader> FromString(std::string data, std::string name,
                                               const CsvOptions& options);

  // true and fills `row`; false at end of input. A malformed record returns an InvalidArgument
  // "name:line:column: reason" and the reader moves past that record, so the next call continues.
  Result<bool> Next(CsvRow& row);

  const std::string& name() const { return name_; }
  uint64_t bytes_consumed() const { return base_ + begin_; }
  uint64_t total_bytes() const { return total_; }  // 0 if unknown
  // Hash of all bytes consumed so far; the whole input's hash once Next() returned false.
  uint64_t content_hash() const { return hash_.Finish(); }

 private:
  struct Scan;  // result of scanning one record; defined in csv.cc
  CsvReader(std::string name, const CsvOptions& options);

  Status Refill();  // compacts the buffer and reads more; sets eof_
  enum class Prep { kReady, kNeedMore, kEnd };
  Prep SkipBomAndBlankLines();
  Prep Resync();
  Scan ScanRecord(CsvRow& row);
  Status RecordError(size_t error_pos, std::string_view reason) const;
  Status MoreInput();  // Refill(), unless the record is already too long
  Status SkipAfterError(const Scan& s);
  void Unescape(CsvRow& row);

  std::string name_;
  CsvOptions options_;
  int fd_ = -1;
  std::string buffer_;  // [begin_, end_) holds unread bytes
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  bool at_start_ = true;  // BOM check pending
  int64_t line_ = 1;      // line number at begin_
  uint64_t base_ = 0;     // stream offset of buffer_[0]
  bool resync_ = false;   // after an error: skip to the next line end before reading
  uint8_t special_[256] = {};  // 1 for the delimiter, '"', '\n', '\r'
  uint64_t total_ = 0;
  std::vector<uint8_t> needs_unescape_;  // per field of the current row
  StreamHash64 hash_;  // of every byte read into buffer_
};

}  // namespace attune
