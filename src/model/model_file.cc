#include "model/model_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "model/registry.h"

namespace attune {
namespace {

constexpr char kMagic[8] = {'A', 'T', 'T', 'U', 'N', 'E', 'M', 'F'};
constexpr size_t kPreambleSize = 16;  // magic, version, header length
constexpr uint64_t kP1 = 11400714785074694791ull, kP2 = 14029467366897019727ull,
                   kP3 = 1609587929392839161ull, kP4 = 9650029242287828579ull,
                   kP5 = 2870177450012600261ull;

uint64_t Rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
uint64_t Round(uint64_t acc, uint64_t input) { return Rotl(acc + input * kP2, 31) * kP1; }
uint64_t Merge(uint64_t acc, uint64_t val) { return (acc ^ Round(0, val)) * kP1 + kP4; }
template <typename T>
T Load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

Status FileError(const std::string& path, std::string what) {
  return InvalidArgument("model file " + path + ": " + what);
}

std::string SystemError(const std::string& path, const char* op) {
  return std::string(op) + " " + path + ": " + std::strerror(errno);
}

// A read-only mapping of a whole file, unmapped on destruction.
struct MappedFile {
  const char* data = nullptr;
  size_t size = 0;
  ~MappedFile() {
    if (data != nullptr) munmap(const_cast<char*>(data), size);
  }
};

Status MapFile(const std::string& path, MappedFile& file) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NotFound(SystemError(path, "cannot open model file"));
  struct stat st;
  if (fstat(fd, &st) != 0) {
    close(fd);
    return Unavailable(SystemError(path, "cannot stat model file"));
  }
  file.size = static_cast<size_t>(st.st_size);
  if (file.size > 0) {
    void* p = mmap(nullptr, file.size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      close(fd);
      return Unavailable(SystemError(path, "cannot map model file"));
    }
    file.data = static_cast<const char*>(p);
  }
  close(fd);
  return Status::Ok();
}

std::string EncodeHeader(const Recommender& model, const ModelFileInfo& info, uint64_t body_size) {
  ModelWriter header;
  header.PutString(model.recipe());
  header.Put<uint32_t>(static_cast<uint32_t>(model.params().values().size()));
  for (const auto& [key, value] : model.params().values()) {
    header.PutString(key);
    header.PutString(value);
  }
  header.Put<uint64_t>(info.data_fingerprint);
  header.Put<int64_t>(info.created_unix);
  header.PutString(info.description);
  header.Put<uint64_t>(body_size);
  return header.TakeBytes();
}

struct Header {
  std::string recipe;
  Params params;
  ModelFileInfo info;
  uint64_t body_size = 0;
};

Status DecodeHeader(std::string_view bytes, Header& h) {
  ModelReader reader(bytes);
  uint32_t count = 0;
  ATTUNE_RETURN_IF_ERROR(reader.GetString(h.recipe));
  ATTUNE_RETURN_IF_ERROR(reader.Get(count));
  for (uint32_t i = 0; i < count; ++i) {
    std::string key, value;
    ATTUNE_RETURN_IF_ERROR(reader.GetString(key));
    ATTUNE_RETURN_IF_ERROR(reader.GetString(value));
    h.params.Set(std::move(key), std::move(value));
  }
  ATTUNE_RETURN_IF_ERROR(reader.Get(h.info.data_fingerprint));
  ATTUNE_RETURN_IF_ERROR(reader.Get(h.info.created_unix));
  ATTUNE_RETURN_IF_ERROR(reader.GetString(h.info.description));
  ATTUNE_RETURN_IF_ERROR(reader.Get(h.body_size));
  if (reader.remaining() != 0) return InvalidArgument("header has trailing bytes");
  return Status::Ok();
}

// Checks everything up to the body; on success `header` and `body` describe the file.
Status VerifyFile(const std::string& path, const MappedFile& file, Header& header, std::string_view& body) {
  if (file.size < kPreambleSize + sizeof(uint64_t)) {
    return FileError(path, "truncated: " + std::to_string(file.size) + " bytes is smaller than any model file");
  }
  if (std::memcmp(file.data, kMagic, sizeof kMagic) != 0) {
    return FileError(path, "bad magic: not an attune model file");
  }
  const uint32_t version = Load<uint32_t>(file.data + 8);
  if (version != kModelFormatVersion) {
    return FileError(path, "format version " + std::to_string(version) + " is not supported (this build reads " +
                               std::to_string(kModelFormatVersion) + "); retrain or use a matching attune");
  }
  const size_t checked = file.size - sizeof(uint64_t);
  const uint64_t stored = Load<uint64_t>(file.data + checked);
  if (Hash64({file.data, checked}) != stored) {
    return FileError(path, "checksum mismatch: the file is corrupt or truncated; retrain or restore it");
  }
  const uint32_t header_size = Load<uint32_t>(file.data + 12);
  if (header_size > checked - kPreambleSize) return FileError(path, "header length exceeds the file");
  Status s = DecodeHeader({file.data + kPreambleSize, header_size}, header);
  if (!s.ok()) return FileError(path, "bad header: " + s.message());
  const size_t body_offset = kPreambleSize + header_size;
  if (header.body_size != checked - body_offset) {
    return FileError(path, "body length " + std::to_string(header.body_size) + " does not match the " +
                               std::to_string(checked - body_offset) + " bytes present");
  }
  body = {file.data + body_offset, static_cast<size_t>(header.body_size)};
  return Status::Ok();
}

Status WriteFileAtomically(const std::string& path, const std::string& bytes) {
  static std::atomic<uint64_t> counter{0};
  const std::string tmp = path + ".tmp." + std::to_string(getpid()) + "." + std::to_string(counter++);
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return Unavailable(SystemError(tmp, "cannot create model file"));
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size() &&
                       std::fflush(f) == 0 && fsync(fileno(f)) == 0;
  const std::string write_error = written ? "" : SystemError(tmp, "cannot write model file");
  if (std::fclose(f) != 0 || !written) {
    std::remove(tmp.c_str());
    return Unavailable(written ? SystemError(tmp, "cannot close model file") : write_error);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string error = SystemError(path, "cannot rename model file into place at");
    std::remove(tmp.c_str());
    return Unavailable(error);
  }
  return Status::Ok();
}

}  // namespace

