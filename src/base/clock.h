// Clock: the one source of "now". Production code takes a Clock&; tests pass a FakeClock and move
// time by hand, so no test sleeps to wait for time to pass.
// Thread safety: SystemClock is stateless; FakeClock is safe to read and advance from any thread.
#pragma once

#include <atomic>
#include <cstdint>

namespace attune {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since the Unix epoch.
  virtual int64_t NowMicros() const = 0;
  int64_t NowSeconds() const { return NowMicros() / 1'000'000; }
  // Monotonic microseconds, for measuring durations (not comparable across processes).
  virtual int64_t MonotonicMicros() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowMicros() const override;
  int64_t MonotonicMicros() const override;
  // The process-wide instance.
  static SystemClock& Default();
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t start_micros = 1'700'000'000'000'000) : now_(start_micros) {}
  int64_t NowMicros() const override { return now_.load(); }
  int64_t MonotonicMicros() const override { return now_.load(); }
  void AdvanceMicros(int64_t delta) { now_ += delta; }
  void AdvanceSeconds(int64_t delta) { now_ += delta * 1'000'000; }
  void SetMicros(int64_t now) { now_ = now; }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace attune
