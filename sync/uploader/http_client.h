// The uploader's view of HTTP: one request at a time. CurlHttpClient is the real one; the interface
// exists so that tests can put a faulty network between kiosk and hub.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fbk::sync::uploader {

struct HttpReply {
    bool transport_ok = false;  // false: no HTTP status (DNS, refused, TLS, timeout, reset)
    std::string transport_error;
    long status = 0;
    std::string body;
    std::optional<std::int64_t> retry_after_ms;
    std::string etag;  // the ETag header, verbatim (quotes included)
    // X-Pack-Assignment of a pack reply: "assigned" when an administrator assigned this version
    // to the kiosk (then even an older one is installed: a rollback), "newest" otherwise.
    std::string pack_assignment;
};

struct HttpRequest {
    std::string url;
    std::string bearer_token;
    std::string body;  // already gzip-compressed
    std::int64_t timeout_ms = 30'000;
};

struct HttpGet {
    std::string url;
    std::string bearer_token;
    std::string if_none_match;  // an ETag from an earlier reply: 304 if unchanged
    std::int64_t timeout_ms = 30'000;
};

class HttpClient {
  public:
    virtual ~HttpClient() = default;
    virtual HttpReply post_gzip_json(const HttpRequest& request) = 0;
    virtual HttpReply get(const HttpGet& request) = 0;
    // Polled during transfers (about once a second); true ends the transfer at once, so that
    // stopping the kiosk does not wait for a hung hub's timeout. Empty: never.
    virtual void set_abort_check(std::function<bool()> aborted) = 0;
};

struct CurlOptions {
    std::filesystem::path ca_file;   // empty: the system store
    std::string pinned_public_keys;  // CURLOPT_PINNEDPUBLICKEY format; empty: no pinning
    std::string user_agent = "feedback-kiosk";
    std::size_t max_reply_bytes = 1024 * 1024;
};

// Keeps one libcurl handle, so the TCP/TLS connection to the hub is reused between batches.
// TLS peer and host verification stay on; redirects are not followed (a captive portal's
// redirect must not be mistaken for the hub).
std::unique_ptr<HttpClient> make_curl_client(const CurlOptions& options);

}  // namespace fbk::sync::uploader
