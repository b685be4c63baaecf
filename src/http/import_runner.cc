#include "http/import_runner.h"

#include <exception>

#include "base/log.h"

namespace attune::http {

ImportRunner::ImportRunner(Store& /*store*/) : worker_([this] { Loop(); }) {}

ImportRunner::~ImportRunner() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

void ImportRunner::Submit(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
}

void ImportRunner::Loop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (stopping_) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    // Last-resort catch at a thread entry point: a bug in one job must not kill the server.
    try {
      task();
    } catch (const std::exception& e) {
      LogError("import.crashed", {{"error", e.what()}});
    }
  }
}

}  // namespace attune::http
