// CsvOut: a CSV file written through one big buffer, with number formatting by std::to_chars.
// Generating ten million rows is dominated by formatting and I/O, so fields are appended to a
// byte buffer (no iostream, no per-field allocation) and the buffer goes to the file in 4 MiB
// writes. Errors (cannot open, disk full) are kept and reported by Close().
// Thread safety: none; one writer per file.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "base/status.h"

namespace attune::synth {

class CsvOut {
 public:
  CsvOut() = default;
  CsvOut(const CsvOut&) = delete;
  CsvOut& operator=(const CsvOut&) = delete;
  ~CsvOut();

  // Creates or truncates `path`.
  Status Open(const std::string& path);

  // Fields: each call appends one field and the separator before it when needed.
  void Text(std::string_view text);         // written as is: the caller knows it needs no quotes
  void Quoted(std::string_view text);       // quoted when it holds ',', '"', CR or LF
  void Int(int64_t value);
  void PrefixedInt(char prefix, uint64_t value);  // "u42": ids without a std::string each
  void Hundredths(int value);               // 0..100 -> "0.00".."1.00"
  void Empty() { Separate(); }
  void EndRow();

  // Flushes and closes; returns the first error met since Open.
  Status Close();
  uint64_t bytes_written() const { return bytes_written_ + buffer_.size(); }

 private:
  void Separate() {
    if (!row_start_) buffer_.push_back(',');
    row_start_ = false;
  }
  void Flush();

  static constexpr size_t kFlushAt = 4 << 20;
  std::FILE* file_ = nullptr;
  std::string path_;
  std::string buffer_;
  uint64_t bytes_written_ = 0;
  bool row_start_ = true;
  Status error_;
};

// The CSV form of one field: quoted (with doubled quotes) only when it needs to be.
std::string CsvField(std::string_view text);

}  // namespace attune::synth
