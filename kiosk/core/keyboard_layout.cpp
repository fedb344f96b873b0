#include "kiosk/core/keyboard_layout.h"

#include "kiosk/core/utf8.h"
#include "sync/protocol/json_reader.h"

namespace fbk::kiosk::core {

namespace protocol = fbk::sync::protocol;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxKeysPerRow = 14;
constexpr std::size_t kMaxAssetBytes = 1024 * 1024;

std::vector<std::vector<std::string>> parse_rows(protocol::JsonReader& r, const json& node,
                                                 const std::string& key, const std::string& path) {
    std::vector<std::vector<std::string>> rows;
    const json* list = r.array(node, key, path);
    if (list == nullptr) {
        return rows;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string row_path = protocol::path_index(protocol::path_key(path, key), i);
        const json& row = (*list)[i];
        if (!row.is_string() || row.get<std::string>().empty()) {
            r.error(row_path, "must be a non-empty string of keys");
            continue;
        }
        std::vector<std::string> keys;
        for (const auto cp : utf8_code_points(row.get_ref<const std::string&>())) {
            keys.emplace_back(cp);
        }
        if (keys.size() > kMaxKeysPerRow) {
            r.error(row_path, "has " + std::to_string(keys.size()) + " keys; at most " +
                                  std::to_string(kMaxKeysPerRow) + " fit a row");
        }
        rows.push_back(std::move(keys));
    }
    return rows;
}

}  // namespace

const KeyboardLayout& KeyboardLayouts::for_language(std::string_view language) const {
    if (const auto it = layouts.find(language); it != layouts.end()) {
        return it->second;
    }
    return layouts.at(default_layout);
}

KeyboardLoad parse_keyboard_layouts(std::string_view json_text) {
    KeyboardLoad result;
    const auto root = protocol::parse_json_object(json_text, result.issues);
    if (!root) {
        return result;
    }
    protocol::JsonReader r(result.issues);
    r.reject_unknown_keys(*root, {"format", "default_layout", "layouts"}, "$");
    KeyboardLayouts out;
    if (const auto format = r.integer(*root, "format", "$"); format && *format != 1) {
        r.error("$.format", "unsupported format " + std::to_string(*format));
    }
    out.default_layout = r.string(*root, "default_layout", "$").value_or("");
    if (const json* layouts = r.object(*root, "layouts", "$")) {
        for (const auto& [language, node] : layouts->items()) {
            const std::string path = protocol::path_key("$.layouts", language);
            if (!r.expect_object(node, path)) {
                continue;
            }
            r.reject_unknown_keys(node, {"rows", "shifted"}, path);
            KeyboardLayout layout;
            layout.rows = parse_rows(r, node, "rows", path);
            layout.shifted = parse_rows(r, node, "shifted", path);
            bool same_shape = layout.rows.size() == layout.shifted.size();
            for (std::size_t i = 0; same_shape && i < layout.rows.size(); ++i) {
                same_shape = layout.rows[i].size() == layout.shifted[i].size();
            }
            if (!same_shape) {
                r.error(protocol::path_key(path, "shifted"),
                        "must have the same rows and key counts as 'rows'");
            }
            out.layouts.emplace(language, std::move(layout));
        }
    }
    if (!out.default_layout.empty() && !out.layouts.contains(out.default_layout)) {
        r.error("$.default_layout", "'" + out.default_layout + "' is not one of the layouts");
    }
    if (!protocol::has_errors(result.issues)) {
        result.layouts = std::move(out);
    }
    return result;
}

KeyboardLoad load_keyboard_layouts(const std::filesystem::path& file) {
    KeyboardLoad result;
    const auto text = protocol::read_json_file(file, kMaxAssetBytes, result.issues);
    return text ? parse_keyboard_layouts(*text) : result;
}

}  // namespace fbk::kiosk::core
