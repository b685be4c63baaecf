#include "base/csv.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace attune {
namespace {

constexpr size_t kInitialBuffer = size_t{1} << 20;  // 1 MiB: few syscalls, fits in L2/L3

// Index of the first byte that is not valid UTF-8 in [p, p+n), or n. Rejects overlong forms,
// surrogates and code points above U+10FFFF.
size_t FirstInvalidUtf8(const unsigned char* p, size_t n) {
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {  // fast path: eight ASCII bytes at once
      uint64_t word;
      std::memcpy(&word, p + i, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = p[i];
    if (c < 0x80) { ++i; continue; }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; if (c == 0xE0) lo = 0xA0; if (c == 0xED) hi = 0x9F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; if (c == 0xF0) lo = 0x90; if (c == 0xF4) hi = 0x8F; }
    else return i;
    if (i + len > n || p[i + 1] < lo || p[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return n;
}

std::string Printable(unsigned char c) {
  if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
  static const char* kHex = "0123456789ABCDEF";
  return std::string("byte 0x") + kHex[c >> 4] + kHex[c & 15];
}

}  // namespace

// What ScanRecord found at begin_.
struct CsvReader::Scan {
  enum Kind { kRecord, kNeedMore, kError } kind = kNeedMore;
  size_t end = 0;          // kRecord: first byte after the record and its line end
  int64_t newlines = 0;    // kRecord: line ends inside and after the record
  size_t error_pos = 0;    // kError: the offending byte
  std::string reason;      // kError
  bool resync_from_error = false;  // kError: resume after the error's line, else the record's
};

CsvReader::CsvReader(std::string name, const CsvOptions& options)
    : name_(std::move(name)), options_(options) {
  for (unsigned char c : {'"', '\n', '\r'}) special_[c] = 1;
  special_[static_cast<unsigned char>(options_.delimiter)] = 1;
}

CsvReader::~CsvReader() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<CsvReader>> CsvReader::OpenFile(const std::string& path,
                                                       const CsvOptions& options) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::string why = std::strerror(errno);
    if (errno == ENOENT) return NotFound(path + ": no such file; check the path");
    return Unavailable(path + ": cannot open: " + why);
  }
  std::unique_ptr<CsvReader> reader(new CsvReader(path, options));
  reader->fd_ = fd;
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) reader->total_ = st.st_size;
  reader->buffer_.resize(kInitialBuffer);
  return reader;
}

std::unique_ptr<CsvReader> CsvReader::FromString(std::string data, std::string name,
                                                 const CsvOptions& options) {
  std::unique_ptr<CsvReader> reader(new CsvReader(std::move(name), options));
  reader->hash_.Update(data);
  reader->total_ = data.size();
  reader->end_ = data.size();
  reader->buffer_ = std::move(data);
  reader->eof_ = true;
  return reader;
}

Status CsvReader::Refill() {
  if (fd_ < 0) {
    eof_ = true;
    return Status::Ok();
  }
  if (begin_ > 0) {  // compact: keep only the unread tail
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    base_ += begin_;
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);  // one record > buffer
  ssize_t got;
  do {
    got = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
  } while (got < 0 && errno == EINTR);
  if (got < 0) {
    eof_ = true;
    return Unavailable(name_ + ": read failed: " + std::strerror(errno));
  }
  if (got == 0) eof_ = true;
  hash_.Update(std::string_view(buffer_.data() + end_, got));
  end_ += got;
  return Status::Ok();
}

CsvReader::Prep CsvReader::SkipBomAndBlankLines() {
  const char* p = buffer_.data();
  if (at_start_) {
    if (end_ - begin_ < 3 && !eof_) return Prep::kNeedMore;
    if (end_ - begin_ >= 3 && std::memcmp(p + begin_, "\xEF\xBB\xBF", 3) == 0) begin_ += 3;
    at_start_ = false;
  }
  while (begin_ < end_) {
    if (p[begin_] == '\n') {
      ++begin_;
      ++line_;
    } else if (p[begin_] == '\r') {
      if (begin_ + 1 == end_) return eof_ ? (++begin_, Prep::kEnd) : Prep::kNeedMore;
      if (p[begin_ + 1] != '\n') return Prep::kReady;
      begin_ += 2;
      ++line_;
    } else {
      return Prep::kReady;
    }
  }
  return eof_ ? Prep::kEnd : Prep::kNeedMore;
}

