#include "sync/hub/hub_server.h"

#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <limits>
#include <map>
#include <stdexcept>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "sync/hub/csv.h"
#include "sync/hub/embedded_files.h"
#include "sync/hub/ingest_queue.h"
#include "sync/hub/pack_registry.h"
#include "sync/hub/prometheus.h"
#include "sync/hub/rate_limiter.h"
#include "sync/hub/response_export.h"
#include "sync/hub/stats.h"
#include "sync/protocol/ids.h"
#include "sync/protocol/stages.h"
#include "sync/protocol/survey_pack.h"

namespace fbk::sync::hub {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxIssuesReported = 20;
constexpr std::size_t kExportPageRows = 500;
constexpr std::size_t kMaxComments = 200;

// Routes as the latency histogram labels them; anything else is "other", so a scan of random
// paths cannot grow the metrics without bound.
constexpr std::string_view kRoutes[] = {"/api/v1/packs",
                                        "/api/v1/packs/assignments",
                                        "/api/v1/batches",
                                        "/api/v1/responses",
                                        "/api/v1/kiosk/settings",
                                        "/api/v1/kiosk/pack",
                                        "/api/v1/heartbeat",
                                        "/api/v1/stats",
                                        "/api/v1/audit",
                                        "/api/v1/kiosks",
                                        "/api/v1/comments",
                                        "/api/v1/openapi.json",
                                        "/metrics",
                                        "/healthz",
                                        "/readyz"};

std::string_view route_label(std::string_view path) {
    for (const std::string_view route : kRoutes) {
        if (path == route) {
            return route;
        }
    }
    return path.starts_with("/dashboard") ? "/dashboard" : "other";
}

// When the current request was routed; the logger runs on the same thread after the reply.
thread_local std::optional<std::chrono::steady_clock::time_point> request_started;

// The error code of one of our error replies, for the rejects counter.
std::string error_code(const httplib::Response& res) {
    const auto body = json::parse(res.body, nullptr, false);
    if (body.is_object() && body.contains("error") && body["error"].contains("code") &&
        body["error"]["code"].is_string()) {
        return body["error"]["code"].get<std::string>();
    }
    return "http_" + std::to_string(res.status);
}

std::string content_type_of(std::string_view name) {
    if (name.ends_with(".html")) {
        return "text/html; charset=utf-8";
    }
    if (name.ends_with(".js")) {
        return "text/javascript; charset=utf-8";
    }
    if (name.ends_with(".css")) {
        return "text/css; charset=utf-8";
    }
    return "application/json";
}

void send_error(httplib::Response& res, int status, std::string_view code, std::string_view message,
                json details = nullptr) {
    json error = {{"code", code}, {"message", message}};
    if (!details.is_null()) {
        error["issues"] = std::move(details);
    }
    res.status = status;
    res.set_content(json{{"error", std::move(error)}}.dump(), "application/json");
}

json issues_json(const protocol::Issues& issues) {
    json out = json::array();
    for (std::size_t i = 0; i < issues.size() && i < kMaxIssuesReported; ++i) {
        out.push_back({{"path", issues[i].path}, {"message", issues[i].message}});
    }
    return out;
}

std::string first_issue_text(const protocol::Issues& issues) {
    if (issues.empty()) {
        return "invalid";
    }
    std::string text = issues.front().path + ": " + issues.front().message;
    if (issues.size() > 1) {
        text += " (and " + std::to_string(issues.size() - 1) + " more)";
    }
    return text;
}

std::string bearer_token(const httplib::Request& req) {
    const std::string header = req.get_header_value("Authorization");
    constexpr std::string_view kPrefix = "Bearer ";
    if (header.size() <= kPrefix.size() || !header.starts_with(kPrefix)) {
        return {};
    }
    return header.substr(kPrefix.size());
}

// The request's parameters in a stable order, for the audit log.
std::string query_text(const httplib::Request& req) {
    std::string out;
    for (const auto& [key, value] : req.params) {
        out += (out.empty() ? "" : "&") + key + "=" + value;
    }
    return out;
}

std::int64_t system_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

struct HubServer::Impl {
    HubStore& store;
    PackRegistry pack_registry;
    HubServerOptions options;
    IngestQueue ingest_queue{store};
    HubMetrics metrics;
    RateLimiter rate_limiter{options.rate_per_second, options.rate_burst};
    socket_t listen_socket = INVALID_SOCKET;
    std::unique_ptr<httplib::Server> server_owner = make_server(options);
    httplib::Server& server = *server_owner;

