// The table of the kiosk configuration's settings, shared by the file's parser and by the
// settings the hub sends (kiosk_config.cpp). Internal to kiosk/core.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "kiosk/core/kiosk_config.h"

namespace fbk::kiosk::core {

// Sets its field from the text, or says what is wrong with the text.
using Setter = std::function<std::optional<std::string>(KioskConfig&, const std::string&)>;

struct Key {
    Setter set;
    bool required = false;
};

using Keys = std::map<std::string, Key>;  // "section.name" -> the key

// `base` anchors relative paths; `allow_plain_http` receives [hub] allow_plain_http.
Keys make_keys(const std::filesystem::path& base, bool& allow_plain_http);

}  // namespace fbk::kiosk::core
