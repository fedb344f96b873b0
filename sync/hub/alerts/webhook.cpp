#include "sync/hub/alerts/webhook.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <memory>

namespace fbk::sync::hub::alerts {

namespace {

constexpr long kTimeoutSeconds = 10;

struct CurlDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
    return size * count;  // the receiver's reply body is not needed, only its status
}

}  // namespace

std::string webhook_signature(std::string_view secret, std::int64_t unix_s, std::string_view body) {
    const std::string message = std::to_string(unix_s) + "." + std::string(body);
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(),
         &length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[mac[i] >> 4];
        out += kHex[mac[i] & 0xF];
    }
    return out;
}

SendResult send_webhook(const Channel& channel, std::int64_t event_id, std::string_view body,
                        std::int64_t now_ms) {
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
        return {false, "libcurl could not start"};
    }
    const std::int64_t unix_s = now_ms / 1000;
    curl_slist* raw = nullptr;
    for (const std::string& h : {std::string("Content-Type: application/json"),
                                 "X-Feedback-Event: " + std::to_string(event_id),
                                 "X-Feedback-Signature: t=" + std::to_string(unix_s) +
                                     ",v1=" + webhook_signature(channel.secret, unix_s, body)}) {
        raw = curl_slist_append(raw, h.c_str());
    }
    std::unique_ptr<curl_slist, CurlDeleter> headers(raw);
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, channel.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_TIMEOUT, kTimeoutSeconds);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    const CURLcode code = curl_easy_perform(c);
    if (code != CURLE_OK) {
        return {false, curl_easy_strerror(code)};
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    return {status >= 200 && status < 300, "HTTP " + std::to_string(status)};
}

}  // namespace fbk::sync::hub::alerts
