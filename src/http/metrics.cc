#include "http/metrics.h"

#include <cstdio>
#include <tuple>

namespace attune::http {

void Metrics::RecordRequest(const std::string& method, const std::string& route, int status,
                            int64_t latency_micros) {
  const double seconds = double(latency_micros) / 1e6;
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{method, route, status}];
  for (size_t bucket_idx = 0; bucket_idx < kBucketsSeconds.size(); ++bucket_idx) {
    if (seconds <= kBucketsSeconds[bucket_idx]) ++bucket_counts_[bucket_idx];
  }
  ++latency_count_;
  latency_sum_seconds_ += seconds;
}

void Metrics::AddEventsAccepted(int64_t count) {
  std::lock_guard<std::mutex> lock(mu_);
  events_accepted_ += count;
}

void Metrics::AddEventsDuplicate(int64_t count) {
  std::lock_guard<std::mutex> lock(mu_);
  events_duplicate_ += count;
}

std::string Metrics::RenderPrometheus() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  out += "# HELP attune_http_requests_total HTTP requests by method, route and status.\n";
  out += "# TYPE attune_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [method, route, status] = key;
    out += "attune_http_requests_total{method=\"" + method + "\",route=\"" + route +
           "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(count) + "\n";
  }
  out += "# HELP attune_http_request_duration_seconds Time from request to response.\n";
  out += "# TYPE attune_http_request_duration_seconds histogram\n";
  char line[160];
  for (size_t bucket_idx = 0; bucket_idx < kBucketsSeconds.size(); ++bucket_idx) {
    std::snprintf(line, sizeof(line),
                  "attune_http_request_duration_seconds_bucket{le=\"%g\"} %lld\n",
                  kBucketsSeconds[bucket_idx], static_cast<long long>(bucket_counts_[bucket_idx]));
    out += line;
  }
  out += "attune_http_request_duration_seconds_bucket{le=\"+Inf\"} " +
         std::to_string(latency_count_) + "\n";
  std::snprintf(line, sizeof(line), "attune_http_request_duration_seconds_sum %.6f\n",
                latency_sum_seconds_);
  out += line;
  out += "attune_http_request_duration_seconds_count " + std::to_string(latency_count_) + "\n";
  out += "# HELP attune_events_accepted_total Events stored (duplicates excluded).\n";
  out += "# TYPE attune_events_accepted_total counter\n";
  out += "attune_events_accepted_total " + std::to_string(events_accepted_) + "\n";
  out += "# HELP attune_events_duplicate_total Events ignored because their event_id was seen.\n";
  out += "# TYPE attune_events_duplicate_total counter\n";
  out += "attune_events_duplicate_total " + std::to_string(events_duplicate_) + "\n";
  return out;
}

}  // namespace attune::http