uint64_t Hash64(std::span<const char> bytes, uint64_t seed) {
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  uint64_t h;
  if (bytes.size() >= 32) {
    uint64_t v1 = seed + kP1 + kP2, v2 = seed + kP2, v3 = seed, v4 = seed - kP1;
    for (; p + 32 <= end; p += 32) {
      v1 = Round(v1, Load<uint64_t>(p));
      v2 = Round(v2, Load<uint64_t>(p + 8));
      v3 = Round(v3, Load<uint64_t>(p + 16));
      v4 = Round(v4, Load<uint64_t>(p + 24));
    }
    h = Rotl(v1, 1) + Rotl(v2, 7) + Rotl(v3, 12) + Rotl(v4, 18);
    h = Merge(Merge(Merge(Merge(h, v1), v2), v3), v4);
  } else {
    h = seed + kP5;
  }
  h += bytes.size();
  for (; p + 8 <= end; p += 8) h = Rotl(h ^ Round(0, Load<uint64_t>(p)), 27) * kP1 + kP4;
  if (p + 4 <= end) {
    h = Rotl(h ^ (uint64_t{Load<uint32_t>(p)} * kP1), 23) * kP2 + kP3;
    p += 4;
  }
  for (; p < end; ++p) h = Rotl(h ^ (uint64_t{static_cast<unsigned char>(*p)} * kP5), 11) * kP1;
  h ^= h >> 33;
  h *= kP2;
  h ^= h >> 29;
  h *= kP3;
  return h ^ (h >> 32);
}

uint64_t DataFingerprint(const CsrMatrix& m) {
  ModelWriter sample;
  sample.Put<int32_t>(m.rows);
  sample.Put<int32_t>(m.cols);
  sample.Put<int64_t>(m.nnz());
  const int64_t stride = std::max<int64_t>(1, m.nnz() / 4096);
  for (int64_t pos = 0; pos < m.nnz(); pos += stride) {
    sample.Put<int32_t>(m.indices[static_cast<size_t>(pos)]);
    sample.Put<float>(m.values[static_cast<size_t>(pos)]);
  }
  for (int32_t row = 0; row < m.rows; row += std::max<int32_t>(1, m.rows / 4096)) {
    sample.Put<int64_t>(m.indptr[static_cast<size_t>(row)]);
  }
  return Hash64(sample.bytes());
}

Status SaveModel(const Recommender& model, const ModelFileInfo& info, const std::string& path) {
  ModelWriter body;
  model.SaveBody(body);
  const std::string header = EncodeHeader(model, info, body.bytes().size());
  std::string file;
  file.reserve(kPreambleSize + header.size() + body.bytes().size() + sizeof(uint64_t));
  file.append(kMagic, sizeof kMagic);
  const uint32_t preamble[2] = {kModelFormatVersion, static_cast<uint32_t>(header.size())};
  file.append(reinterpret_cast<const char*>(preamble), sizeof preamble);
  file += header;
  file += body.bytes();
  const uint64_t checksum = Hash64(file);
  file.append(reinterpret_cast<const char*>(&checksum), sizeof checksum);
  return WriteFileAtomically(path, file);
}

Result<LoadedModel> LoadModel(const std::string& path) {
  MappedFile file;
  ATTUNE_RETURN_IF_ERROR(MapFile(path, file));
  Header header;
  std::string_view body;
  ATTUNE_RETURN_IF_ERROR(VerifyFile(path, file, header, body));
  auto made = MakeRecommender(header.recipe, header.params);
  if (!made.ok()) return FileError(path, "cannot construct its recipe: " + made.status().message());
  LoadedModel loaded{std::move(*made), header.info};
  ModelReader reader(body);
  Status s = loaded.model->LoadBody(reader);
  if (!s.ok()) return FileError(path, "bad " + header.recipe + " body: " + s.message());
  if (reader.remaining() != 0) {
    return FileError(path, std::to_string(reader.remaining()) + " unread bytes after the " + header.recipe + " body");
  }
  return loaded;
}

}  // namespace attune