CsvReader::Prep CsvReader::Resync() {
  const void* nl = std::memchr(buffer_.data() + begin_, '\n', end_ - begin_);
  if (nl == nullptr) {
    begin_ = end_;  // the rest of a bad line: drop it, keep memory flat
    if (!eof_) return Prep::kNeedMore;
  } else {
    begin_ = static_cast<const char*>(nl) - buffer_.data() + 1;
    ++line_;
  }
  resync_ = false;
  return Prep::kReady;
}

// One pass over the record: splits fields at unquoted delimiters, finds the record's end.
CsvReader::Scan CsvReader::ScanRecord(CsvRow& row) {
  const char* p = buffer_.data();
  const size_t n = end_;
  const char delim = options_.delimiter;
  Scan s;
  row.fields.clear();
  needs_unescape_.clear();
  size_t i = begin_;
  for (;;) {  // one field per iteration
    size_t field_begin = i, field_end;
    bool escaped = false;
    if (i < n && p[i] == '"') {
      size_t j = i + 1;
      for (;;) {
        const void* q = std::memchr(p + j, '"', n - j);
        if (q == nullptr) {
          if (!eof_) return s;
          s.kind = Scan::kError;
          s.error_pos = i;
          s.reason = "unterminated quoted field (the file ends inside it); close the quote or "
                     "double the quotes inside the field (\"\")";
          return s;
        }
        size_t qi = static_cast<const char*>(q) - p;
        if (qi + 1 == n && !eof_) return s;  // cannot tell "" from a closing quote yet
        if (qi + 1 < n && p[qi + 1] == '"') {
          escaped = true;
          j = qi + 2;
          continue;
        }
        s.newlines += std::count(p + i + 1, p + qi, '\n');
        field_begin = i + 1;
        field_end = qi;
        i = qi + 1;
        break;
      }
      bool lone_cr = i + 1 < n && p[i] == '\r' && p[i + 1] != '\n';
      if (i < n && ((p[i] != delim && p[i] != '\n' && p[i] != '\r') || lone_cr)) {
        s.kind = Scan::kError;
        s.error_pos = i;
        s.reason = "unexpected " + Printable(p[i]) + " after a closing quote; quote the whole "
                   "field and double the quotes inside it (\"\")";
        s.resync_from_error = true;
        return s;
      }
    } else {
      for (;;) {
        while (i < n && !special_[static_cast<unsigned char>(p[i])]) ++i;
        if (i < n && p[i] == '"') {
          s.kind = Scan::kError;
          s.error_pos = i;
          s.reason = "quote inside an unquoted field; quote the whole field and double the "
                     "quotes inside it (\"\")";
          s.resync_from_error = true;
          return s;
        }
        if (i + 1 < n && p[i] == '\r' && p[i + 1] != '\n') { ++i; continue; }  // lone CR: data
        break;
      }
      field_end = i;
    }
    // i is at a delimiter, a line end, or the end of the buffer.
    if (i == n && !eof_) return s;
    if (i + 1 == n && p[i] == '\r' && !eof_) return s;  // CR LF split across reads
    row.fields.emplace_back(p + field_begin, field_end - field_begin);
    needs_unescape_.push_back(escaped);
    if (i < n && p[i] == delim) {
      ++i;
      continue;
    }
    if (i < n) {  // line end: "\n", "\r\n", or "\r" at the end of input
      i += (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n') ? 2 : 1;
      ++s.newlines;
    }
    s.kind = Scan::kRecord;
    s.end = i;
    return s;
  }
}

Status CsvReader::RecordError(size_t error_pos, std::string_view reason) const {
  const char* p = buffer_.data();
  int64_t line = line_ + std::count(p + begin_, p + error_pos, '\n');
  size_t line_start = begin_;
  for (size_t k = error_pos; k > begin_; --k) {
    if (p[k - 1] == '\n') {
      line_start = k;
      break;
    }
  }
  return InvalidArgument(name_ + ":" + std::to_string(line) + ":" +
                         std::to_string(error_pos - line_start + 1) + ": " + std::string(reason));
}

void CsvReader::Unescape(CsvRow& row) {
  for (size_t f = 0; f < row.fields.size(); ++f) {
    if (!needs_unescape_[f]) continue;
    std::string_view in = row.fields[f];
    char* out = buffer_.data() + (in.data() - buffer_.data());
    size_t w = 0;
    for (size_t r = 0; r < in.size(); ++r) {
      out[w++] = in[r];
      if (in[r] == '"') ++r;  // the second of a doubled quote
    }
    row.fields[f] = std::string_view(out, w);
  }
}

Status CsvReader::MoreInput() {
  if (end_ - begin_ >= options_.max_record_bytes) {
    resync_ = true;  // give up on this record; resume after its first line
    return RecordError(begin_, "record longer than " + std::to_string(options_.max_record_bytes) +
                                   " bytes; most likely an unterminated quote");
  }
  return Refill();
}

Result<bool> CsvReader::Next(CsvRow& row) {
  for (;;) {
    Prep prep = resync_ ? Resync() : SkipBomAndBlankLines();
    if (prep == Prep::kEnd) return false;
    if (prep == Prep::kNeedMore) {
      ATTUNE_RETURN_IF_ERROR(MoreInput());
      continue;
    }
    if (resync_) continue;
    Scan s = ScanRecord(row);
    if (s.kind == Scan::kNeedMore) {
      ATTUNE_RETURN_IF_ERROR(MoreInput());
      continue;
    }
    if (s.kind == Scan::kError) return SkipAfterError(s);
    if (options_.validate_utf8) {
      const auto* bytes = reinterpret_cast<const unsigned char*>(buffer_.data());
      size_t bad = begin_ + FirstInvalidUtf8(bytes + begin_, s.end - begin_);
      if (bad < s.end) {
        Status error = RecordError(bad, "invalid UTF-8 (" + Printable(bytes[bad]) +
                                            "); save the file as UTF-8");
        begin_ = s.end;
        line_ += s.newlines;
        return error;
      }
    }
    Unescape(row);
    row.line = line_;
    begin_ = s.end;
    line_ += s.newlines;
    return true;
  }
}

Status CsvReader::SkipAfterError(const Scan& s) {
  Status error = RecordError(s.error_pos, s.reason);
  if (s.resync_from_error) {  // else resume after the record's first line
    line_ += std::count(buffer_.data() + begin_, buffer_.data() + s.error_pos, '\n');
    begin_ = s.error_pos;
  }
  resync_ = true;
  return error;
}

// StreamHash64: 8-byte words mixed multiplicatively; the murmur3 finalizer at the end.
namespace {
constexpr uint64_t kMul1 = 0x87C37B91114253D5ull;
constexpr uint64_t kMul2 = 0x4CF5AD432745937Full;
inline uint64_t Rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
inline uint64_t MixWord(uint64_t state, uint64_t word) {
  return Rotl(state ^ (word * kMul1), 31) * kMul2;
}
}  // namespace

void StreamHash64::Update(std::string_view bytes) {
  length_ += bytes.size();
  size_t i = 0;
  while (tail_len_ > 0 && tail_len_ < 8 && i < bytes.size()) {
    tail_ |= uint64_t{static_cast<unsigned char>(bytes[i++])} << (8 * tail_len_++);
  }
  if (tail_len_ == 8) {
    state_ = MixWord(state_, tail_);
    tail_ = 0;
    tail_len_ = 0;
  }
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);  // little-endian on our targets
    state_ = MixWord(state_, word);
  }
  for (; i < bytes.size(); ++i) {
    tail_ |= uint64_t{static_cast<unsigned char>(bytes[i])} << (8 * tail_len_++);
  }
}

uint64_t StreamHash64::Finish() const {
  uint64_t h = MixWord(state_, tail_ ^ (uint64_t{0xFF} << (8 * (tail_len_ & 7)))) ^ length_;
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB93FE53A87CDull;
  return h ^ (h >> 33);
}

Result<char> ParseCsvDelimiter(std::string_view text) {
  if (text == "tab" || text == "\\t" || text == "\t") return '\t';
  if (text.size() == 1 && text[0] != '"' && text[0] != '\n' && text[0] != '\r') return text[0];
  return InvalidArgument("expected one character other than a quote or a line end, or \"tab\", got \"" +
                         std::string(text) + "\"");
}

std::vector<std::string> ParseColumnList(std::string_view list) {
  std::vector<std::string> names;
  if (list.empty()) return names;
  size_t begin = 0;
  while (true) {
    const size_t comma = list.find(',', begin);
    names.emplace_back(list.substr(begin, comma == std::string_view::npos ? list.npos : comma - begin));
    if (comma == std::string_view::npos) return names;
    begin = comma + 1;
  }
}

}  // namespace attune
