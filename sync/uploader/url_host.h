// Which host a URL makes libcurl connect to, read by curl's own URL parser (curl_url), so that
// a check of the host can never disagree with the connection: "http://127.0.0.1@10.0.0.1/"
// has the user name "127.0.0.1" and connects to 10.0.0.1.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fbk::sync::uploader {

// The host as curl normalises it (IPv4 in dotted form, IPv6 in brackets), or nullopt when curl
// refuses the URL or it is not http:// or https://.
std::optional<std::string> hub_url_host(std::string_view url);

}  // namespace fbk::sync::uploader
