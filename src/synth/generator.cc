#include "synth/generator.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <queue>
#include <system_error>

#include "synth/alias_table.h"
#include "synth/csv_out.h"
#include "synth/story_picker.h"
#include "synth/timeline.h"
#include "synth/vocabulary.h"

namespace attune::synth {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kMaxSessionSeconds = 3600;
constexpr uint64_t kProgressEvery = 1 << 20;
constexpr uint64_t kMaxEmptySessions = 1'000'000;

// A site's fixed parts, built before any event is written.
struct Site {
  std::vector<Story> stories;
  std::vector<Reader> readers;
};

Status WriteReaders(const std::vector<Reader>& readers, const std::string& path, uint64_t& bytes) {
  CsvOut out;
  ATTUNE_RETURN_IF_ERROR(out.Open(path));
  out.Text("USER_ID"), out.Text("REGION"), out.Text("AGE"), out.EndRow();
  for (uint32_t idx = 0; idx < readers.size(); ++idx) {
    out.PrefixedInt('u', idx + 1);
    out.Text(Regions()[readers[idx].region]);
    out.Int(readers[idx].age);
    out.EndRow();
  }
  bytes += out.bytes_written();
  return out.Close();
}

Status WriteStories(const std::vector<Story>& stories, const std::string& path, uint64_t& bytes) {
  CsvOut out;
  ATTUNE_RETURN_IF_ERROR(out.Open(path));
  for (const char* name : {"ITEM_ID", "CREATION_TIMESTAMP", "CATEGORY", "TAGS", "SOURCE", "TITLE"})
    out.Text(name);
  out.EndRow();
  for (uint32_t idx = 0; idx < stories.size(); ++idx) {
    const Story& story = stories[idx];
    out.PrefixedInt('i', idx + 1);
    out.Int(story.published);
    out.Text(Categories()[story.category].name);
    out.Text(JoinTags(story));
    out.Quoted(Sources()[story.source]);
    out.Quoted(story.title);
    out.EndRow();
  }
  bytes += out.bytes_written();
  return out.Close();
}

// Interactions leave the simulation slightly out of order (sessions overlap), so they wait in a
// min-heap keyed by (time, creation order) until no later session can start before them.
class EventQueue {
 public:
  EventQueue(CsvOut& out, GenerateSummary& summary) : out_(out), summary_(summary) {}

  void Push(const SimEvent& event) { heap_.push({event, next_seq_++}); }
  // Writes every queued event at or before `time`.
  void WriteUntil(int64_t time) {
    while (!heap_.empty() && heap_.top().event.time <= time) {
      Write(heap_.top().event);
      heap_.pop();
    }
  }
  uint64_t written() const { return written_; }

 private:
  struct Pending {
    SimEvent event;
    uint64_t seq;
    bool operator>(const Pending& other) const {
      return event.time != other.event.time ? event.time > other.event.time : seq > other.seq;
    }
  };

  void Write(const SimEvent& event) {
    out_.PrefixedInt('u', event.reader + 1);
    out_.PrefixedInt('i', event.story + 1);
    out_.Text(EventTypeName(event.type));
    out_.Int(event.time);
    if (event.read_percent >= 0) out_.Hundredths(event.read_percent); else out_.Empty();
    out_.PrefixedInt('s', event.session + 1);
    out_.PrefixedInt('e', ++written_);
    out_.EndRow();
    ++summary_.by_type[static_cast<int>(event.type)];
  }

