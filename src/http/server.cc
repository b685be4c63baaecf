// The adapter between cpp-httplib and Api::Handle. httplib.h is included here and nowhere else.
#include "http/server.h"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "base/log.h"
#include "http/status_to_http.h"

namespace attune::http {

struct HttpServer::Impl {
  Impl(Api& api, HttpServerOptions options) : api(api), options(std::move(options)) {}
  Api& api;
  HttpServerOptions options;
  httplib::Server server;
  std::thread listener;
  std::atomic<bool> listener_returned{false};
  int port = 0;
};

namespace {

HttpRequest ToRequest(const httplib::Request& in) {
  HttpRequest out;
  out.method = in.method;
  out.path = in.path;
  for (const auto& [key, value] : in.params) out.query[key] = value;
  out.authorization = in.get_header_value("Authorization");
  out.body = in.body;
  return out;
}

void Serve(Api& api, const httplib::Request& in, httplib::Response& out) {
  HttpRequest request = ToRequest(in);
  HttpResponse response = api.Handle(request);
  out.status = response.status;
  if (!response.body.empty() || response.status != 204) {
    out.set_content(std::move(response.body), response.content_type.c_str());
  }
}

// httplib answers some errors itself (413 body too large, 400 malformed request); give them the
// API's one error shape.
void FillLibraryError(const httplib::Request&, httplib::Response& res, int64_t max_body) {
  if (!res.body.empty()) return;
  Status status = res.status == 413
      ? ResourceExhausted("request body is larger than max_body_bytes (" +
                          std::to_string(max_body) + " bytes); send less, or import by path")
      : InvalidArgument("malformed HTTP request (status " + std::to_string(res.status) + ")");
  HttpResponse response = ErrorResponse(status);
  res.set_content(response.body, response.content_type.c_str());
}

}  // namespace

HttpServer::HttpServer(Api& api, HttpServerOptions options)
    : impl_(std::make_unique<Impl>(api, std::move(options))) {}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Start() {
  httplib::Server& server = impl_->server;
  Api& api = impl_->api;
  const int threads = impl_->options.threads;
  const int64_t max_body = impl_->options.max_body_bytes;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(size_t(threads)); };
  server.set_payload_max_length(size_t(max_body));
  // Without TCP_NODELAY small answers wait for the peer's delayed ACK (~40 ms per request).
  server.set_tcp_nodelay(true);
  auto handler = [&api](const httplib::Request& in, httplib::Response& out) { Serve(api, in, out); };
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Put(".*", handler);
  server.Delete(".*", handler);
  server.set_error_handler([max_body](const httplib::Request& req, httplib::Response& res) {
    FillLibraryError(req, res, max_body);
  });
  const std::string& bind = impl_->options.bind;
  int port = impl_->options.port;
  if (port == 0) {
    port = server.bind_to_any_port(bind);
  } else if (!server.bind_to_port(bind, port)) {
    port = -1;
  }
  if (port <= 0) {
    return Unavailable(bind + ":" + std::to_string(impl_->options.port) +
                       ": cannot listen (address in use or not available); choose another "
                       "--port or --bind");
  }
  impl_->port = port;
  std::atomic<bool>& returned = impl_->listener_returned;
  impl_->listener = std::thread([&server, &returned] {
    server.listen_after_bind();
    returned = true;
  });
  // httplib's stop() does nothing until the listener has started, so a Stop() right after Start()
  // would leave the listener in accept() forever: wait until it runs (microseconds).
  while (!server.is_running() && !returned) std::this_thread::sleep_for(std::chrono::microseconds(100));
  return Status::Ok();
}

int HttpServer::port() const { return impl_->port; }

void HttpServer::Stop() {
  if (!impl_->listener.joinable()) return;
  impl_->server.stop();
  impl_->listener.join();
}

}  // namespace attune::http
