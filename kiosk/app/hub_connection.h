// How the kiosk reaches its hub, the same for `run` and `sync --once`: the TLS trust (CA file,
// public-key pins) and the identity it presents.
#pragma once

#include <string_view>

#include "kiosk/core/kiosk_config.h"
#include "sync/protocol/survey_pack.h"
#include "sync/uploader/http_client.h"

namespace fbk::kiosk::app {

inline constexpr std::string_view kAppVersion = "0.3";

inline sync::uploader::CurlOptions hub_connection(const core::KioskConfig& config) {
    sync::uploader::CurlOptions options;
    options.ca_file = config.ca_file;
    options.pinned_public_keys = config.pinned_public_keys;
    options.user_agent = "feedback-kiosk/" + std::string(kAppVersion);
    options.max_reply_bytes =
        sync::protocol::kMaxPackBytes + 64 * 1024;  // a pack is the largest reply
    return options;
}

}  // namespace fbk::kiosk::app
