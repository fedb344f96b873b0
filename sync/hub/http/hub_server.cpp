// Admission: what happens to every request before a handler (api.h) sees it, driven by the
// route table (routes.h). For each request, in order: route (404, 405) -> query parameters known to
// the route, each at most once (400) -> token (401), rate (429), role (403) -> for a body: media
// type and encoding (415), size on the wire (413) and inflated (413), gzip complete (400) ->
// handler.
#include "sync/hub/http/hub_server.h"

#include <algorithm>
#include <span>
#include <stdexcept>
#include <vector>

#include "sync/hub/alerts/alert_engine.h"
#include "sync/hub/analytics/comment_analysis.h"
#include "sync/hub/analytics/prometheus.h"
#include "sync/hub/http/api.h"
#include "sync/hub/http/auth.h"
#include "sync/hub/http/gzip_body.h"
#include "sync/hub/http/rate_limiter.h"
#include "sync/hub/http/routes.h"
#include "sync/hub/http/server.h"
#include "sync/hub/signin/provider.h"
#include "sync/hub/store/ingest_queue.h"
#include "sync/hub/store/pack_registry.h"
#include "sync/protocol/join.h"
#include "sync/protocol/printable.h"

namespace fbk::sync::hub {

namespace {

std::string join_names(const std::vector<std::string_view>& names) {
    return names.empty() ? "no parameters" : protocol::join(names);
}

}  // namespace

struct HubServer::Impl {
    HubStore& store;
    PackRegistry pack_registry;
    HubServerOptions options;
    IngestQueue ingest_queue{store};
    HubMetrics metrics;
    RateLimiter rate_limiter{options.rate_per_second, options.rate_burst};
    std::unique_ptr<signin::OidcProvider> signin_provider =
        options.oidc ? std::make_unique<signin::OidcProvider>(*options.oidc, options.now_ms)
                     : nullptr;
    ApiContext api{store,
                   pack_registry,
                   options,
                   ingest_queue,
                   metrics,
                   *options.comment_analyser,
                   signin_provider.get()};
    std::vector<Route> routes = make_routes(options);
    http::Server server{server_options(options), hooks()};
    alerts::AlertEngine alert_engine{store, pack_registry, alert_options(options)};

    Impl(HubStore& s, protocol::PackCatalog p, HubServerOptions o)
        : store(s), pack_registry(std::move(p), s), options(with_defaults(std::move(o))) {}

    // Before any request: the server is not running yet.
    static HubServerOptions with_defaults(HubServerOptions o) {
        if (!o.now_ms) {
            o.now_ms = system_now_ms;
        }
        if (!o.comment_analyser) {
            o.comment_analyser = shipped_comment_analyser();
        }
        return o;
    }

    static std::int64_t system_now_ms() {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }

    static alerts::AlertEngineOptions alert_options(const HubServerOptions& o) {
        alerts::AlertEngineOptions a;
        a.check_every = o.alert_check_every;
        a.delivery.first_retry_ms = o.alert_first_retry.count();
        a.smtp = o.smtp;
        a.silence = o.silence;
        a.now_ms = o.now_ms;
        a.log_line = o.log_line;
        return a;
    }

    static http::ServerOptions server_options(const HubServerOptions& o) {
        http::ServerOptions s;
        s.worker_threads = o.threads;
        s.io_threads = o.io_threads;
        s.head_timeout = std::chrono::seconds(o.client_timeout_s);
        s.write_timeout = std::chrono::seconds(o.client_timeout_s);
        s.body_timeout = std::chrono::seconds(o.body_timeout_s);
        s.max_connections = o.max_connections;
        s.max_connections_per_client = o.max_connections_per_client;
        s.tls_cert = o.tls_cert;
        s.tls_key = o.tls_key;
        return s;
    }

    http::ServerHooks hooks() {
        http::ServerHooks h;
        h.admit = [this](const http::Request& r) { return admit(r); };
        h.max_body = [this](const http::Request& r) -> std::size_t {
            for (const Route& route : routes) {
                if (route.matches(r.path) && route.method == r.method) {
                    return route.max_body;
                }
            }
            return 0;
        };
        h.error_reply = [](int status, std::string_view code, std::string message) {
            return error_reply(status, code, std::move(message));
        };
        h.failed = [this](const http::Request& r, std::exception_ptr e) { return failed(r, e); };
        h.completed = [this](const http::Request& r, const http::Reply& reply, double seconds) {
            completed(r, reply, seconds);
        };
        h.refused = [this](http::ConnectionRefusal why) {
            metrics.count_refused_connection(why == http::ConnectionRefusal::TooManyInAll
                                                 ? "too_many_connections"
                                                 : "too_many_from_client");
        };
        h.log = [this](std::string_view line) { api.log(std::string(line)); };
        return h;
    }

    const Route* find_route(const http::Request& r, http::Reply& refusal) const {
        std::vector<std::string_view> allowed;
        for (const Route& route : routes) {
            if (route.matches(r.path)) {
                if (route.method == r.method) {
                    return &route;
                }
                allowed.push_back(route.method);
            }
        }
        if (allowed.empty()) {
            refusal = error_reply(404, "not_found", "no such endpoint: " + r.path);
        } else {
            refusal = error_reply(405, "method_not_allowed",
                                  r.method + " " + r.path + ": use " + protocol::join(allowed));
            refusal.set_header("Allow", protocol::join(allowed));
        }
        return nullptr;
    }

