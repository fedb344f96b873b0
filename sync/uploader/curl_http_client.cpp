#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <stdexcept>

#include "sync/uploader/http_client.h"

namespace fbk::sync::uploader {

namespace {

void ensure_curl_global_init() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
            throw std::runtime_error("libcurl global initialisation failed");
        }
    });
}

struct EasyCleanup {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistFree {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct ReplySink {
    std::string* body;
    std::size_t limit;
    bool overflow = false;
};

std::size_t write_reply(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<ReplySink*>(user);
    const std::size_t n = size * count;
    if (sink->body->size() + n > sink->limit) {
        sink->overflow = true;
        return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    sink->body->append(data, n);
    return n;
}

// Keeps the ETag header; ignores the rest.
std::size_t read_header(char* data, std::size_t size, std::size_t count, void* user) {
    const std::size_t n = size * count;
    std::string_view line(data, n);
    constexpr std::string_view kName = "etag:";
    if (line.size() > kName.size() &&
        std::equal(kName.begin(), kName.end(), line.begin(), [](char a, char b) {
            return a == std::tolower(static_cast<unsigned char>(b));
        })) {
        line.remove_prefix(kName.size());
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
            line.remove_prefix(1);
        }
        while (!line.empty() &&
               (line.back() == '\r' || line.back() == '\n' || line.back() == ' ')) {
            line.remove_suffix(1);
        }
        *static_cast<std::string*>(user) = std::string(line);
    }
    return n;
}

int check_abort(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto& aborted = *static_cast<const std::function<bool()>*>(user);
    return aborted() ? 1 : 0;  // non-zero: CURLE_ABORTED_BY_CALLBACK
}

class CurlHttpClient final : public HttpClient {
  public:
    explicit CurlHttpClient(CurlOptions options) : options_(std::move(options)) {
        ensure_curl_global_init();
        easy_.reset(curl_easy_init());
        if (!easy_) {
            throw std::runtime_error("curl_easy_init failed");
        }
    }

    HttpReply post_gzip_json(const HttpRequest& request) override {
        CURL* c = easy_.get();
        curl_easy_reset(c);
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(request.body.size()));
        return perform(request.url, request.timeout_ms,
                       {"Content-Type: application/json", "Content-Encoding: gzip",
                        "Authorization: Bearer " + request.bearer_token, "Expect:"});
    }

    HttpReply get(const HttpGet& request) override {
        CURL* c = easy_.get();
        curl_easy_reset(c);
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
        std::vector<std::string> headers{"Authorization: Bearer " + request.bearer_token,
                                         "Accept: application/json"};
        if (!request.if_none_match.empty()) {
            headers.push_back("If-None-Match: " + request.if_none_match);
        }
        return perform(request.url, request.timeout_ms, headers);
    }

    void set_abort_check(std::function<bool()> aborted) override {
        abort_check_ = std::move(aborted);
    }

  private:
    HttpReply perform(const std::string& url, std::int64_t timeout_ms,
                      const std::vector<std::string>& header_lines) {
        CURL* c = easy_.get();
        HttpReply reply;
        ReplySink sink{&reply.body, options_.max_reply_bytes};
        curl_slist* list = nullptr;
        for (const std::string& h : header_lines) {
            curl_slist* next = curl_slist_append(list, h.c_str());
            if (next == nullptr) {
                curl_slist_free_all(list);
                reply.transport_error = "out of memory building request headers";
                return reply;
            }
            list = next;
        }
        const std::unique_ptr<curl_slist, SlistFree> headers(list);
        curl_easy_setopt(c, CURLOPT_URL, url.c_str());
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                         static_cast<long>(std::min<std::int64_t>(timeout_ms, 10'000)));
        curl_easy_setopt(c, CURLOPT_USERAGENT, options_.user_agent.c_str());
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_reply);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, read_header);
        curl_easy_setopt(c, CURLOPT_HEADERDATA, &reply.etag);
        // libcurl's defaults, stated: a kiosk never talks to a hub it cannot verify.
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
        if (!options_.ca_file.empty()) {
            curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
        }
        if (abort_check_) {
            curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
            curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, check_abort);
            curl_easy_setopt(c, CURLOPT_XFERINFODATA, &abort_check_);
        }
        if (!options_.pinned_public_keys.empty()) {
            curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, options_.pinned_public_keys.c_str());
        }
        const CURLcode rc = curl_easy_perform(c);
        if (rc != CURLE_OK) {
            reply.transport_error =
                sink.overflow ? "the reply exceeded the size limit" : curl_easy_strerror(rc);
            return reply;
        }
        reply.transport_ok = true;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply.status);
        curl_header* assignment = nullptr;
        if (curl_easy_header(c, "X-Pack-Assignment", 0, CURLH_HEADER, -1, &assignment) ==
            CURLHE_OK) {
            reply.pack_assignment = assignment->value;
        }
        curl_off_t retry_after = 0;
        if (curl_easy_getinfo(c, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK &&
            retry_after > 0) {
            reply.retry_after_ms = static_cast<std::int64_t>(retry_after) * 1000;
        }
        return reply;
    }

    CurlOptions options_;
    std::function<bool()> abort_check_;
    std::unique_ptr<CURL, EasyCleanup> easy_;
};

}  // namespace

std::unique_ptr<HttpClient> make_curl_client(const CurlOptions& options) {
    return std::make_unique<CurlHttpClient>(options);
}

}  // namespace fbk::sync::uploader
