#include <charconv>

#include "http/handlers/handlers.h"

namespace attune::http {

const std::string& PathParam(const HttpRequest& req, const char* name) {
  static const std::string kEmpty;
  auto it = req.path_params.find(name);
  return it == req.path_params.end() ? kEmpty : it->second;
}

Result<DatasetType> DatasetParam(const HttpRequest& req) {
  auto dataset = ParseDatasetType(PathParam(req, "dataset"));
  if (!dataset.ok()) return dataset.status().WithContext("path segment {dataset}");
  return dataset;
}

const std::string* Query(const HttpRequest& req, const char* name) {
  auto it = req.query.find(name);
  return it == req.query.end() ? nullptr : &it->second;
}

Result<int64_t> IntQuery(const HttpRequest& req, const char* name, int64_t fallback, int64_t min,
                         int64_t max) {
  const std::string* text = Query(req, name);
  if (text == nullptr) return fallback;
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || ptr != text->data() + text->size() || value < min || value > max) {
    return InvalidArgument("query parameter " + std::string(name) + ": expected an integer in [" +
                           std::to_string(min) + ", " + std::to_string(max) + "], got \"" +
                           *text + "\"");
  }
  return value;
}

Result<int64_t> IdParam(const HttpRequest& req, const char* name) {
  const std::string& text = PathParam(req, name);
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value <= 0) {
    return InvalidArgument("path segment {" + std::string(name) +
                           "}: expected a positive integer id, got \"" + text + "\"");
  }
  return value;
}

HttpResponse NoContent() {
  HttpResponse response;
  response.status = 204;
  return response;
}

}  // namespace attune::http