  CsvOut& out_;
  GenerateSummary& summary_;
  std::priority_queue<Pending, std::vector<Pending>, std::greater<Pending>> heap_;
  uint64_t next_seq_ = 0;
  uint64_t written_ = 0;
};

std::vector<double> Activities(const std::vector<Reader>& readers) {
  std::vector<double> activity;
  activity.reserve(readers.size());
  for (const Reader& reader : readers) activity.push_back(reader.activity);
  return activity;
}

// The single pass: sessions start in time order (spread by the readers' daily rhythm in
// proportion to the events made so far, so exactly `wanted` fill the window) and their events
// are written as soon as no later session can precede them.
Status RunSessions(const Site& site, const GenerateOptions& options, Rng& rng, CsvOut& out,
                   GenerateSummary& summary, const GenerateProgress& progress) {
  const int64_t start = summary.window_start, end = summary.window_end;
  const Timeline arrivals(start, end - kMaxSessionSeconds, DailyRhythm::kReading);
  const StoryPicker picker(site.stories);
  ReadingMemory memory(site.readers.size());
  const SessionWorld world{site.stories, site.readers, picker, memory};
  const AliasTable who(Activities(site.readers));
  const uint64_t wanted = options.interactions;
  EventQueue queue(out, summary);
  std::vector<SimEvent> session_events;
  uint64_t created = 0, next_progress = kProgressEvery, empty_in_a_row = 0;
  while (created < wanted) {
    const int64_t now = static_cast<int64_t>(arrivals.At(static_cast<double>(created) / wanted));
    queue.WriteUntil(now);
    session_events.clear();
    SimulateSession(world, who.Sample(rng), static_cast<uint32_t>(summary.sessions), now,
                    std::min(now + kMaxSessionSeconds, end), rng, session_events);
    // A reader who has seen everything on offer leaves without an event; someone else comes.
    if (session_events.empty()) {
      if (++empty_in_a_row == kMaxEmptySessions) return Internal("generate: no reader finds a story");
      continue;
    }
    empty_in_a_row = 0;
    ++summary.sessions;
    for (const SimEvent& event : session_events) {
      if (created == wanted) break;
      queue.Push(event);
      ++created;
    }
    if (progress && queue.written() >= next_progress) {
      progress(queue.written(), wanted);
      next_progress += kProgressEvery;
    }
  }
  queue.WriteUntil(end);
  if (progress) progress(queue.written(), wanted);
  summary.interactions = queue.written();
  return Status::Ok();
}

Status WriteInteractions(const Site& site, const GenerateOptions& options, Rng& rng,
                         const std::string& path, GenerateSummary& summary,
                         const GenerateProgress& progress) {
  CsvOut out;
  ATTUNE_RETURN_IF_ERROR(out.Open(path));
  for (const char* name : {"USER_ID", "ITEM_ID", "EVENT_TYPE", "TIMESTAMP", "EVENT_VALUE",
                           "SESSION_ID", "EVENT_ID"})
    out.Text(name);
  out.EndRow();
  ATTUNE_RETURN_IF_ERROR(RunSessions(site, options, rng, out, summary, progress));
  summary.bytes += out.bytes_written();
  return out.Close();
}

Status Publish(const std::string& temp, const std::string& final_path) {
  std::error_code error;
  std::filesystem::rename(temp, final_path, error);
  if (error) return Unavailable("cannot rename " + temp + " to " + final_path + ": " + error.message());
  return Status::Ok();
}

}  // namespace

Result<GenerateOptions> ResolveOptions(const GenerateOptions& options) {
  GenerateOptions resolved = options;
  if (options.days < 1 || options.days > 3650) {
    return InvalidArgument("--days: expected 1..3650, got " + std::to_string(options.days));
  }
  if (options.interactions > 2'000'000'000ULL) {
    return InvalidArgument("--interactions: at most 2,000,000,000, got " +
                           std::to_string(options.interactions));
  }
  if (options.end < static_cast<int64_t>(options.days) * kDay) {
    return InvalidArgument("--end: the window must start after 1970-01-01 (got end " +
                           std::to_string(options.end) + " with --days " +
                           std::to_string(options.days) + ")");
  }
  if (resolved.users == 0) {
    resolved.users = static_cast<uint32_t>(std::max<uint64_t>(100, options.interactions / 50));
  }
  if (resolved.stories == 0) resolved.stories = static_cast<uint32_t>(100 * options.days);
  if (resolved.stories > 50'000'000 || resolved.users > 500'000'000) {
    return InvalidArgument("--users at most 500,000,000 and --stories at most 50,000,000");
  }
  return resolved;
}

Result<GenerateSummary> GenerateSite(const GenerateOptions& options, const std::string& out_dir,
                                     const GenerateProgress& progress) {
  ATTUNE_ASSIGN_OR_RETURN(const GenerateOptions resolved, ResolveOptions(options));
  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) return Unavailable("cannot create --out directory " + out_dir + ": " + error.message());

  GenerateSummary summary;
  summary.window_end = resolved.end;
  summary.window_start = resolved.end - resolved.days * kDay;
  Rng master(resolved.seed);
  Rng story_rng = master.Fork(), reader_rng = master.Fork(), event_rng = master.Fork();
  const Timeline newsroom(summary.window_start, summary.window_end, DailyRhythm::kNewsroom);
  const Site site{MakeStories(resolved.stories, newsroom, story_rng),
                  MakeReaders(resolved.users, reader_rng)};
  summary.users = resolved.users;
  summary.stories = resolved.stories;

  const std::string base = out_dir + "/";
  ATTUNE_RETURN_IF_ERROR(WriteReaders(site.readers, base + "users.csv.tmp", summary.bytes));
  ATTUNE_RETURN_IF_ERROR(WriteStories(site.stories, base + "items.csv.tmp", summary.bytes));
  ATTUNE_RETURN_IF_ERROR(WriteInteractions(site, resolved, event_rng,
                                           base + "interactions.csv.tmp", summary, progress));
  for (const char* name : {"users.csv", "items.csv", "interactions.csv"}) {
    ATTUNE_RETURN_IF_ERROR(Publish(base + name + ".tmp", base + name));
  }
  return summary;
}

}  // namespace attune::synth
