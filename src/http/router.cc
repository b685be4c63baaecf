#include "http/router.h"

namespace attune::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += char(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool IsParam(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool MatchSegments(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                   std::map<std::string, std::string>& params) {
  if (pattern.size() != path.size()) return false;
  for (size_t seg_idx = 0; seg_idx < pattern.size(); ++seg_idx) {
    const std::string& want = pattern[seg_idx];
    if (IsParam(want)) {
      if (path[seg_idx].empty()) return false;
      params[want.substr(1, want.size() - 2)] = path[seg_idx];
    } else if (want != path[seg_idx]) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> out;
  size_t start = path.empty() || path[0] != '/' ? 0 : 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    out.push_back(PercentDecode(path.substr(start, slash - start)));
    start = slash + 1;
  }
  if (!out.empty() && out.back().empty()) out.pop_back();  // a trailing slash is ignored
  return out;
}

Router::Router(std::vector<Route> routes) : routes_(std::move(routes)) {
  for (const Route& route : routes_) segments_.push_back(SplitPath(route.pattern));
}

Result<RouteMatch> Router::Match(const std::string& method, const std::string& path,
                                 bool* method_not_allowed) const {
  const std::vector<std::string> parts = SplitPath(path);
  *method_not_allowed = false;
  for (size_t route_idx = 0; route_idx < routes_.size(); ++route_idx) {
    RouteMatch match;
    if (!MatchSegments(segments_[route_idx], parts, match.params)) continue;
    if (routes_[route_idx].method != method) {
      *method_not_allowed = true;
      continue;
    }
    match.route = &routes_[route_idx];
    return match;
  }
  if (*method_not_allowed) return NotFound(method + " is not allowed on " + path);
  return NotFound("no route for " + method + " " + path + "; see docs/api.md");
}

Status Authorize(const Principal& principal, const Route& route,
                 const std::map<std::string, std::string>& params) {
  if (route.access == Access::kPublic) return Status::Ok();
  if (!principal.group.empty()) {
    auto it = params.find("group");
    if (it == params.end() || it->second != principal.group) {
      return PermissionDenied("this key is limited to group \"" + principal.group +
                              "\"; " + route.method + " " + route.pattern +
                              " needs a key for that group or a global key");
    }
  }
  if (principal.role == Role::kAdmin) return Status::Ok();
  const bool allowed = (route.access == Access::kRead && principal.role == Role::kRead) ||
                       (route.access == Access::kTrack && principal.role == Role::kTrack);
  if (allowed) return Status::Ok();
  return PermissionDenied(std::string("a ") + RoleName(principal.role) + " key may not call " +
                          route.method + " " + route.pattern + "; use a key with role " +
                          (route.access == Access::kRead ? "read or admin"
                           : route.access == Access::kTrack ? "track or admin" : "admin"));
}

}  // namespace attune::http
