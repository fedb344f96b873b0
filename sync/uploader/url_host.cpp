#include "sync/uploader/url_host.h"

#include <curl/curl.h>

#include <memory>

namespace fbk::sync::uploader {

namespace {

struct CurlUrlFree {
    void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
struct CurlFree {
    void operator()(char* p) const { curl_free(p); }
};

std::optional<std::string> part(CURLU* url, CURLUPart which) {
    char* raw = nullptr;
    if (curl_url_get(url, which, &raw, 0) != CURLUE_OK || raw == nullptr) {
        return std::nullopt;
    }
    const std::unique_ptr<char, CurlFree> owned(raw);
    return std::string(raw);
}

}  // namespace

std::optional<std::string> hub_url_host(std::string_view url) {
    const std::unique_ptr<CURLU, CurlUrlFree> parsed(curl_url());
    const std::string text(url);
    if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
        return std::nullopt;
    }
    const auto scheme = part(parsed.get(), CURLUPART_SCHEME);
    if (!scheme || (*scheme != "http" && *scheme != "https")) {
        return std::nullopt;
    }
    return part(parsed.get(), CURLUPART_HOST);
}

}  // namespace fbk::sync::uploader
