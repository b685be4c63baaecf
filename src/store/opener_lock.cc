#include "store/opener_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace attune {

OpenerLock::OpenerLock(OpenerLock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      sole_opener_(other.sole_opener_),
      lock_path_(std::move(other.lock_path_)) {}

OpenerLock& OpenerLock::operator=(OpenerLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    sole_opener_ = other.sole_opener_;
    lock_path_ = std::move(other.lock_path_);
  }
  return *this;
}

OpenerLock::~OpenerLock() {
  if (fd_ >= 0) close(fd_);  // closing the last descriptor releases the flock
}

Result<OpenerLock> OpenerLock::Acquire(const std::string& path) {
  OpenerLock lock;
  lock.lock_path_ = path + ".lock";
  lock.fd_ = open(lock.lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock.fd_ < 0) {
    return Unavailable(lock.lock_path_ + ": cannot open the store's lock file: " +
                       std::strerror(errno) + "; check the data directory's permissions");
  }
  if (flock(lock.fd_, LOCK_EX | LOCK_NB) == 0) {
    lock.sole_opener_ = true;
    return lock;
  }
  // Someone else has the store open; wait (briefly, while they finish their own recovery) for a
  // shared lock.
  if (flock(lock.fd_, LOCK_SH) != 0) {
    return Unavailable(lock.lock_path_ + ": cannot lock: " + std::strerror(errno));
  }
  return lock;
}

Status OpenerLock::ShareWithOthers() {
  if (!sole_opener_ || fd_ < 0) return Status::Ok();
  if (flock(fd_, LOCK_SH) != 0) {
    return Unavailable(lock_path_ + ": cannot downgrade the lock: " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace attune