    static std::unique_ptr<httplib::Server> make_server(const HubServerOptions& o) {
        if (o.tls_cert.empty() && o.tls_key.empty()) {
            return std::make_unique<httplib::Server>();
        }
        auto tls = std::make_unique<httplib::SSLServer>(o.tls_cert.c_str(), o.tls_key.c_str());
        if (!tls->is_valid()) {
            throw std::runtime_error("cannot use TLS certificate " + o.tls_cert.string() +
                                     " with key " + o.tls_key.string() +
                                     " (missing, unreadable, not PEM, or not a matching pair)");
        }
        return tls;
    }

    Impl(HubStore& s, protocol::PackCatalog p, HubServerOptions o)
        : store(s), pack_registry(std::move(p), s), options(std::move(o)) {
        if (!options.now_ms) {
            options.now_ms = system_now_ms;
        }
        configure();
    }

    // 401 unless the request carries a live token, 429 when that token is over its rate.
    // The reply never says whether a token existed.
    std::optional<TokenInfo> authenticate(const httplib::Request& req, httplib::Response& res) {
        const auto token = bearer_token(req);
        auto info = token.empty() ? std::nullopt : store.authenticate(token);
        if (!info) {
            res.set_header("WWW-Authenticate", "Bearer");
            send_error(res, 401, "unauthorized", "a valid bearer token is required");
            return std::nullopt;
        }
        const std::string key = std::string(to_string(info->kind)) + ":" + info->subject;
        if (const auto wait_s = rate_limiter.retry_after_s(key, options.now_ms()); wait_s > 0) {
            res.set_header("Retry-After", std::to_string(wait_s));
            send_error(
                res, 429, "rate_limited",
                "too many requests with this token; retry after " + std::to_string(wait_s) + " s");
            return std::nullopt;
        }
        return info;
    }

