#include "main/progress_bar.h"

#include <unistd.h>

namespace attune {
namespace {

constexpr int64_t kRedrawMicros = 100'000;
constexpr int kBarWidth = 24;

std::string Megabytes(uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f", bytes / 1e6);
  return text;
}

}  // namespace

std::string WithThousands(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

ProgressBar::ProgressBar(std::string label, FILE* out, const Clock* clock)
    : ProgressBar(std::move(label), out, clock, ::isatty(::fileno(out)) == 1) {}

ProgressBar::ProgressBar(std::string label, FILE* out, const Clock* clock, bool enabled)
    : label_(std::move(label)),
      out_(out),
      clock_(clock ? *clock : SystemClock::Default()),
      enabled_(enabled),
      start_micros_(clock_.MonotonicMicros()) {}

ProgressBar::~ProgressBar() { Finish(); }

std::string ProgressBar::Render(std::string_view label, uint64_t done, uint64_t total,
                                int64_t rows, double seconds, int width) {
  std::string line(label);
  if (total > 0) {
    uint64_t clamped = done < total ? done : total;
    int filled = static_cast<int>(static_cast<double>(clamped) / total * width);
    line += " [" + std::string(filled, '#') + std::string(width - filled, '-') + "] ";
    char percent[16];
    std::snprintf(percent, sizeof(percent), "%3d%%", static_cast<int>(100.0 * clamped / total));
    line += percent;
    line += "  " + Megabytes(done) + "/" + Megabytes(total) + " MB";
  } else {
    line += "  " + Megabytes(done) + " MB";
  }
  if (rows >= 0) line += "  " + WithThousands(rows) + " rows";
  char time[32];
  std::snprintf(time, sizeof(time), "  %.1f s", seconds);
  return line + time;
}

void ProgressBar::Update(uint64_t done, uint64_t total, int64_t rows) {
  if (finished_) return;
  done_ = done;
  total_ = total;
  rows_ = rows;
  int64_t now = clock_.MonotonicMicros();
  if (drawn_ && now - last_draw_micros_ < kRedrawMicros) return;
  last_draw_micros_ = now;
  Draw();
}

void ProgressBar::Draw() {
  if (!enabled_) return;
  double seconds = (clock_.MonotonicMicros() - start_micros_) / 1e6;
  std::string line = Render(label_, done_, total_, rows_, seconds, kBarWidth);
  std::fprintf(out_, "\r%s\x1b[K", line.c_str());  // \x1b[K clears what a longer line left
  std::fflush(out_);
  drawn_ = true;
}

void ProgressBar::Finish() {
  if (finished_) return;
  finished_ = true;
  if (!drawn_) return;  // nothing on screen: leave the terminal alone
  Draw();
  std::fputc('\n', out_);
  std::fflush(out_);
}

}  // namespace attune
