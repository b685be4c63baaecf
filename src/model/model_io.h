// ModelWriter / ModelReader: the primitives a recipe uses to write and read the body of its model
// file (little-endian, no padding). The file's header, fingerprint and checksum are model_file's
// business; recipes only see these. Every read is bounds-checked: a short or corrupt body is a
// Status, never a crash.
// Thread safety: one writer or reader per thread.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "base/status.h"

namespace attune {

class ModelWriter {
 public:
  template <typename T>
  void Put(T value) {
    static_assert(std::is_trivially_copyable_v<T>);
    Append(&value, sizeof value);
  }
  void PutString(std::string_view s) {
    Put<uint64_t>(s.size());
    Append(s.data(), s.size());
  }
  template <typename T>
  void PutArray(std::span<const T> values) {
    static_assert(std::is_trivially_copyable_v<T>);
    Put<uint64_t>(values.size());
    Append(values.data(), values.size_bytes());
  }
  template <typename T, typename Alloc>
  void PutVector(const std::vector<T, Alloc>& values) { PutArray(std::span<const T>(values)); }
  const std::string& bytes() const { return bytes_; }
  std::string TakeBytes() { return std::move(bytes_); }

 private:
  void Append(const void* data, size_t n) {
    if (n > 0) bytes_.append(static_cast<const char*>(data), n);
  }
  std::string bytes_;
};

class ModelReader {
 public:
  explicit ModelReader(std::string_view bytes) : bytes_(bytes) {}

  template <typename T>
  [[nodiscard]] Status Get(T& out) {
    static_assert(std::is_trivially_copyable_v<T>);
    ATTUNE_RETURN_IF_ERROR(Need(sizeof out));
    std::memcpy(&out, bytes_.data() + pos_, sizeof out);
    pos_ += sizeof out;
    return Status::Ok();
  }
  [[nodiscard]] Status GetString(std::string& out) {
    uint64_t n = 0;
    ATTUNE_RETURN_IF_ERROR(Get(n));
    ATTUNE_RETURN_IF_ERROR(Need(n));
    out.assign(bytes_.data() + pos_, n);
    pos_ += n;
    return Status::Ok();
  }
  template <typename T, typename Alloc>
  [[nodiscard]] Status GetVector(std::vector<T, Alloc>& out) {
    static_assert(std::is_trivially_copyable_v<T>);
    uint64_t n = 0;
    ATTUNE_RETURN_IF_ERROR(Get(n));
    if (n > (bytes_.size() - pos_) / sizeof(T)) return Truncated(n * sizeof(T));
    out.resize(n);
    if (n > 0) std::memcpy(out.data(), bytes_.data() + pos_, n * sizeof(T));  // data() may be null
    pos_ += n * sizeof(T);
    return Status::Ok();
  }
  size_t remaining() const { return bytes_.size() - pos_; }
  size_t position() const { return pos_; }

 private:
  Status Need(uint64_t n) const {
    return n <= bytes_.size() - pos_ ? Status::Ok() : Truncated(n);
  }
  Status Truncated(uint64_t n) const {
    return InvalidArgument("model body truncated: needed " + std::to_string(n) + " bytes at offset " +
                           std::to_string(pos_) + ", " + std::to_string(bytes_.size() - pos_) +
                           " left");
  }
  std::string_view bytes_;
  size_t pos_ = 0;
};

}  // namespace attune