    void configure() {
        // Nagle's algorithm holds small replies back ~40 ms: measured 84 -> 384 req/s without it.
        server.set_tcp_nodelay(true);
        server.set_payload_max_length(options.max_request_bytes);
        server.set_read_timeout(options.client_timeout_s, 0);
        server.set_write_timeout(options.client_timeout_s, 0);
        // cpp-httplib serves each kept-alive connection on one pool thread until it goes quiet.
        // With its default 8 threads, 64 kiosks uploading at once waited up to 1.6 s (p99) for
        // a free thread (tests/bench fleet load); a pool as large as the expected concurrency,
        // and a short keep-alive, remove that queue. httplib takes ownership of the pool.
        server.new_task_queue = [threads = options.threads] {
            return new httplib::ThreadPool(threads);  // NOLINT: the API hands over ownership
        };
        server.set_keep_alive_timeout(2);
        // SO_REUSEADDR lets a restarted hub bind at once; httplib's default, SO_REUSEPORT, would
        // also let a second hub share the port without a word. The socket is kept to widen its
        // accept queue after bind (see HubServer::bind).
        server.set_socket_options([this](socket_t sock) {
            const int yes = 1;
            setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
            listen_socket = sock;
        });
        // Without this, cpp-httplib 0.11 puts an exception's what() into a response header.
        server.set_exception_handler(
            [this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
                std::string what = "unknown exception";
                bool storage = false;
                bool full = false;
                try {
                    std::rethrow_exception(ep);
                } catch (const sql::Error& e) {
                    what = e.what();
                    storage = true;
                    full = e.is_full();
                } catch (const std::exception& e) {
                    what = e.what();
                } catch (...) {
                }
                log(req.method + " " + req.path + " failed: " + what);
                if (storage) {
                    // The database is away or full: nothing was changed, come back later.
                    res.set_header("Retry-After", full ? "60" : "30");
                    send_error(res, full ? 507 : 503,
                               full ? "insufficient_storage" : "storage_unavailable",
                               "the hub cannot reach its storage now; retry later");
                    return;
                }
                send_error(res, 500, "internal", "the hub could not complete the request");
            });
        server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
            request_started = std::chrono::steady_clock::now();
            return httplib::Server::HandlerResponse::Unhandled;
        });
        server.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
            log(req.method + " " + req.path + " " + std::to_string(res.status));
            if (request_started) {
                const std::chrono::duration<double> took =
                    std::chrono::steady_clock::now() - *request_started;
                metrics.observe_request(route_label(req.path), took.count());
                request_started.reset();
            }
            if (res.status >= 400) {
                metrics.count_rejected(error_code(res));
            }
        });
        server.Post("/api/v1/batches",
                    [this](const httplib::Request& req, httplib::Response& res,
                           const httplib::ContentReader& reader) { post_batch(req, res, reader); });
        server.Get("/api/v1/responses",
                   [this](const httplib::Request& req, httplib::Response& res) {
                       get_responses(req, res);
                   });
        server.Get("/api/v1/kiosk/settings",
                   [this](const httplib::Request& req, httplib::Response& res) {
                       get_kiosk_settings(req, res);
                   });
        server.Get("/api/v1/kiosk/pack", [this](const httplib::Request& req,
                                                httplib::Response& res) { get_pack(req, res); });
        server.Post("/api/v1/heartbeat", [this](const httplib::Request& req, httplib::Response& res,
                                                const httplib::ContentReader& reader) {
            post_heartbeat(req, res, reader);
        });
        server.Get("/api/v1/stats", [this](const httplib::Request& req, httplib::Response& res) {
            get_stats(req, res);
        });
        server.Get("/api/v1/audit", [this](const httplib::Request& req, httplib::Response& res) {
            get_audit(req, res);
        });
        server.Get("/api/v1/kiosks", [this](const httplib::Request& req, httplib::Response& res) {
            get_kiosks(req, res);
        });
        server.Post("/api/v1/packs",
                    [this](const httplib::Request& req, httplib::Response& res,
                           const httplib::ContentReader& reader) { post_pack(req, res, reader); });
        server.Get("/api/v1/packs", [this](const httplib::Request& req, httplib::Response& res) {
            get_packs(req, res);
        });
        server.Post("/api/v1/packs/assignments",
                    [this](const httplib::Request& req, httplib::Response& res,
                           const httplib::ContentReader& reader) {
                        post_pack_assignment(req, res, reader);
                    });
        server.Get("/api/v1/comments", [this](const httplib::Request& req, httplib::Response& res) {
            get_comments(req, res);
        });
        server.Get("/metrics", [this](const httplib::Request& req, httplib::Response& res) {
            get_metrics(req, res);
        });
        // Liveness: the process serves requests. Readiness: it can also read its database.
        server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"status":"ok"})", "application/json");
        });
        server.Get("/readyz",
                   [this](const httplib::Request&, httplib::Response& res) { get_ready(res); });
        server.Get("/api/v1/openapi.json", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(std::string(*embedded_file("openapi.json")), "application/json");
        });
        server.Get("/dashboard", [](const httplib::Request&, httplib::Response& res) {
            res.set_redirect("/dashboard/");
        });
        server.Get(R"(/dashboard/([a-z]+\.(html|js|css))?)",
                   [](const httplib::Request& req, httplib::Response& res) {
                       get_dashboard_file(req, res);
                   });
        server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
            if (res.status == 404) {
                send_error(res, 404, "not_found", "no such endpoint: " + req.path);
            } else if (res.status == 413) {
                send_error(res, 413, "too_large", "the request body is too large");
            }
        });
    }

    void log(const std::string& line) const {
        if (options.log_line) {
            options.log_line(line);
        }
    }

    // cpp-httplib inflates gzip before the reader, and its own limit covers neither chunked nor
    // inflated bodies: count what actually arrives. Replies 413 / 400 and returns false when the
    // body is too large or unreadable.
    static bool read_body(const httplib::ContentReader& reader, std::size_t max, std::string& body,
                          httplib::Response& res, std::string_view advice = {}) {
        bool too_large = false;
        const bool read_ok = reader([&](const char* data, std::size_t length) {
            if (body.size() + length > max) {
                too_large = true;
                return false;
            }
            body.append(data, length);
            return true;
        });
        if (too_large) {
            send_error(res, 413, "too_large",
                       "the body exceeds " + std::to_string(max) + " bytes uncompressed" +
                           std::string(advice));
            return false;
        }
        if (!read_ok) {
            send_error(res, 400, "unreadable_body",
                       "the request body could not be read or inflated");
            return false;
        }
        return true;
    }

    void post_batch(const httplib::Request& req, httplib::Response& res,
                    const httplib::ContentReader& reader) {
        const auto token = authenticate(req, res);
        if (!token) {
            return;
        }
        if (token->kind != TokenKind::Kiosk) {
            send_error(res, 403, "forbidden", "only kiosk tokens may upload batches");
            return;
        }
        if (!req.get_header_value("Content-Type").starts_with("application/json")) {
            send_error(res, 415, "unsupported_media_type", "Content-Type must be application/json");
            return;
        }
        const std::string encoding = req.get_header_value("Content-Encoding");
        if (!encoding.empty() && encoding != "gzip" && encoding != "identity") {
            send_error(res, 415, "unsupported_encoding",
                       "Content-Encoding '" + encoding + "' is not accepted (use gzip)");
            return;
        }
        std::string body;
        if (!read_body(reader, options.max_inflated_bytes, body, res,
                       "; send fewer responses per batch")) {
            return;
        }
        auto parsed = protocol::parse_batch(body, options.batch_limits);
        if (!parsed.batch) {
            send_error(res, 400, "invalid_batch", first_issue_text(parsed.issues),
                       issues_json(parsed.issues));
            return;
        }
        if (parsed.batch->header.kiosk_id != token->subject) {
            send_error(res, 403, "forbidden", "this token may only upload for its own kiosk");
            return;
        }
        auto packs = pack_registry.catalog();
        for (const protocol::Response& r : parsed.batch->responses) {
            if (packs->find(r.pack_id, r.pack_version) == nullptr) {
                pack_registry.refresh();  // another hub may have been given it
                packs = pack_registry.catalog();
            }
            if (packs->find(r.pack_id, r.pack_version) == nullptr) {
                // Not the kiosk's fault: the hub has not been given this pack yet. Ask it to come
                // back later instead of making it quarantine good answers.
                res.set_header("Retry-After", std::to_string(options.unknown_pack_retry_after_s));
                send_error(res, 503, "unknown_pack",
                           "survey pack '" + r.pack_id + "' version " +
                               std::to_string(r.pack_version) + " is not installed on this hub");
                return;
            }
        }
        const auto issues = protocol::validate_batch(*parsed.batch, *packs);
        if (!issues.empty()) {
            send_error(res, 400, "invalid_batch", first_issue_text(issues), issues_json(issues));
            return;
        }
        try {
            const auto receipts = ingest_queue.ingest(*parsed.batch, options.now_ms());
            const auto duplicates =
                std::count_if(receipts.begin(), receipts.end(), [](const protocol::Receipt& r) {
                    return r.status == protocol::ReceiptStatus::Duplicate;
                });
            metrics.count_ingested(static_cast<std::int64_t>(receipts.size()) - duplicates,
                                   duplicates);
            res.set_content(protocol::serialize(protocol::BatchAck{receipts}), "application/json");
        } catch (const sql::Error& e) {
            // The transaction rolled back: nothing of the batch is stored, so a retry is safe.
            log("ingest failed: " + std::string(e.what()));
            if (e.is_full()) {
                res.set_header("Retry-After", "60");
                send_error(res, 507, "insufficient_storage",
                           "the hub's disk is full; nothing was stored, retry later");
            } else {
                res.set_header("Retry-After", "30");
                send_error(res, 503, "storage_unavailable",
                           "the hub could not store the batch; retry later");
            }
        }
    }

    // 401 without a live token; 403 unless it is an admin token whose role includes `needed`.
    std::optional<TokenInfo> authorize_admin(const httplib::Request& req, httplib::Response& res,
                                             Role needed, std::string_view what) {
        auto token = authenticate(req, res);
        if (!token) {
            return std::nullopt;
        }
        if (token->kind != TokenKind::Admin || token->role < needed) {
            send_error(res, 403, "forbidden",
                       std::string(what) + ": needs an admin token with the role " +
                           std::string(to_string(needed)) + " or higher");
            return std::nullopt;
        }
        return token;
    }

    std::optional<TokenInfo> authenticate_kiosk(const httplib::Request& req,
                                                httplib::Response& res) {
        auto token = authenticate(req, res);
        if (token && token->kind != TokenKind::Kiosk) {
            send_error(res, 403, "forbidden", "this endpoint is for kiosk tokens");
            return std::nullopt;
        }
        return token;
    }

    // Replies `body` unless the client already holds it (If-None-Match), then 304 without it.
    static void send_cacheable(const httplib::Request& req, httplib::Response& res,
                               const std::string& body, const std::string& etag) {
        res.set_header("ETag", etag);
        res.set_header("Cache-Control", "no-cache");
        if (req.get_header_value("If-None-Match") == etag) {
            res.status = 304;
            return;
        }
        res.set_content(body, "application/json");
    }

    void get_kiosk_settings(const httplib::Request& req, httplib::Response& res) {
        if (!authenticate_kiosk(req, res)) {
            return;
        }
        const protocol::KioskSettings settings{
            static_cast<std::int64_t>(options.batch_limits.max_responses),
            static_cast<std::int64_t>(options.max_inflated_bytes), options.heartbeat_interval_ms};
        const std::string body = protocol::serialize(settings);
        send_cacheable(req, res, body, "\"" + hash_token(body).substr(0, 16) + "\"");
    }

    // The version assigned to this kiosk (by id, site, stage or all), else the newest.
    void get_pack(const httplib::Request& req, httplib::Response& res) {
        const auto kiosk = authenticate_kiosk(req, res);
        if (!kiosk) {
            return;
        }
        const std::string id = req.get_param_value("id");
        pack_registry.refresh();
        const auto packs = pack_registry.catalog();
        const protocol::SurveyPack* pack = nullptr;
        if (!id.empty()) {
            const auto assigned = store.assigned_version(kiosk->subject, id);
            pack = assigned ? packs->find(id, *assigned) : nullptr;
            pack = pack != nullptr ? pack : packs->newest(id);
        }
        if (pack == nullptr) {
            send_error(res, 404, "no_such_pack",
                       id.empty() ? "id: the pack id is required"
                                  : "survey pack '" + id + "' is not installed on this hub");
            return;
        }
        const std::string& body = packs->source_of(*pack);
        send_cacheable(req, res, body,
                       "\"" + pack->id + "-v" + std::to_string(pack->version) + "-" +
                           hash_token(body).substr(0, 16) + "\"");
    }

    void post_heartbeat(const httplib::Request& req, httplib::Response& res,
                        const httplib::ContentReader& reader) {
        constexpr std::size_t kMaxHeartbeatBytes = 16 * 1024;
        const auto token = authenticate_kiosk(req, res);
        std::string body;
        if (!token || !read_body(reader, kMaxHeartbeatBytes, body, res)) {
            return;
        }
        protocol::Issues issues;
        const auto heartbeat = protocol::parse_heartbeat(body, issues);
        if (!heartbeat) {
            send_error(res, 400, "invalid_heartbeat", first_issue_text(issues),
                       issues_json(issues));
            return;
        }
        if (heartbeat->kiosk_id != token->subject) {
            send_error(res, 403, "forbidden", "this token may only report for its own kiosk");
            return;
        }
        store.record_heartbeat(*heartbeat, options.now_ms());
        res.set_content(json{{"received_at_ms", options.now_ms()}}.dump(), "application/json");
    }

    // kiosk, stage, survey, language, site, from, to, include_flagged; a 400 names a bad one.
    static std::optional<StatsFilter> parse_filter(const httplib::Request& req,
                                                   httplib::Response& res, bool flagged_default) {
        StatsFilter filter;
        const auto text = [&](const char* name) -> std::optional<std::string> {
            return req.has_param(name) ? std::optional(req.get_param_value(name)) : std::nullopt;
        };
        filter.kiosk = text("kiosk");
        filter.stage = text("stage");
        filter.survey = text("survey");
        filter.language = text("language");
        filter.site = text("site");
        for (const auto& [name, target] :
             {std::pair{"from", &filter.from_ms}, std::pair{"to", &filter.to_ms}}) {
            if (const auto value = text(name)) {
                const auto ms = parse_utc_time(*value);
                if (!ms) {
                    send_error(res, 400, "bad_parameter",
                               std::string(name) + ": '" + *value +
                                   "' is not a UTC date (2026-11-01 or 2026-11-01T08:00:00Z)");
                    return std::nullopt;
                }
                *target = *ms;
            }
        }
        const auto flagged = text("include_flagged").value_or(flagged_default ? "true" : "false");
        if (flagged != "true" && flagged != "false") {
            send_error(res, 400, "bad_parameter", "include_flagged: must be true or false");
            return std::nullopt;
        }
        filter.include_flagged = flagged == "true";
        return filter;
    }

    void get_stats(const httplib::Request& req, httplib::Response& res) {
        if (!authorize_admin(req, res, Role::Viewer, "statistics")) {
            return;
        }
        const std::string by = req.has_param("by") ? req.get_param_value("by") : "stage";
        const auto group = stats_group_from_string(by);
        if (!group) {
            send_error(
                res, 400, "bad_parameter",
                "by: '" + by + "' is not stage, kiosk, survey, language, site, day, week or month");
            return;
        }
        const auto filter = parse_filter(req, res, false);
        if (!filter) {
            return;
        }
        res.set_content(compute_stats(store, *pack_registry.catalog(), *group, *filter).dump(),
                        "application/json");
    }

    void get_audit(const httplib::Request& req, httplib::Response& res) {
        if (!authorize_admin(req, res, Role::Admin, "the audit log")) {
            return;
        }
        constexpr std::size_t kAuditPage = 200;
        json entries = json::array();
        for (const AuditEntry& e : store.audit_log(kAuditPage)) {
            entries.push_back({{"at", format_utc_iso8601(e.at_ms)},
                               {"actor", e.actor},
                               {"action", e.action},
                               {"detail", e.detail}});
        }
        res.set_content(json{{"entries", std::move(entries)}}.dump(), "application/json");
    }

    void get_kiosks(const httplib::Request& req, httplib::Response& res) {
        if (!authorize_admin(req, res, Role::Viewer, "the fleet view")) {
            return;
        }
        json kiosks = json::array();
        for (const KioskStatus& k : store.fleet()) {
            auto entry = json::parse(protocol::serialize(k.heartbeat));
            entry["last_seen"] = format_utc_iso8601(k.last_seen_ms);
            entry["clock_offset_ms"] = k.clock_offset_ms;
            entry["silent"] = silent(k);
            kiosks.push_back(std::move(entry));
        }
        res.set_content(json{{"kiosks", std::move(kiosks)}}.dump(), "application/json");
    }

    // A new pack version, checked exactly as `feedback-kiosk check-pack` checks a file.
    void post_pack(const httplib::Request& req, httplib::Response& res,
                   const httplib::ContentReader& reader) {
        constexpr std::size_t kMaxPackBytes = 1024 * 1024;
        const auto who = authorize_admin(req, res, Role::Admin, "uploading survey packs");
        std::string body;
        if (!who || !read_body(reader, kMaxPackBytes, body, res)) {
            return;
        }
        auto load = protocol::parse_survey_pack(body);
        if (!load.pack) {
            json issues = json::array();
            for (const auto& issue : load.issues) {
                if (issue.severity == protocol::Severity::Error &&
                    issues.size() < kMaxIssuesReported) {
                    issues.push_back({{"path", issue.path}, {"message", issue.message}});
                }
            }
            // The message is built before `issues` is moved into the reply.
            const std::string first = issues.empty() ? "the pack was refused"
                                                     : issues[0]["path"].get<std::string>() + ": " +
                                                           issues[0]["message"].get<std::string>();
            send_error(res, 400, "invalid_pack", first, std::move(issues));
            return;
        }
        const std::string id = load.pack->id;
        const int version = load.pack->version;
        const auto outcome =
            pack_registry.upload(std::move(*load.pack), body, who->subject, options.now_ms());
        const json reply = {{"pack_id", id}, {"version", version}};
        switch (outcome) {
            case PackRegistry::Upload::Added:
                store.audit(who->subject, "pack.upload", id + " v" + std::to_string(version),
                            options.now_ms());
                res.status = 201;
                res.set_content(reply.dump(), "application/json");
                return;
            case PackRegistry::Upload::AlreadyThere:
                res.set_content(reply.dump(), "application/json");
                return;
            case PackRegistry::Upload::Conflict:
                send_error(res, 409, "version_exists",
                           "survey pack '" + id + "' version " + std::to_string(version) +
                               " exists with other content; a version never changes, upload it "
                               "as version " +
                               std::to_string(version + 1) + " or higher");
                return;
        }
    }

    void get_packs(const httplib::Request& req, httplib::Response& res) {
        if (!authorize_admin(req, res, Role::Viewer, "the pack list")) {
            return;
        }
        pack_registry.refresh();
        std::map<std::pair<std::string, int>, const UploadedPack*> uploaded;
        const auto uploads = store.uploaded_packs();
        for (const UploadedPack& u : uploads) {
            uploaded[{u.pack_id, u.version}] = &u;
        }
        json packs = json::array();
        pack_registry.catalog()->for_each([&](const protocol::SurveyPack& p) {
            json entry = {{"pack_id", p.id}, {"version", p.version}};
            const auto it = uploaded.find({p.id, p.version});
            entry["origin"] = it == uploaded.end() ? "file" : "upload";
            if (it != uploaded.end()) {
                entry["uploaded_at"] = format_utc_iso8601(it->second->uploaded_ms);
                entry["uploaded_by"] = it->second->uploaded_by;
            }
            packs.push_back(std::move(entry));
        });
        json assignments = json::array();
        for (const PackAssignment& a : store.pack_assignments()) {
            assignments.push_back(
                {{"target",
                  a.target_kind == "all" ? std::string("all") : a.target_kind + ":" + a.target},
                 {"pack_id", a.pack_id},
                 {"version", a.version},
                 {"assigned_at", format_utc_iso8601(a.assigned_ms)},
                 {"assigned_by", a.assigned_by}});
        }
        res.set_content(
            json{{"packs", std::move(packs)}, {"assignments", std::move(assignments)}}.dump(),
            "application/json");
    }

    // {"pack_id", "version" (null removes), "target": "kiosk:ID" | "site:ID" | "stage:CODE" |
    // "all"}
    void post_pack_assignment(const httplib::Request& req, httplib::Response& res,
                              const httplib::ContentReader& reader) {
        constexpr std::size_t kMaxAssignmentBytes = 4096;
        const auto who = authorize_admin(req, res, Role::Admin, "assigning survey packs");
        std::string body;
        if (!who || !read_body(reader, kMaxAssignmentBytes, body, res)) {
            return;
        }
        const auto doc = json::parse(body, nullptr, false);
        const auto bad = [&](const std::string& message) {
            send_error(res, 400, "invalid_assignment", message);
        };
        const auto version_ok = [&] {
            const json& v = doc["version"];
            return v.is_null() || (v.is_number_integer() && v.get<std::int64_t>() >= 1 &&
                                   v.get<std::int64_t>() <= std::numeric_limits<int>::max());
        };
        if (!doc.is_object() || !doc.contains("pack_id") || !doc["pack_id"].is_string() ||
            !protocol::is_plain_id(doc["pack_id"].get<std::string>()) || !doc.contains("target") ||
            !doc["target"].is_string() || !doc.contains("version") || !version_ok()) {
            bad("the body must be {\"pack_id\": ID, \"version\": N or null, \"target\": "
                "\"kiosk:ID\" | \"site:ID\" | \"stage:CODE\" | \"all\"}");
            return;
        }
        PackAssignment a;
        a.pack_id = doc["pack_id"].get<std::string>();
        a.version = doc["version"].is_null() ? 0 : doc["version"].get<int>();
        const std::string target = doc["target"].get<std::string>();
        const auto colon = target.find(':');
        a.target_kind = target == "all" ? "all" : target.substr(0, colon);
        a.target = colon == std::string::npos ? "" : target.substr(colon + 1);
        const bool target_ok = target == "all" ||
                               (colon != std::string::npos && protocol::is_plain_id(a.target) &&
                                (a.target_kind == "kiosk" || a.target_kind == "site")) ||
                               (colon != std::string::npos && a.target_kind == "stage" &&
                                protocol::is_known_stage(a.target));
        if (!target_ok) {
            bad("target: '" + target + "' is not kiosk:ID, site:ID, stage:CODE or all");
            return;
        }
        if (a.version != 0 && pack_registry.catalog()->find(a.pack_id, a.version) == nullptr) {
            pack_registry.refresh();
            if (pack_registry.catalog()->find(a.pack_id, a.version) == nullptr) {
                send_error(res, 404, "no_such_pack",
                           "survey pack '" + a.pack_id + "' version " + std::to_string(a.version) +
                               " is not on this hub; upload it first");
                return;
            }
        }
        a.assigned_ms = options.now_ms();
        a.assigned_by = who->subject;
        store.assign_pack(a);
        store.audit(who->subject, "pack.assign",
                    a.pack_id + " v" + std::to_string(a.version) + " to " + target,
                    options.now_ms());
        res.set_content(doc.dump(), "application/json");
    }

    bool silent(const KioskStatus& k) const {
        const auto now = options.now_ms();
        return is_silent(k.last_seen_ms, now, local_minute_of_day(now), options.silence);
    }

    // Free text is individual data: analysts and admins read it, viewers see aggregates only.
    void get_comments(const httplib::Request& req, httplib::Response& res) {
        const auto who = authorize_admin(req, res, Role::Analyst, "free-text comments");
        if (!who) {
            return;
        }
        std::size_t limit = 20;
        if (req.has_param("limit")) {
            const auto& text = req.get_param_value("limit");
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
            if (ec != std::errc() || end != text.data() + text.size() || limit < 1 ||
                limit > kMaxComments) {
                send_error(
                    res, 400, "bad_parameter",
                    "limit: must be a whole number from 1 to " + std::to_string(kMaxComments));
                return;
            }
        }
        const auto filter = parse_filter(req, res, false);
        if (!filter) {
            return;
        }
        store.audit(who->subject, "comments", req.path + "?" + query_text(req), options.now_ms());
        json comments = json::array();
        for (const Comment& c : store.latest_comments(limit, *filter)) {
            comments.push_back({{"at", format_utc_iso8601(c.at_ms)},
                                {"stage", c.stage},
                                {"language", c.language},
                                {"question", c.question},
                                {"text", c.text}});
        }
        res.set_content(json{{"comments", std::move(comments)}}.dump(), "application/json");
    }

    // Scraped by Prometheus with a viewer token (authorization: credentials_file).
    void get_metrics(const httplib::Request& req, httplib::Response& res) {
        if (!authorize_admin(req, res, Role::Viewer, "metrics")) {
            return;
        }
        FleetGauges gauges;
        for (const KioskStatus& k : store.fleet()) {
            if (silent(k)) {
                ++gauges.silent;
            } else if (!k.heartbeat.alarms.empty()) {
                ++gauges.alarm;
            } else {
                ++gauges.ok;
            }
            gauges.backlog_responses += k.heartbeat.backlog;
        }
        res.set_content(metrics.render(gauges), "text/plain; version=0.0.4; charset=utf-8");
    }

    void get_ready(httplib::Response& res) {
        try {
            store.max_seq();  // reads the database
            res.set_content(json{{"status", "ready"}}.dump(), "application/json");
        } catch (const std::exception& e) {
            log("readiness check failed: " + std::string(e.what()));
            send_error(res, 503, "not_ready", "the hub cannot read its database");
        }
    }

    // The dashboard's files. The page talks only to this hub, and nothing can frame it.
    static void get_dashboard_file(const httplib::Request& req, httplib::Response& res) {
        const std::string name = req.matches[1].length() == 0 ? "index.html" : req.matches[1].str();
        const auto content = embedded_file("web/" + name);
        if (!content) {
            send_error(res, 404, "not_found", "no such endpoint: " + req.path);
            return;
        }
        res.set_header("Content-Security-Policy",
                       "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                       "script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("Referrer-Policy", "no-referrer");
        res.set_header("Cache-Control", "no-cache");
        res.set_content(std::string(*content), content_type_of(name));
    }

    void get_responses(const httplib::Request& req, httplib::Response& res) {
        const auto who =
            authorize_admin(req, res, Role::Analyst, "exports of individual responses");
        if (!who) {
            return;
        }
        const std::string format = req.has_param("format") ? req.get_param_value("format") : "csv";
        std::shared_ptr<ResponseWriter> writer =
            make_response_writer(format, ordered_question_columns(*pack_registry.catalog(), store));
        if (!writer) {
            send_error(res, 400, "bad_parameter",
                       "format: '" + format + "' is not " + std::string(kExportFormats));
            return;
        }
        // Exports include flagged responses unless told otherwise: the flags column shows them,
        // and analysts decide.
        const auto parsed_filter = parse_filter(req, res, true);
        if (!parsed_filter) {
            return;
        }
        const auto filter = std::make_shared<StatsFilter>(*parsed_filter);
        const std::string bom = req.has_param("bom") ? req.get_param_value("bom") : "false";
        if (bom != "true" && bom != "false") {
            send_error(res, 400, "bad_parameter", "bom: must be true or false");
            return;
        }
        std::int64_t after = 0;
        if (req.has_param("after")) {
            const auto cursor = decode_cursor(req.get_param_value("after"));
            if (!cursor) {
                send_error(res, 400, "bad_parameter", "after: not a cursor issued by this hub");
                return;
            }
            after = *cursor;
        }
        // The page ends at a sequence number fixed now, so the export is a consistent snapshot
        // and the cursor returned in the header resumes exactly after it.
        std::int64_t up_to = store.max_seq();
        if (req.has_param("limit")) {
            std::int64_t limit = 0;
            const auto& text = req.get_param_value("limit");
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
            if (ec != std::errc() || end != text.data() + text.size() || limit < 1) {
                send_error(res, 400, "bad_parameter", "limit: must be a positive whole number");
                return;
            }
            up_to = store.seq_after(after, limit, *filter);
        }
        res.set_header("X-Next-Cursor", encode_cursor(std::max(after, up_to)));
        // Who pulled which answers is recorded; the query names filters, never answers.
        store.audit(who->subject, "export", req.path + "?" + query_text(req), options.now_ms());
        auto position = std::make_shared<std::int64_t>(after);
        auto header_sent = std::make_shared<bool>(false);
        // Excel opens a CSV as UTF-8 only when it starts with a byte order mark.
        const bool with_bom = format.starts_with("csv") && bom == "true";
        res.set_chunked_content_provider(
            std::string(writer->content_type()),
            [this, writer, position, header_sent, up_to, filter, with_bom](
                std::size_t, httplib::DataSink& sink) {
                std::string chunk;
                if (!*header_sent) {
                    chunk = with_bom ? "\xEF\xBB\xBF" + writer->header() : writer->header();
                    *header_sent = true;
                }
                // cpp-httplib does not catch here: a database failure mid-export must end
                // this stream (without its last chunk, so the client sees it is cut), not the hub.
                std::vector<StoredResponse> rows;
                try {
                    rows = store.responses_page(*position, up_to, kExportPageRows, *filter);
                } catch (const std::exception& e) {
                    log("export stopped: " + std::string(e.what()));
                    return false;
                }
                for (const StoredResponse& row : rows) {
                    writer->append_row(chunk, row);
                }
                if (rows.empty()) {
                    chunk += writer->footer();
                }
                if (!chunk.empty() && !sink.write(chunk.data(), chunk.size())) {
                    return false;
                }
                if (rows.empty()) {
                    sink.done();
                } else {
                    *position = rows.back().seq;
                }
                return true;
            });
    }
};

