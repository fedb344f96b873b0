// Files built into the hub binary (sync/hub/web/*, sync/hub/http/openapi.json).
#pragma once

#include <optional>
#include <string_view>

namespace fbk::sync::hub {

// The content of an embedded file by its path under sync/hub, e.g. "web/app.js".
std::optional<std::string_view> embedded_file(std::string_view name);

}  // namespace fbk::sync::hub
