// OpenerLock: tells whether the calling process is the only one with a store file open, so that
// start-up recovery (failing import jobs that a dead process left "running") never fails the
// jobs of a live server when a CLI verb (`attune import`, `attune keys`) opens the same data
// directory. Every opener holds a shared flock(2) on "<path>.lock" for as long as it keeps the
// store open; the first one holds it exclusively for the moment of recovery. The kernel drops
// the lock when a process dies, so a crash never leaves a stale lock behind.
// Thread safety: one owner; the lock is per open file, so two opens in one process also count
// as two openers.
#pragma once

#include <string>

#include "base/status.h"

namespace attune {

class OpenerLock {
 public:
  OpenerLock() = default;
  OpenerLock(OpenerLock&& other) noexcept;
  OpenerLock& operator=(OpenerLock&& other) noexcept;
  OpenerLock(const OpenerLock&) = delete;
  OpenerLock& operator=(const OpenerLock&) = delete;
  ~OpenerLock();

  // Opens "<path>.lock" and takes the lock: exclusive when nobody else holds it (sole_opener()),
  // otherwise shared. Call ShareWithOthers() once recovery is done.
  static Result<OpenerLock> Acquire(const std::string& path);
  bool sole_opener() const { return sole_opener_; }
  // Turns an exclusive lock into a shared one so that other processes may open the store too.
  Status ShareWithOthers();

 private:
  int fd_ = -1;
  bool sole_opener_ = false;
  std::string lock_path_;
};

}  // namespace attune