HubServer::HubServer(HubStore& store, protocol::PackCatalog packs, HubServerOptions options)
    : impl_(std::make_unique<Impl>(store, std::move(packs), std::move(options))) {}

HubServer::~HubServer() = default;

int HubServer::bind(const std::string& host, int port) {
    int bound = port;
    if (port == 0) {
        bound = impl_->server.bind_to_any_port(host);
        if (bound <= 0) {
            throw std::runtime_error("cannot listen on " + host + ": no free port");
        }
    } else if (!impl_->server.bind_to_port(host, port)) {
        throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) +
                                 " (address in use, or not an address of this machine)");
    }
    // cpp-httplib 0.11 listens with a backlog of 5: 64 kiosks connecting at once overflowed it
    // and waited for SYN retransmits (1 s, 3 s, 7 s; tests/bench hub ingest). Linux lets a
    // second listen() widen the queue of a listening socket.
    constexpr int kAcceptBacklog = 512;
    if (impl_->listen_socket != INVALID_SOCKET) {
        ::listen(impl_->listen_socket, kAcceptBacklog);
    }
    return bound;
}

void HubServer::run() {
    impl_->server.listen_after_bind();
}

void HubServer::stop() {
    impl_->server.stop();
}

}  // namespace fbk::sync::hub
