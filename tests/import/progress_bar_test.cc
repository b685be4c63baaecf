#include "main/progress_bar.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace attune {
namespace {

TEST(ProgressBarTest, RenderShowsBarPercentSizesRowsAndTime) {
  EXPECT_EQ(ProgressBar::Render("import", 4'000'000, 10'000'000, 12345, 1.5, 10),
            "import [####------]  40%  4.0/10.0 MB  12,345 rows  1.5 s");
  EXPECT_EQ(ProgressBar::Render("x", 20, 10, -1, 0, 4), "x [####] 100%  0.0/0.0 MB  0.0 s");
  EXPECT_EQ(ProgressBar::Render("x", 2'500'000, 0, 7, 2, 4), "x  2.5 MB  7 rows  2.0 s");
}

TEST(ProgressBarTest, WithThousands) {
  EXPECT_EQ(WithThousands(0), "0");
  EXPECT_EQ(WithThousands(999), "999");
  EXPECT_EQ(WithThousands(1000), "1,000");
  EXPECT_EQ(WithThousands(-1234567), "-1,234,567");
}

std::string Contents(FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string out;
  for (int c; (c = std::fgetc(file)) != EOF;) out += static_cast<char>(c);
  return out;
}

TEST(ProgressBarTest, RedrawsAtMostEvery100msAndEndsTheLine) {
  FakeClock clock;
  FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  {
    ProgressBar bar("job", out, &clock, true);
    bar.Update(1, 10);
    bar.Update(2, 10);  // same instant: no redraw
    clock.AdvanceMicros(100'000);
    bar.Update(3, 10);
    bar.Finish();
    bar.Update(9, 10);  // after Finish: ignored
  }
  std::string text = Contents(out);
  std::fclose(out);
  size_t draws = 0;
  for (char c : text) draws += (c == '\r');
  EXPECT_EQ(draws, 3u) << "first update, the one 100 ms later, and Finish";
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.find(" 20%"), std::string::npos);
  EXPECT_NE(text.find(" 30%"), std::string::npos);
}

TEST(ProgressBarTest, DisabledBarWritesNothing) {
  FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  {
    ProgressBar bar("job", out, nullptr, false);
    bar.Update(1, 2);
  }
  EXPECT_EQ(Contents(out), "");
  std::fclose(out);
}

}  // namespace
}  // namespace attune
