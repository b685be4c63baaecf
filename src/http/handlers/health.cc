#include "http/handlers/handlers.h"
#include "http/json_codec.h"

namespace attune::http {

HandlerResult Healthz(ApiContext&, const HttpRequest&) {
  return JsonResponse(200, {{"status", "ok"}});
}

// Ready when the store answers a read.
HandlerResult Readyz(ApiContext& ctx, const HttpRequest&) {
  auto groups = ctx.store.ListGroups();
  if (!groups.ok()) return Unavailable("store not ready: " + groups.status().message());
  return JsonResponse(200, {{"status", "ready"}});
}

HandlerResult MetricsText(ApiContext& ctx, const HttpRequest&) {
  HttpResponse response;
  response.content_type = "text/plain; version=0.0.4";
  response.body = ctx.metrics.RenderPrometheus();
  return response;
}

}  // namespace attune::http