    // An unknown parameter is refused rather than ignored: a misspelt filter would otherwise
    // give figures for everything, and nothing unnamed (a token, say) is ever written down.
    static bool params_ok(const Route& route, const http::Request& r, http::Reply& refusal) {
        for (std::size_t i = 0; i < r.params.size(); ++i) {
            const std::string& name = r.params[i].name;
            if (std::find(route.params.begin(), route.params.end(), name) == route.params.end()) {
                refusal =
                    error_reply(400, "bad_parameter",
                                "unknown parameter '" + name + "' (" + std::string(route.path) +
                                    " takes " + join_names(route.params) + ")");
                return false;
            }
            for (std::size_t j = 0; j < i; ++j) {
                if (r.params[j].name == name) {
                    refusal = error_reply(400, "bad_parameter",
                                          "parameter '" + name + "' is given more than once");
                    return false;
                }
            }
        }
        return true;
    }

    http::Admission admit(const http::Request& r) {
        http::Reply refusal;
        const Route* route = find_route(r, refusal);
        if (route == nullptr || !params_ok(*route, r, refusal)) {
            return refusal;
        }
        std::optional<TokenInfo> token;
        if (route->access != Access::Anyone) {
            token = authorize(*route, r, store, rate_limiter, options.now_ms(), refusal);
            if (!token) {
                return refusal;
            }
        }
        if (route->max_body == 0) {
            return route->handler(api, Call{r, token ? &*token : nullptr, {}});
        }
        const std::string_view type = r.header("Content-Type");
        if (!http::iequals(type.substr(0, std::min<std::size_t>(type.size(), 16)),
                           "application/json")) {
            return error_reply(415, "unsupported_media_type",
                               "Content-Type must be application/json");
        }
        const std::string_view encoding = r.header("Content-Encoding");
        if (!encoding.empty() && !http::iequals(encoding, "gzip") &&
            !http::iequals(encoding, "identity")) {
            return error_reply(
                415, "unsupported_encoding",
                "Content-Encoding '" + std::string(encoding) + "' is not accepted (use gzip)");
        }
        return http::ReadBody{route->max_body, [this, route, token](http::Request& full) {
                                  return with_body(*route, token, full);
                              }};
    }

    // The body as sent, inflated when it is gzip, within the route's limits; then the handler.
    http::Reply with_body(const Route& route, const std::optional<TokenInfo>& token,
                          http::Request& r) {
        const std::string advice =
            route.handler == post_batch ? "; send fewer responses per batch" : "";
        const std::string too_large = "the body exceeds " + std::to_string(route.max_inflated) +
                                      " bytes uncompressed" + advice;
        Call call{r, token ? &*token : nullptr, {}};
        if (http::iequals(r.header("Content-Encoding"), "gzip")) {
            auto inflated = http::inflate_gzip(r.body, route.max_inflated);
            if (inflated.status == http::Inflate::TooLarge) {
                return error_reply(413, "too_large", too_large);
            }
            if (inflated.status != http::Inflate::Ok) {
                return error_reply(400, "unreadable_body",
                                   "body: " + std::string(http::describe(inflated.status)));
            }
            call.body = std::move(inflated.text);
        } else {
            if (r.body.size() > route.max_inflated) {
                return error_reply(413, "too_large", too_large);
            }
            call.body = std::move(r.body);
        }
        return route.handler(api, call);
    }

    // One mapping from a failure to a reply: storage errors ask the client to come back (the
    // transaction rolled back), anything else is our fault.
    http::Reply failed(const http::Request& r, std::exception_ptr e) {
        try {
            std::rethrow_exception(e);
        } catch (const sql::Error& error) {
            api.log(r.method + " " + protocol::printable(r.path) + " failed: " + error.what());
            return storage_failure_reply(error.is_full());
        } catch (const std::exception& error) {
            api.log(r.method + " " + protocol::printable(r.path) + " failed: " + error.what());
        } catch (...) {
            api.log(r.method + " " + protocol::printable(r.path) + " failed");
        }
        return error_reply(500, "internal", "the hub could not complete the request");
    }

    // Routes as the latency histogram labels them; anything else is "other", so a scan of
    // random paths cannot grow the metrics without bound.
    std::string_view route_label(std::string_view path) const {
        for (const Route& route : routes) {
            if (route.matches(path)) {
                return route.label();
            }
        }
        return "other";
    }

    void completed(const http::Request& r, const http::Reply& reply, double seconds) {
        api.log(r.method + " " + protocol::printable(r.path) + " " + std::to_string(reply.status));
        metrics.observe_request(route_label(r.path), seconds);
        if (reply.status >= 400) {
            metrics.count_rejected(reply.error_code.empty() ? "http_" + std::to_string(reply.status)
                                                            : reply.error_code);
        }
    }
};

HubServer::HubServer(HubStore& store, protocol::PackCatalog packs, HubServerOptions options)
    : impl_(std::make_unique<Impl>(store, std::move(packs), std::move(options))) {}

HubServer::~HubServer() = default;

int HubServer::bind(const std::string& host, int port) {
    return impl_->server.bind(host, port);
}

void HubServer::run() {
    impl_->server.run();
}

void HubServer::stop() {
    impl_->server.stop();
}

}  // namespace fbk::sync::hub
