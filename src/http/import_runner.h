// ImportRunner: one background thread that runs import jobs started from a server-side path, so
// the request that started one answers 202 at once. Jobs run one at a time (an import holds the
// store's write lock for its whole transaction, so running two in parallel gains nothing).
// Ownership: owns its thread; the destructor finishes the running task and drops queued ones
// (their jobs stay "queued" in the store and are marked interrupted at the next start).
// Thread safety: Submit may be called from any thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "store/store.h"

namespace attune::http {

class ImportRunner {
 public:
  explicit ImportRunner(Store& store);
  ~ImportRunner();
  ImportRunner(const ImportRunner&) = delete;
  ImportRunner& operator=(const ImportRunner&) = delete;

  void Submit(std::function<void()> task);

 private:
  void Loop();
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace attune::http
