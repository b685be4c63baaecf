// The HTTP request and response as our code sees them: plain values, independent of the HTTP
// library (server.cc is the only file that knows httplib), so routing, auth and handlers are
// tested without sockets.
// Thread safety: values; one request is handled by one thread.
#pragma once

#include <map>
#include <string>

namespace attune::http {

enum class Role { kTrack = 0, kRead = 1, kAdmin = 2 };

// Who is calling: the key behind the Authorization header, after it was checked.
struct Principal {
  std::string key_id;
  Role role = Role::kRead;
  std::string group;  // empty: a global key, valid for every group
};

struct HttpRequest {
  std::string method;  // "GET", "POST", "PUT", "DELETE"
  std::string path;    // without the query string
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> path_params;  // filled by the router: {"group": "news"}
  std::string authorization;                       // the raw Authorization header
  std::string body;
  Principal principal;  // filled by the auth step before the handler runs
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// "admin", "read", "track".
const char* RoleName(Role role);

}  // namespace attune::http
