#include "store/index_key_sorter.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace attune {
namespace {

constexpr size_t kReadKeys = (64 << 10) / sizeof(IndexKey);

Status IoError(const std::string& what) {
  return Unavailable(what + " the import's sort file: " + std::strerror(errno) +
                     " (it lives next to the database; check free disk space)");
}

}  // namespace

IndexKeySorter::IndexKeySorter(std::string spill_prefix, int64_t max_keys)
    : spill_prefix_(std::move(spill_prefix)), max_keys_(static_cast<size_t>(std::max<int64_t>(max_keys, 1))) {}

IndexKeySorter::~IndexKeySorter() {
  if (fd_ >= 0) close(fd_);
}

Status IndexKeySorter::Add(const IndexKey& key) {
  if (finished_) return FailedPrecondition("IndexKeySorter::Add after Finish");
  if (keys_.size() == max_keys_) ATTUNE_RETURN_IF_ERROR(Spill());  // lazily: a full last run stays in memory
  if (keys_.capacity() == 0) keys_.reserve(std::min<size_t>(max_keys_, 1 << 16));
  keys_.push_back(key);
  return Status::Ok();
}

// Sorts the buffer and appends it to the spill file (created, and unlinked at once, on first use).
Status IndexKeySorter::Spill() {
  if (fd_ < 0) {
    std::string path = spill_prefix_ + ".sort-XXXXXX";
    fd_ = mkostemp(path.data(), O_CLOEXEC);
    if (fd_ < 0) return IoError("creating " + path + ",");
    unlink(path.c_str());
  }
  std::sort(keys_.begin(), keys_.end());
  const char* bytes = reinterpret_cast<const char*>(keys_.data());
  const uint64_t size = keys_.size() * sizeof(IndexKey);
  for (uint64_t done = 0; done < size;) {
    const ssize_t n = pwrite(fd_, bytes + done, size - done, static_cast<off_t>(spill_size_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return IoError("writing");
    done += static_cast<uint64_t>(n);
  }
  runs_.push_back(Run{spill_size_, spill_size_ + size, {}, 0});
  spill_size_ += size;
  keys_.clear();
  return Status::Ok();
}

Status IndexKeySorter::Finish() {
  if (finished_) return Status::Ok();
  finished_ = true;
  if (runs_.empty()) {
    std::sort(keys_.begin(), keys_.end());
    return Status::Ok();
  }
  if (!keys_.empty()) ATTUNE_RETURN_IF_ERROR(Spill());
  keys_ = std::vector<IndexKey>();  // the merge needs only the runs' read buffers
  for (size_t run = 0; run < runs_.size(); ++run) ATTUNE_RETURN_IF_ERROR(PushHead(run));
  return Status::Ok();
}

Result<bool> IndexKeySorter::Refill(Run& run) {
  const uint64_t left = run.end - run.begin;
  if (left == 0) return false;
  run.buffer.resize(std::min<uint64_t>(kReadKeys, left / sizeof(IndexKey)));
  char* bytes = reinterpret_cast<char*>(run.buffer.data());
  const uint64_t size = run.buffer.size() * sizeof(IndexKey);
  for (uint64_t done = 0; done < size;) {
    const ssize_t n = pread(fd_, bytes + done, size - done, static_cast<off_t>(run.begin + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return IoError("reading");
    done += static_cast<uint64_t>(n);
  }
  run.begin += size;
  run.pos = 0;
  return true;
}

Status IndexKeySorter::PushHead(size_t run_index) {
  Run& run = runs_[run_index];
  if (run.pos == run.buffer.size()) {
    ATTUNE_ASSIGN_OR_RETURN(bool more, Refill(run));
    if (!more) return Status::Ok();
  }
  heads_.push(Head{run.buffer[run.pos++], run_index});
  return Status::Ok();
}

Result<bool> IndexKeySorter::Next(IndexKey* key) {
  if (!finished_) return FailedPrecondition("IndexKeySorter::Next before Finish");
  if (runs_.empty()) {
    if (next_ == keys_.size()) return false;
    *key = keys_[next_++];
    return true;
  }
  if (heads_.empty()) return false;
  const Head head = heads_.top();
  heads_.pop();
  *key = head.first;
  ATTUNE_RETURN_IF_ERROR(PushHead(head.second));
  return true;
}

}  // namespace attune
