// `attune generate`: writes a realistic synthetic news site (users, stories, reading events) as
// CSV files that `attune import` takes as they are. See synth/generator.h for what is in them.
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

#include "main/command.h"
#include "synth/generator.h"

namespace attune {
namespace {

struct GenerateFlags {
  std::string out;
  std::string end = "default";
  bool json = false;
  synth::GenerateOptions options;
};

Result<int64_t> ParseEnd(const std::string& text) {
  if (text == "default") return synth::kDefaultWindowEnd;
  if (text == "now") {
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    return now - now % 3600;  // whole hours: two runs within the hour stay identical
  }
  int64_t value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc() || result.ptr != text.data() + text.size() || value <= 0) {
    return InvalidArgument("--end: expected epoch seconds, \"now\" or \"default\", got \"" +
                           text + "\"");
  }
  return value;
}

std::string IsoTime(int64_t epoch) {
  const std::time_t t = static_cast<std::time_t>(epoch);
  std::tm parts{};
  gmtime_r(&t, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out.push_back(c);
    }
  }
  return out + "\"";
}

void PrintJson(const std::string& out, const synth::GenerateSummary& s, double seconds) {
  std::printf("{\"out\":%s,\"users\":%u,\"stories\":%u,\"interactions\":%llu,\"sessions\":%llu,"
              "\"window_start\":%lld,\"window_end\":%lld,\"bytes\":%llu,\"seconds\":%.3f,"
              "\"event_types\":{",
              JsonString(out).c_str(), s.users, s.stories, (unsigned long long)s.interactions,
              (unsigned long long)s.sessions, (long long)s.window_start, (long long)s.window_end,
              (unsigned long long)s.bytes, seconds);
  for (int type = 0; type < synth::kEventTypeCount; ++type) {
    std::printf("%s\"%s\":%llu", type ? "," : "",
                std::string(synth::EventTypeName(static_cast<synth::EventType>(type))).c_str(),
                (unsigned long long)s.by_type[type]);
  }
  std::printf("}}\n");
}

void PrintText(const std::string& out, const synth::GenerateSummary& s, double seconds) {
  std::printf("wrote %s/{users,items,interactions}.csv: %u users, %u stories, %llu interactions "
              "in %llu sessions (%.1f MB, %.2f s)\n",
              out.c_str(), s.users, s.stories, (unsigned long long)s.interactions,
              (unsigned long long)s.sessions, s.bytes / 1e6, seconds);
  std::printf("window %s .. %s; events:", IsoTime(s.window_start).c_str(),
              IsoTime(s.window_end).c_str());
  for (int type = 0; type < synth::kEventTypeCount; ++type) {
    std::printf(" %s %llu",
                std::string(synth::EventTypeName(static_cast<synth::EventType>(type))).c_str(),
                (unsigned long long)s.by_type[type]);
  }
  std::printf("\n");
}

// Progress on stderr: a line redrawn in place on a terminal, a line per step otherwise.
synth::GenerateProgress MakeProgress(uint64_t total) {
  if (total < 1'000'000) return nullptr;
  const bool tty = isatty(fileno(stderr)) != 0;
  return [tty](uint64_t done, uint64_t wanted) {
    std::fprintf(stderr, "%sgenerate: %llu / %llu interactions (%.0f%%)%s", tty ? "\r" : "",
                 (unsigned long long)done, (unsigned long long)wanted,
                 100.0 * static_cast<double>(done) / static_cast<double>(wanted),
                 tty && done < wanted ? "" : "\n");
  };
}

int RunGenerate(GenerateFlags& flags) {
  Result<int64_t> end = ParseEnd(flags.end);
  if (!end.ok()) {
    std::fprintf(stderr, "attune generate: %s\n", end.status().message().c_str());
    return 2;
  }
  flags.options.end = *end;
  const auto started = std::chrono::steady_clock::now();
  auto summary = synth::GenerateSite(flags.options, flags.out,
                                     MakeProgress(flags.options.interactions));
  if (!summary.ok()) {
    std::fprintf(stderr, "attune generate: %s\n", summary.status().message().c_str());
    return summary.status().code() == StatusCode::kInvalidArgument ? 2 : 1;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (flags.json) {
    PrintJson(flags.out, *summary, seconds);
  } else {
    PrintText(flags.out, *summary, seconds);
  }
  return 0;
}

void SetupGenerate(CLI::App& sub, int& exit_code) {
  auto flags = std::make_shared<GenerateFlags>();
  synth::GenerateOptions& o = flags->options;
  sub.add_option("--out", flags->out, "Directory for users.csv, items.csv, interactions.csv")
      ->required();
  sub.add_option("--seed", o.seed, "Random seed: the same seed writes byte-identical files")
      ->capture_default_str();
  sub.add_option("--days", o.days, "Length of the time window in days")->capture_default_str();
  sub.add_option("--users", o.users, "Number of users (default: one per 50 interactions)");
  sub.add_option("--stories", o.stories, "Number of stories (default: 100 a day)");
  sub.add_option("--interactions", o.interactions, "Exact number of interactions")
      ->capture_default_str();
  sub.add_option("--end", flags->end,
                 "End of the window: epoch seconds, \"now\" (this hour) or \"default\" "
                 "(2026-11-01T00:00:00Z)")
      ->capture_default_str();
  sub.add_flag("--json", flags->json, "Print the summary as one JSON object");
  sub.callback([flags, &exit_code] { exit_code = RunGenerate(*flags); });
}

ATTUNE_COMMAND(kGenerateCommand, "generate",
               "Write a realistic synthetic news site (users, stories, reading events) as CSV", 75,
               SetupGenerate);

}  // namespace
}  // namespace attune
