// The hub's own requests to the identity provider, by libcurl: TLS verification always on
// (with the configured CA file when the provider uses a private CA), redirects not followed,
// short timeouts and a size limit, so a slow or hostile provider cannot hold a worker long.
#pragma once

#include <filesystem>
#include <string>

namespace fbk::sync::hub::signin {

struct FetchResult {
    long status = 0;    // 0: no HTTP answer at all
    std::string body;   // at most 1 MiB
    std::string error;  // why there was no answer (curl's message)
};

struct FetchOptions {
    std::filesystem::path ca_file;  // empty: the system's CAs
    std::string basic_user;         // with basic_password: HTTP Basic authentication
    std::string basic_password;
};

FetchResult fetch_get(const std::string& url, const FetchOptions& options);
// POST of an application/x-www-form-urlencoded body.
FetchResult fetch_post_form(const std::string& url, const std::string& form,
                            const FetchOptions& options);

}  // namespace fbk::sync::hub::signin
