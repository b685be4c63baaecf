// Server metrics in the Prometheus text format (/metrics): requests by route and status, events
// accepted, and a request latency histogram.
// Routes are recorded by pattern ("/v1/groups/{group}/events"), never by raw path, so the
// number of series stays bounded whatever clients send.
// Thread safety: every method may be called from any thread (one mutex; a request records once).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace attune::http {

class Metrics {
 public:
  void RecordRequest(const std::string& method, const std::string& route, int status,
                     int64_t latency_micros);
  void AddEventsAccepted(int64_t count);
  void AddEventsDuplicate(int64_t count);
  // The whole exposition, "# HELP ...\n# TYPE ...\nattune_http_requests_total{...} 3\n...".
  std::string RenderPrometheus() const;

 private:
  static constexpr std::array<double, 12> kBucketsSeconds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, int64_t> requests_;
  std::array<int64_t, kBucketsSeconds.size()> bucket_counts_{};
  int64_t latency_count_ = 0;
  double latency_sum_seconds_ = 0;
  int64_t events_accepted_ = 0;
  int64_t events_duplicate_ = 0;
};

}  // namespace attune::http
