#include "synth/csv_out.h"

#include <cerrno>
#include <charconv>
#include <cstring>

namespace attune::synth {
namespace {

bool NeedsQuotes(std::string_view text) {
  return text.find_first_of(",\"\r\n") != std::string_view::npos;
}

void AppendQuoted(std::string& out, std::string_view text) {
  out.push_back('"');
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace

std::string CsvField(std::string_view text) {
  if (!NeedsQuotes(text)) return std::string(text);
  std::string out;
  AppendQuoted(out, text);
  return out;
}

CsvOut::~CsvOut() {
  if (file_ != nullptr) std::fclose(file_);
}

Status CsvOut::Open(const std::string& path) {
  path_ = path;
  file_ = std::fopen(path.c_str(), "wb");
  if (file_ == nullptr) {
    return Unavailable("cannot create " + path + ": " + std::strerror(errno) +
                       " (check that the --out directory is writable)");
  }
  buffer_.reserve(kFlushAt + 4096);
  return Status::Ok();
}

void CsvOut::Text(std::string_view text) {
  Separate();
  buffer_.append(text);
}

void CsvOut::Quoted(std::string_view text) {
  Separate();
  if (NeedsQuotes(text)) {
    AppendQuoted(buffer_, text);
  } else {
    buffer_.append(text);
  }
}

void CsvOut::Int(int64_t value) {
  Separate();
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  buffer_.append(digits, result.ptr);
}

void CsvOut::PrefixedInt(char prefix, uint64_t value) {
  Separate();
  char digits[24];
  digits[0] = prefix;
  const auto result = std::to_chars(digits + 1, digits + sizeof digits, value);
  buffer_.append(digits, result.ptr);
}

void CsvOut::Hundredths(int value) {
  Separate();
  const char text[4] = {static_cast<char>('0' + value / 100), '.',
                        static_cast<char>('0' + value / 10 % 10),
                        static_cast<char>('0' + value % 10)};
  buffer_.append(text, 4);
}

void CsvOut::EndRow() {
  buffer_.push_back('\n');
  row_start_ = true;
  if (buffer_.size() >= kFlushAt) Flush();
}

void CsvOut::Flush() {
  if (buffer_.empty() || file_ == nullptr) return;
  if (error_.ok() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    error_ = Unavailable("writing " + path_ + ": " + std::strerror(errno) +
                         " (is the disk full?)");
  }
  bytes_written_ += buffer_.size();
  buffer_.clear();
}

Status CsvOut::Close() {
  Flush();
  if (file_ != nullptr && std::fclose(file_) != 0 && error_.ok()) {
    error_ = Unavailable("closing " + path_ + ": " + std::strerror(errno));
  }
  file_ = nullptr;
  return error_;
}

}  // namespace attune::synth
