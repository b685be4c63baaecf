// Import speed: N interactions from one CSV file through Store::BeginImport/ImportWriter (one
// transaction), against the reference: the sqlite3 CLI's `.import` of the same file into a plain
// table (no indexes, no id dictionaries), measured in the same run on the same disk.
//
//   bench_store_import [rows=10000000] [work_dir=/tmp/attune-import-bench] [event_ids=0]
//
// The CSV (USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP,EVENT_VALUE[,EVENT_ID]) is generated once into
// work_dir and reused. The Attune side parses each line (split, timestamp, value) the way an
// import job must, so the ratio includes that work.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "core/timestamp.h"
#include "store/store.h"

namespace {

using attune::Interaction;

// CPU seconds (user + system) of this process (RUSAGE_SELF) or its finished children.
double CpuSeconds(int who) {
  rusage usage{};
  getrusage(who, &usage);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return secs(usage.ru_utime) + secs(usage.ru_stime);
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Generate(const std::string& path, int64_t rows, bool event_ids) {
  std::ofstream out(path);
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> user(0, 199'999), type(0, 9);
  std::geometric_distribution<int> item(1.0 / 5000);
  const char* types[] = {"open", "open", "open", "open", "read", "read", "read", "like", "comment", "save"};
  out << "USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP,EVENT_VALUE" << (event_ids ? ",EVENT_ID" : "") << "\n";
  for (int64_t row = 0; row < rows; ++row) {
    const int t = type(rng);
    out << "user-" << user(rng) << ",story-" << item(rng) % 60'000 << "," << types[t] << ","
        << 1'690'000'000 + row / 4 << ",";
    if (t >= 4 && t <= 6) out << (row % 100) / 100.0;
    if (event_ids) out << ",ev-" << row;
    out << "\n";
  }
}

double SqliteCliImport(const std::string& csv, const std::string& dir, double* cpu) {
  const std::string db = dir + "/reference.db";
  std::filesystem::remove(db);
  std::filesystem::remove(db + "-wal");
  const std::string script = dir + "/reference.sql";
  std::ofstream(script) << "PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\n.mode csv\n.import " << csv
                        << " interactions\n";
  const double cpu_before = CpuSeconds(RUSAGE_CHILDREN);
  const auto start = std::chrono::steady_clock::now();
  const std::string command = "sqlite3 " + db + " < " + script + " > /dev/null";
  if (std::system(command.c_str()) != 0) {
    std::fprintf(stderr, "sqlite3 CLI failed\n");
    std::exit(1);
  }
  *cpu = CpuSeconds(RUSAGE_CHILDREN) - cpu_before;
  return Seconds(start);
}

bool ParseLine(const std::string& line, std::vector<std::string_view>* cells, Interaction* e) {
  cells->clear();
  size_t start = 0;
  for (size_t comma; (comma = line.find(',', start)) != std::string::npos; start = comma + 1) {
    cells->emplace_back(line.data() + start, comma - start);
  }
  cells->emplace_back(line.data() + start, line.size() - start);
  if (cells->size() < 5) return false;
  auto ts = attune::ParseTimestamp((*cells)[3]);
  if (!ts.ok()) return false;
  e->user_id.assign((*cells)[0]);
  e->item_id.assign((*cells)[1]);
  e->event_type.assign((*cells)[2]);
  e->timestamp = *ts;
  e->event_value.reset();
  if (!(*cells)[4].empty()) e->event_value = std::strtod(std::string((*cells)[4]).c_str(), nullptr);
  e->event_id.assign(cells->size() > 5 ? (*cells)[5] : std::string_view());
  return true;
}

double AttuneImport(const std::string& csv, const std::string& dir, int64_t* imported, double* cpu) {
  std::filesystem::remove_all(dir + "/store");
  attune::StoreOptions options;
  options.location = dir + "/store";
  options.cache_mib = 256;
  auto store = attune::OpenStore(options);
  if (!store.ok() || !(*store)->CreateGroup("bench").ok()) std::exit(1);
  const double cpu_before = CpuSeconds(RUSAGE_SELF);
  const auto start = std::chrono::steady_clock::now();
  auto job = (*store)->CreateImportJob({"bench", attune::DatasetType::kInteractions, attune::ImportMode::kFull, csv, "x"});
  auto writer = (*store)->BeginImport(job->id);
  if (!writer.ok()) std::exit(1);
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::string_view> cells;
  Interaction e;
  while (std::getline(in, line)) {
    if (!ParseLine(line, &cells, &e) || !(*writer)->AddInteraction(e).ok()) std::exit(1);
  }
  if (!(*writer)->Flush().ok()) std::exit(1);
  *imported = (*writer)->imported();
  const double cpu_commit = CpuSeconds(RUSAGE_SELF);
  if (!(*writer)->Commit().ok()) std::exit(1);
  std::printf("attune commit (per-user index entries, dictionaries, WAL) cpu=%.2fs of total cpu=%.2fs\n",
              CpuSeconds(RUSAGE_SELF) - cpu_commit, CpuSeconds(RUSAGE_SELF) - cpu_before);
  *cpu = CpuSeconds(RUSAGE_SELF) - cpu_before;
  return Seconds(start);
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t rows = argc > 1 ? std::atoll(argv[1]) : 10'000'000;
  const std::string dir = argc > 2 ? argv[2] : "/tmp/attune-import-bench";
  const bool event_ids = argc > 3 && std::string(argv[3]) == "1";
  std::filesystem::create_directories(dir);
  const std::string csv = dir + "/interactions_" + std::to_string(rows) + (event_ids ? "_ids" : "") + ".csv";
  if (!std::filesystem::exists(csv)) Generate(csv, rows, event_ids);
  double reference_cpu = 0, attune_cpu = 0;
  const double reference = SqliteCliImport(csv, dir, &reference_cpu);
  int64_t imported = 0;
  const double attune = AttuneImport(csv, dir, &imported, &attune_cpu);
  // Wall time is what the goal names; CPU time is the steadier number on a shared, loaded machine.
  std::printf("rows=%lld imported=%lld wall: sqlite3_cli=%.2fs attune=%.2fs ratio=%.2f | "
              "cpu: sqlite3_cli=%.2fs attune=%.2fs ratio=%.2f | rows_per_wall_s=%.0f\n",
              static_cast<long long>(rows), static_cast<long long>(imported), reference, attune,
              attune / reference, reference_cpu, attune_cpu, attune_cpu / reference_cpu,
              static_cast<double>(imported) / attune);
  return 0;
}
