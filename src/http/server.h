// HttpServer: the socket side of the API. Listens on bind:port with a pool of worker threads
// and hands every request, as a plain HttpRequest, to Api::Handle. The only user of cpp-httplib
// (server.cc), so the HTTP library can change without touching handlers.
// Ownership: borrows the Api (must outlive the server). Thread safety: Start/Stop/Wait from one
// controlling thread; requests are served on the pool's threads.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "http/api_context.h"

namespace attune::http {

struct HttpServerOptions {
  // Loopback by default: exposing the API is an explicit decision.
  std::string bind = "127.0.0.1";
  // 0: any free port (tests); port() tells which one.
  int port = 8080;
  // Worker threads; each holds one connection at a time (keep-alive), so this bounds the
  // number of concurrently served clients.
  int threads = 8;
  // Bodies larger than this are refused with 413 before they are read into memory.
  int64_t max_body_bytes = 10 * 1024 * 1024;
};

class HttpServer {
 public:
  HttpServer(Api& api, HttpServerOptions options);
  ~HttpServer();  // stops and joins
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the socket and starts serving on a background thread. Unavailable when the address
  // cannot be bound ("127.0.0.1:8080: address in use or not available").
  Status Start();
  int port() const;
  // Stops accepting, finishes requests in flight, and returns once the listener has exited.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace attune::http
