#include "sync/hub/signin/http_fetch.h"

#include <curl/curl.h>

#include <memory>

namespace fbk::sync::hub::signin {

namespace {

constexpr long kTimeoutSeconds = 10;
constexpr std::size_t kMaxBody = 1024 * 1024;

struct CurlFree {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
    auto* body = static_cast<std::string*>(user);
    if (body->size() + size * count > kMaxBody) {
        return 0;  // makes curl stop with CURLE_WRITE_ERROR
    }
    body->append(data, size * count);
    return size * count;
}

FetchResult perform(const std::string& url, const std::string* form, const FetchOptions& o) {
    FetchResult result;
    std::unique_ptr<CURL, CurlFree> curl(curl_easy_init());
    if (!curl) {
        result.error = "libcurl could not start";
        return result;
    }
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, kTimeoutSeconds);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!o.ca_file.empty()) {
        curl_easy_setopt(c, CURLOPT_CAINFO, o.ca_file.c_str());
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &result.body);
    std::unique_ptr<curl_slist, CurlFree> headers(
        curl_slist_append(nullptr, "Accept: application/json"));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    if (!o.basic_user.empty()) {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(c, CURLOPT_USERNAME, o.basic_user.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, o.basic_password.c_str());
    }
    if (form != nullptr) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, form->c_str());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(form->size()));
    }
    const CURLcode code = curl_easy_perform(c);
    if (code != CURLE_OK) {
        result.error = curl_easy_strerror(code);
        result.body.clear();
        return result;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &result.status);
    return result;
}

}  // namespace

FetchResult fetch_get(const std::string& url, const FetchOptions& options) {
    return perform(url, nullptr, options);
}

FetchResult fetch_post_form(const std::string& url, const std::string& form,
                            const FetchOptions& options) {
    return perform(url, &form, options);
}

}  // namespace fbk::sync::hub::signin
