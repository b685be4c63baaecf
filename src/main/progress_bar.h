// ProgressBar: one self-redrawing line on stderr for long CLI verbs (import, train, generate).
//
// Draws only when its stream is a terminal (scripts and logs get no control characters), and at
// most every 100 ms so callers may call Update() as often as they like. Render() is the pure
// formatting part, testable without a terminal.
// Usage: ProgressBar bar("import"); ... bar.Update(done, total, rows); ... bar.Finish();
// Thread safety: one thread at a time.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace attune {

class ProgressBar {
 public:
  // `enabled`: draw at all; by default, whether `out` is a terminal.
  explicit ProgressBar(std::string label, FILE* out = stderr, const Clock* clock = nullptr);
  ProgressBar(std::string label, FILE* out, const Clock* clock, bool enabled);
  ~ProgressBar();  // Finish()

  // `total` 0: unknown (no bar, no percentage). `rows` < 0: not shown.
  void Update(uint64_t done, uint64_t total, int64_t rows = -1);
  // Draws the last state and ends the line; later Updates are ignored.
  void Finish();

  // "import [########------------]  40%  4.0/10.0 MB  12,345 rows  1.5 s", `width` columns of bar.
  static std::string Render(std::string_view label, uint64_t done, uint64_t total, int64_t rows,
                            double seconds, int width);

 private:
  void Draw();

  std::string label_;
  FILE* out_;
  const Clock& clock_;
  bool enabled_;
  bool finished_ = false;
  bool drawn_ = false;
  int64_t start_micros_;
  int64_t last_draw_micros_ = 0;
  uint64_t done_ = 0, total_ = 0;
  int64_t rows_ = -1;
};

// "12,345,678"
std::string WithThousands(int64_t value);

}  // namespace attune
